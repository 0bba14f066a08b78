"""The `FaceMatcher` protocol and the plain geometry the session needs (no face library here)."""

from __future__ import annotations

import math
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from .model import FivePoints, Frame, FrameAnalysis, ReferenceFace


class FaceMatcher(Protocol):
    """Finds faces, 5-point landmarks and 128-d encodings. Implementations may be slow (tens of ms)."""

    def encode_reference(self, photo: bytes) -> ReferenceFace:
        """Encode the card photo (any format OpenCV decodes, e.g. the chip's JPEG 2000).

        Raises:
            ReferenceFaceError: the photo cannot be decoded or shows no face.
        """
        ...

    def analyse(self, frame: Frame, *, encode: bool) -> FrameAnalysis:
        """Faces in a BGR frame, largest first; landmarks of the largest, and its encoding if `encode` (never for a
        face whose lower half is covered: the patient is asked to take the mask off instead)."""
        ...


def face_distance(reference: ReferenceFace, encoding: NDArray[np.float64]) -> float:
    """Euclidean distance between encodings: lower is more alike."""
    return float(np.linalg.norm(reference.encoding - encoding))


def _centre(pair: tuple[tuple[float, float], tuple[float, float]]) -> tuple[float, float]:
    return (pair[0][0] + pair[1][0]) / 2.0, (pair[0][1] + pair[1][1]) / 2.0


def nose_offset(points: FivePoints) -> float:
    """Where the nose sits between the eyes, along the eye line, in eye distances (0 = centred).

    Positive when the nose is towards the image's right, which is where it moves when the patient turns to
    their own left (an unmirrored camera). A flat photo turned or tilted keeps this nearly constant: only a
    3-D face moves its nose relative to its eyes. In-plane rotation and scale do not change it.
    """
    left = _centre(points.image_left_eye)
    right = _centre(points.image_right_eye)
    axis_x, axis_y = right[0] - left[0], right[1] - left[1]
    eye_distance = math.hypot(axis_x, axis_y)
    if eye_distance < 1e-6:
        return 0.0
    mid_x, mid_y = (left[0] + right[0]) / 2.0, (left[1] + right[1]) / 2.0
    along = (points.nose[0] - mid_x) * axis_x + (points.nose[1] - mid_y) * axis_y
    return along / (eye_distance * eye_distance)
