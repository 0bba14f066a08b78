"""照合番号B from the printed card front: find the card in a camera image, OCR three fields, check them.

Tesseract (Debian `tesseract-ocr` + `tesseract-ocr-jpn`) runs as a child process fed through its stdin and read
from its stdout: the card image never touches the disk, and nothing read is logged. A read is returned only when
every field passes its own checks (a real date in 和暦 or 西暦, born in the past, a card valid from today for at most
ten years and after the birth date, four digits) and two differently prepared OCR passes agree; anything else
raises `CardSurfaceUnreadableError`, and the caller falls back to the PIN -- a read is never retried on the card.
"""

from __future__ import annotations

import re
import shutil
import subprocess  # noqa: S404 - tesseract, a fixed argument list, no shell
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import cv2
import numpy as np
from numpy.typing import NDArray

from .cardface import PrintedCardFace
from .errors import ReaderError

Image = NDArray[np.uint8]
CARD_SIZE = (856, 540)  # the card rectified, ~10 px/mm (ID-1: 85.6 x 54.0 mm)
# Field boxes on the rectified card (x0, y0, x1, y1): the birth-date line, the validity line, the security code.
FIELDS = {"birth": (20, 246, 580, 314), "expiry": (20, 326, 580, 392), "code": (220, 418, 420, 492)}
ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925, "大正": 1911, "明治": 1867}  # year 1 of the era minus one
MAX_VALIDITY_YEARS = 10
_DATE = re.compile(r"(令和|平成|昭和|大正|明治)?\s*(\d{1,4}|元)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


class CardSurfaceUnreadableError(ReaderError):
    """The card front could not be read with confidence; `reason` says which check failed (no card data)."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"card front unreadable: {reason}")
        self.reason = reason


def _order(corners: NDArray[np.float32]) -> NDArray[np.float32]:
    """Top-left, top-right, bottom-right, bottom-left."""
    by_sum = corners.sum(axis=1)
    by_diff = np.diff(corners, axis=1).ravel()
    return np.array([corners[np.argmin(by_sum)], corners[np.argmin(by_diff)], corners[np.argmax(by_sum)],
                     corners[np.argmax(by_diff)]], dtype=np.float32)


def find_card(image: Image) -> Image | None:
    """The card rectified to `CARD_SIZE` (the largest bright four-cornered shape), or None."""
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    blurred = cv2.GaussianBlur(gray, (5, 5), 0)
    _, mask = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    largest = max(contours, key=cv2.contourArea)
    if cv2.contourArea(largest) < 0.05 * gray.size:
        return None
    hull = cv2.convexHull(largest)
    approx = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
    corners = approx.reshape(-1, 2).astype(np.float32) if len(approx) == 4 else cv2.boxPoints(cv2.minAreaRect(hull))
    ordered = _order(np.asarray(corners, dtype=np.float32))
    if np.linalg.norm(ordered[1] - ordered[0]) < np.linalg.norm(ordered[3] - ordered[0]):
        ordered = np.roll(ordered, -1, axis=0)  # the card lies portrait in the image: its long side comes first
    width, height = CARD_SIZE
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    return np.asarray(cv2.warpPerspective(image, cv2.getPerspectiveTransform(ordered, target), CARD_SIZE),
                      dtype=np.uint8)


def _prepare(card: Image, box: tuple[int, int, int, int], binarise: bool, *, local: bool = False) -> Image:
    x0, y0, x1, y1 = box
    gray = cv2.cvtColor(card[y0:y1, x0:x1], cv2.COLOR_BGR2GRAY)
    if local:  # a glare spot washes out part of the short code field: local contrast brings it back
        gray = cv2.createCLAHE(clipLimit=3.0, tileGridSize=(2, 4)).apply(gray)
    else:
        low, high = float(gray.min()), float(gray.max())
        gray = cv2.convertScaleAbs(gray, alpha=255.0 / max(1.0, high - low), beta=-low * 255.0 / max(1.0, high - low))
    if binarise:
        gray = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, 31, 15)
    padded = np.full((gray.shape[0] + 24, 620), 255, dtype=np.uint8)
    padded[12:12 + gray.shape[0], 10:10 + gray.shape[1]] = gray
    return padded


def _strips(card: Image, binarise: bool) -> tuple[Image, Image]:
    """The two date lines stacked (one Japanese OCR run), and the security code alone (a digits-only run).

    The binarised pass sees the code with local contrast (CLAHE), the other with a global stretch: two different
    views of the field must agree before its digits are believed."""
    dates = np.vstack([_prepare(card, FIELDS[name], binarise) for name in ("birth", "expiry")])
    return np.asarray(dates, dtype=np.uint8), _prepare(card, FIELDS["code"], binarise, local=binarise)


def tesseract(image: Image, *, digits: bool = False, timeout_s: float = 10.0) -> str:
    """Tesseract's text of `image` through pipes only: Japanese lines, or (`digits`) one line of digits."""
    program = shutil.which("tesseract")
    if program is None:
        raise CardSurfaceUnreadableError("tesseract is not installed")
    ok, png = cv2.imencode(".png", image)
    if not ok:
        raise CardSurfaceUnreadableError("image not encodable")
    mode = ["-l", "eng", "--psm", "7", "-c", "tessedit_char_whitelist=0123456789"] if digits else [
        "-l", "jpn", "--psm", "6"]
    done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [program, "stdin", "stdout", "--oem", "1", *mode],
        input=png.tobytes(), capture_output=True, timeout=timeout_s, check=False,
    )
    if done.returncode != 0:
        raise CardSurfaceUnreadableError("tesseract failed")
    return done.stdout.decode("utf-8", errors="replace")


