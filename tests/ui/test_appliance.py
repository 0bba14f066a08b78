"""The kiosk as an appliance, through its real widgets: the watchdog is fed from the Qt event loop (a frozen loop
stops it), no context menu opens anywhere, a minimised kiosk comes back, and unexpected restarts reach staff."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QMenu, QPlainTextEdit, QTextEdit, QWidget
from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk, build_kiosk, face_config, restart_item
from kiosk.appliance import RunHistory, ServiceNotifier, UncleanEnd
from kiosk.config import KioskSettings
from kiosk.devices import simulated_devices
from kiosk.faceauth.process_matcher import ProcessFaceMatcher
from kiosk.staff_credentials import StaffCredentialStore

from .conftest import SharedMatcher, dispose, wait_for
from .test_maintenance import log_in

WATCHDOG_USEC = 200_000  # WatchdogSec=0.2 s: a ping every 0.1 s
FREEZE_S = 1.0

# The offscreen platform's notes (under cage the window is simply on top), as tests/ui/conftest.py ignores the first.
OFFSCREEN_NOTES = ("This plugin does not support propagateSizeHints", "This plugin does not support raise")
TEXT_FIELDS = (QLineEdit, QAbstractSpinBox, QTextEdit, QPlainTextEdit)


class FakeServiceManager:
    """A unix datagram socket bound like systemd's $NOTIFY_SOCKET, recording (monotonic time, message)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.messages: list[tuple[float, str]] = []
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._socket.bind(str(path))
        self._socket.settimeout(0.05)
        self._running = True
        self._thread = threading.Thread(target=self._receive, daemon=True)
        self._thread.start()

    def _receive(self) -> None:
        while self._running:
            try:
                data = self._socket.recv(512)
            except TimeoutError:
                continue
            self.messages.append((time.monotonic(), data.decode()))

    def pings(self) -> list[float]:
        return [at for at, message in self.messages if message == "WATCHDOG=1"]

    def close(self) -> None:
        self._running = False
        self._thread.join()
        self._socket.close()


@pytest.fixture
def manager(tmp_path: Path) -> Iterator[FakeServiceManager]:
    fake = FakeServiceManager(tmp_path / "notify")
    yield fake
    fake.close()


def build(qtbot: QtBot, tmp_path: Path, simulation_dir: Path, credentials: StaffCredentialStore,
          matcher: ProcessFaceMatcher, notifier: ServiceNotifier | None = None,
          history: RunHistory | None = None) -> Kiosk:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    settings = KioskSettings(fullscreen=False)
    devices = simulated_devices(simulation_dir, face_config(settings), matcher=lambda: SharedMatcher(matcher),
                                camera_realtime=False)
    built = build_kiosk(app, devices, settings, tmp_path / "config.toml", credentials, tick_ms=50,
                        notifier=notifier, run_history=history)
    built.window.resize(1280, 800)
    built.window.show()
    built.start(warm_up=False)
    qtbot.waitUntil(lambda: built.window.current_screen is built.screens.idle and built.window.isActiveWindow())
    return built


def test_watchdog_pings_come_from_the_event_loop_and_stop_while_it_is_frozen(
        qtbot: QtBot, tmp_path: Path, simulation_dir: Path, credentials: StaffCredentialStore,
        process_matcher: ProcessFaceMatcher, manager: FakeServiceManager) -> None:
    notifier = ServiceNotifier(str(manager.path), WATCHDOG_USEC)
    kiosk = build(qtbot, tmp_path, simulation_dir, credentials, process_matcher, notifier)
    try:
        qtbot.waitUntil(lambda: any(m.startswith("READY=1") for _, m in manager.messages) and len(manager.pings()) >= 5,
                        timeout=5000)
        frozen_at = time.monotonic()
        time.sleep(FREEZE_S)  # the UI thread is stuck: no event is processed (worker threads still run)
        thawed_at = time.monotonic()
        qtbot.wait(500)
        pings = manager.pings()
        during = [at for at in pings if frozen_at + 0.02 < at < thawed_at]
        assert during == [], f"{len(during)} pings while the event loop was frozen"
        assert len([at for at in pings if at > thawed_at]) >= 3  # the loop runs again: so do the pings
        before = [at for at in pings if at < frozen_at]
        gaps = [b - a for a, b in zip(before, before[1:], strict=False)]
        assert max(gaps) < 0.5 * WATCHDOG_USEC / 1e6 * 4  # a steady beat before the freeze
    finally:
        dispose(kiosk)
    assert manager.messages[-1][1] == "STOPPING=1"


