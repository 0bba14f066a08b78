"""Drawing camera frames: a room, a face photo on a 3-D head surface or held up flat, noise and lighting."""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray

from .eyelids import Eye, close_eyes

Image = NDArray[np.uint8]
FloatMap = NDArray[np.float32]


@dataclass(frozen=True)
class FacePhoto:
    """A face photo with where its face is."""

    image: Image  # BGR
    face: tuple[int, int, int, int]  # x, y, width, height
    depth: FloatMap  # per-pixel height of the head surface towards the camera, in pixels
    mask: FloatMap  # soft-edged head cut-out (1 inside), the same for every frame
    eyes: tuple[Eye, Eye]  # the corners of each eye, where a blink lowers the lids


@functools.cache
def load_face_photo(path: Path) -> FacePhoto:
    loaded = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if loaded is None:
        raise FileNotFoundError(path)
    image = np.asarray(loaded, dtype=np.uint8)
    face = _find_face(path, image)
    height, width = image.shape[:2]
    return FacePhoto(image, face, _head_depth(width, height, face), _elliptic_mask(width, height, face),
                     _KNOWN_EYES.get(path.name) or _usual_eyes(face))


# Face boxes (x, y, width, height) of the fixture photos, measured once with a HOG detector; OpenCV 5 has no
# bundled face detector (the Haar cascades moved to contrib), and the simulator must not use the kiosk's matcher.
_KNOWN_FACES = {
    "biden_2010_blueroom.jpg": (150, 98, 154, 155),
    "collins_nasa.jpg": (96, 76, 89, 90),
    "hopper_1984.jpg": (132, 116, 155, 154),
    "obama_2009_congress.jpg": (81, 133, 155, 155),
    "obama_2010_blueroom.jpg": (139, 110, 129, 129),
    "obama_2012_portrait.jpg": (139, 67, 129, 129),
}


# Eye corners (x, y) of the fixture photos, measured once like the boxes above (dlib's 5-point model).
_KNOWN_EYES: dict[str, tuple[Eye, Eye]] = {
    "biden_2010_blueroom.jpg": (((186, 145), (207, 150)), ((239, 157), (260, 161))),
    "collins_nasa.jpg": (((110, 101), (127, 103)), ((153, 105), (170, 104))),
    "hopper_1984.jpg": (((161, 153), (187, 151)), ((229, 149), (254, 148))),
    "obama_2009_congress.jpg": (((115, 174), (137, 176)), ((173, 179), (198, 182))),
    "obama_2010_blueroom.jpg": (((165, 162), (186, 161)), ((217, 165), (237, 170))),
    "obama_2012_portrait.jpg": (((170, 108), (190, 107)), ((223, 107), (243, 107))),
}


def _usual_eyes(face: tuple[int, int, int, int]) -> tuple[Eye, Eye]:
    """Where eyes usually sit in a face box (for a photo not measured above)."""
    x, y, w, h = face
    eye_y = y + 0.33 * h
    return (((x + 0.2 * w, eye_y), (x + 0.37 * w, eye_y)), ((x + 0.63 * w, eye_y), (x + 0.8 * w, eye_y)))


def _find_face(path: Path, image: Image) -> tuple[int, int, int, int]:
    if path.name in _KNOWN_FACES:
        return _KNOWN_FACES[path.name]
    height, width = image.shape[:2]  # a face-centred crop: assume the middle
    side = round(min(width, height) * 0.38)
    return (width - side) // 2, round(height * 0.42) - side // 2, side, side


def _head_depth(width: int, height: int, face: tuple[int, int, int, int]) -> FloatMap:
    """An egg-shaped head with a nose: enough relief for a turn to move the nose against the eyes."""
    x, y, w, h = face
    cx, cy = x + w / 2.0, y + h / 2.0
    xs, ys = np.meshgrid(np.arange(width, dtype=np.float32), np.arange(height, dtype=np.float32))
    half_width, half_height = 0.75 * w, 1.0 * h
    radial = 1.0 - ((xs - cx) / half_width) ** 2 - 0.35 * ((ys - cy) / half_height) ** 2
    head = 0.8 * half_width * np.sqrt(np.clip(radial, 0.0, None))
    nose_x, nose_y = cx, cy + 0.08 * h
    nose = 0.3 * w * np.exp(-(((xs - nose_x) / (0.1 * w)) ** 2) - (((ys - nose_y) / (0.17 * h)) ** 2))
    return np.asarray(head + nose, dtype=np.float32)


