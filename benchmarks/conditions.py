"""Synthetic capture conditions for benchmarks/face_eval.py: what a kiosk camera makes of a good photo."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Protocol

import cv2
import numpy as np

from kiosk.faceauth import FrameAnalysis

Image = np.ndarray


class Analyser(Protocol):
    def analyse(self, frame: Image, *, encode: bool) -> FrameAnalysis: ...


def _nominal(image: Image, _matcher: Analyser) -> Image:
    return image


def _dim(image: Image, _matcher: Analyser) -> Image:
    noise = np.random.default_rng(0).normal(0, 4, image.shape)
    return np.asarray(np.clip(image * 0.35 + noise, 0, 255), dtype=np.uint8)


def _small(image: Image, matcher: Analyser) -> Image:
    faces = matcher.analyse(image, encode=False).faces
    width = faces[0].width if faces else image.shape[1] * 0.4
    scale = 60.0 / width
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    canvas = np.full((480, 640, 3), 170, dtype=np.uint8)
    h, w = min(480, small.shape[0]), min(640, small.shape[1])
    canvas[200:200 + h, 290:290 + w] = small[: 480 - 200, : 640 - 290][:h, :w]
    return canvas


def _mask(image: Image, matcher: Analyser) -> Image:
    analysis = matcher.analyse(image, encode=False)
    out = image.copy()
    if analysis.faces and analysis.landmarks is not None:
        box, nose = analysis.faces[0], analysis.landmarks.nose
        top = int(nose[1] - 0.06 * box.height)
        cv2.rectangle(out, (box.left - 4, top), (box.right + 4, box.bottom + int(0.1 * box.height)),
                      (225, 215, 200), -1)
    return out


def _glasses(image: Image, matcher: Analyser) -> Image:
    analysis = matcher.analyse(image, encode=False)
    out = image.copy()
    if analysis.landmarks is not None:
        points = analysis.landmarks
        centres = []
        for eye in (points.image_left_eye, points.image_right_eye):
            cx, cy = (eye[0][0] + eye[1][0]) / 2, (eye[0][1] + eye[1][1]) / 2
            span = math.dist(eye[0], eye[1])
            centres.append((int(cx), int(cy)))
            cv2.ellipse(out, (int(cx), int(cy)), (int(span * 0.95), int(span * 0.65)), 0, 0, 360, (25, 25, 25), 4)
        cv2.line(out, centres[0], centres[1], (25, 25, 25), 3)
    return out


def _pose(image: Image, _matcher: Analyser) -> Image:
    from hardware_sim.camera.render import FacePhoto, _elliptic_mask, _head_depth, turn_head

    height, width = image.shape[:2]
    side = round(min(width, height) * 0.38)
    face = ((width - side) // 2, round(height * 0.42) - side // 2, side, side)
    photo = FacePhoto(image, face, _head_depth(width, height, face), _elliptic_mask(width, height, face))
    return turn_head(photo, 25.0)


CONDITIONS: dict[str, Callable[[Image, Analyser], Image]] = {
    "nominal": _nominal, "dim": _dim, "small": _small, "mask": _mask, "glasses": _glasses, "pose": _pose,
}
