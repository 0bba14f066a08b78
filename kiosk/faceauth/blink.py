"""Blinks, a passive liveness signal: how open the eyes are, from the 5-point eye corners and the pixels between.

dlib's 68-point model (eyelid points, the usual eye aspect ratio) is not used: its training data forbids commercial
use (docs/face-auth.md). Each eye is cut out along its two corners instead (an eye-aligned 32x24 copy, so that
roll, size and position do not matter), and its openness is the contrast between the skin under the eye and the
darkest fifth of the opening: an open eye shows iris, pupil and lashes; a closed lid is skin with only its lash
line. A blink is the openness falling below `CLOSED_RATIO` of the track's usual level and coming back within
`MAX_CLOSED_S`, every frame of it with the face holding still (eye distance and nose offset steady, the eyes not
jumping): turning or shaking a print can blur or foreshorten its eyes, but a face that holds still cannot fake a
lid. A print cannot blink; a video on a screen can, which the surroundings check (kiosk.faceauth.passive) is for.
"""

from __future__ import annotations

import math
import statistics
from collections import deque
from dataclasses import dataclass

import cv2
import numpy as np

from .model import FivePoints, Frame, Point

PATCH_WIDTH, PATCH_HEIGHT = 32, 24  # one eye width across; the corner line on the middle row
CLOSED_RATIO = 0.6  # openness below this share of the usual level: the lid is down
OPEN_RATIO = 0.85  # back above this share: the eye opened again
MAX_CLOSED_S = 0.5  # a blink closes the eye for ~0.1-0.3 s; longer is something else (a hand, a look down)
MIN_FRAMES = 5  # readings of the track before its usual level means anything
STEADY_DISTANCE = 0.08  # eye distance within this share of the track's usual distance
STEADY_OFFSET = 0.06  # nose offset within this many eye distances of its usual value
STEADY_JUMP = 0.3  # the eyes' centre moves less than this many eye distances between analysed frames


@dataclass(frozen=True)
class EyeReading:
    """One frame's eyes: openness (contrast, 0..1), the distance between the eye centres (px), their midpoint, and
    the nose offset (kiosk.faceauth.matcher.nose_offset) that says whether the head turned."""

    openness: float
    eye_distance: float
    centre: Point
    nose_offset: float | None = None


def _eye_patch(gray: np.ndarray, corners: tuple[Point, Point]) -> np.ndarray | None:
    (x0, y0), (x1, y1) = sorted(corners)
    width = math.hypot(x1 - x0, y1 - y0)
    if width < 4.0:
        return None
    cx, cy = (x0 + x1) / 2.0, (y0 + y1) / 2.0
    matrix = cv2.getRotationMatrix2D((cx, cy), math.degrees(math.atan2(y1 - y0, x1 - x0)), PATCH_WIDTH / width)
    matrix[0, 2] += PATCH_WIDTH / 2.0 - cx
    matrix[1, 2] += PATCH_HEIGHT / 2.0 - cy
    return np.asarray(cv2.warpAffine(gray, matrix, (PATCH_WIDTH, PATCH_HEIGHT), flags=cv2.INTER_LINEAR,
                                     borderMode=cv2.BORDER_REPLICATE), dtype=np.float32)


