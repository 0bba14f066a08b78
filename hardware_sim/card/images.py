"""Card-face images (name, address, security code) rendered as PNG, like the issuer's scans."""

from __future__ import annotations

import functools
import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

_FONT_CANDIDATES = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
)
_FONT_SIZE = 28
_PADDING = 8


@functools.cache
def _font() -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for candidate in _FONT_CANDIDATES:
        if candidate.exists():
            return ImageFont.truetype(str(candidate), _FONT_SIZE)
    # Without a CJK font, Japanese renders as boxes; the image is still a valid PNG of the right shape.
    return ImageFont.load_default(_FONT_SIZE)


@functools.cache
def text_png(text: str) -> bytes:
    """A black-on-white PNG of one line of text."""
    font = _font()
    left, top, right, bottom = ImageDraw.Draw(Image.new("L", (1, 1))).textbbox((0, 0), text or " ", font=font)
    size = (int(right - left) + 2 * _PADDING, int(bottom - top) + 2 * _PADDING)
    image = Image.new("L", size, 255)
    ImageDraw.Draw(image).text((_PADDING - left, _PADDING - top), text, fill=0, font=font)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()