def test_no_context_menu_opens_on_any_text_field(qtbot: QtBot, kiosk: Kiosk) -> None:
    fields = [w for w in kiosk.window.findChildren(QWidget) if isinstance(w, TEXT_FIELDS)]
    assert len(fields) >= 10  # the forms, the staff login, the settings page
    menus: list[QWidget | None] = []
    for field in fields:
        QTimer.singleShot(50, lambda: menus.append(QApplication.activePopupWidget()))
        QApplication.sendEvent(field, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(5, 5), QPoint(5, 5)))
        qtbot.wait(80)
    assert menus == [None] * len(fields)
    assert kiosk.lockdown.refused_context_menus >= len(fields)


@pytest.mark.qt_log_ignore(*OFFSCREEN_NOTES, "This plugin does not support grabbing the keyboard")  # the menu
def test_without_the_lockdown_a_text_field_would_open_its_undo_paste_menu(qtbot: QtBot, kiosk: Kiosk) -> None:
    """The control for the test above: the same event does open Qt's menu when nothing stops it."""
    field = kiosk.screens.login.password
    kiosk.lockdown.remove(kiosk.app)
    seen: list[QWidget | None] = []

    def look_and_close() -> None:
        popup = QApplication.activePopupWidget()
        seen.append(popup)
        if popup is not None:
            popup.close()

    QTimer.singleShot(100, look_and_close)
    QApplication.sendEvent(field, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(5, 5), QPoint(5, 5)))
    qtbot.waitUntil(lambda: bool(seen))
    kiosk.lockdown.install(kiosk.app)
    assert isinstance(seen[0], QMenu)


def test_a_right_click_on_a_form_field_is_refused(qtbot: QtBot, kiosk: Kiosk) -> None:
    kiosk.window.show_screen(kiosk.screens.login)
    field = kiosk.screens.login.password
    qtbot.waitUntil(field.isVisible)
    before = kiosk.lockdown.refused_context_menus
    # Through the window, as the platform delivers a click: Qt itself turns the right button into a menu request.
    where = field.mapTo(kiosk.window, field.rect().center())
    qtbot.mouseClick(kiosk.window.windowHandle(), Qt.MouseButton.RightButton, pos=where)
    qtbot.wait(100)
    assert QApplication.activePopupWidget() is None
    assert kiosk.lockdown.refused_context_menus == before + 1


@pytest.mark.qt_log_ignore(*OFFSCREEN_NOTES)
def test_a_minimised_kiosk_comes_back_and_shortcuts_do_not_close_it(qtbot: QtBot, kiosk: Kiosk) -> None:
    window = kiosk.window
    window.setWindowState(Qt.WindowState.WindowMinimized)
    qtbot.waitUntil(lambda: not window.windowState() & Qt.WindowState.WindowMinimized)
    assert kiosk.lockdown.restored == 1
    for key in (Qt.Key.Key_F4, Qt.Key.Key_Tab, Qt.Key.Key_Space):
        qtbot.keyClick(window, key, Qt.KeyboardModifier.AltModifier)
    window.close()  # what a compositor's close request becomes
    qtbot.wait(50)
    assert window.isVisible() and window.current_screen is kiosk.screens.idle


def test_unexpected_restarts_show_on_the_diagnostics_page(
        qtbot: QtBot, tmp_path: Path, simulation_dir: Path, credentials: StaffCredentialStore,
        process_matcher: ProcessFaceMatcher) -> None:
    now = datetime.now().isoformat(timespec="seconds")
    history = RunHistory(starts=4, unclean_total=2, recent_unclean=(UncleanEnd(now, now),), running_since=now,
                         running=True)
    kiosk = build(qtbot, tmp_path, simulation_dir, credentials, process_matcher, history=history)
    try:
        log_in(qtbot, kiosk)
        wait_for(qtbot, kiosk, kiosk.screens.maintenance)
        page = kiosk.screens.maintenance.diagnostics
        qtbot.waitUntil(lambda: page.status_of("restarts") is not None)
        row = [page.table.item(r, 0).text() for r in range(page.table.rowCount())].index("再起動")
        assert page.table.item(row, 1).text() == "異常"
        assert page.table.item(row, 2).text().startswith(f"2 unexpected restarts, last at {now}")
    finally:
        dispose(kiosk)


def test_a_restart_is_a_fault_for_a_day_then_only_counted() -> None:
    history = RunHistory(3, 1, (UncleanEnd("2026-05-01T09:00:00", "2026-05-01T09:00:05"),), "2026-05-01T09:00:05")
    assert not restart_item(history, datetime(2026, 5, 1, 18, 0)).ok
    later = restart_item(history, datetime(2026, 5, 3, 9, 0))
    assert later.ok and later.detail.startswith("1 unexpected restarts, last at 2026-05-01T09:00:05")
    assert restart_item(RunHistory(1, 0, (), "2026-05-01T09:00:00"), datetime(2026, 5, 1, 9, 1)).ok