def turn_head(photo: FacePhoto, yaw_deg: float) -> Image:
    """The photo as the head surface would look turned by `yaw_deg` (positive: nose towards image right)."""
    if abs(yaw_deg) < 0.1:
        return photo.image
    theta = math.radians(yaw_deg)
    sin_t, cos_t = math.sin(theta), math.cos(theta)
    height, width = photo.image.shape[:2]
    cx = photo.face[0] + photo.face[2] / 2.0
    out_x, out_y = np.meshgrid(np.arange(width, dtype=np.float32), np.arange(height, dtype=np.float32))
    src_x = out_x.copy()
    # Invert x' = cx + (x - cx) cos t + z(x, y) sin t by fixed-point iteration (the surface is smooth).
    for _ in range(4):
        z = cv2.remap(photo.depth, src_x, out_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        src_x = np.asarray(cx + (out_x - cx - z * sin_t) / cos_t, dtype=np.float32)
    # Light from the front: surfaces turned away get darker.
    shade = 1.0 - 0.25 * abs(sin_t) * np.clip((out_x - cx) * np.sign(-sin_t) / (photo.face[2] * 0.8), 0, 1)
    turned = cv2.remap(photo.image, src_x, out_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return np.asarray(np.clip(turned * shade[..., None], 0, 255), dtype=np.uint8)


def room(width: int, height: int, seed: int) -> Image:
    """A plain waiting-room wall with a door frame and some texture."""
    rng = np.random.default_rng(seed)
    ys = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None]
    wall = np.empty((height, width, 3), dtype=np.float32)
    wall[..., 0] = 170 + 25 * ys
    wall[..., 1] = 182 + 20 * ys
    wall[..., 2] = 190 + 10 * ys
    texture = cv2.GaussianBlur(rng.normal(0, 6, (height, width)).astype(np.float32), (0, 0), 3)
    wall += texture[..., None]
    door_left = int(width * 0.72)
    cv2.rectangle(wall, (door_left, int(height * 0.08)), (width - 10, height), (120, 135, 150), -1)
    cv2.rectangle(wall, (door_left, int(height * 0.08)), (width - 10, height), (80, 90, 100), 6)
    return np.asarray(np.clip(wall, 0, 255), dtype=np.uint8)


def _elliptic_mask(width: int, height: int, face: tuple[int, int, int, int]) -> FloatMap:
    x, y, w, h = face
    mask = np.zeros((height, width), dtype=np.float32)
    centre = (round(x + w / 2), round(y + h * 0.55))
    cv2.ellipse(mask, centre, (round(w * 0.72), round(h * 0.95)), 0, 0, 360, 1.0, -1)
    return np.asarray(cv2.GaussianBlur(mask, (0, 0), max(2.0, w * 0.05)), dtype=np.float32)


def paste_head(frame: Image, photo: FacePhoto, *, yaw_deg: float, centre: tuple[float, float],
               face_width: float, roll_deg: float = 0.0, eyes_closed: float = 0.0) -> None:
    """Draw a live person: the head cut out of the photo (soft edges), turned, scaled to `face_width` px, its
    upper lids lowered by `eyes_closed` (0 open .. 1 closed, a blink)."""
    if eyes_closed > 0.0:
        photo = dataclasses.replace(photo, image=close_eyes(photo.image, photo.eyes, eyes_closed))
    turned = turn_head(photo, yaw_deg)
    x, y, w, h = photo.face
    scale = face_width / w
    matrix = cv2.getRotationMatrix2D((x + w / 2.0, y + h / 2.0), roll_deg, scale)
    matrix[0, 2] += centre[0] - (x + w / 2.0)
    matrix[1, 2] += centre[1] - (y + h / 2.0)
    size = (frame.shape[1], frame.shape[0])
    warped = np.asarray(cv2.warpAffine(turned, matrix, size, flags=cv2.INTER_LINEAR), dtype=np.uint8)
    alpha = np.asarray(cv2.warpAffine(photo.mask, matrix, size, flags=cv2.INTER_LINEAR), dtype=np.float32)
    _blend(frame, warped, alpha)


def paste_flat(frame: Image, photo: FacePhoto, *, yaw_deg: float, pitch_deg: float, roll_deg: float,
               centre: tuple[float, float], face_width: float, phone: bool = False) -> None:
    """Draw a flat picture of a face (a print with a white margin, or a phone screen) held in front of the camera."""
    image = photo.image
    if phone:
        image = np.asarray(cv2.convertScaleAbs(image, alpha=0.9, beta=25), dtype=np.uint8)  # a screen's glow
        border, colour = 14, (20, 20, 20)
    else:
        border, colour = 12, (235, 235, 235)
    card = cv2.copyMakeBorder(image, border, border, border, border, cv2.BORDER_CONSTANT, value=colour)
    height, width = card.shape[:2]
    x, y, w, h = photo.face
    scale = face_width / w
    # The print's corners in 3-D (pixels, centred on the face), rotated, then projected with a pinhole.
    fx, fy = x + border + w / 2.0, y + border + h / 2.0
    corners = np.array([[-fx, -fy, 0], [width - fx, -fy, 0], [width - fx, height - fy, 0], [-fx, height - fy, 0]],
                       dtype=np.float64) * scale
    projected = pinhole(corners @ rotation(yaw_deg, pitch_deg, roll_deg).T, centre, focal=700.0)
    source = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    warp_onto(frame, np.asarray(card, dtype=np.uint8), source, projected)


def paste_folded(frame: Image, photo: FacePhoto, *, fold_deg: float, yaw_deg: float, pitch_deg: float,
                 roll_deg: float, centre: tuple[float, float], face_width: float) -> None:
    """A print folded down the nose (each half bent back `fold_deg`, the nose towards the camera), then turned.

    Each half is a plane, but together they have relief: turning it moves the nose against the eyes like a head.
    """
    border = 12
    card = cv2.copyMakeBorder(photo.image, border, border, border, border, cv2.BORDER_CONSTANT,
                              value=(235, 235, 235))
    height, width = card.shape[:2]
    x, y, w, h = photo.face
    scale = face_width / w
    fx, fy = x + border + w / 2.0, y + border + h / 2.0
    fold = math.radians(fold_deg)
    turned = rotation(yaw_deg, pitch_deg, roll_deg)
    for left, right in ((0.0, fx), (fx, float(width))):
        corners = np.array([[left - fx, -fy, 0], [right - fx, -fy, 0], [right - fx, height - fy, 0],
                            [left - fx, height - fy, 0]], dtype=np.float64) * scale
        bent = corners.copy()
        bent[:, 0] = corners[:, 0] * math.cos(fold)
        bent[:, 2] = np.abs(corners[:, 0]) * math.sin(fold)  # both halves recede from the fold line
        projected = pinhole(bent @ turned.T, centre, focal=700.0)
        half = np.ascontiguousarray(card[:, round(left):round(right)], dtype=np.uint8)
        half_h, half_w = half.shape[:2]
        source = np.array([[0, 0], [half_w, 0], [half_w, half_h], [0, half_h]], dtype=np.float32)
        warp_onto(frame, half, source, projected)


def pinhole(points: NDArray[np.float64], centre: tuple[float, float], *, focal: float) -> NDArray[np.float64]:
    """3-D points (pixels, the plane's middle at the origin) seen by a pinhole camera `focal` away, where one pixel
    of the plane is one pixel of the frame before it turns; projected around `centre` of the frame."""
    return np.stack([centre[0] + focal * points[:, 0] / (focal + points[:, 2]),
                     centre[1] + focal * points[:, 1] / (focal + points[:, 2])], axis=1)


def warp_onto(frame: Image, picture: Image, source: NDArray[np.float32], projected: NDArray[np.float64]) -> FloatMap:
    """Draw `picture` onto `frame` with its `source` corners at `projected`; returns where it covers the frame."""
    homography = cv2.getPerspectiveTransform(source, projected.astype(np.float32))
    size = (frame.shape[1], frame.shape[0])
    height, width = picture.shape[:2]
    warped = np.asarray(cv2.warpPerspective(picture, homography, size, flags=cv2.INTER_LINEAR), dtype=np.uint8)
    alpha = np.asarray(cv2.warpPerspective(np.ones((height, width), dtype=np.float32), homography, size),
                       dtype=np.float32)
    _blend(frame, warped, alpha)
    return alpha


def rotation(yaw_deg: float, pitch_deg: float, roll_deg: float) -> NDArray[np.float64]:
    """A plane turned by yaw (about the vertical), pitch (about the horizontal), then roll (in the image)."""
    yaw, pitch, roll = (math.radians(v) for v in (yaw_deg, pitch_deg, roll_deg))
    ry = np.array([[math.cos(yaw), 0, math.sin(yaw)], [0, 1, 0], [-math.sin(yaw), 0, math.cos(yaw)]])
    rx = np.array([[1, 0, 0], [0, math.cos(pitch), -math.sin(pitch)], [0, math.sin(pitch), math.cos(pitch)]])
    rz = np.array([[math.cos(roll), -math.sin(roll), 0], [math.sin(roll), math.cos(roll), 0], [0, 0, 1]])
    return np.asarray(rz @ ry @ rx, dtype=np.float64)


def _blend(frame: Image, layer: Image, alpha: FloatMap) -> None:
    a = alpha[..., None]
    frame[...] = np.asarray(layer * a + frame * (1.0 - a), dtype=np.uint8)


def camera_effects(frame: Image, *, gain: float, noise: NDArray[np.int16]) -> Image:
    """Exposure (lighting) and sensor noise."""
    lit = cv2.convertScaleAbs(frame, alpha=gain, beta=0)
    return np.asarray(np.clip(lit.astype(np.int16) + noise, 0, 255), dtype=np.uint8)
