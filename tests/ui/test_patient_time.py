"""Time for elderly patients, through the real widgets: touches give the screen's time again, 「まだお使いですか？」
comes before any timeout, and a card left on the reader is never met by 「カードを置いてください」."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.flow import FlowConfig, State

from .conftest import click, pin_to_consent, place, remove, wait_for


def _to_consent(qtbot: QtBot, kiosk: Kiosk, **timeouts: float) -> None:
    flow = kiosk.controller.flow
    base = FlowConfig()
    shorter = {State(name): seconds for name, seconds in timeouts.items()}
    flow.reconfigure(dataclasses.replace(base, timeouts={**base.timeouts, **shorter}))
    pin_to_consent(qtbot, kiosk)


def test_the_screen_asks_whether_the_patient_is_still_there_and_continue_keeps_it(qtbot: QtBot,
                                                                                   kiosk: Kiosk) -> None:
    _to_consent(qtbot, kiosk, consent=21.5)  # 20 s of warning: the question comes after 1.5 s
    overlay = kiosk.window.still_there
    assert not overlay.isVisible()
    qtbot.waitUntil(overlay.isVisible, timeout=5000)
    assert overlay.question.text() == "まだお使いですか？"
    click(qtbot, overlay.continue_button)
    qtbot.waitUntil(lambda: not overlay.isVisible(), timeout=2000)
    assert kiosk.window.current_screen is kiosk.screens.consent
    left = kiosk.controller.flow.view.seconds_left
    assert left is not None and left > 20.5  # the whole screen time again


def test_any_touch_on_the_screen_gives_the_time_again(qtbot: QtBot, kiosk: Kiosk) -> None:
    _to_consent(qtbot, kiosk, consent=6.0)
    consent = kiosk.screens.consent
    words = consent.items
    for _ in range(4):  # 8 s of slow reading and tapping on the words on a 6 s screen
        qtbot.wait(2000)
        qtbot.mouseClick(words, Qt.MouseButton.LeftButton)
    assert kiosk.window.current_screen is consent


def test_a_patient_who_walks_away_is_asked_for_the_card_not_shown_the_start_screen(qtbot: QtBot,
                                                                                   kiosk: Kiosk) -> None:
    _to_consent(qtbot, kiosk, consent=1.0, take_card=1.0)
    s = kiosk.screens
    wait_for(qtbot, kiosk, s.take_card, timeout=5000)
    assert s.take_card.title.text() == "受付を中止しました"
    assert s.take_card.instruction.text() == "カードをお取りください"
    qtbot.wait(2500)  # the take-card screen's own time passes twice: still asking, never "place your card"
    assert kiosk.window.current_screen is s.take_card
    assert kiosk.staff_calls.waiting >= 1  # staff were told a card is left on the reader
    remove(kiosk)
    wait_for(qtbot, kiosk, s.idle)


def test_larger_text_is_one_tap_away_on_every_screen_and_resets_for_the_next_patient(qtbot: QtBot,
                                                                                   kiosk: Kiosk) -> None:
    s = kiosk.screens
    usual = s.idle.title.fontInfo().pixelSize()
    place(kiosk, "normal")
    wait_for(qtbot, kiosk, s.choose_method)
    button = kiosk.window.text_size_button
    assert button.text() == "文字を大きく"
    click(qtbot, button)
    qtbot.waitUntil(lambda: s.choose_method.title.fontInfo().pixelSize() >= usual * 1.25, timeout=2000)
    assert button.text() == "文字を戻す"
    remove(kiosk)
    wait_for(qtbot, kiosk, s.idle)
    qtbot.waitUntil(lambda: s.idle.title.fontInfo().pixelSize() == usual, timeout=2000)
    assert button.text() == "文字を大きく"


def test_a_numeric_keypad_drives_the_main_choices_and_the_pin(qtbot: QtBot, kiosk: Kiosk) -> None:
    """For a blind patient: 1 = face, 2 = PIN on the method screen, the PIN by digits and Enter, Enter to agree."""
    s = kiosk.screens
    place(kiosk, "normal")
    wait_for(qtbot, kiosk, s.choose_method)
    assert s.choose_method.key_choices()[:2] == [s.choose_method.face_button, s.choose_method.pin_button]
    qtbot.keyClick(kiosk.window.current_screen, Qt.Key.Key_2)
    wait_for(qtbot, kiosk, s.pin)
    for key in (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_Enter):
        qtbot.keyClick(kiosk.window.current_screen, key)
    wait_for(qtbot, kiosk, s.consent)
    qtbot.keyClick(kiosk.window.current_screen, Qt.Key.Key_Enter)  # the main button: すべて同意する
    wait_for(qtbot, kiosk, s.result)
