"""Composition root: builds the simulated or real devices, the flow and the screens, and wires them together."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.appliance import RunHistory, ServiceNotifier
from kiosk.config import KioskSettings
from kiosk.devices import Devices
from kiosk.faceauth import VerificationConfig
from kiosk.flow import Flow, FlowConfig, State
from kiosk.reception.clock import SystemClock
from kiosk.reception.staff_view import DiagnosticItem
from kiosk.reception_log import ReceptionLog
from kiosk.staff_credentials import StaffCredentialStore
from kiosk.ui.controller import KioskController
from kiosk.ui.language import LanguageSwitcher
from kiosk.ui.lockdown import PatientLockdown
from kiosk.ui.main_window import KioskWindow, Screens
from kiosk.ui.maintenance_controller import MaintenanceController
from kiosk.ui.staff_calls import StaffCalls
from kiosk.ui.style import Metrics, base_font, kiosk_palette, stylesheet
from kiosk.ui.text_size import TextSize
from kiosk.ui.voice import VoiceGuidance
from kiosk.ui.watchdog import WatchdogFeeder

log = logging.getLogger(__name__)
WINDOW_SIZE = (1280, 800)
RECENT_RESTART = timedelta(hours=24)  # the diagnostics page shows an unexpected restart as a fault this long


def flow_config(settings: KioskSettings) -> FlowConfig:
    """The flow's per-state timeouts from the five staff-facing settings, and what the facility asks."""
    t = settings.timeouts
    timeouts = dict(FlowConfig().timeouts)
    # Staff may give patients more time, never less than the flow's own minimum on the screens they read.
    for state in (State.CHOOSE_METHOD, State.PIN_BLOCKED, State.CONSENT, State.CONSENT_ITEMS, State.PRESCRIPTION,
                  State.CONFIRM, State.FAILED):
        timeouts[state] = max(timeouts[state], t.screen)
    timeouts[State.PIN_ENTRY] = max(timeouts[State.PIN_ENTRY], t.pin_entry)
    timeouts.update({State.FACE: t.face_capture, State.RESULT: t.result, State.FAILSAFE: t.failsafe})
    return FlowConfig(timeouts=timeouts, consent_items=settings.consent.asked,
                      ask_prescription=settings.consent.prescription_choice)


def face_config(settings: KioskSettings) -> VerificationConfig:
    return settings.face.verification_config()


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    return QApplication(argv or sys.argv[:1])


@dataclass
class Kiosk:
    """Everything one running kiosk is made of (tests and the screenshot script drive it through this)."""

    app: QApplication
    window: KioskWindow
    controller: KioskController
    maintenance: MaintenanceController
    devices: Devices
    language: LanguageSwitcher
    settings: KioskSettings
    staff_calls: StaffCalls
    lockdown: PatientLockdown
    notifier: ServiceNotifier = field(default_factory=lambda: ServiceNotifier(None))
    watchdog: WatchdogFeeder | None = None
    voice: VoiceGuidance | None = None

    @property
    def screens(self) -> Screens:
        return self.window.screens

    def start(self, *, warm_up: bool = True) -> None:
        """Start the controller; once the idle screen is up, start the face matcher in the background (~2 s)."""
        self.controller.start()
        if self.watchdog is not None:
            self.watchdog.start()
        when_idle(self, self._ready)
        if warm_up:
            QTimer.singleShot(0, self.devices.warm_up)

    def _ready(self) -> None:
        self.notifier.ready("idle screen up")

    def shutdown(self) -> None:
        """Stop every worker, release the devices and close the window (safe to call twice)."""
        if self.window.allow_close:
            return
        self.notifier.stopping()
        if self.watchdog is not None:
            self.watchdog.stop()
        self.lockdown.remove(self.app)
        self.maintenance.stop()
        self.controller.stop()
        if self.voice is not None:
            self.voice.close()
        self.devices.close()
        self.maintenance.reception_log.close()
        self.window.allow_close = True
        self.window.close()


def build_kiosk(app: QApplication, devices: Devices, settings: KioskSettings, settings_path: Path,
                credentials: StaffCredentialStore, *, on_exit: Callable[[], None] | None = None,
                tick_ms: int = 250, reception_log: Path | None = None, notifier: ServiceNotifier | None = None,
                run_history: RunHistory | None = None) -> Kiosk:
    """`reception_log`: the file keeping today's receptions for staff across restarts (None: memory only);
    `notifier`: the service manager to tell (ready, watchdog); `run_history`: restarts shown on the diagnostics page."""
    metrics = Metrics.for_screen()
    app.setFont(base_font(metrics))
    app.setStyleSheet(stylesheet(metrics))
    app.setPalette(kiosk_palette(app.palette()))
    language = LanguageSwitcher(app)
    language.set_language(settings.language)
    window = KioskWindow(metrics, Screens.build(metrics))
    controller = KioskController(window, Flow(SystemClock(), flow_config(settings)), devices.services, language,
                                 default_language=settings.language, tick_ms=tick_ms,
                                 text_size=TextSize(app, metrics))
    kiosk_ref: list[Kiosk] = []

    def saved(new: KioskSettings) -> None:
        controller.default_language = new.language
        controller.reconfigure_when_idle(flow_config(new))
        devices.apply_face_config(face_config(new))
        kiosk_ref[0].settings = new

    def exit_kiosk() -> None:
        kiosk_ref[0].shutdown()
        if on_exit is not None:
            on_exit()

    maintenance = MaintenanceController(
        controller, credentials, settings, settings_path, ReceptionLog(path=reception_log),
        diagnostics=devices.diagnostics if run_history is None else with_restarts(devices.diagnostics, run_history),
        card_photo=devices.card_photo, on_settings_saved=saved, on_exit=exit_kiosk,
        declarations=devices.declarations, clear_card_locks=devices.clear_card_locks)
    staff_calls = StaffCalls(parent=controller)
    controller.staff_alert.connect(staff_calls.call)
    staff_calls.badge.connect(window.set_staff_call)
    controller.view_changed.connect(
        lambda view: staff_calls.next_patient() if view.state is State.IDLE else None)
    maintenance.signed_in.connect(staff_calls.answered)
    if devices.desk is not None:
        _wire_desk(devices, controller, maintenance, staff_calls)
    voice = VoiceGuidance.from_settings(settings.voice, parent=controller)
    voice.attach(controller.view_changed, controller.staff_alert, window.screens.pin.digit_pressed, language)
    window.repeat_button_clicked.connect(voice.repeat)
    window.louder_button_clicked.connect(voice.louder_or_quiet)
    lockdown = PatientLockdown(window, lambda: window.allow_close, parent=window)
    lockdown.install(app)
    notifier = notifier or ServiceNotifier(None)
    kiosk = Kiosk(app, window, controller, maintenance, devices, language, settings, staff_calls, lockdown,
                  notifier, WatchdogFeeder(notifier, parent=window), voice)
    kiosk_ref.append(kiosk)
    return kiosk


