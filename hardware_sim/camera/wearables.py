"""What a patient wears on the face, drawn on a face photo: a surgical mask, glasses."""

from __future__ import annotations

import dataclasses

import cv2
import numpy as np

from .render import FacePhoto, Image

WEARABLES = ("mask", "glasses")


def _mask(image: Image, face: tuple[int, int, int, int]) -> None:
    """A white surgical mask from the middle of the nose to under the chin, with pleats and side shading."""
    x, y, w, h = face
    top, bottom = y + round(0.47 * h), y + round(1.12 * h)
    left, right = x - round(0.04 * w), x + w + round(0.04 * w)
    cx = x + w // 2
    outline = np.array([(left, top + h // 14), (cx - w // 5, top), (cx + w // 5, top), (right, top + h // 14),
                        (right - w // 20, bottom - h // 5), (cx, bottom), (left + w // 20, bottom - h // 5)],
                       dtype=np.int32)
    layer = np.zeros(image.shape[:2], dtype=np.uint8)
    cv2.fillPoly(layer, [outline], 255)
    cloth = np.full(image.shape, (236, 236, 232), dtype=np.float64)
    cloth *= np.linspace(1.0, 0.82, image.shape[1])[None, :, None]  # lit from one side
    for share in (0.3, 0.5, 0.7):  # pleats
        row = round(top + share * (bottom - top))
        cv2.line(cloth, (left, row), (right, row), (200, 200, 196), max(1, w // 60))
    inside = layer[:, :, None] > 0
    image[:] = np.where(inside, np.clip(cloth, 0, 255), image).astype(np.uint8)


def _glasses(image: Image, face: tuple[int, int, int, int]) -> None:
    """Dark thin-rimmed glasses: two rims round the eyes and a bridge over the nose."""
    x, y, w, h = face
    thickness = max(2, round(w / 45))
    eye_y = y + round(0.33 * h)
    centres = [(x + round(0.3 * w), eye_y), (x + round(0.7 * w), eye_y)]
    for centre in centres:
        cv2.ellipse(image, centre, (round(0.16 * w), round(0.11 * h)), 0, 0, 360, (30, 30, 35), thickness)
    cv2.line(image, (centres[0][0] + round(0.16 * w), eye_y - 2), (centres[1][0] - round(0.16 * w), eye_y - 2),
             (30, 30, 35), thickness)


def wearing(photo: FacePhoto, item: str) -> FacePhoto:
    """The same photo with `item` ("mask" or "glasses") drawn on its face."""
    image = photo.image.copy()
    if item == "mask":
        _mask(image, photo.face)
    elif item == "glasses":
        _glasses(image, photo.face)
    else:
        raise ValueError(f"unknown wearable {item!r}; known: {', '.join(WEARABLES)}")
    return dataclasses.replace(photo, image=image)
