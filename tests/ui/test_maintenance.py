"""Maintenance mode: hidden entry, login and lockout, staff visual check, settings saved, the only exit."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.config import load_settings
from kiosk.faceauth.process_matcher import ProcessFaceMatcher
from kiosk.flow import StaffAlert
from kiosk.staff_credentials import StaffCredentialStore
from kiosk.ui.main_window import LONG_PRESS_MS
from kiosk.ui.staff_calls import StaffCalls

from .conftest import STAFF_PASSWORD, _build, click, dispose, place, remove, staff_sign_in, wait_for


def log_in(qtbot: QtBot, kiosk: Kiosk, password: str = STAFF_PASSWORD) -> None:
    qtbot.keyClick(kiosk.window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    wait_for(qtbot, kiosk, kiosk.screens.login)
    qtbot.keyClicks(kiosk.screens.login.password, password)
    qtbot.keyClick(kiosk.screens.login.password, Qt.Key.Key_Return)


def test_long_press_in_the_corner_opens_the_staff_login(qtbot: QtBot, kiosk: Kiosk) -> None:
    hotspot = kiosk.window.hotspot
    qtbot.mousePress(hotspot, Qt.MouseButton.LeftButton)
    qtbot.wait(LONG_PRESS_MS // 3)
    qtbot.mouseRelease(hotspot, Qt.MouseButton.LeftButton)
    qtbot.wait(LONG_PRESS_MS)
    assert kiosk.window.current_screen is kiosk.screens.idle  # a short touch does nothing
    qtbot.mousePress(hotspot, Qt.MouseButton.LeftButton)
    wait_for(qtbot, kiosk, kiosk.screens.login, timeout=LONG_PRESS_MS + 2000)
    qtbot.mouseRelease(hotspot, Qt.MouseButton.LeftButton)
    assert not kiosk.window.language_button.isVisible()


def test_wrong_passwords_count_down_then_lock_out(qtbot: QtBot, kiosk: Kiosk) -> None:
    login = kiosk.screens.login
    log_in(qtbot, kiosk, "wrong-one")
    qtbot.waitUntil(lambda: "あと 2 回" in login.error.text())
    qtbot.keyClicks(login.password, "wrong-two")
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "あと 1 回" in login.error.text())
    qtbot.keyClicks(login.password, "wrong-three")
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "ロック中" in login.error.text())
    qtbot.keyClicks(login.password, STAFF_PASSWORD)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "ロック中" in login.error.text() and login.login_button.isEnabled())
    assert kiosk.window.current_screen is login  # even the right password waits out the lock
    assert kiosk.maintenance.credentials.lockout_seconds_left() > 0


def test_an_unknown_staff_id_is_told_apart_from_nothing_and_names_no_account(qtbot: QtBot, kiosk: Kiosk) -> None:
    login = kiosk.screens.login
    qtbot.keyClick(kiosk.window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    wait_for(qtbot, kiosk, login)
    login.account.clear()
    qtbot.keyClicks(login.account, "nobody99")
    qtbot.keyClicks(login.password, "a-guess")
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: login.error.text() == "職員IDかパスワードが違います")  # not 「設定されていません」
    assert kiosk.window.current_screen is login


def test_staff_visual_check_confirms_identity_for_a_pin_blocked_patient(qtbot: QtBot, kiosk: Kiosk) -> None:
    s = kiosk.screens
    place(kiosk, "pin_blocked")
    wait_for(qtbot, kiosk, s.choose_method)
    click(qtbot, s.choose_method.staff_button)
    wait_for(qtbot, kiosk, s.staff_wait)
    log_in(qtbot, kiosk)
    wait_for(qtbot, kiosk, s.maintenance)
    page = s.maintenance.staff_check
    assert s.maintenance.tabs.currentWidget() is page
    # The photo to compare with is the chip's (monochrome JPEG 2000, read from the card-face AP), not a file.
    qtbot.waitUntil(lambda: not page.photo.pixmap().isNull(), timeout=10000)
    assert page.photo.pixmap().toImage().allGray()
    # Who checked is recorded: the account signed in, not a name typed at will.
    assert "admin" in s.maintenance.status_line.text()
    click(qtbot, page.confirm_button)
    wait_for(qtbot, kiosk, s.consent)
    assert page.photo.pixmap().isNull()  # the photo is dropped once identity is confirmed


def test_settings_are_saved_to_the_file(qtbot: QtBot, kiosk: Kiosk) -> None:
    log_in(qtbot, kiosk)
    wait_for(qtbot, kiosk, kiosk.screens.maintenance)
    page = kiosk.screens.maintenance.settings
    page.tolerance.setValue(0.45)
    page.liveness.setChecked(False)
    page.language.setCurrentIndex(page.language.findData("en"))
    kiosk.screens.maintenance.open_tab(page)
    click(qtbot, page.save_button)
    assert page.status.text().startswith("保存しました")
    saved = load_settings(kiosk.maintenance.settings_path)
    assert (saved.face.tolerance, saved.face.liveness, saved.language) == (0.45, False, "en")
    click(qtbot, kiosk.screens.maintenance.back_button)
    wait_for(qtbot, kiosk, kiosk.screens.idle)
    qtbot.waitUntil(lambda: kiosk.screens.idle.instruction.text() == "Please place your My Number card")  # new default


def test_diagnostics_show_every_device(qtbot: QtBot, kiosk: Kiosk) -> None:
    log_in(qtbot, kiosk)
    wait_for(qtbot, kiosk, kiosk.screens.maintenance)
    page = kiosk.screens.maintenance.diagnostics
    qtbot.waitUntil(lambda: page.table.rowCount() == 7)
    assert [page.table.item(row, 0).text() for row in range(7)] == [
        "カードリーダー", "カード", "カメラ", "資格確認サーバー", "未送信の記録", "顔認証のロック",
        "暗証番号の回数上限"]
    kiosk.devices.tester["set_online"](False)
    click(qtbot, page.refresh_button)
    qtbot.waitUntil(lambda: page.table.item(3, 1).text() == "異常")
    kiosk.devices.tester["set_online"](True)


def _unlock_one_card_on_the_staff_page(qtbot: QtBot, kiosk: Kiosk, status: str) -> None:
    """Signs in, sees one locked card under `status`, taps 「カードのロックを解除する」 and sees the status clear."""
    log_in(qtbot, kiosk)
    wait_for(qtbot, kiosk, kiosk.screens.maintenance)
    page = kiosk.screens.maintenance.diagnostics
    qtbot.waitUntil(lambda: (item := page.status_of(status)) is not None and not item.ok)
    assert page.status_of(status).detail == "1 cards locked"  # type: ignore[union-attr]
    assert page.unlock_cards_button.isVisible()
    click(qtbot, page.unlock_cards_button)
    qtbot.waitUntil(lambda: (item := page.status_of(status)) is not None and item.ok)
    assert not page.unlock_cards_button.isVisible()


def test_staff_unlock_face_auth_for_locked_cards_with_one_tap(qtbot: QtBot, kiosk: Kiosk) -> None:
    """A card whose face auth locked after 10 failed tries shows on the staff page; one tap unlocks it, for good
    (the lock file says so too), and the button goes away."""
    from kiosk.reception.face_lock import FaceLocks

    locks = kiosk.devices.services.face.locks  # type: ignore[attr-defined]
    for _ in range(locks.limit):
        locks.failed("a-card")
    _unlock_one_card_on_the_staff_page(qtbot, kiosk, "face_locks")
    assert not locks.locked("a-card") and FaceLocks(locks.path).locked_cards() == 0


def test_staff_clear_the_kiosks_pin_cap_for_a_card_with_one_tap(qtbot: QtBot, kiosk: Kiosk) -> None:
    """A card that used up its PIN tries at this kiosk (its PIN may have been reset at the city office since) shows
    on the staff page, never which card; one tap lets the kiosk send that card's PIN again, also after a restart."""
    from kiosk.reader.card_counts import CardCounts
    from kiosk.reception.compose import PIN_COUNT_FILE

    pins = kiosk.devices.services.card.pins  # type: ignore[attr-defined]
    for _ in range(pins.max_tries):
        pins.verify_sent("a-card")
    assert not pins.may_verify("a-card")
    _unlock_one_card_on_the_staff_page(qtbot, kiosk, "pin_locks")
    assert pins.may_verify("a-card")
    data = kiosk.devices.services.face.locks.path.parent  # type: ignore[attr-defined]
    assert CardCounts(data / PIN_COUNT_FILE).count("a-card") == 0  # on disk too: a restart does not bring it back


