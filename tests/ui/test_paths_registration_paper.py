"""The paths beside the card check through the real widgets: registration on the spot, the paper certificate
entered by staff, the certificate notice on the result screen."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.domain import with_insurer_check_digit
from kiosk.flow import State
from kiosk.ui.screens.guidance import Action

from .conftest import STAFF_PASSWORD, click, place, remove, staff_sign_in, wait_for


@pytest.fixture(scope="module")
def simulation_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This module's own backend: a card registered here stays registered."""
    return tmp_path_factory.mktemp("simulation-paths")


def pin_to_result_or_failure(qtbot: QtBot, kiosk: Kiosk, persona: str) -> None:
    s = kiosk.screens
    place(kiosk, persona)
    wait_for(qtbot, kiosk, s.choose_method)
    click(qtbot, s.choose_method.pin_button)
    wait_for(qtbot, kiosk, s.pin)
    qtbot.keyClicks(s.pin, kiosk.devices.tester["simulation"].require_persona().pin)
    qtbot.keyClick(s.pin, Qt.Key.Key_Return)
    wait_for(qtbot, kiosk, s.consent)
    click(qtbot, s.consent.all_button)  # the list was in view: no second confirmation


def test_not_registered_card_registers_on_the_spot_and_the_reception_completes(qtbot: QtBot, kiosk: Kiosk) -> None:
    s = kiosk.screens
    pin_to_result_or_failure(qtbot, kiosk, "not_registered")
    wait_for(qtbot, kiosk, s.guidance)
    assert s.guidance.title.text() == "保険証の利用登録がされていません"
    register = s.guidance.action_buttons[Action.REGISTER]
    assert register.text() == "今すぐ登録する"
    assert s.guidance.action_buttons[Action.DECLARE].isVisible()  # a self-declaration is offered too
    assert "カードは置いたままにしてください" in s.guidance.next_step.text()  # not "take your card" first
    click(qtbot, register)
    wait_for(qtbot, kiosk, s.register_terms)
    assert "健康保険証として利用できるように登録します" in s.register_terms.terms.text()
    assert s.register_terms.agree_button.text() == "同意して登録する"
    click(qtbot, s.register_terms.agree_button)
    wait_for(qtbot, kiosk, s.result)  # registered, then the same check is sent again: no second consent
    assert s.result.ratio.text() == "負担割合：3割"
    assert not s.result.certificate.isVisible()  # the certificate is valid for years
    click(qtbot, s.result.done_button)
    wait_for(qtbot, kiosk, s.take_card)
    remove(kiosk)
    wait_for(qtbot, kiosk, s.idle)
    entries = kiosk.maintenance.reception_log.today()
    assert [(e.method, e.outcome, e.failure) for e in entries] == [("pin", "failed", "not_registered"),
                                                                    ("pin", "completed", "")]


def test_result_says_when_the_certificate_expires_and_where_to_renew(qtbot: QtBot, kiosk: Kiosk) -> None:
    s = kiosk.screens
    pin_to_result_or_failure(qtbot, kiosk, "cert_expiring")
    wait_for(qtbot, kiosk, s.result)
    expiry = kiosk.devices.tester["simulation"].require_persona().cert_not_after
    assert s.result.certificate.isVisible()
    text = s.result.certificate.text()
    assert f"{expiry.year}年{expiry.month}月{expiry.day}日" in text
    assert "市区町村の窓口" in text and "無料" in text
    remove(kiosk)
    wait_for(qtbot, kiosk, s.idle)


def test_paper_certificate_wrong_check_digit_is_named_then_the_check_succeeds(qtbot: QtBot, kiosk: Kiosk) -> None:
    s = kiosk.screens
    click(qtbot, s.idle.paper_button)
    wait_for(qtbot, kiosk, s.paper_staff_auth)
    auth = s.paper_staff_auth
    assert not auth.findChildren(QLineEdit)  # no staff password in front of the patient
    assert "係員をお呼びしました" in auth.waiting.text()
    staff_sign_in(qtbot, kiosk, "staff01", "wrong-password")  # staff come and use the hidden gesture
    qtbot.waitUntil(lambda: "パスワードが違います" in s.login.error.text())
    assert kiosk.controller.flow.state is State.PAPER_STAFF_AUTH
    s.login.account.clear()
    staff_sign_in(qtbot, kiosk, "staff01", STAFF_PASSWORD, opened=True)
    wait_for(qtbot, kiosk, s.paper_form)
    form = s.paper_form
    assert "staff01" in form.staff_label.text()  # the account that signed in is recorded
    good = with_insurer_check_digit("0613001")
    wrong = good[:-1] + str((int(good[-1]) + 1) % 10)
    for digit in wrong:  # ... or the on-screen keypad, which types into the focused field
        form.keyboard.press(digit)
    assert form.insurer_number.text() == wrong
    form.symbol.edit.setFocus()
    qtbot.keyClicks(form.symbol.edit, "1234")
    qtbot.keyClicks(form.number.edit, "5678")
    qtbot.keyClicks(form.branch.edit, "00")
    qtbot.keyClicks(form.birth_date.year, "1980")
    qtbot.keyClicks(form.birth_date.month, "4")
    qtbot.keyClicks(form.birth_date.day, "12")
    click(qtbot, form.check_button)
    qtbot.waitUntil(lambda: form.insurer_number.error.isVisible())
    assert form.insurer_number.error.text() == "保険者番号の最後の数字（検証番号）が合いません。番号を確かめてください"
    assert not form.symbol.error.isVisible() and not form.birth_date.error.isVisible()
    assert kiosk.window.current_screen is form  # nothing was sent
    form.insurer_number.edit.setFocus()
    form.keyboard.set_target(form.insurer_number.edit)
    form.keyboard.press_backspace()
    form.keyboard.press(good[-1])
    click(qtbot, form.check_button)
    wait_for(qtbot, kiosk, s.result)
    assert s.result.ratio.text() == "負担割合：3割"
    assert "テスト健康保険組合" in s.result.insurer.text()
    click(qtbot, s.result.done_button)
    wait_for(qtbot, kiosk, s.idle)  # no card on the reader: straight back to the start
    entries = kiosk.maintenance.reception_log.today()
    assert [(e.path, e.outcome) for e in entries] == [("paper", "completed")]


def test_paper_form_names_each_bad_field(qtbot: QtBot, kiosk: Kiosk) -> None:
    s = kiosk.screens
    click(qtbot, s.idle.paper_button)
    wait_for(qtbot, kiosk, s.paper_staff_auth)
    staff_sign_in(qtbot, kiosk, "staff01", STAFF_PASSWORD)
    wait_for(qtbot, kiosk, s.paper_form)
    form = s.paper_form
    qtbot.keyClicks(form.insurer_number.edit, "12345")
    qtbot.keyClicks(form.branch.edit, "1")
    qtbot.keyClicks(form.birth_date.year, str(date.today().year + 1))
    qtbot.keyClicks(form.birth_date.month, "1")
    qtbot.keyClicks(form.birth_date.day, "1")
    click(qtbot, form.check_button)
    qtbot.waitUntil(lambda: form.insurer_number.error.isVisible())
    assert form.insurer_number.error.text() == "保険者番号は6桁か8桁の数字です"
    assert form.symbol.error.text().startswith("記号を入力してください")
    assert form.branch.error.text() == "枝番は2桁の数字です（例：00）"
    assert form.birth_date.error.text() == "生年月日が今日より後になっています"
    click(qtbot, form.cancel_button)
    wait_for(qtbot, kiosk, s.idle)
