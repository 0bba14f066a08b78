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


def _masked(colour: tuple[int, int, int]) -> Callable[[Image, Analyser], Image]:
    """A surgical mask over the nose, mouth and chin: a rounded shape, pleats and shading, in `colour` (BGR)."""

    def degrade(image: Image, matcher: Analyser) -> Image:
        analysis = matcher.analyse(image, encode=False)
        out = image.copy()
        if not analysis.faces or analysis.landmarks is None:
            return out
        box, points = analysis.faces[0], analysis.landmarks
        eye_y = sum(p[1] for p in (*points.image_left_eye, *points.image_right_eye)) / 4
        top = round(eye_y + 0.5 * (points.nose[1] - eye_y))
        bottom = box.bottom + round(0.12 * box.height)
        cx, half = (box.left + box.right) // 2, box.width // 2 + 6
        layer = np.zeros(image.shape[:2], dtype=np.uint8)
        outline = np.array([(cx - half, top + 6), (cx - half // 3, top), (cx + half // 3, top), (cx + half, top + 6),
                            (cx + half - 4, bottom - box.height // 6), (cx, bottom),
                            (cx - half + 4, bottom - box.height // 6)], dtype=np.int32)
        cv2.fillPoly(layer, [outline], 255)
        shade = np.linspace(1.0, 0.8, image.shape[1])[None, :, None]  # light from one side
        cloth = np.clip(np.full(image.shape, colour, dtype=np.float64) * shade, 0, 255)
        for step in (0.3, 0.5, 0.7):  # pleats
            y = round(top + step * (bottom - top))
            cv2.line(cloth, (cx - half, y), (cx + half, y), tuple(0.85 * c for c in colour), 2)
        noise = np.random.default_rng(1).normal(0, 3, image.shape)
        inside = layer[:, :, None] > 0
        return np.asarray(np.clip(np.where(inside, cloth + noise, image), 0, 255), dtype=np.uint8)

    return degrade


def _spectacles(colour: tuple[int, int, int], thickness: int) -> Callable[[Image, Analyser], Image]:
    """Glasses drawn round the eyes: rims and a bridge in `colour`, `thickness` pixels at a 400-px face photo."""

    def degrade(image: Image, matcher: Analyser) -> Image:
        analysis = matcher.analyse(image, encode=False)
        out = image.copy()
        if analysis.landmarks is None:
            return out
        points = analysis.landmarks
        centres = []
        for eye in (points.image_left_eye, points.image_right_eye):
            cx, cy = (eye[0][0] + eye[1][0]) / 2, (eye[0][1] + eye[1][1]) / 2
            span = math.dist(eye[0], eye[1])
            centres.append((int(cx), int(cy)))
            cv2.ellipse(out, (int(cx), int(cy)), (int(span * 0.95), int(span * 0.65)), 0, 0, 360, colour, thickness)
        cv2.line(out, centres[0], centres[1], colour, max(1, thickness - 1))
        return out

    return degrade


def _tilt(image: Image, _matcher: Analyser) -> Image:
    """The head tilted 20 degrees in the image plane (a patient leaning to one side)."""
    height, width = image.shape[:2]
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), 20.0, 1.0)
    return cv2.warpAffine(image, turn, (width, height), borderMode=cv2.BORDER_REPLICATE)


def _pose(image: Image, _matcher: Analyser) -> Image:
    from hardware_sim.camera.render import FacePhoto, _elliptic_mask, _head_depth, turn_head

    height, width = image.shape[:2]
    side = round(min(width, height) * 0.38)
    face = ((width - side) // 2, round(height * 0.42) - side // 2, side, side)
    photo = FacePhoto(image, face, _head_depth(width, height, face), _elliptic_mask(width, height, face))
    return turn_head(photo, 25.0)


CONDITIONS: dict[str, Callable[[Image, Analyser], Image]] = {
    "nominal": _nominal, "dim": _dim, "small": _small,
    "mask": _masked((235, 235, 232)), "mask_blue": _masked((225, 200, 160)), "mask_black": _masked((40, 40, 40)),
    "glasses": _spectacles((25, 25, 25), 4), "glasses_thin": _spectacles((90, 90, 95), 2),
    "pose": _pose, "tilt": _tilt,
}
MASKED = frozenset({"mask", "mask_blue", "mask_black"})
WITH_GLASSES = frozenset({"glasses", "glasses_thin"})
