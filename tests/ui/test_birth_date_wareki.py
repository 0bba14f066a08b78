"""A birth date typed in 和暦 (昭和25年4月1日), as many elderly patients write it, through the real date field."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.domain.wareki import Era
from kiosk.flow import DeclarationDraft
from kiosk.reception.store import _draft_from_json, _draft_json
from kiosk.ui.form_widgets import DateField
from kiosk.ui.keyboard import KeyLayout, TouchKeyboard
from kiosk.ui.style import Metrics


def test_showa_25_is_1950_and_comes_back_in_its_era_after_a_restart(qtbot: QtBot) -> None:
    metrics = Metrics.for_dpi(96.8)
    keyboard = TouchKeyboard(metrics, (KeyLayout.DIGITS,))
    field = DateField(keyboard, metrics)
    qtbot.addWidget(field)
    assert field.era_button.text() == "西暦"
    qtbot.mouseClick(field.era_button, Qt.MouseButton.LeftButton)  # one tap: 西暦 → 昭和
    assert field.era is Era.SHOWA and field.era_button.text() == "昭和"
    qtbot.keyClicks(field.year, "251")  # the year box takes two digits in an era
    assert field.year.text() == "25"
    qtbot.keyClicks(field.month, "4")
    qtbot.keyClicks(field.day, "1")
    assert field.value() == date(1950, 4, 1)
    assert field.typed() == ("S25", "4", "1")
    saved = _draft_from_json(_draft_json(DeclarationDraft(birth_date=field.value(), birth_date_typed=field.typed())))
    again = DateField(keyboard, metrics)
    qtbot.addWidget(again)
    again.set_typed(saved.birth_date_typed)
    assert again.era is Era.SHOWA and again.year.text() == "25" and again.value() == date(1950, 4, 1)


def test_a_wareki_date_outside_its_era_is_no_day(qtbot: QtBot) -> None:
    metrics = Metrics.for_dpi(96.8)
    field = DateField(TouchKeyboard(metrics, (KeyLayout.DIGITS,)), metrics)
    qtbot.addWidget(field)
    field.set_era(Era.HEISEI)
    field.set_typed(("H40", "1", "1"))  # 平成 ended in its 31st year
    assert field.value() is None and field.typed_but_invalid()