def _date(match: re.Match[str]) -> date | None:
    era, year_text, month, day = match.groups()
    year = 1 if year_text == "元" else int(year_text)
    if era is not None:
        if year > 64:
            return None
        year += ERAS[era]
    try:
        return date(year, int(month), int(day))
    except ValueError:
        return None


def parse_fields(text: str, today: date) -> PrintedCardFace:
    """The printed fields from OCR text, each checked on its own.

    Raises:
        CardSurfaceUnreadableError: a field is missing or fails its check.
    """
    compact = text.replace(" ", "").replace("\u3000", "")
    dates = [_date(m) for m in _DATE.finditer(compact)]
    birth = next((d for m, d in zip(_DATE.finditer(compact), dates, strict=True)
                  if d is not None and compact[m.end():m.end() + 1] == "生"), None)
    expiry = next((d for m, d in zip(_DATE.finditer(compact), dates, strict=True)
                   if d is not None and "有効" in compact[m.end():m.end() + 4]), None)
    codes = re.findall(r"(?<!\d)(\d{4})(?!\d)", compact.split("有効")[-1]) if "有効" in compact else []
    if birth is None or not date(today.year - 120, 1, 1) <= birth < today:
        raise CardSurfaceUnreadableError("birth date")
    if expiry is None or not today <= expiry <= date(today.year + MAX_VALIDITY_YEARS, 12, 31) or expiry <= birth:
        raise CardSurfaceUnreadableError("validity date")
    if len(codes) != 1:
        raise CardSurfaceUnreadableError("security code")
    return PrintedCardFace(birth, expiry, codes[0])


@dataclass(frozen=True)
class CardSurfaceOcr:
    """A `CardSurfaceScanner` over a document camera: `capture()` gives one still of the card tray."""

    capture: Callable[[], Image | None]
    today: Callable[[], date] = date.today
    ocr: Callable[..., str] = tesseract  # (image, digits=bool) -> text

    def scan(self) -> PrintedCardFace:
        """One read of the card front: two OCR passes that must agree, every field checked.

        Raises:
            CardSurfaceUnreadableError: no card, a failed check, or the passes disagree. Never retried here.
        """
        image = self.capture()
        if image is None:
            raise CardSurfaceUnreadableError("no image")
        card = find_card(image)
        del image
        if card is None:
            raise CardSurfaceUnreadableError("no card found")
        first, second = (parse_fields(self._read(card, binarise), self.today()) for binarise in (False, True))
        if first != second:
            raise CardSurfaceUnreadableError("the two readings disagree")
        return first

    def _read(self, card: Image, binarise: bool) -> str:
        dates, code = _strips(card, binarise)
        return f"{self.ocr(dates, digits=False)}\n{self.ocr(code, digits=True)}"
