"""The chip's face photo (JPEG 2000) decoded in memory: never a byte of it on disk.

OpenCV's `imdecode` hands JPEG 2000 to its codec through a temporary file (`/tmp/__opencv_temp.XXXXXX`, the whole
photo, then unlinked). Pillow's OpenJPEG plugin reads from a byte buffer. The photo is decoded here, and handed on
as PNG bytes, which every later decoder (the face matcher's OpenCV included) reads in memory.
"""

from __future__ import annotations

import io

import numpy as np
import numpy.typing as npt
from PIL import Image

MAX_PIXELS = 4_000_000  # a chip photo is a few hundred pixels a side; anything far larger is not one


class PhotoDecodeError(ValueError):
    """The bytes are not a decodable image of a sensible size."""


def _open(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data), formats=("JPEG2000", "PNG", "JPEG"))
        if image.width * image.height > MAX_PIXELS:
            raise PhotoDecodeError(f"{image.width}x{image.height} is too large for a chip photo")
        image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise PhotoDecodeError(type(error).__name__) from error
    return image


def decode_bgr(data: bytes) -> npt.NDArray[np.uint8]:
    """The photo as an OpenCV-style BGR array (H x W x 3, uint8).

    Raises:
        PhotoDecodeError: not an image this kiosk can decode.
    """
    rgb = np.asarray(_open(data).convert("RGB"), dtype=np.uint8)
    return np.ascontiguousarray(rgb[:, :, ::-1])


def as_png(data: bytes) -> bytes:
    """The same photo, losslessly, as PNG bytes.

    Raises:
        PhotoDecodeError: not an image this kiosk can decode.
    """
    buffer = io.BytesIO()
    _open(data).save(buffer, format="PNG")
    return buffer.getvalue()
