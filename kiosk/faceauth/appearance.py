"""What a face wears, from the pixels around its key points: a mask over the lower face, glasses.

Plain OpenCV on small patches (well under a millisecond). Thresholds were chosen on the public-domain fixtures with
synthetic masks and glasses drawn on (benchmarks/face_eval.py `--conditions` reports how often each is seen).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from .detection import Detection
from .model import FivePoints, Frame, Point

# A mask is not skin-coloured: the lower face's chroma (Lab a*, b*) projected on the chroma of the skin between the
# eyebrows, as a share of that skin's chroma. Bare faces 0.45-1.4 on the fixtures (dim, small, turned, tilted, glasses)
# and in the simulator; white, black and blue masks -0.5 to 0.03. A skin-coloured mask would not be seen.
MASK_SKIN_SHARE = 0.25
MIN_SKIN_CHROMA = 5.0  # below this (a grey camera, a colourless light) the colour rules below stand in
# Without colour: the lower face differs from the skin between the eyebrows in lightness and is smoother, or dlib's
# HOG, looking for the face upright and at a fixed size, does not find it (it missed no bare fixture face).
MASK_COLOUR_DISTANCE = 30.0
MASK_SMOOTHNESS = 0.3
MASK_STRONG_COLOUR_DISTANCE = 40.0
MASK_COLOUR_WITHOUT_FACE_PATTERN = 10.0
# Glasses put a bridge between the eyes: one row of the nose's top with a much stronger vertical gradient than the
# rows around it (peak over median). Bare faces reached 2.7 on the fixtures (dim, small, turned, tilted), drawn
# glasses 2.2-30 (all but one above 3.2); Grace Hopper's own glasses 2.7-3.2.
GLASSES_BRIDGE_EDGE = 3.0
# On the card photo (grey, 320 px) glasses are judged more readily: a false "glasses" there only withholds the
# prompt, a missed one would ask a patient to take off glasses the card shows (bare chips 0.96-2.2, Hopper's 2.99).
GLASSES_ON_CARD_EDGE = 2.5


def _patch(image: NDArray[Any], centre: Point, half_w: float, half_h: float) -> NDArray[Any]:
    height, width = image.shape[:2]
    left, right = max(0, round(centre[0] - half_w)), min(width, round(centre[0] + half_w))
    top, bottom = max(0, round(centre[1] - half_h)), min(height, round(centre[1] + half_h))
    return image[top:bottom, left:right]


def _converted(patch: NDArray[Any], code: int) -> NDArray[Any]:
    """A colour conversion of a patch only (never of the whole frame: this runs on every analysed frame)."""
    if patch.size == 0:
        return patch
    return np.asarray(cv2.cvtColor(np.ascontiguousarray(patch), code))


def _texture(grey: NDArray[Any]) -> float:
    if grey.size < 16:
        return 0.0
    return float(np.std(cv2.Laplacian(grey, cv2.CV_32F)))


def key_points(points: FivePoints) -> tuple[Point, ...]:
    """BlazeFace-like key points from dlib's 5 points: the eyes' centres, the nose and the mouth (estimated a third
    of an eye distance below the nose, across the eye line)."""
    (a1, a2), (b1, b2) = points.image_left_eye, points.image_right_eye
    eye_a = ((a1[0] + a2[0]) / 2, (a1[1] + a2[1]) / 2)
    eye_b = ((b1[0] + b2[0]) / 2, (b1[1] + b2[1]) / 2)
    across = (eye_b[0] - eye_a[0], eye_b[1] - eye_a[1])
    down = (-across[1], across[0])  # the eye line turned a quarter: towards the chin in image coordinates
    mouth = (points.nose[0] + 0.35 * down[0], points.nose[1] + 0.35 * down[1])
    return eye_a, eye_b, points.nose, mouth


@dataclass(frozen=True)
class LowerFace:
    """The lower face against the skin between the eyebrows."""

    colour: float  # Lab distance, lightness at half weight
    smoothness: float  # texture of mouth and chin over that of the eyes' band
    skin_share: float  # the lower face's chroma along the skin's, as a share of the skin's
    skin_chroma: float  # the skin's own chroma (near 0 on a grey image)


def mask_scores(frame: Frame, detection: Detection) -> LowerFace | None:
    """How the lower face compares with the skin between the eyebrows; None if the key points do not allow it."""
    if len(detection.keypoints) < 4:
        return None
    eye_a, eye_b, _nose, mouth = detection.keypoints[:4]
    eye_distance = math.dist(eye_a, eye_b)
    if eye_distance < 8:
        return None
    # The skin between the eyebrows, above where a glasses bridge sits and below a fringe of hair.
    between = ((eye_a[0] + eye_b[0]) / 2, (eye_a[1] + eye_b[1]) / 2 - 0.25 * eye_distance)
    upper = _converted(_patch(frame, between, 0.15 * eye_distance, 0.1 * eye_distance), cv2.COLOR_BGR2LAB)
    lower = _converted(_patch(frame, (mouth[0], mouth[1] + 0.1 * eye_distance), 0.45 * eye_distance,
                              0.3 * eye_distance), cv2.COLOR_BGR2LAB)
    if upper.size == 0 or lower.size == 0:
        return None
    up = np.median(upper.reshape(-1, 3), axis=0).astype(np.float64)
    low = np.median(lower.reshape(-1, 3), axis=0).astype(np.float64)
    colour = float(math.hypot((up[0] - low[0]) / 2, up[1] - low[1], up[2] - low[2]))
    skin = up[1:] - 128.0  # a*, b* around grey
    skin_chroma = float(np.hypot(skin[0], skin[1]))
    skin_share = float(np.dot(low[1:] - 128.0, skin)) / max(1e-6, skin_chroma * skin_chroma)
    # Texture compared on the band of the cheeks and eyes (features everyone has) and the mouth and chin.
    upper_band = _converted(_patch(frame, ((eye_a[0] + eye_b[0]) / 2, (eye_a[1] + eye_b[1]) / 2),
                                   0.8 * eye_distance, 0.25 * eye_distance), cv2.COLOR_BGR2GRAY)
    lower_band = _converted(_patch(frame, (mouth[0], mouth[1] + 0.1 * eye_distance), 0.6 * eye_distance,
                                   0.3 * eye_distance), cv2.COLOR_BGR2GRAY)
    ratio = _texture(lower_band) / max(1e-6, _texture(upper_band))
    return LowerFace(colour, ratio, skin_share, skin_chroma)


def lower_face_covered(frame: Frame, detection: Detection, *, face_pattern_seen: bool = True) -> bool:
    """The mouth and chin are hidden behind something that is not skin-coloured (a mask).

    `face_pattern_seen`: whether a whole-face detector (dlib's HOG) finds the face in its upright crop.
    """
    lower = mask_scores(frame, detection)
    if lower is None:
        return False
    if lower.skin_chroma >= MIN_SKIN_CHROMA:
        return lower.skin_share < MASK_SKIN_SHARE
    if not face_pattern_seen and lower.colour >= MASK_COLOUR_WITHOUT_FACE_PATTERN:
        return True
    return lower.colour >= MASK_STRONG_COLOUR_DISTANCE or (
        lower.colour >= MASK_COLOUR_DISTANCE and lower.smoothness < MASK_SMOOTHNESS)


def upright_crop(frame: Frame, detection: Detection, *, face_px: int = 110, side: int = 200) -> Frame:
    """The face turned upright (its eyes level) and scaled to `face_px` wide, centred in a `side`-px square."""
    box = detection.box
    centre = ((box.left + box.right) / 2, (box.top + box.bottom) / 2)
    angle = 0.0
    if len(detection.keypoints) >= 2:
        (ax, ay), (bx, by) = detection.keypoints[:2]
        angle = math.degrees(math.atan2(by - ay, bx - ax))
    turn = cv2.getRotationMatrix2D(centre, angle, face_px / max(1, box.width))
    turn[0, 2] += side / 2 - centre[0]
    turn[1, 2] += side / 2 - centre[1]
    return np.asarray(cv2.warpAffine(frame, turn, (side, side), borderMode=cv2.BORDER_REPLICATE), dtype=np.uint8)


def glasses_score(image: NDArray[Any], points: FivePoints) -> float | None:
    """How much one row across the top of the nose stands out in vertical gradient from the rows around it."""
    inner_left = max(points.image_left_eye, key=lambda p: p[0])
    inner_right = min(points.image_right_eye, key=lambda p: p[0])
    outer_left = min(points.image_left_eye, key=lambda p: p[0])
    outer_right = max(points.image_right_eye, key=lambda p: p[0])
    eye_distance = math.dist(((outer_left[0] + inner_left[0]) / 2, (outer_left[1] + inner_left[1]) / 2),
                             ((outer_right[0] + inner_right[0]) / 2, (outer_right[1] + inner_right[1]) / 2))
    gap = inner_right[0] - inner_left[0]
    if eye_distance < 12 or gap < 4:
        return None
    centre = ((inner_left[0] + inner_right[0]) / 2, (inner_left[1] + inner_right[1]) / 2 - 0.08 * eye_distance)
    patch = _patch(image, centre, 0.3 * gap, 0.3 * eye_distance)
    grey = patch if patch.ndim == 2 else _converted(patch, cv2.COLOR_BGR2GRAY)
    bridge = grey.astype(np.float32)
    if bridge.shape[0] < 4 or bridge.shape[1] < 3:
        return None
    rows = np.abs(np.diff(bridge, axis=0)).mean(axis=1)
    return float(rows.max()) / (float(np.median(rows)) + 1.0)


def wears_glasses(image: NDArray[Any], points: FivePoints, *, threshold: float = GLASSES_BRIDGE_EDGE) -> bool:
    """A bridge between the eyes that bare skin does not have: glasses."""
    score = glasses_score(image, points)
    return score is not None and score >= threshold
