"""The one matcher backend on face_recognition (dlib embedding, 5-point landmarks only).

Faces are found by dlib's HOG detector and, where it finds none, by BlazeFace (`kiosk.faceauth.blazeface`: masked,
small, dim and tilted faces); the box is handed to dlib's 5-point predictor, which aligns the face for the 128-d
encoding. Whether the face wears a mask or glasses comes from `kiosk.faceauth.appearance`.
The 68-point landmark model is never used: its training data forbids commercial use. face_recognition is
imported inside the constructor, so importing this module costs nothing.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import cv2
import numpy as np

from .appearance import GLASSES_ON_CARD_EDGE, key_points, lower_face_covered, upright_crop, wears_glasses
from .blazeface import SHORT_RANGE, BlazeFaceDetector
from .detection import Detection, FaceDetector
from .model import FaceBox, FivePoints, Frame, FrameAnalysis, ReferenceFace, ReferenceFaceError

# dlib's 5-point predictor was trained on HOG boxes, and the session's thresholds (face width, the passive liveness
# bands) were set on them; BlazeFace's box for the same face is larger: HOG/BlazeFace width 0.95 on the fixture
# photos, 0.92 on the simulator's frames (centres within 0.01-0.02 widths). Boxes are reported in HOG's geometry.
HOG_BOX_SCALE = 0.93
DETECTORS = ("hybrid", "hog", "blazeface")


class HogFaceDetector:
    """`FaceDetector` on dlib's HOG detector, on a copy `detect_width` wide (no key points)."""

    def __init__(self, face_recognition: ModuleType, detect_width: int = 480, upsample: int = 0) -> None:
        # 480 px without upsampling finds faces from ~110 px wide in a 640-wide frame in ~15 ms.
        self._fr = face_recognition
        self.detect_width = detect_width
        self.upsample = upsample

    def detect(self, frame: Frame) -> list[Detection]:
        height, width = frame.shape[:2]
        scale = min(1.0, self.detect_width / width)
        small = frame if scale == 1.0 else cv2.resize(frame, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        rgb = np.ascontiguousarray(cv2.cvtColor(small, cv2.COLOR_BGR2RGB))
        found = self._fr.face_locations(rgb, number_of_times_to_upsample=self.upsample, model="hog")
        boxes = sorted((_to_box(loc, scale, width, height) for loc in found), key=lambda b: b.area, reverse=True)
        return [Detection(box, 1.0) for box in boxes]


class DlibFaceMatcher:
    """`FaceMatcher` on face_recognition: faces found by `detector`, encoded on the frame.

    "hybrid" (the kiosk's): dlib's HOG first, as calibrated; BlazeFace only for a frame where HOG finds nothing
    (masked, small, dim, tilted faces), its boxes reshaped like HOG's. "hog" or "blazeface": that one alone.
    """

    def __init__(self, detector: str = "hybrid", jitters: int = 1) -> None:
        import face_recognition  # the only import of face_recognition in kiosk

        if detector not in DETECTORS:
            raise ValueError(f"unknown face detector {detector!r}; known: {', '.join(DETECTORS)}")
        self._fr: ModuleType = face_recognition
        self.jitters = jitters
        self.detector_name = detector
        self._hog = HogFaceDetector(face_recognition)
        self._blazeface: FaceDetector | None = BlazeFaceDetector() if detector != "hog" else None
        self._close_up: FaceDetector | None = BlazeFaceDetector(SHORT_RANGE) if detector == "hybrid" else None

    def encode_reference(self, photo: bytes) -> ReferenceFace:
        decoded = cv2.imdecode(np.frombuffer(photo, dtype=np.uint8), cv2.IMREAD_COLOR)
        if decoded is None:
            raise ReferenceFaceError("the card photo cannot be decoded")
        image = np.asarray(decoded, dtype=np.uint8)
        rgb = np.ascontiguousarray(cv2.cvtColor(image, cv2.COLOR_BGR2RGB))
        # The chip photo is small (320 px): HOG at full size, upsampled once.
        found, _ = self._detect(image, HogFaceDetector(self._fr, detect_width=image.shape[1], upsample=1))
        if not found:
            raise ReferenceFaceError("no face in the card photo", 0)
        location = _dlib_location(found[0].box)
        marks = self._fr.face_landmarks(rgb, [location], model="small")
        landmarks = _five_points(marks[0]) if marks else None
        encodings = self._fr.face_encodings(rgb, [location], num_jitters=self.jitters, model="small")
        glasses = landmarks is not None and wears_glasses(image, landmarks, threshold=GLASSES_ON_CARD_EDGE)
        return ReferenceFace(np.asarray(encodings[0], dtype=np.float64), glasses=glasses)

    def analyse(self, frame: Frame, *, encode: bool) -> FrameAnalysis:
        found, by_hog = self._detect(frame, self._hog)
        if not found:
            return FrameAnalysis(faces=())
        rgb = np.ascontiguousarray(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))
        location = _dlib_location(found[0].box)
        marks = self._fr.face_landmarks(rgb, [location], model="small")
        landmarks = _five_points(marks[0]) if marks else None
        face = found[0]
        if not face.keypoints:
            face = self._with_key_points(frame, face, landmarks)
        seen = by_hog or self._face_pattern_seen(frame, face)
        covered = lower_face_covered(frame, face, face_pattern_seen=seen)
        encoding = None
        if encode and not covered:  # a masked face is coached, never compared with the card
            encoded = self._fr.face_encodings(rgb, [location], num_jitters=self.jitters, model="small")
            encoding = np.asarray(encoded[0], dtype=np.float64) if encoded else None
        return FrameAnalysis(
            faces=tuple(d.box for d in found), landmarks=landmarks, encoding=encoding,
            lower_face_covered=covered, glasses=landmarks is not None and wears_glasses(frame, landmarks))

    def _detect(self, frame: Frame, hog: FaceDetector) -> tuple[list[Detection], bool]:
        """Faces largest first, boxes in HOG's geometry, and whether HOG found them."""
        if self.detector_name != "blazeface":
            found = hog.detect(frame)
            if found or self._blazeface is None:
                return found, True
        assert self._blazeface is not None  # noqa: S101 - built for every detector but "hog"
        height, width = frame.shape[:2]
        found = [Detection(_hog_like(d.box, width, height), d.score, d.keypoints)
                 for d in self._blazeface.detect(frame)]
        return sorted(found, key=lambda d: d.box.area, reverse=True), False

    def _with_key_points(self, frame: Frame, face: Detection, landmarks: FivePoints | None) -> Detection:
        """A HOG face with BlazeFace's key points, looked for (short range, ~3 ms) in a square twice the box round it;
        dlib's points (the mouth estimated) if it finds none. A masked face can give HOG a box that misplaces dlib's
        points onto the neck, where the mouth seems bare."""
        if self._close_up is not None:
            box, height, width = face.box, frame.shape[0], frame.shape[1]
            half = box.width
            left, top = max(0, (box.left + box.right) // 2 - half), max(0, (box.top + box.bottom) // 2 - half)
            crop = frame[top:min(height, top + 2 * half), left:min(width, left + 2 * half)]
            found = self._close_up.detect(np.ascontiguousarray(crop)) if crop.size else []
            if found:
                points = tuple((x + left, y + top) for x, y in found[0].keypoints)
                return Detection(face.box, face.score, points)
        if landmarks is None:
            return face
        return Detection(face.box, face.score, key_points(landmarks))

    def _face_pattern_seen(self, frame: Frame, detection: Detection) -> bool:
        """dlib's HOG finds the whole face in its upright crop (~5-10 ms); it misses most masked faces."""
        crop = cv2.cvtColor(upright_crop(frame, detection), cv2.COLOR_BGR2RGB)
        return bool(self._fr.face_locations(np.ascontiguousarray(crop), number_of_times_to_upsample=0, model="hog"))

    def close(self) -> None:
        """Nothing to release; present so that every matcher can be closed alike."""


def _hog_like(box: FaceBox, width: int, height: int) -> FaceBox:
    """BlazeFace's box shaped like dlib's HOG box of the same face (square, ~7 % smaller), within the frame."""
    half = box.width * HOG_BOX_SCALE / 2
    cx, cy = (box.left + box.right) / 2, (box.top + box.bottom) / 2
    return FaceBox(max(0, round(cx - half)), max(0, round(cy - half)), min(width, round(cx + half)),
                   min(height, round(cy + half)))


def _dlib_location(box: FaceBox) -> tuple[int, int, int, int]:
    return box.top, box.right, box.bottom, box.left


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