def test_the_window_cannot_be_closed_except_by_exit_in_maintenance(qtbot: QtBot, kiosk: Kiosk) -> None:
    kiosk.window.close()
    assert kiosk.window.isVisible()
    log_in(qtbot, kiosk)
    wait_for(qtbot, kiosk, kiosk.screens.maintenance)
    panel = kiosk.screens.maintenance
    click(qtbot, panel.exit_button)
    assert panel.exit_button.text() == "もう一度押すと終了します"
    assert kiosk.window.isVisible()
    click(qtbot, panel.exit_button)
    qtbot.waitUntil(lambda: not kiosk.window.isVisible())


def test_a_panel_left_alone_logs_staff_out(qtbot: QtBot, kiosk: Kiosk, caplog: pytest.LogCaptureFixture) -> None:
    kiosk.maintenance.set_idle_timeouts(login_ms=5000, panel_ms=400)
    panel = kiosk.screens.maintenance
    log_in(qtbot, kiosk)
    wait_for(qtbot, kiosk, panel)
    assert panel.exit_button.isVisible()
    with caplog.at_level(logging.INFO, logger="kiosk.ui.maintenance_controller"):
        wait_for(qtbot, kiosk, kiosk.screens.idle, timeout=2000)
    assert not kiosk.maintenance.logged_in
    assert not panel.exit_button.isVisible()
    assert kiosk.window.language_button.isVisible()  # the patient's screen, not a blank maintenance state
    assert "maintenance mode closed after 0.4 s without input" in caplog.messages
    # Coming back takes the password again: the shortcut shows the login screen, not the panel.
    qtbot.keyClick(kiosk.window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    wait_for(qtbot, kiosk, kiosk.screens.login)
    assert not panel.exit_button.isVisible()


def test_input_on_the_panel_keeps_it_open(qtbot: QtBot, kiosk: Kiosk) -> None:
    kiosk.maintenance.set_idle_timeouts(login_ms=5000, panel_ms=800)
    panel = kiosk.screens.maintenance
    log_in(qtbot, kiosk)
    wait_for(qtbot, kiosk, panel)
    bar = panel.tabs.tabBar()
    for step in range(1, 7):  # 1.2 s of staff tapping through the tabs, well past the first 0.8 s deadline
        qtbot.wait(200)
        assert kiosk.window.current_screen is panel
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(step % bar.count()).center())
        assert panel.tabs.currentIndex() == step % bar.count()
    assert kiosk.maintenance.logged_in
    wait_for(qtbot, kiosk, kiosk.screens.idle, timeout=2000)  # and once they stop, it still closes
    assert not kiosk.maintenance.logged_in


