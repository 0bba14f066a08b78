"""和暦: the Japanese era names many elderly patients write their birth date in (昭和25年), and their 西暦 years.

A typed year is kept as text: digits for 西暦 ("1950"), or the era's letter and its year ("S25" for 昭和25年), so a
half-typed date survives a restart with its era.
"""

from __future__ import annotations

from datetime import date
from enum import Enum


class Era(Enum):
    """The eras a living patient may be born in: (letter, first day, name as printed)."""

    TAISHO = ("T", date(1912, 7, 30), "大正")
    SHOWA = ("S", date(1926, 12, 25), "昭和")
    HEISEI = ("H", date(1989, 1, 8), "平成")
    REIWA = ("R", date(2019, 5, 1), "令和")

    @property
    def letter(self) -> str:
        return self.value[0]

    @property
    def first_day(self) -> date:
        return self.value[1]

    @property
    def printed_name(self) -> str:
        """The era's name as documents print it (昭和)."""
        return self.value[2]

    def western_year(self, year: int) -> int:
        """元年 is 1: 昭和25年 → 1950."""
        return self.first_day.year + year - 1


ERA_YEAR_DIGITS = 2  # no era of a living person passes its 99th year (昭和 ended in its 64th)
_BY_LETTER = {era.letter: era for era in Era}
_BY_PRINTED_NAME = {era.printed_name: era for era in Era}


def era_by_printed_name(name: str) -> Era | None:
    """昭和 → SHOWA; None for a name that is not an era of a living patient."""
    return _BY_PRINTED_NAME.get(name)


def era_of(day: date) -> tuple[Era, int] | None:
    """The era and its year a day falls in (1989-01-08 → (HEISEI, 1)); None before the first era here."""
    eras = [era for era in Era if era.first_day <= day]
    if not eras:
        return None
    era = max(eras, key=lambda candidate: candidate.first_day)
    return era, day.year - era.first_day.year + 1


def split_typed_year(text: str) -> tuple[Era | None, str]:
    """("S25") → (SHOWA, "25"); ("1950") → (None, "1950"); anything else is kept to its digits."""
    era = _BY_LETTER.get(text[:1]) if text else None
    digits = text[1:] if era is not None else text
    return era, "".join(c for c in digits if c.isascii() and c.isdigit())


def join_typed_year(era: Era | None, digits: str) -> str:
    return f"{era.letter}{digits}" if era is not None else digits


def birth_date_from_typed(era: Era | None, year: str, month: str, day: str) -> date | None:
    """The day the three boxes name, or None while they name none (also a 和暦 date outside its era, 昭和65年)."""
    if not (year and month and day) or (era is None and len(year) != 4):
        return None
    try:
        western = era.western_year(int(year)) if era is not None else int(year)
        born = date(western, int(month), int(day))
    except ValueError:
        return None
    if era is not None:
        following = [other.first_day for other in Era if other.first_day > era.first_day]
        if born < era.first_day or (following and born >= min(following)):
            return None
    return born
