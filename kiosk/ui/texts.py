"""Words for the flow's notices, states and face prompts, written as the voice says them: all from one table
(`kiosk.speech.words`), shown in the screen's language."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from kiosk.flow import Notice, State
from kiosk.speech import words
from kiosk.speech.words import Phrase

from .language import current_language

GOOD_NEWS = frozenset({Notice.IDENTITY_CONFIRMED})


def written(phrase: Phrase) -> str:
    """A phrase of the words table as the screen shows it, in the screen's language."""
    return phrase.written(current_language())


def state_words(state: State) -> str:
    """The instruction of the screen of `state` (what its spoken prompt says too)."""
    return written(words.STATES[state])


def notice_text(notice: Notice | None) -> str | None:
    """A hint for the current screen; PIN_WRONG is shown by the PIN screen itself."""
    if notice is None or notice is Notice.PIN_WRONG:
        return None
    return written(words.NOTICES[notice])


def format_date(day: date) -> str:
    """A date as people write it: 2026年3月31日 in Japanese, 2026-03-31 in English."""
    pattern = QCoreApplication.translate("Date", "{year}年{month}月{day}日")
    return pattern.format(year=day.year, month=day.month, day=day.day, mm=f"{day.month:02d}", dd=f"{day.day:02d}")
