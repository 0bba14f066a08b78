"""The one matcher backend on face_recognition (dlib, HOG detector, 5-point landmarks only).

The 68-point landmark model is never used: its training data forbids commercial use. face_recognition is
imported inside the constructor, so importing this module costs nothing.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import cv2
import numpy as np

from .model import FaceBox, FivePoints, Frame, FrameAnalysis, ReferenceFace, ReferenceFaceError


class DlibFaceMatcher:
    """`FaceMatcher` on face_recognition: detection on a downscaled copy, encoding on the full frame."""

    def __init__(self, detect_width: int = 480, upsample: int = 0, jitters: int = 1) -> None:
        # 480 px without upsampling finds faces from ~110 px wide in a 640-wide frame in ~15 ms; a patient at
        # the kiosk fills far more. Upsampling 320 px costs 3x that for faces nobody stands far enough to make.
        import face_recognition  # the only import of face_recognition in kiosk

        self._fr: ModuleType = face_recognition
        self.detect_width = detect_width
        self.upsample = upsample
        self.jitters = jitters

    def encode_reference(self, photo: bytes) -> ReferenceFace:
        image = cv2.imdecode(np.frombuffer(photo, dtype=np.uint8), cv2.IMREAD_COLOR)
        if image is None:
            raise ReferenceFaceError("the card photo cannot be decoded")
        rgb = np.ascontiguousarray(cv2.cvtColor(image, cv2.COLOR_BGR2RGB))
        # The chip photo is small (320 px): detect at full size, upsampled once more than live frames.
        locations = self._fr.face_locations(rgb, number_of_times_to_upsample=self.upsample + 1, model="hog")
        if not locations:
            raise ReferenceFaceError("no face in the card photo", 0)
        largest = max(locations, key=lambda loc: (loc[2] - loc[0]) * (loc[1] - loc[3]))
        encodings = self._fr.face_encodings(rgb, [largest], num_jitters=self.jitters, model="small")
        return ReferenceFace(np.asarray(encodings[0], dtype=np.float64))

    def analyse(self, frame: Frame, *, encode: bool) -> FrameAnalysis:
        rgb = np.ascontiguousarray(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))
        height, width = rgb.shape[:2]
        scale = min(1.0, self.detect_width / width)
        small = rgb if scale == 1.0 else cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        found = self._fr.face_locations(small, number_of_times_to_upsample=self.upsample, model="hog")
        boxes = sorted((_to_box(loc, scale, width, height) for loc in found), key=lambda b: b.area, reverse=True)
        if not boxes:
            return FrameAnalysis(faces=())
        largest = boxes[0]
        location = (largest.top, largest.right, largest.bottom, largest.left)
        marks = self._fr.face_landmarks(rgb, [location], model="small")
        landmarks = _five_points(marks[0]) if marks else None
        encoding = None
        if encode:
            encoded = self._fr.face_encodings(rgb, [location], num_jitters=self.jitters, model="small")
            encoding = np.asarray(encoded[0], dtype=np.float64) if encoded else None
        return FrameAnalysis(faces=tuple(boxes), landmarks=landmarks, encoding=encoding)

    def close(self) -> None:
        """Nothing to release; present so that every matcher can be closed alike."""


def _to_box(location: tuple[int, int, int, int], scale: float, width: int, height: int) -> FaceBox:
    top, right, bottom, left = (round(v / scale) for v in location)
    return FaceBox(max(0, left), max(0, top), min(width, right), min(height, bottom))


def _five_points(marks: dict[str, Any]) -> FivePoints | None:
    try:
        eye_a = tuple((float(x), float(y)) for x, y in marks["left_eye"])
        eye_b = tuple((float(x), float(y)) for x, y in marks["right_eye"])
        nose_x, nose_y = marks["nose_tip"][0]
    except (KeyError, IndexError, ValueError):
        return None
    if len(eye_a) != 2 or len(eye_b) != 2:
        return None
    first, second = sorted((eye_a, eye_b), key=lambda eye: eye[0][0] + eye[1][0])
    return FivePoints((first[0], first[1]), (second[0], second[1]), (float(nose_x), float(nose_y)))
