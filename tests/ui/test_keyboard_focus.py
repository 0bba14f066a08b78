"""The on-screen keyboard and the fields of a form, tapped as a patient would: the layout follows the field, and a
tap on a key never takes the field's focus (so its ring stays, and a USB keypad keeps typing into it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from kiosk.ui.keyboard import KeyLayout
from kiosk.ui.screens.declaration_form import DeclarationFormScreen
from kiosk.ui.style import Metrics


@pytest.fixture
def form(qtbot: QtBot) -> Iterator[DeclarationFormScreen]:
    screen = DeclarationFormScreen(Metrics.for_dpi(96))
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is screen)
    screen.show_draft(None)
    yield screen


def tap(qtbot: QtBot, widget: QLineEdit | object) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def test_kana_in_the_name_then_a_digit_field_shows_the_digits(qtbot: QtBot, form: DeclarationFormScreen) -> None:
    keys = form.keyboard
    tap(qtbot, form.name.edit)
    assert keys.layout_shown is KeyLayout.KANA
    for kana in "ヤマタ":
        tap(qtbot, keys.keys[kana])
    tap(qtbot, keys.mark_buttons[0])  # ゛
    assert form.name.text() == "ヤマダ"
    assert QApplication.focusWidget() is form.name.edit  # the keys never took the field's focus
    for digit_field in (form.birth_date.year, form.phone.edit, form.birth_date.day):
        tap(qtbot, form.name_kana.edit)
        tap(qtbot, keys.keys["ア"])
        assert keys.layout_shown is KeyLayout.KANA
        tap(qtbot, digit_field)
        assert keys.layout_shown is KeyLayout.DIGITS, digit_field
        tap(qtbot, keys.keys["1"])
        assert digit_field.text().endswith("1")
        assert QApplication.focusWidget() is digit_field


def test_a_usb_keypad_keeps_typing_into_the_field_after_an_on_screen_key(qtbot: QtBot,
                                                                         form: DeclarationFormScreen) -> None:
    tap(qtbot, form.phone.edit)
    tap(qtbot, form.keyboard.keys["0"])
    qtbot.keyClicks(QApplication.focusWidget(), "90")  # a USB keypad types where the focus is
    assert form.phone.text() == "090"


def test_the_era_button_keeps_the_focus_in_the_year(qtbot: QtBot, form: DeclarationFormScreen) -> None:
    tap(qtbot, form.birth_date.year)
    tap(qtbot, form.birth_date.era_button)
    assert QApplication.focusWidget() is form.birth_date.year
    assert form.keyboard.layout_shown is KeyLayout.DIGITS


def test_a_layout_chosen_by_hand_stays_while_the_field_keeps_its_turn(qtbot: QtBot,
                                                                       form: DeclarationFormScreen) -> None:
    tap(qtbot, form.name.edit)
    tap(qtbot, form.keyboard.mode_buttons[KeyLayout.LATIN])
    tap(qtbot, form.title)  # a tap beside the fields
    tap(qtbot, form.keyboard.keys["A"])
    assert form.keyboard.layout_shown is KeyLayout.LATIN
    assert form.name.text() == "A"
