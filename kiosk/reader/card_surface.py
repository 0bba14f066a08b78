"""照合番号B from the printed card front: find the card in a camera image, OCR three fields, check them, vote.

Tesseract (Debian `tesseract-ocr` + `tesseract-ocr-jpn`) runs as a child process fed a multi-page TIFF through its
stdin and read from its stdout: the card image never touches the disk, and nothing read is logged. Each field (the
birth-date line, the validity line, the security code) is cut from the rectified card and prepared five ways
(`PREPARATIONS`); every prepared crop is read and checked on its own (a real date in 和暦 or 西暦, born in the past, a
card valid from today for at most ten years, four digits). A field is believed only when at least three of its
readings pass their checks and agree, and at most one reading that passes says otherwise; the card's validity must
end after the birth date. Anything else raises `CardSurfaceUnreadableError`, and the caller falls back to the PIN --
a read is never retried on the card.
"""

from __future__ import annotations

import re
import shutil
import subprocess  # noqa: S404 - tesseract, a fixed argument list, no shell
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Protocol, TypeVar

import cv2
import numpy as np
from numpy.typing import NDArray

from kiosk.domain.wareki import ERA_YEAR_DIGITS, Era, birth_date_from_typed, era_by_printed_name

from .cardface import PrintedCardFace
from .errors import ReaderError

T = TypeVar("T")
Image = NDArray[np.uint8]
CARD_SIZE = (856, 540)  # the card rectified, ~10 px/mm (ID-1: 85.6 x 54.0 mm)
# Field boxes on the rectified card (x0, y0, x1, y1), each with a margin for an imperfect rectification: the
# birth-date line up to 「生」 (not 「性別」 beside it), the validity line, the security code.
FIELDS = {"birth": (24, 250, 404, 310), "validity": (24, 328, 432, 388), "code": (224, 420, 402, 488)}
MAX_VALIDITY_YEARS = 10
MIN_CARD_WIDTH_PX = 400  # below this the printed digits are a few pixels tall
MIN_CARD_CONTRAST = 30  # grey levels between the card and what lies around it
MIN_CARD_ASPECT, MAX_CARD_ASPECT = 1.3, 1.9  # ID-1 is 1.59 : 1; a tilted view stretches or squeezes it a little
AGREEING_READINGS = 3  # of the five views of a field, at least this many pass their checks and agree,
DISSENTING_READINGS = 1  # and at most this many pass and say something else
_ERA_NAMES = "|".join(era.printed_name for era in Era)
_DATE = re.compile(rf"(?:({_ERA_NAMES})(\d{{1,{ERA_YEAR_DIGITS}}}|元)|(\d{{4}}))年(\d{{1,2}})月(\d{{1,2}})日")
_MARGIN = 20  # white around a prepared crop: Tesseract reads a line badly when ink touches the edge