def eye_openness(gray: np.ndarray, corners: tuple[Point, Point]) -> float | None:
    """Skin under the eye against the darkest fifth of its opening, as a share of the skin's level."""
    patch = _eye_patch(gray, corners)
    if patch is None:
        return None
    middle = PATCH_HEIGHT // 2
    opening = patch[middle - 7:middle + 4, 9:23]  # from 0.22 eye widths above the corner line to 0.12 below
    skin = float(np.median(patch[middle + 6:middle + 11, 6:26]))  # the skin under the eye
    darkest = float(np.sort(opening.ravel())[: opening.size // 5].mean())
    return max(0.0, skin - darkest) / max(skin, 1.0)


def read_eyes(frame: Frame, points: FivePoints, nose_offset: float | None) -> EyeReading | None:
    """Both eyes of the largest face: their mean openness and where they are."""
    x0, y0, x1, y1 = _bounds(points)
    height, width = frame.shape[:2]
    margin = max(x1 - x0, y1 - y0) * 0.4 + 2
    left, top = max(0, int(x0 - margin)), max(0, int(y0 - margin))
    right, bottom = min(width, int(x1 + margin) + 1), min(height, int(y1 + margin) + 1)
    if right <= left or bottom <= top:
        return None
    gray = cv2.cvtColor(frame[top:bottom, left:right], cv2.COLOR_BGR2GRAY)  # only the eyes' region is converted
    eyes = [tuple((x - left, y - top) for x, y in eye) for eye in (points.image_left_eye, points.image_right_eye)]
    values = [eye_openness(gray, eye) for eye in eyes]  # type: ignore[arg-type]
    if any(value is None for value in values):
        return None
    centres = [((a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0) for a, b in (points.image_left_eye, points.image_right_eye)]
    distance = math.hypot(centres[1][0] - centres[0][0], centres[1][1] - centres[0][1])
    midpoint = ((centres[0][0] + centres[1][0]) / 2.0, (centres[0][1] + centres[1][1]) / 2.0)
    return EyeReading(statistics.fmean(v for v in values if v is not None), distance, midpoint, nose_offset)


def _bounds(points: FivePoints) -> tuple[float, float, float, float]:
    xs = [p[0] for p in (*points.image_left_eye, *points.image_right_eye)]
    ys = [p[1] for p in (*points.image_left_eye, *points.image_right_eye)]
    return min(xs), min(ys), max(xs), max(ys)


class BlinkDetector:
    """Follows the eyes of one face track (plain numbers, no images); `seen` once a blink was seen on it."""

    def __init__(self) -> None:
        self._readings: deque[EyeReading] = deque(maxlen=45)
        self._open_levels: deque[float] = deque(maxlen=45)  # openness of frames with the eyes open
        self._closed_since: float | None = None
        self._reopen_first = False  # a dip counts only from open eyes on a steady face
        self.seen = False
        self.lids_down = False  # the last frame's eyes were not fully open (mid-blink): its encoding is unreliable

    def update(self, reading: EyeReading, now: float) -> bool:
        steady = self._steady(reading)
        self._readings.append(reading)
        usual = statistics.median(self._open_levels) if self._open_levels else reading.openness
        ratio = reading.openness / usual if usual > 0.05 else 1.0  # no contrast to lose: shadow, or not eyes
        known = len(self._open_levels) >= MIN_FRAMES
        if not known or ratio >= CLOSED_RATIO:
            self._open_levels.append(reading.openness)
        self.lids_down = known and ratio < CLOSED_RATIO  # a milder dip may be noise (compression, small faces)
        if self.seen or not known or usual <= 0.05:
            return self.seen
        if not steady:  # moving: a dip of the contrast says nothing about the lids
            self._closed_since, self._reopen_first = None, True
        elif self._reopen_first:
            self._reopen_first = ratio < OPEN_RATIO
        elif self._closed_since is None:
            if ratio < CLOSED_RATIO:
                self._closed_since = now
        elif now - self._closed_since > MAX_CLOSED_S:
            self._closed_since, self._reopen_first = None, True  # closed too long for a blink
        elif ratio >= OPEN_RATIO:
            self.seen = True
        return self.seen

    def _steady(self, reading: EyeReading) -> bool:
        if not self._readings:
            return False
        previous = self._readings[-1]
        usual_distance = statistics.median(r.eye_distance for r in self._readings)
        if usual_distance <= 0 or abs(reading.eye_distance / usual_distance - 1.0) > STEADY_DISTANCE:
            return False
        jump = math.hypot(reading.centre[0] - previous.centre[0], reading.centre[1] - previous.centre[1])
        if jump > STEADY_JUMP * usual_distance:
            return False
        offsets = [r.nose_offset for r in self._readings if r.nose_offset is not None]
        if reading.nose_offset is None or not offsets:
            return False
        return abs(reading.nose_offset - statistics.median(offsets)) <= STEADY_OFFSET
