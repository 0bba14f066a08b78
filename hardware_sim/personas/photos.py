"""The face photo as the chip stores it: small, monochrome, JPEG 2000."""

from __future__ import annotations

import functools
from pathlib import Path

import cv2
import numpy as np

CARD_PHOTO_LONG_SIDE = 320
# OpenCV's JPEG 2000 rate in thousandths; 60 keeps a 240x320 grey photo near 10 KB, like a real chip photo.
_JP2_COMPRESSION_X1000 = 60


class PhotoError(ValueError):
    """A persona photo could not be read or encoded."""


@functools.cache
def card_photo_jp2(photo_path: Path) -> bytes:
    """Encode a colour photo the way the issuer writes it to the card-face AP (DF27)."""
    image = cv2.imread(str(photo_path), cv2.IMREAD_GRAYSCALE)
    if image is None:
        raise PhotoError(f"cannot read photo {photo_path}")
    height, width = image.shape[:2]
    scale = CARD_PHOTO_LONG_SIDE / max(height, width)
    resized = cv2.resize(image, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)
    ok, encoded = cv2.imencode(".jp2", resized, [cv2.IMWRITE_JPEG2000_COMPRESSION_X1000, _JP2_COMPRESSION_X1000])
    if not ok:
        raise PhotoError(f"cannot encode {photo_path} as JPEG 2000")
    return bytes(np.asarray(encoded).tobytes())