class CardSurfaceUnreadableError(ReaderError):
    """The card front could not be read with confidence; `reason` says which check failed (no card data)."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"card front unreadable: {reason}")
        self.reason = reason


class Script(Enum):
    """What a crop holds, and how Tesseract is told to read it (one line each, only the characters it may hold)."""

    JAPANESE_DATE = ("jpn", "0123456789年月日生元まで有効" + "".join(era.printed_name for era in Era))
    DIGITS = ("eng", "0123456789")

    @property
    def arguments(self) -> list[str]:
        language, characters = self.value
        return ["-l", language, "--psm", "7", "-c", f"tessedit_char_whitelist={characters}"]


@dataclass(frozen=True)
class Preparation:
    """One way to prepare a crop: binarised (Otsu) or grey, and enlarged by `scale`."""

    binarise: bool
    scale: float


# Five differently prepared views of every field: they fail on different images (a lone digit dropped from one
# view is read in the others), so three agreeing views rarely share a mistake. Chosen on rendered cards (seeds 0-1
# of benchmarks/card_surface.py, each view alone): the date lines read best at 1-2x, the code's 40 px digits
# binarised at or below their size (grey and enlarged they turned 7071 into 1071 in 20 of 210 reads).
PREPARATIONS = {
    Script.JAPANESE_DATE: (Preparation(binarise=False, scale=1.0), Preparation(binarise=False, scale=2.0),
                           Preparation(binarise=True, scale=1.5), Preparation(binarise=False, scale=1.5),
                           Preparation(binarise=True, scale=2.0)),
    Script.DIGITS: (Preparation(binarise=True, scale=1.0), Preparation(binarise=True, scale=0.75),
                    Preparation(binarise=False, scale=0.6), Preparation(binarise=True, scale=0.6),
                    Preparation(binarise=False, scale=1.0)),
}


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
    if not 0.05 * gray.size <= cv2.contourArea(largest) <= 0.95 * gray.size:
        return None
    inside = np.zeros_like(mask)
    cv2.drawContours(inside, [largest], -1, 255, cv2.FILLED)
    if cv2.mean(blurred, mask=inside)[0] - cv2.mean(blurred, mask=255 - inside)[0] < MIN_CARD_CONTRAST:
        return None  # no light card on a dark tray: noise, or an empty tray split in two by the threshold
    hull = cv2.convexHull(largest)
    approx = cv2.approxPolyDP(hull, 0.02 * cv2.arcLength(hull, True), True)
    corners = approx.reshape(-1, 2).astype(np.float32) if len(approx) == 4 else cv2.boxPoints(cv2.minAreaRect(hull))
    ordered = _order(np.asarray(corners, dtype=np.float32))
    if np.linalg.norm(ordered[1] - ordered[0]) < np.linalg.norm(ordered[3] - ordered[0]):
        ordered = np.roll(ordered, -1, axis=0)  # the card lies portrait in the image: its long side comes first
    long_side = float(np.linalg.norm(ordered[1] - ordered[0]) + np.linalg.norm(ordered[2] - ordered[3])) / 2
    short_side = float(np.linalg.norm(ordered[3] - ordered[0]) + np.linalg.norm(ordered[2] - ordered[1])) / 2
    if long_side < MIN_CARD_WIDTH_PX or not MIN_CARD_ASPECT <= long_side / max(short_side, 1.0) <= MAX_CARD_ASPECT:
        return None  # too small to read, or not the shape of a card seen from above
    width, height = CARD_SIZE
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], dtype=np.float32)
    return np.asarray(cv2.warpPerspective(image, cv2.getPerspectiveTransform(ordered, target), CARD_SIZE),
                      dtype=np.uint8)


def prepare(card: Image, box: tuple[int, int, int, int], preparation: Preparation) -> Image:
    """A field cut from the rectified card, its lighting evened out (glare, dim light), as black ink on white."""
    x0, y0, x1, y1 = box
    gray = cv2.cvtColor(card[y0:y1, x0:x1], cv2.COLOR_BGR2GRAY).astype(np.float32)
    # The paper's own brightness around each point (ink removed by a max filter): dividing by it flattens a glare
    # spot or a dim corner, so one threshold suits the whole crop.
    paper = cv2.GaussianBlur(cv2.dilate(gray, np.ones((15, 15), np.uint8)), (0, 0), 5)
    flat = np.clip(gray / np.maximum(paper, 1.0) * 255.0, 0, 255)
    low, high = float(flat.min()), float(flat.max())
    flat = np.asarray((flat - low) * (255.0 / max(1.0, high - low)), dtype=np.uint8)
    if preparation.binarise:
        flat = np.asarray(cv2.threshold(flat, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1], dtype=np.uint8)
    if preparation.scale != 1.0:
        flat = np.asarray(cv2.resize(flat, None, fx=preparation.scale, fy=preparation.scale,
                                     interpolation=cv2.INTER_CUBIC), dtype=np.uint8)
    return np.asarray(cv2.copyMakeBorder(flat, _MARGIN, _MARGIN, _MARGIN, _MARGIN, cv2.BORDER_CONSTANT, value=255),
                      dtype=np.uint8)


def tesseract(pages: Sequence[Image], script: Script, *, timeout_s: float = 5.0) -> list[str]:
    """Tesseract's text of each page, through pipes only (one multi-page TIFF in, one text per page out).

    `timeout_s` keeps a whole card read (up to 3 s of camera, then OCR) inside the flow's 15 s for reading a card;
    a read takes 0.5-1.2 s on the 2-core machine under load."""
    program = shutil.which("tesseract")
    if program is None:
        raise CardSurfaceUnreadableError("tesseract is not installed")
    ok, tiff = cv2.imencodemulti(".tiff", list(pages))
    if not ok:
        raise CardSurfaceUnreadableError("image not encodable")
    try:
        done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [program, "stdin", "stdout", "--oem", "1", *script.arguments],
            input=tiff.tobytes(), capture_output=True, timeout=timeout_s, check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise CardSurfaceUnreadableError("tesseract took too long") from error
    texts = done.stdout.decode("utf-8", errors="replace").split("\f")
    if done.returncode != 0 or len(texts) < len(pages):
        raise CardSurfaceUnreadableError("tesseract failed")
    return texts[:len(pages)]


def _dated(text: str, marker: str, *, marker_may_fade: bool = False) -> date | None:
    """The one date in `text` followed by `marker` (生, まで有効), if it is a real day (和暦 within its era).

    `marker_may_fade`: a date that ends the text counts too (a glare spot can wash out the 生 after the birth date;
    the birth date's own range, before today, still tells it from the validity date, which is today or later)."""
    compact = "".join(text.split())
    found = [match for match in _DATE.finditer(compact) if compact[match.end():].startswith(marker)
             or (marker_may_fade and match.end() == len(compact))]
    if len(found) != 1:
        return None
    era_name, era_year, western_year, month, day = found[0].groups()
    era = era_by_printed_name(era_name) if era_name else None
    year = western_year or ("1" if era_year == "元" else era_year)
    return birth_date_from_typed(era, year, month, day)


def birth_date(text: str, today: date) -> date | None:
    """The birth date of a 「…年…月…日生」 line, when it is a day in the past 120 years."""
    born = _dated(text, "生", marker_may_fade=True)
    return born if born is not None and date(today.year - 120, 1, 1) <= born < today else None


def card_expiry(text: str, today: date) -> date | None:
    """The last valid day of a 「…年…月…日まで有効」 line, when the card is valid today and for at most ten years."""
    until = _dated(text, "まで有効")
    limit = date(today.year + MAX_VALIDITY_YEARS, 12, 31)
    return until if until is not None and today <= until <= limit else None


def security_code(text: str) -> str | None:
    """Exactly four digits and nothing else."""
    compact = "".join(text.split())
    return compact if len(compact) == 4 and compact.isascii() and compact.isdigit() else None


@dataclass(frozen=True)
class FieldReadings:
    """Each field as every prepared view of it read (None: that reading failed the field's check)."""

    birth_dates: Sequence[date | None]
    card_expiries: Sequence[date | None]
    security_codes: Sequence[str | None]


def _agreed(readings: Sequence[T | None], field: str) -> T:
    """The value at least `AGREEING_READINGS` checked readings give, when at most `DISSENTING_READINGS` checked
    readings give another."""
    counts = Counter(reading for reading in readings if reading is not None).most_common()
    if sum(count for _value, count in counts[1:]) > DISSENTING_READINGS:
        raise CardSurfaceUnreadableError(f"the readings of the {field} disagree")
    if not counts or counts[0][1] < AGREEING_READINGS:
        raise CardSurfaceUnreadableError(field)
    return counts[0][0]


def decide(readings: FieldReadings) -> PrintedCardFace:
    """The printed face the readings agree on.

    Raises:
        CardSurfaceUnreadableError: a field without enough agreeing readings or with more than one dissenting,
            or a card valid only until before its holder was born.
    """
    born = _agreed(readings.birth_dates, "birth date")
    until = _agreed(readings.card_expiries, "validity date")
    code = _agreed(readings.security_codes, "security code")
    if until <= born:
        raise CardSurfaceUnreadableError("validity date")
    return PrintedCardFace(born, until, code)


def read_fields(card: Image, today: date, ocr: Callable[[Sequence[Image], Script], list[str]]) -> FieldReadings:
    """Every field of the rectified card in every preparation: one Japanese and one digits OCR run, side by side."""
    date_pages = [prepare(card, FIELDS[name], way) for way in PREPARATIONS[Script.JAPANESE_DATE]
                  for name in ("birth", "validity")]
    code_pages = [prepare(card, FIELDS["code"], way) for way in PREPARATIONS[Script.DIGITS]]
    with ThreadPoolExecutor(max_workers=2) as pool:  # two child processes: the two cores both work
        dates_done = pool.submit(ocr, date_pages, Script.JAPANESE_DATE)
        codes_done = pool.submit(ocr, code_pages, Script.DIGITS)
        date_texts, code_texts = dates_done.result(), codes_done.result()
    return FieldReadings(birth_dates=[birth_date(text, today) for text in date_texts[0::2]],
                         card_expiries=[card_expiry(text, today) for text in date_texts[1::2]],
                         security_codes=[security_code(text) for text in code_texts])


@dataclass(frozen=True)
class CardSurfaceOcr:
    """A `CardSurfaceScanner` over a camera: `capture()` gives one still of the card (None: none could be taken)."""

    capture: Callable[[], Image | None]
    today: Callable[[], date] = date.today
    ocr: Callable[[Sequence[Image], Script], list[str]] = tesseract

    def scan(self) -> PrintedCardFace:
        """One read of the card front: every field read three ways, checked, and agreed on.

        Raises:
            CardSurfaceUnreadableError: no card, a failed check, or readings that disagree. Never retried here.
        """
        image = self.capture()
        if image is None:
            raise CardSurfaceUnreadableError("no image")
        card = find_card(image)
        del image
        if card is None:
            raise CardSurfaceUnreadableError("no card found")
        return decide(read_fields(card, self.today(), self.ocr))


class StillCamera(Protocol):
    """A camera frames are taken from (the kiosk's OpenCV frame source): BGR frames, None when there is none."""

    def read(self) -> Image | None: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class CardCameraCapture:
    """`CardSurfaceOcr.capture` over a real camera: opened for one scan, then closed.

    The first `settle_frames` are dropped (exposure and focus settle), then up to `max_frames` are looked at within
    `timeout_s`; the sharpest in which a card is found is kept, in memory only. None when no frame shows a card.
    `open_camera` raises `CardSurfaceUnreadableError` when the camera cannot be opened."""

    open_camera: Callable[[], StillCamera]
    max_frames: int = 12
    settle_frames: int = 3
    timeout_s: float = 3.0
    clock: Callable[[], float] = time.monotonic

    def __call__(self) -> Image | None:
        camera = self.open_camera()
        best: Image | None = None
        best_sharpness = -1.0
        try:
            deadline = self.clock() + self.timeout_s
            for index in range(self.settle_frames + self.max_frames):
                frame = camera.read()
                if frame is None or self.clock() > deadline:
                    break
                if index < self.settle_frames:
                    continue
                card = find_card(frame)
                if card is not None:
                    sharpness = float(cv2.Laplacian(cv2.cvtColor(card, cv2.COLOR_BGR2GRAY), cv2.CV_64F).var())
                    if sharpness > best_sharpness:
                        best, best_sharpness = frame, sharpness
        finally:
            camera.close()
        return best
