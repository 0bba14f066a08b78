"""A whole kiosk on the embedded simulation, driven through its real widgets; Qt warnings fail the test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk, build_kiosk, face_config
from kiosk.config import KioskSettings
from kiosk.devices import simulated_devices
from kiosk.faceauth import Frame, FrameAnalysis, ReferenceFace
from kiosk.faceauth.process_matcher import ProcessFaceMatcher
from kiosk.reception.compose import FACE_LOCK_FILE, PIN_COUNT_FILE
from kiosk.staff_credentials import FAST_PARAMS_FOR_TESTS, Role, StaffCredentialStore

STAFF_PASSWORD = "staff-password-for-tests"  # noqa: S105 - a test credential
HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # pyproject cannot be edited from here, so the pytest-qt options are applied as markers on our tests only.
    for item in items:
        if Path(str(item.fspath)).is_relative_to(HERE):
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            # The offscreen platform's own note when a top-level window is shown; not a kiosk problem.
            item.add_marker(pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"))


@pytest.fixture(scope="session")
def simulation_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One backend PKI and database for the session (building the PKI is the slow part)."""
    return tmp_path_factory.mktemp("simulation")


@pytest.fixture(autouse=True)
def fresh_card_counts(simulation_dir: Path) -> None:
    """Each test's persona cards are new (their state lives in memory), so the kiosk's own per-card counts (PIN
    VERIFYs, face failures), kept in the shared data folder, start afresh too."""
    for name in (PIN_COUNT_FILE, FACE_LOCK_FILE):
        (simulation_dir / name).unlink(missing_ok=True)


@pytest.fixture
def credentials(tmp_path: Path) -> StaffCredentialStore:
    store = StaffCredentialStore(tmp_path / "staff.json", params=FAST_PARAMS_FOR_TESTS, max_failures=3,
                                 lockout_seconds=120)
    store.set_password(STAFF_PASSWORD)
    for account, name in (("staff01", "受付 一郎"), ("staff07", "受付 七子")):  # named staff of the clinic
        store.set_password(STAFF_PASSWORD, account, name=name, role=Role.STAFF)
    return store


class SharedMatcher:
    """The session's matcher process lent to one kiosk: the kiosk's close() must not stop it."""

    def __init__(self, matcher: ProcessFaceMatcher) -> None:
        self._matcher = matcher

    def encode_reference(self, photo: bytes) -> ReferenceFace:
        return self._matcher.encode_reference(photo)

    def analyse(self, frame: Frame, *, encode: bool) -> FrameAnalysis:
        return self._matcher.analyse(frame, encode=encode)


def _build(qtbot: QtBot, tmp_path: Path, simulation_dir: Path, credentials: StaffCredentialStore,
           matcher: ProcessFaceMatcher, *, camera_realtime: bool, reception_log: Path | None = None,
           settings: KioskSettings | None = None) -> Kiosk:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    settings = settings or KioskSettings(fullscreen=False)
    devices = simulated_devices(simulation_dir, face_config(settings), matcher=lambda: SharedMatcher(matcher),
                                camera_realtime=camera_realtime)
    built = build_kiosk(app, devices, settings, tmp_path / "config.toml", credentials, tick_ms=50,
                        reception_log=reception_log)
    built.window.resize(1280, 800)
    built.window.show()
    built.start()
    qtbot.waitUntil(lambda: built.window.current_screen is built.screens.idle)
    return built


@pytest.fixture
def kiosk(qtbot: QtBot, tmp_path: Path, simulation_dir: Path, credentials: StaffCredentialStore,
          process_matcher: ProcessFaceMatcher) -> Iterator[Kiosk]:
    """A kiosk whose simulated camera delivers every frame as fast as it is read (reproducible)."""
    built = _build(qtbot, tmp_path, simulation_dir, credentials, process_matcher, camera_realtime=False)
    yield built
    dispose(built)


@pytest.fixture
def kiosk_with(qtbot: QtBot, tmp_path: Path, simulation_dir: Path, credentials: StaffCredentialStore,
               process_matcher: ProcessFaceMatcher) -> Iterator[Callable[[KioskSettings], Kiosk]]:
    """A kiosk with a facility's own settings (which consent items it asks, ...)."""
    built: list[Kiosk] = []

    def make(settings: KioskSettings) -> Kiosk:
        built.append(_build(qtbot, tmp_path, simulation_dir, credentials, process_matcher, camera_realtime=False,
                            settings=settings))
        return built[-1]

    yield make
    for one in built:
        dispose(one)


@pytest.fixture
def realtime_kiosk(qtbot: QtBot, tmp_path: Path, simulation_dir: Path, credentials: StaffCredentialStore,
                   process_matcher: ProcessFaceMatcher) -> Iterator[Kiosk]:
    """A kiosk whose simulated camera runs at real-time pace, like a webcam: the patient moves in wall time."""
    built = _build(qtbot, tmp_path, simulation_dir, credentials, process_matcher, camera_realtime=True)
    yield built
    dispose(built)


def dispose(built: Kiosk) -> None:
    """Shut the kiosk down and delete its widgets now: the next kiosk's application-wide style sheet would
    otherwise re-polish every window left over from earlier tests (setup grew by ~0.5 s per test)."""
    built.shutdown()
    built.language.set_language("ja")
    built.window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isVisible(), f"{button.text()!r} is not visible"
    assert button.isEnabled(), f"{button.text()!r} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def wait_for(qtbot: QtBot, kiosk: Kiosk, screen: QWidget, timeout: int = 15000) -> None:
    def shown() -> None:
        current = kiosk.window.current_screen
        assert current is screen, f"showing {getattr(current, 'screen_id', current)}"

    qtbot.waitUntil(shown, timeout=timeout)


def place(kiosk: Kiosk, persona: str) -> None:
    kiosk.devices.tester["place"](persona)


def remove(kiosk: Kiosk) -> None:
    kiosk.devices.tester["remove"]()


def staff_sign_in(qtbot: QtBot, kiosk: Kiosk, account: str, password: str, *, opened: bool = False) -> None:
    """Staff come to the kiosk: the hidden gesture (Ctrl+Alt+M stands in for the corner), then their own account."""
    login = kiosk.screens.login
    if not opened:
        modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        qtbot.keyClick(kiosk.window, Qt.Key.Key_M, modifiers)
        wait_for(qtbot, kiosk, login)
        login.account.clear()
    qtbot.keyClicks(login.account, account)
    qtbot.keyClicks(login.password, password)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)


def pin_to_consent(qtbot: QtBot, kiosk: Kiosk, persona: str = "normal", pin: str = "1234") -> None:
    """A patient places the card, chooses the PIN and taps it in on the keypad: the consent screen follows."""
    s = kiosk.screens
    place(kiosk, persona)
    wait_for(qtbot, kiosk, s.choose_method)
    click(qtbot, s.choose_method.pin_button)
    wait_for(qtbot, kiosk, s.pin)
    for digit in pin:
        click(qtbot, s.pin.digit_buttons[digit])
    click(qtbot, s.pin.ok_button)
    wait_for(qtbot, kiosk, s.consent)
