"""The face detector abstraction the matcher backend uses: boxes, scores and key points, no face library here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from .model import FaceBox, Frame, Point


@dataclass(frozen=True)
class Detection:
    """One face found: its box, the detector's confidence and its key points.

    BlazeFace's six key points, as seen in the image: the image-left eye, the image-right eye, the nose tip, the
    mouth centre, the image-left and image-right ear tragion.
    """

    box: FaceBox
    score: float
    keypoints: tuple[Point, ...] = ()


class FaceDetector(Protocol):
    """Finds faces in one frame; implementations take a few to tens of milliseconds."""

    def detect(self, frame: Frame) -> list[Detection]:
        """Faces in a BGR frame, best first, in the frame's pixel coordinates."""
        ...
