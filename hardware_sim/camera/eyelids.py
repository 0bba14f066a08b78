"""Blinking for the simulated live heads: when people blink, and what a closing upper lid looks like.

A blink lowers the upper lid over the eye in ~80 ms, holds it closed ~40 ms and lifts it in ~160 ms. People
blink every few seconds at irregular intervals (a gamma distribution, mean ~3.5 s here; people looking at a
screen blink less than in conversation). The lid is drawn in the photo's own coordinates before the head is
turned and placed, so it follows the head's pose: the upper lid's skin comes down over the eye and the lashes
darken its lower edge.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
from numpy.typing import NDArray

Image = NDArray[np.uint8]
Eye = tuple[tuple[float, float], tuple[float, float]]  # the two corners of one eye, in photo pixels

CLOSING_S, CLOSED_S, OPENING_S = 0.08, 0.04, 0.16
BLINK_S = CLOSING_S + CLOSED_S + OPENING_S
MEAN_INTERVAL_S = 3.5
MIN_INTERVAL_S = 0.8
UPPER_LID = 0.27  # height of the upper lid's arc above the corner line, in eye widths (the open eye)
LOWER_LID = 0.12  # depth of the lower lid's arc below it


class BlinkSchedule:
    """When one person blinks: irregular intervals drawn from `seed`, the same for every run with that seed."""

    def __init__(self, seed: int) -> None:
        self._rng = np.random.default_rng(seed)
        first = float(self._rng.gamma(2.5, MEAN_INTERVAL_S / 2.5))
        self._starts = [first * float(self._rng.uniform(0.1, 1.0))]  # somewhere into an interval already under way

    def closure(self, t: float) -> float:
        """How far the upper lid is down at scene time `t`: 0 open, 1 closed."""
        while self._starts[-1] <= t:
            gap = max(MIN_INTERVAL_S, float(self._rng.gamma(2.5, MEAN_INTERVAL_S / 2.5)))
            self._starts.append(self._starts[-1] + gap)
        for start in reversed(self._starts):
            if start <= t:
                return _lid_position(t - start)
        return 0.0

    def blinks_before(self, t: float) -> list[float]:
        """Start times of the blinks before `t`."""
        self.closure(t)
        return [start for start in self._starts if start < t]


def _lid_position(since: float) -> float:
    if since < 0.0 or since >= BLINK_S:
        return 0.0
    if since < CLOSING_S:
        return since / CLOSING_S
    if since < CLOSING_S + CLOSED_S:
        return 1.0
    return 1.0 - (since - CLOSING_S - CLOSED_S) / OPENING_S


def close_eyes(image: Image, eyes: tuple[Eye, Eye], closure: float) -> Image:
    """A copy of `image` with both upper lids lowered by `closure` (0 open .. 1 closed)."""
    if closure <= 0.0:
        return image
    out = image.copy()
    for eye in eyes:
        _lower_lid(out, image, eye, min(1.0, closure))
    return out


def _lower_lid(out: Image, image: Image, eye: Eye, closure: float) -> None:
    (x0, y0), (x1, y1) = eye
    width = math.hypot(x1 - x0, y1 - y0)
    if width < 2.0:
        return
    cx, cy = (x0 + x1) / 2.0, (y0 + y1) / 2.0
    ax, ay = (x1 - x0) / width, (y1 - y0) / width  # along the eye
    nx, ny = -ay, ax  # across it, pointing down the image when the eye is level (image y grows downwards)
    if ny < 0:
        nx, ny = -nx, -ny
    reach = 0.6 * width
    left, right = max(0, int(cx - reach)), min(image.shape[1], int(cx + reach) + 1)
    top, bottom = max(0, int(cy - reach)), min(image.shape[0], int(cy + reach) + 1)
    if right <= left or bottom <= top:
        return
    xs, ys = np.meshgrid(np.arange(left, right, dtype=np.float32), np.arange(top, bottom, dtype=np.float32))
    u = ((xs - cx) * ax + (ys - cy) * ay) / (width / 2.0)  # -1 .. 1 from corner to corner
    v = ((xs - cx) * nx + (ys - cy) * ny) / width  # eye widths below the corner line
    arc = np.clip(1.0 - u * u, 0.0, None)
    upper, lower = -UPPER_LID * arc, LOWER_LID * arc
    lid_edge = upper + closure * (lower + 0.04 - upper)  # closed: just past the lower lid
    fold = 0.04  # the lid starts a little above the opening, where its crease is
    covered = (np.abs(u) < 1.08) & (v > upper - fold) & (v < lid_edge)
    # The lid's skin: like the skin just under the eye (the brow and the lashes of the open eye sit above it),
    # with its texture and light, a little shaded where the lid curves over the eyeball.
    source_v = LOWER_LID + 0.08 + (v - upper + fold) * 0.5
    src_x = cx + (u * width / 2.0) * ax + source_v * width * nx
    src_y = cy + (u * width / 2.0) * ay + source_v * width * ny
    lid = cv2.remap(image, src_x.astype(np.float32), src_y.astype(np.float32), cv2.INTER_LINEAR,
                    borderMode=cv2.BORDER_REPLICATE).astype(np.float32)
    # Lashes along the lid's edge, and a soft shadow under the closing lid.
    lashes = np.exp(-(((lid_edge - v) / 0.035) ** 2))
    lid *= (0.93 - 0.5 * lashes)[..., None]
    soft = cv2.GaussianBlur(covered.astype(np.float32), (0, 0), max(0.6, width * 0.03))
    alpha = np.asarray(soft * (arc > 0.02), dtype=np.float32)
    patch = out[top:bottom, left:right].astype(np.float32)
    blended = lid * alpha[..., None] + patch * (1.0 - alpha[..., None])
    out[top:bottom, left:right] = np.clip(blended, 0, 255).astype(np.uint8)