class _DeskAcknowledged(QObject):
    """Carries the desk's acknowledgement from the desk link's thread to the UI thread (a queued signal)."""

    acknowledged = Signal()


def _wire_desk(devices: Devices, controller: KioskController, maintenance: MaintenanceController,
               staff_calls: StaffCalls) -> None:
    """Staff calls go to the desk page; its acknowledgement clears the 係員を呼んでいます badge."""
    desk = devices.desk
    assert desk is not None  # noqa: S101 - checked by the caller
    bridge = _DeskAcknowledged(staff_calls)
    bridge.acknowledged.connect(staff_calls.answered)
    desk.on_acknowledged = bridge.acknowledged.emit
    controller.staff_alert.connect(lambda alert: desk.call(alert.value))
    maintenance.signed_in.connect(desk.answered_at_kiosk)
    desk.start()


def show(kiosk: Kiosk, fullscreen: bool) -> None:
    """The window is the display's size (or 1280x800 in a window) and stays so, whatever a screen holds."""
    if fullscreen:  # the compositor (cage) gives the window the display; the screens never ask for more
        kiosk.window.showFullScreen()
    else:
        kiosk.window.setFixedSize(*WINDOW_SIZE)
        kiosk.window.show()


def with_restarts(diagnostics: Callable[[], list[DiagnosticItem]], history: RunHistory,
                  now: Callable[[], datetime] = datetime.now) -> Callable[[], list[DiagnosticItem]]:
    """The devices' diagnostics and one more row: how often the kiosk ended unexpectedly (crash, hang, power cut)."""
    def with_row() -> list[DiagnosticItem]:
        return [*diagnostics(), restart_item(history, now())]

    return with_row


def restart_item(history: RunHistory, now: datetime) -> DiagnosticItem:
    """A fault while the last unexpected end is recent; the count since installation and the last time either way."""
    last = history.last_unclean
    recent = False
    if last is not None:
        try:
            recent = now - datetime.fromisoformat(last.noticed_at) < RECENT_RESTART
        except ValueError:
            recent = True
    detail = f"{history.unclean_total} unexpected restarts"
    if last is not None:
        detail += f", last at {last.noticed_at}"
    if history.running_since:
        detail += f"; running since {history.running_since}"
    return DiagnosticItem("restarts", not recent, detail)


def when_idle(kiosk: Kiosk, then: Callable[[], None]) -> None:
    """Call `then` once the window is visible and shows the idle screen (polled on the UI thread by a timer that
    belongs to the window, so it goes when the window does)."""
    timer = QTimer(kiosk.window)
    timer.setInterval(10)

    def check() -> None:
        if kiosk.window.isVisible() and kiosk.window.current_screen is kiosk.screens.idle:
            timer.stop()
            timer.deleteLater()
            then()
        elif kiosk.window.allow_close:
            timer.stop()

    timer.timeout.connect(check)
    timer.start()


def measure_cold_start(started: float, kiosk: Kiosk, report: Callable[[float], None]) -> None:
    """Report the seconds from process start to the idle screen being on screen, then quit."""
    def done() -> None:
        kiosk.app.processEvents()
        report(time.perf_counter() - started)
        kiosk.shutdown()
        kiosk.app.quit()

    when_idle(kiosk, done)


def place_beside(panel: QWidget, window: QWidget) -> None:
    """Put the tester panel right of the kiosk window, or at the screen's right edge when there is no room."""
    screen = window.screen().availableGeometry()
    frame = window.frameGeometry()
    panel.adjustSize()
    room = screen.right() - frame.right()
    x = frame.right() + 1 if room >= panel.width() else screen.right() - panel.width()
    panel.move(max(screen.left(), x), frame.top())


def card_keys(window: QWidget, place: Callable[[str], None], remove: Callable[[], None], persona: str) -> None:
    """Simulate mode without the tester panel (a demonstration kiosk under cage): F5 places `persona`'s card, F6
    removes it."""
    for key, action in (("F5", lambda: place(persona)), ("F6", remove)):
        shortcut = QShortcut(QKeySequence(key), window)
        shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        shortcut.activated.connect(action)


def tester_font() -> QFont:
    font = QFont()
    font.setPixelSize(14)
    return font
