"""The paths beside the card check through the real widgets: the self-declaration (field errors, recorded, the
draft surviving a restart) and disaster mode (banner on every screen, lookup without a card, switched off again)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.faceauth.process_matcher import ProcessFaceMatcher
from kiosk.flow import State
from kiosk.staff_credentials import StaffCredentialStore
from kiosk.ui.screens.guidance import Action

from .conftest import STAFF_PASSWORD, _build, click, dispose, place, remove, staff_sign_in, wait_for
from .test_maintenance import log_in

KANA = "カトウ\u3000マコト"  # the on-screen keyboard's space is the full-width one


@pytest.fixture(scope="module")
def simulation_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This module's own backend, outboxes and kiosk state (draft, disaster mode)."""
    return tmp_path_factory.mktemp("simulation-cardless")


@pytest.fixture
def restart(qtbot: QtBot, tmp_path: Path, simulation_dir: Path, credentials: StaffCredentialStore,
            process_matcher: ProcessFaceMatcher) -> Iterator[list[Kiosk]]:
    """Kiosks started later on the same working directory, as after a power cut; shut down at the end."""
    started: list[Kiosk] = []
    yield started
    for kiosk in started:
        dispose(kiosk)


def type_kana(kiosk: Kiosk, keyboard_owner: object, text: str) -> None:
    keyboard = getattr(keyboard_owner, "keyboard")  # noqa: B009 - every form screen has one
    for char in text:
        if char == " ":
            keyboard.space_button.click()
        else:
            keyboard.press(char)


def test_self_declaration_with_a_field_error_survives_a_restart_and_is_recorded(
        qtbot: QtBot, kiosk: Kiosk, restart: list[Kiosk], tmp_path: Path, simulation_dir: Path,
        credentials: StaffCredentialStore, process_matcher: ProcessFaceMatcher) -> None:
    s = kiosk.screens
    place(kiosk, "qualification_lost")
    wait_for(qtbot, kiosk, s.choose_method)
    click(qtbot, s.choose_method.pin_button)
    wait_for(qtbot, kiosk, s.pin)
    qtbot.keyClicks(s.pin, "3579")
    qtbot.keyClick(s.pin, Qt.Key.Key_Return)
    wait_for(qtbot, kiosk, s.consent)
    click(qtbot, s.consent.all_button)  # the list was in view: no second confirmation
    wait_for(qtbot, kiosk, s.guidance)
    assert not s.guidance.action_buttons[Action.REGISTER].isVisible()
    # The words do not send the patient away with the card before the button can be pressed.
    assert s.guidance.next_step.text().startswith("「申立書を記入する」を押すと")
    click(qtbot, s.guidance.action_buttons[Action.DECLARE])
    wait_for(qtbot, kiosk, s.declaration_form)
    form = s.declaration_form
    assert kiosk.window.current_screen is form
    type_kana(kiosk, form, "カトウ マコト")  # the name field has the keyboard first
    form.name_kana.edit.setFocus()
    form.keyboard.set_target(form.name_kana.edit)
    qtbot.keyClicks(form.name_kana.edit, "katou")  # not katakana
    qtbot.keyClicks(form.birth_date.year, "1985")
    qtbot.keyClicks(form.birth_date.month, "12")  # the day is still to come when the power goes
    form.insurer_or_employer.edit.insert("テスト健康保険組合")  # as an input method commits it
    qtbot.keyClicks(form.phone.edit, "090-1234")
    click(qtbot, form.next_button)
    qtbot.waitUntil(lambda: form.name_kana.error.isVisible())
    assert form.name_kana.error.text() == "フリガナはカタカナで入力してください"
    assert form.phone.error.text() == "電話番号は0から始まる10桁か11桁の数字です"
    assert not form.name.error.isVisible()
    form.name_kana.edit.clear()
    type_kana(kiosk, form, "カトウ マコト")
    qtbot.waitUntil(lambda: not form.name_kana.error.isVisible())  # a fix clears its message as it is typed
    # The kiosk restarts (power cut) before the patient is done: every change was saved as a draft.
    store = kiosk.devices.tester["simulation"].backend_side.store
    qtbot.waitUntil(lambda: (store.load_draft() is not None
                             and store.load_draft().draft.name_kana == KANA), timeout=5000)
    remove(kiosk)
    kiosk.shutdown()
    again = _build(qtbot, tmp_path / "restart", simulation_dir, credentials, process_matcher, camera_realtime=False)
    restart.append(again)
    s = again.screens
    wait_for(qtbot, again, s.declaration_form)
    form = s.declaration_form
    assert (form.name.text(), form.name_kana.text()) == (KANA, KANA)
    assert (form.birth_date.typed(), form.birth_date.value()) == (("1985", "12", ""), None)  # half a date, kept
    qtbot.keyClicks(form.birth_date.day, "24")
    assert form.birth_date.value() is not None and form.birth_date.value().isoformat() == "1985-12-24"
    assert form.insurer_or_employer.text() == "テスト健康保険組合"
    qtbot.keyClicks(form.phone.edit, "-5678")
    click(qtbot, form.next_button)
    wait_for(qtbot, again, s.declaration_confirm)
    assert [v.text() for v in s.declaration_confirm.values] == [
        KANA, KANA, "1985年12月24日", "テスト健康保険組合", "090-1234-5678"]
    click(qtbot, s.declaration_confirm.confirm_button)
    wait_for(qtbot, again, s.declaration_done)
    assert s.declaration_done.title.text() == "申立書を記録しました"
    assert "係員が内容を確認します" in s.declaration_done.next_step.text()
    assert again.devices.tester["simulation"].backend_side.store.load_draft() is None
    click(qtbot, s.declaration_done.done_button)
    wait_for(qtbot, again, s.idle)
    # Staff see it in maintenance mode.
    log_in(qtbot, again)
    wait_for(qtbot, again, s.maintenance)
    page = s.maintenance.declarations
    qtbot.waitUntil(lambda: len(page.entries) == 1)
    assert page.entries[0].state in ("pending", "done")
    assert [(e.path, e.outcome) for e in again.maintenance.reception_log.today()] == [
        ("declaration", "declaration_recorded")]


