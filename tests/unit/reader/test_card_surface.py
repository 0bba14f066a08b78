"""照合番号B from the printed card front: rendered cards read back, and every field's own check refuses bad reads."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from datetime import date

import pytest

from hardware_sim.camera.card_front import VIEWS, birth_line, card_front, japanese_era, photograph
from hardware_sim.personas import all_personas, get_persona
from kiosk.reader.card_surface import (
    CardSurfaceOcr,
    CardSurfaceUnreadableError,
    FieldReadings,
    Image,
    Script,
    birth_date,
    card_expiry,
    decide,
    security_code,
)

TODAY = date(2026, 12, 1)
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr is not installed")


def test_dates_in_wareki_and_seireki_give_the_same_day() -> None:
    assert birth_date(f"{japanese_era(date(1985, 3, 2))}生", TODAY) == date(1985, 3, 2)
    assert birth_date("昭和60年 3月 2日生", TODAY) == birth_date("1985年 3月 2日生", TODAY) == date(1985, 3, 2)
    assert birth_date("平成元年 1月 8日生", TODAY) == date(1989, 1, 8)
    assert birth_date("平成7年 4月 1日", TODAY) == date(1995, 4, 1)  # the 生 washed out by glare: still the line's date
    assert card_expiry("2031年 3月 2日まで有効", TODAY) == date(2031, 3, 2)
    assert security_code("4821\n") == "4821"


@pytest.mark.parametrize(("line", "why"), [
    ("1985年 2月30日生", "no such day"),
    ("2027年 3月 2日生", "not born yet"),
    ("昭和65年 1月 1日生", "昭和 ended in its 64th year"),
    ("平成元年 1月 7日生", "the day before 平成 began"),
    ("明治45年 1月 1日生", "no era of a living patient"),
    ("1985年 3月 2日まで有効", "a validity line, not a birth date"),
    ("1985年 3月 2日性別男", "followed by something else than 生"),
    ("85年 3月 2日生", "a western year of two digits"),
    ("1985年 3月 2日生 1986年 3月 2日生", "two birth dates"),
])
def test_a_birth_line_failing_its_checks_reads_as_nothing(line: str, why: str) -> None:
    assert birth_date(line, TODAY) is None, why


@pytest.mark.parametrize(("line", "why"), [
    ("2051年 3月 2日まで有効", "beyond ten years"),
    ("2020年 3月 2日まで有効", "expired"),
    ("2031年 3月 2日", "no まで有効"),
])
def test_a_validity_line_failing_its_checks_reads_as_nothing(line: str, why: str) -> None:
    assert card_expiry(line, TODAY) is None, why


@pytest.mark.parametrize("text", ["482", "48211", "4821 1234", "48a1", "４８２１"])
def test_a_security_code_is_four_ascii_digits_and_nothing_else(text: str) -> None:
    assert security_code(text) is None


BORN, UNTIL = date(1985, 3, 2), date(2031, 3, 2)


OTHER_DAY = date(1985, 3, 1)


@pytest.mark.parametrize(("readings", "reason"), [
    (FieldReadings([BORN, BORN, None, None, None], [UNTIL] * 5, ["4821"] * 5), "birth date"),  # two are not enough
    (FieldReadings([BORN] * 5, [UNTIL, None, UNTIL, None, None], ["4821"] * 5), "validity date"),
    (FieldReadings([BORN] * 5, [UNTIL] * 5, [None, None, "4821", None, "4821"]), "security code"),
    (FieldReadings([BORN, BORN, BORN, OTHER_DAY, OTHER_DAY], [UNTIL] * 5, ["4821"] * 5),
     "the readings of the birth date disagree"),  # two say otherwise
    (FieldReadings([BORN] * 5, [UNTIL] * 5, ["4821", "4821", "4827", "4821", "4828"]),
     "the readings of the security code disagree"),
    (FieldReadings([UNTIL] * 5, [BORN] * 5, ["4821"] * 5), "validity date"),  # valid until before being born
])
def test_readings_without_agreement_are_refused_rather_than_sent(readings: FieldReadings, reason: str) -> None:
    with pytest.raises(CardSurfaceUnreadableError) as refused:
        decide(readings)
    assert refused.value.reason == reason


def test_three_agreeing_readings_outvote_one_failed_check_and_one_dissent() -> None:
    printed = decide(FieldReadings([BORN, None, BORN, OTHER_DAY, BORN], [UNTIL, UNTIL, None, UNTIL, None],
                                   ["4821", "1821", "4821", None, "4821"]))
    assert printed.collation_number_b == "85030220314821"


def test_a_scan_refuses_when_one_view_of_the_code_disagrees() -> None:
    image = photograph(card_front(get_persona("normal", TODAY)), VIEWS[0])

    def ocr(pages: Sequence[Image], script: Script) -> list[str]:
        if script is Script.DIGITS:
            return ["4821", "4821", "4827", "4821", "4827"][:len(pages)]
        return ["1980年 4月12日生", "2033年12月 1日まで有効"] * (len(pages) // 2)

    with pytest.raises(CardSurfaceUnreadableError) as refused:
        CardSurfaceOcr(capture=lambda: image, today=lambda: TODAY, ocr=ocr).scan()
    assert refused.value.reason == "the readings of the security code disagree"


def test_no_card_in_view_is_refused_before_any_ocr() -> None:
    empty = photograph(card_front(get_persona("normal", TODAY)), VIEWS[0])[:40, :40]

    def ocr(pages: Sequence[Image], script: Script) -> list[str]:
        raise AssertionError("nothing to read")

    with pytest.raises(CardSurfaceUnreadableError) as refused:
        CardSurfaceOcr(capture=lambda: empty, today=lambda: TODAY, ocr=ocr).scan()
    assert refused.value.reason == "no card found"


def _cases() -> list[tuple[str, str]]:
    """Every persona once, each under another camera view, both ways of printing the birth date among them."""
    keys = [key for key, persona in all_personas(TODAY).items() if persona.is_my_number_card]
    return [(key, VIEWS[index % len(VIEWS)].name) for index, key in enumerate(keys)]


def test_the_cases_cover_every_view_and_both_calendars() -> None:
    cases = _cases()
    assert {view for _key, view in cases} == {view.name for view in VIEWS}
    lines = {birth_line(get_persona(key, TODAY))[:1].isdigit() for key, _view in cases}
    assert lines == {True, False}


@needs_tesseract
@pytest.mark.parametrize(("persona_key", "view"), _cases())
def test_a_rendered_card_front_is_read_back_by_tesseract(persona_key: str, view: str) -> None:
    # Rates over every persona, view and more seeds: benchmarks/card_surface.py.
    persona = get_persona(persona_key, TODAY)
    image = photograph(card_front(persona), next(v for v in VIEWS if v.name == view), seed=7)
    read = CardSurfaceOcr(capture=lambda: image, today=lambda: TODAY).scan()
    printed = persona.card_face_print
    assert (read.birth_date, read.card_expiry.year, read.security_code) == (
        printed.birth_date, printed.card_expiry.year, printed.security_code)
