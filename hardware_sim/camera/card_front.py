"""The printed front of a persona's My Number card, as a document camera (or the face camera) sees it.

Layout (card 856 x 540 px at ~10 px/mm): name, address, birth date (和暦 or 西暦, chosen per persona), sex, the
validity line 「YYYY年 M月 D日まで有効」, the 4-digit security code, the photo. Then the camera: the card lying at an
angle on a tray (perspective), defocus blur, a specular glare spot, noise and exposure.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image as PilImage
from PIL import ImageDraw, ImageFont

from hardware_sim.personas import Persona
from kiosk.domain.wareki import era_of

from .render import pinhole, rotation, warp_onto

Image = NDArray[np.uint8]
CARD_SIZE = (856, 540)
FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")  # Debian fonts-noto-cjk


@dataclass(frozen=True)
class CameraView:
    """How the camera sees the card: tilt and turn in degrees, blur sigma in px, glare strength 0..1, gain."""

    name: str
    yaw_deg: float = 0.0
    pitch_deg: float = 0.0
    roll_deg: float = 0.0
    blur: float = 0.0
    glare: float = 0.0
    gain: float = 1.0
    scale: float = 0.8  # the card's width as a share of the frame's


VIEWS = (
    CameraView("flat"),
    CameraView("tilted", yaw_deg=12.0, pitch_deg=-10.0, roll_deg=4.0),
    CameraView("rotated", roll_deg=-9.0, scale=0.75),
    CameraView("blurred", blur=1.3, roll_deg=2.0),
    CameraView("glare", glare=0.8, yaw_deg=-6.0),
    CameraView("dim", gain=0.55, pitch_deg=8.0),
    CameraView("far", scale=0.6, roll_deg=3.0),
)


def japanese_era(day: date) -> str:
    """The date in 和暦, as printed: 「昭和60年 3月 2日」 (元年 for an era's first year)."""
    era = era_of(day)
    if era is None:
        return f"{day.year}年{day.month:2d}月{day.day:2d}日"
    name, year = era[0].printed_name, era[1]
    return f"{name}{'元' if year == 1 else year}年{day.month:2d}月{day.day:2d}日"


def birth_line(persona: Persona) -> str:
    """Half the personas (by key) have their birth date printed in 和暦, the others in 西暦."""
    wareki = sum(persona.key.encode()) % 2 == 0
    day = persona.birth_date
    text = japanese_era(day) if wareki else f"{day.year}年{day.month:2d}月{day.day:2d}日"
    return f"{text}生"


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT), size)


def card_front(persona: Persona) -> Image:
    """The card as printed (BGR), before any camera."""
    width, height = CARD_SIZE
    canvas = PilImage.new("RGB", (width, height), (246, 240, 242))
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((0, 0, width - 1, height - 1), outline=(200, 170, 180), width=6)
    draw.text((36, 28), "個人番号カード", font=_font(30), fill=(150, 60, 90))
    draw.text((36, 84), "氏名", font=_font(22), fill=(90, 90, 90))
    draw.text((110, 78), persona.name, font=_font(34), fill=(20, 20, 20))
    draw.text((36, 150), "住所", font=_font(22), fill=(90, 90, 90))
    draw.text((110, 146), persona.address[:22], font=_font(26), fill=(20, 20, 20))
    draw.text((110, 182), persona.address[22:44], font=_font(26), fill=(20, 20, 20))
    draw.text((36, 262), birth_line(persona), font=_font(30), fill=(20, 20, 20))
    draw.text((420, 262), "性別 " + ("男" if persona.sex.value == 1 else "女"), font=_font(30), fill=(20, 20, 20))
    expiry = persona.card_expiry
    draw.text((36, 340), f"{expiry.year}年{expiry.month:2d}月{expiry.day:2d}日まで有効", font=_font(30),
              fill=(20, 20, 20))
    draw.text((36, 440), "セキュリティコード", font=_font(20), fill=(90, 90, 90))
    draw.text((240, 428), persona.security_code, font=_font(40), fill=(20, 20, 20))
    photo = np.asarray(canvas)[:, :, ::-1].copy()
    if persona.card_photo_path is not None:
        face = cv2.imread(str(persona.card_photo_path), cv2.IMREAD_COLOR)
        if face is not None:
            photo[120:470, 600:820] = cv2.resize(face, (220, 350), interpolation=cv2.INTER_AREA)
    return np.asarray(photo, dtype=np.uint8)


def photograph(card: Image, view: CameraView, *, size: tuple[int, int] = (1280, 960), seed: int = 0) -> Image:
    """The card on a dark tray through a camera: perspective, blur, glare, exposure and sensor noise."""
    rng = np.random.default_rng(seed)
    out_w, out_h = size
    frame = np.full((out_h, out_w, 3), 52, dtype=np.uint8)
    frame = np.asarray(np.clip(frame + rng.normal(0, 6, frame.shape), 0, 255), dtype=np.uint8)
    height, width = card.shape[:2]
    scale = view.scale * out_w / width
    corners = np.array([[-width / 2, -height / 2, 0], [width / 2, -height / 2, 0], [width / 2, height / 2, 0],
                        [-width / 2, height / 2, 0]], dtype=np.float64) * scale
    shift = rng.uniform(-0.04, 0.04, 2) * (out_w, out_h)
    projected = pinhole(corners @ rotation(view.yaw_deg, view.pitch_deg, view.roll_deg).T,
                        (out_w / 2 + shift[0], out_h / 2 + shift[1]), focal=1.6 * out_w)
    source = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    inside = warp_onto(frame, card, source, projected)[..., None]
    image = frame.astype(np.float64)
    if view.glare > 0:
        gx, gy = rng.uniform(0.3, 0.7) * out_w, rng.uniform(0.3, 0.7) * out_h
        xs, ys = np.meshgrid(np.arange(out_w), np.arange(out_h))
        spot = np.exp(-(((xs - gx) / (0.12 * out_w)) ** 2 + ((ys - gy) / (0.08 * out_h)) ** 2))
        image = image + (255.0 - image) * (view.glare * spot)[..., None] * inside
    if view.blur > 0:
        image = cv2.GaussianBlur(image, (0, 0), view.blur)
    image = image * view.gain + rng.normal(0, 3.0, image.shape)
    return np.asarray(np.clip(image, 0, 255), dtype=np.uint8)