def test_disaster_mode_banner_everywhere_lookup_without_a_card_then_off(qtbot: QtBot, kiosk: Kiosk) -> None:
    s, window = kiosk.screens, kiosk.window
    assert not window.disaster_banner_shown
    assert not s.idle.disaster_button.isVisible()
    kiosk.devices.tester["set_disaster_declared"](True)
    log_in(qtbot, kiosk)
    wait_for(qtbot, kiosk, s.maintenance)
    page = s.maintenance.disaster
    s.maintenance.open_tab(page)
    assert "admin" in s.maintenance.status_line.text()  # who signed in is who is recorded
    click(qtbot, page.switch_button)
    assert not page.on and page.switch_button.text() == "もう一度押すと災害時モードを開始します"  # never one stray tap
    click(qtbot, page.switch_button)
    assert page.on and window.disaster_banner_shown
    settings = s.maintenance.settings  # saving other settings leaves disaster mode as staff set it
    s.maintenance.open_tab(settings)
    click(qtbot, settings.save_button)
    assert settings.status.text().startswith("保存しました")
    assert window.disaster_banner_shown
    click(qtbot, s.maintenance.back_button)
    wait_for(qtbot, kiosk, s.idle)
    seen = []

    def banner_on(screen: object) -> None:
        wait_for(qtbot, kiosk, screen)  # type: ignore[arg-type]
        assert window.disaster_banner_shown and window.disaster_banner.text() == "災害時モード実施中"
        seen.append(getattr(screen, "screen_id", ""))

    banner_on(s.idle)
    click(qtbot, s.idle.disaster_button)
    banner_on(s.disaster_consent)
    staff_sign_in(qtbot, kiosk, "staff07", STAFF_PASSWORD)  # staff come, and record the spoken answer there
    wait_for(qtbot, kiosk, s.maintenance)
    assert s.maintenance.tabs.currentWidget() is page and page.consent_given_button.isVisible()
    click(qtbot, page.consent_given_button)
    banner_on(s.disaster_form)
    assert kiosk.controller.flow.view.disaster_query is None and kiosk.controller.flow.state is State.DISASTER_FORM
    form = s.disaster_form
    type_kana(kiosk, form, "ヤマダ タロウ")
    for digit, field in (("1980", form.birth_date.year), ("4", form.birth_date.month), ("12", form.birth_date.day)):
        field.setFocus()
        form.keyboard.set_target(field)
        for char in digit:
            form.keyboard.press(char)
    click(qtbot, form.search_button)
    banner_on(s.result)
    assert s.result.ratio.text() == "負担割合：3割"
    click(qtbot, s.result.done_button)
    banner_on(s.idle)
    place(kiosk, "normal")  # a card reception in disaster mode is marked too
    banner_on(s.choose_method)
    remove(kiosk)
    banner_on(s.idle)
    assert seen == ["idle", "disaster_consent", "disaster_form", "result", "idle", "choose_method", "idle"]
    log_in(qtbot, kiosk)
    wait_for(qtbot, kiosk, s.maintenance)
    assert window.disaster_banner_shown  # staff see it too
    s.maintenance.open_tab(page)
    click(qtbot, page.switch_button)
    click(qtbot, page.switch_button)
    assert not page.on and not window.disaster_banner_shown
    click(qtbot, s.maintenance.back_button)
    wait_for(qtbot, kiosk, s.idle)
    assert not s.idle.disaster_button.isVisible()
    kiosk.devices.tester["set_disaster_declared"](False)
    assert [(e.path, e.outcome) for e in kiosk.maintenance.reception_log.today()][:1] == [("disaster", "completed")]
