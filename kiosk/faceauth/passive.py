"""Passive liveness: does the face move against a still room, or does its surroundings move with it?

Anything held up to the camera -- a flat print, a print folded down the nose, a phone -- carries what is around the
face on the same sheet or screen (the photo's background, its margin, the phone's bezel): when the face moves, the
band beside it moves by the same transform. A person's face moves against the room behind them, which stays put.
Face points are tracked (pyramidal Lucas-Kanade) from the first frame of a face track on a 320-px grey copy; in each
frame where the face has moved enough, two bands beside it are compared with the first frame both as they are and
moved back by the face's transform: whichever explains them better says whether they stayed or followed.

Blind spot: a print cut out along the head's outline has no surroundings of its own; the prompted turn (nose
against eyes) and the matcher's frame-by-frame tracking then stand alone. ~2 ms per frame; nothing is kept beyond
the current track.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import cv2
import numpy as np
from numpy.typing import NDArray

from .model import FaceBox, Frame

WORK_WIDTH = 320
MIN_FACE_MOTION = 1.0  # px of the work copy: below this a frame says nothing about the surroundings
BAND_CONTRAST = 1.0  # grey levels between the two explanations of the band, below which a frame says nothing
Points = NDArray[np.float32]


class Surroundings(StrEnum):
    """What the band beside the face did while the face moved."""

    UNKNOWN = "unknown"  # the face has not moved enough (or there is nothing to track)
    STILL = "still"  # the room stayed put: a person in front of it
    MOVED_WITH_FACE = "moved_with_face"  # a picture: its surroundings are on the same sheet or screen


@dataclass(frozen=True)
class SurroundingsReading:
    """One frame: how far the face moved (work px) and whether the bands followed it (1.0) or stayed (0.0)."""

    face_motion: float
    followed: float


def _gray(frame: Frame) -> tuple[NDArray[np.uint8], float]:
    scale = WORK_WIDTH / frame.shape[1]
    small = cv2.resize(frame, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return np.asarray(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), dtype=np.uint8), scale


def _bands(shape: tuple[int, ...], box: tuple[float, float, float, float]) -> NDArray[np.uint8]:
    """Beside the face at eye-to-mouth height, clear of the hair and ears, out to about one face width."""
    left, top, right, bottom = box
    width = right - left
    mask = np.zeros(shape[:2], dtype=np.uint8)
    y0, y1 = int(top + 0.15 * width), int(bottom)
    for x0, x1 in ((left - 1.1 * width, left - 0.35 * width), (right + 0.35 * width, right + 1.1 * width)):
        mask[max(0, y0):max(0, y1), max(0, int(x0)):max(0, int(x1))] = 255
    return mask


def _face_mask(shape: tuple[int, ...], box: tuple[float, float, float, float]) -> NDArray[np.uint8]:
    left, top, right, bottom = box
    inset_x, inset_y = 0.2 * (right - left), 0.15 * (bottom - top)
    mask = np.zeros(shape[:2], dtype=np.uint8)
    mask[int(top + inset_y):int(bottom - inset_y), int(left + inset_x):int(right - inset_x)] = 255
    return mask


def _band_error(anchor: NDArray[np.float32], current: NDArray[np.uint8], region: NDArray[np.bool_]) -> float:
    """Mean absolute difference over the band, exposure changes taken out (means matched)."""
    a = anchor[region]
    b = current[region].astype(np.float32)
    return float(np.mean(np.abs((a - a.mean()) - (b - b.mean()))))


class SurroundingsVotes:
    """The readings of one face track (plain numbers, no images); `verdict` weighs every frame the face moved in."""

    def __init__(self, frames_needed: int = 3) -> None:
        self.frames_needed = frames_needed
        self.readings: list[SurroundingsReading] = []

    def add(self, reading: SurroundingsReading) -> None:
        self.readings.append(reading)

    @property
    def followed_share(self) -> float:
        """The share of readings in which the bands followed the face (0 when there are none)."""
        return float(np.mean([r.followed for r in self.readings])) if self.readings else 0.0

    @property
    def verdict(self) -> Surroundings:
        if len(self.readings) < self.frames_needed:
            return Surroundings.UNKNOWN
        share = float(np.median([r.followed for r in self.readings]))
        if share >= 0.6:
            return Surroundings.MOVED_WITH_FACE
        if share <= 0.3:
            return Surroundings.STILL
        return Surroundings.UNKNOWN


class SurroundingsTracker:
    """The image side: follows one face track's points from its first frame and reads each later frame's bands.

    Holds the track's first grey frame (a 320-px copy, memory only) until `reset()`.
    """

    def __init__(self) -> None:
        self._anchor: NDArray[np.uint8] | None = None
        self._face: Points | None = None
        self._band_mask: NDArray[np.uint8] | None = None

    def reset(self) -> None:
        """A new track: the face left, jumped, or another face took its place."""
        self._anchor = self._face = self._band_mask = None

    def update(self, frame: Frame, box: FaceBox) -> SurroundingsReading | None:
        gray, scale = _gray(frame)
        scaled = (box.left * scale, box.top * scale, box.right * scale, box.bottom * scale)
        if self._anchor is None or self._face is None or self._band_mask is None:
            self._start(gray, scaled)
            return None
        face_from, face_to = self._track(gray, self._face)
        if len(face_from) < 6:
            return None
        motion = float(np.median(np.linalg.norm(face_to - face_from, axis=1)))
        if motion < MIN_FACE_MOTION:
            return None
        transform, _ = cv2.estimateAffinePartial2D(face_from, face_to, method=cv2.RANSAC,
                                                   ransacReprojThreshold=1.0)
        if transform is None:
            return None
        # Two explanations of the band: it stayed with the room, or it moved by the face's transform.
        size = (gray.shape[1], gray.shape[0])
        followed = cv2.warpAffine(gray, transform, size, flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP)
        inside = cv2.warpAffine(np.full(gray.shape, 255, np.uint8), transform, size,
                                flags=cv2.INTER_NEAREST | cv2.WARP_INVERSE_MAP)
        region = (self._band_mask > 0) & (inside > 0)
        if region.sum() < 200:
            return None
        anchor = self._anchor.astype(np.float32)
        still_error = _band_error(anchor, gray, region)
        follow_error = _band_error(anchor, np.asarray(followed, dtype=np.uint8), region)
        if abs(still_error - follow_error) < BAND_CONTRAST:  # a blank wall or sheet: it cannot tell
            return None
        return SurroundingsReading(motion, 1.0 if follow_error < still_error else 0.0)

    def _start(self, gray: NDArray[np.uint8], box: tuple[float, float, float, float]) -> None:
        face = cv2.goodFeaturesToTrack(gray, 40, 0.01, 4, mask=_face_mask(gray.shape, box))
        if face is None or len(face) < 6:
            return
        self._anchor = gray
        self._face = np.asarray(face, dtype=np.float32)
        self._band_mask = _bands(gray.shape, box)

    def _track(self, gray: NDArray[np.uint8], points: Points) -> tuple[Points, Points]:
        assert self._anchor is not None  # noqa: S101 - only called on a started track
        moved, status, _ = cv2.calcOpticalFlowPyrLK(self._anchor, gray, points, None,  # type: ignore[call-overload]
                                                    winSize=(15, 15), maxLevel=3)
        back, back_status, _ = cv2.calcOpticalFlowPyrLK(gray, self._anchor, moved, None,  # type: ignore[call-overload]
                                                        winSize=(15, 15), maxLevel=3)
        good = (status.ravel() == 1) & (back_status.ravel() == 1)
        good &= np.linalg.norm((back - points).reshape(-1, 2), axis=1) < 1.0
        return points.reshape(-1, 2)[good], moved.reshape(-1, 2)[good]