def test_a_staff_login_opened_by_accident_gives_the_patient_screen_back(qtbot: QtBot, kiosk: Kiosk) -> None:
    kiosk.maintenance.set_idle_timeouts(login_ms=500, panel_ms=5000)
    login = kiosk.screens.login
    qtbot.keyClick(kiosk.window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    wait_for(qtbot, kiosk, login)
    for key in (Qt.Key.Key_A, Qt.Key.Key_B, Qt.Key.Key_C, Qt.Key.Key_D):  # typing keeps it up past 0.5 s
        qtbot.wait(200)
        assert kiosk.window.current_screen is login
        qtbot.keyClick(login.password, key)
    assert login.password.text() == "abcd"
    wait_for(qtbot, kiosk, kiosk.screens.idle, timeout=2000)
    assert not kiosk.controller.maintenance_active
    place(kiosk, "pin_blocked")  # a card placed now is read on screen, not behind a hidden login
    wait_for(qtbot, kiosk, kiosk.screens.choose_method)


def test_a_staff_call_shows_in_the_header_until_staff_sign_in(qtbot: QtBot, kiosk: Kiosk) -> None:
    s, window = kiosk.screens, kiosk.window
    assert not window.staff_call_shown
    place(kiosk, "normal")
    wait_for(qtbot, kiosk, s.choose_method)
    click(qtbot, s.choose_method.staff_button)
    wait_for(qtbot, kiosk, s.staff_wait)
    qtbot.waitUntil(lambda: window.staff_call_shown)
    assert window.staff_call.text() == "係員を呼んでいます"
    assert [alert for _, alert in kiosk.staff_calls.recent] == [StaffAlert.STAFF_CHECK_REQUESTED]  # no patient data
    log_in(qtbot, kiosk)
    wait_for(qtbot, kiosk, s.maintenance)
    assert not window.staff_call_shown and kiosk.staff_calls.waiting == 0


def test_the_badge_is_not_left_on_for_the_next_patient_but_staff_still_see_the_call(qtbot: QtBot,
                                                                                     kiosk: Kiosk) -> None:
    s, window = kiosk.screens, kiosk.window
    place(kiosk, "normal")
    wait_for(qtbot, kiosk, s.choose_method)
    click(qtbot, s.choose_method.staff_button)
    qtbot.waitUntil(lambda: window.staff_call_shown)
    remove(kiosk)  # the patient gave up and left
    wait_for(qtbot, kiosk, s.idle)
    assert not window.staff_call_shown  # the next patient is not told staff are coming for them
    assert kiosk.staff_calls.waiting == 1  # staff still have the call to answer


def test_every_staff_call_chimes(qtbot: QtBot) -> None:
    chimes: list[None] = []
    calls = StaffCalls(chime=lambda: chimes.append(None), clock=lambda: 100.0)
    with qtbot.waitSignal(calls.changed) as changed:
        calls.call(StaffAlert.CARD_LEFT_ON_READER)
    calls.call(StaffAlert.PAPER_CERTIFICATE)
    assert (len(chimes), calls.waiting, changed.args) == (2, 2, [1])
    calls.answered()
    assert calls.waiting == 0 and list(calls.recent)[-1] == (100.0, StaffAlert.PAPER_CERTIFICATE)


def test_todays_receptions_survive_a_restart_of_the_kiosk(
        qtbot: QtBot, tmp_path: Path, simulation_dir: Path, credentials: StaffCredentialStore,
        process_matcher: ProcessFaceMatcher) -> None:
    log_file = tmp_path / "receptions.sqlite3"
    first = _build(qtbot, tmp_path / "first", simulation_dir, credentials, process_matcher, camera_realtime=False,
                   reception_log=log_file)
    try:
        place(first, "not_mynumber")
        wait_for(qtbot, first, first.screens.guidance)
        remove(first)
        wait_for(qtbot, first, first.screens.idle)
        assert [e.failure for e in first.maintenance.reception_log.today()] == ["not_my_number_card"]
    finally:
        dispose(first)
    again = _build(qtbot, tmp_path / "again", simulation_dir, credentials, process_matcher, camera_realtime=False,
                   reception_log=log_file)
    try:  # the staff's list of the day, as the receptions tab shows it
        assert [e.failure for e in again.maintenance.reception_log.today()] == ["not_my_number_card"]
        page = again.screens.maintenance.receptions
        page.show_entries(again.maintenance.reception_log.today())
        reason = page.table.item(0, 3)
        assert reason is not None and reason.text() == "マイナンバーカードではありません"  # words, not a code
    finally:
        dispose(again)


def test_an_armed_exit_that_lapses_says_so(qtbot: QtBot) -> None:
    from kiosk.ui.maintenance.confirm_tap import ConfirmTap

    confirm = ConfirmTap(confirm_ms=50)
    done: list[None] = []
    confirm.confirmed.connect(lambda: done.append(None))
    confirm.tap()
    assert confirm.armed
    qtbot.waitUntil(lambda: confirm.lapsed, timeout=2000)
    assert not confirm.armed and done == []  # not silently: `lapsed` is what the button says
    confirm.tap()
    confirm.tap()
    assert done == [None] and not confirm.lapsed


def test_staff_with_only_the_touchscreen_sign_in_on_the_on_screen_keyboard(qtbot: QtBot, kiosk: Kiosk) -> None:
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    qtbot.keyClick(kiosk.window, Qt.Key.Key_M, modifiers)  # stands in for holding the corner
    login = kiosk.screens.login
    wait_for(qtbot, kiosk, login)
    keyboard = login.keyboard
    assert keyboard.isVisible() and keyboard.target is login.password
    click(qtbot, keyboard.case_button)  # small letters: the password is case-sensitive
    for char in STAFF_PASSWORD:
        key = keyboard.keys[char.upper()] if char.isalpha() else keyboard.keys[char]
        click(qtbot, key)
    assert login.password.text() == STAFF_PASSWORD
    click(qtbot, login.login_button)
    wait_for(qtbot, kiosk, kiosk.screens.maintenance)


def test_settings_numbers_have_finger_sized_minus_and_plus(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QPushButton

    from kiosk.config import KioskSettings
    from kiosk.ui.maintenance.settings_page import SettingsPage
    from kiosk.ui.style import Metrics, mm_to_px

    metrics = Metrics.for_dpi(96.8)
    page = SettingsPage(metrics)
    qtbot.addWidget(page)
    page.load(KioskSettings())
    page.resize(1280, 800)  # the staff page fills the kiosk display
    page.show()
    row = page.timeouts["screen"].parentWidget()
    minus, plus = [b for b in row.findChildren(QPushButton)]
    assert min(minus.height(), minus.width(), plus.height(), plus.width()) >= mm_to_px(15, 96.8) - 1
    before = page.timeouts["screen"].value()
    qtbot.mouseClick(plus, Qt.MouseButton.LeftButton)
    assert page.timeouts["screen"].value() == before + 1
    box = page.timeouts["screen"]
    assert box.lineEdit().width() >= box.width() - 12  # the number takes the box (not squeezed by its arrows)


def test_an_admin_adds_a_named_staff_account_who_then_signs_in(qtbot: QtBot, kiosk: Kiosk) -> None:
    log_in(qtbot, kiosk)  # the admin account
    wait_for(qtbot, kiosk, kiosk.screens.maintenance)
    page = kiosk.screens.maintenance.accounts
    kiosk.screens.maintenance.open_tab(page)
    qtbot.waitUntil(lambda: page.table.rowCount() >= 1)
    assert page.add_button.isEnabled()
    qtbot.keyClicks(page.account_id, "suzuki")
    page.name.setFocus()  # the katakana keys type into the name (QTest cannot send kana key presses)
    page.keyboard.set_target(page.name)
    for char in "スズキ":
        page.keyboard.press(char)
    assert page.name.text() == "スズキ"
    qtbot.keyClicks(page.password, "short")
    click(qtbot, page.add_button)
    qtbot.waitUntil(lambda: "8" in page.status.text())  # too short: refused, and said why
    assert page.password.text() == ""  # never kept in the field
    qtbot.keyClicks(page.password, "a-long-enough-one")
    click(qtbot, page.add_button)
    qtbot.waitUntil(lambda: any(a.account_id == "suzuki" for a in page.accounts), timeout=5000)
    kiosk.maintenance.credentials.verify("a-long-enough-one", "suzuki")  # raises if it was not stored
    page.table.selectRow([a.account_id for a in page.accounts].index("suzuki"))
    click(qtbot, page.remove_button)
    assert page.remove_button.text() == "もう一度押すと削除します"
    click(qtbot, page.remove_button)
    qtbot.waitUntil(lambda: all(a.account_id != "suzuki" for a in page.accounts), timeout=5000)


def test_a_staff_account_sees_the_accounts_but_cannot_change_them(qtbot: QtBot, kiosk: Kiosk) -> None:
    staff_sign_in(qtbot, kiosk, "staff01", STAFF_PASSWORD)
    wait_for(qtbot, kiosk, kiosk.screens.maintenance)
    page = kiosk.screens.maintenance.accounts
    assert not page.add_button.isEnabled() and not page.remove_button.isEnabled()
