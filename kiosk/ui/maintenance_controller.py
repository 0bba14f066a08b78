"""Maintenance mode: staff login (scrypt off the UI thread), then diagnostics, visual check, settings, exit.

Both screens close themselves after a spell without input, so nobody walks away from an open panel.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

from kiosk.config import ConfigError, KioskSettings, save_settings
from kiosk.flow import Outcome, State
from kiosk.flow import events as ev
from kiosk.flow.machine import IDENTITY_STATES
from kiosk.reception.staff_view import DeclarationEntry, DiagnosticItem
from kiosk.reception_log import ReceptionLog
from kiosk.staff_credentials import (
    CredentialError,
    LockedOutError,
    NoCredentialError,
    StaffAccount,
    StaffCredentialStore,
    WrongPasswordError,
)

from .controller import KioskController
from .inactivity import InactivityTimer
from .maintenance_accounts import AccountsController
from .workers import frame_to_qimage

log = logging.getLogger(__name__)

DIAGNOSTICS_REFRESH_MS = 2000
LOGIN_IDLE_MS = 60_000  # a patient who opened the staff login by accident gets their screen back
PANEL_IDLE_MS = 120_000  # staff who walk away do not leave exit, settings or the visual check to the next patient
class MaintenanceController(QObject):
    signed_in = Signal()  # a staff member is at the kiosk (answers the staff calls)

    def __init__(
        self, kiosk: KioskController, credentials: StaffCredentialStore, settings: KioskSettings,
        settings_path: Path, reception_log: ReceptionLog, *,
        diagnostics: Callable[[], list[DiagnosticItem]] | None = None,
        card_photo: Callable[[], NDArray[np.uint8] | None] | None = None,
        on_settings_saved: Callable[[KioskSettings], None] | None = None,
        on_exit: Callable[[], None] | None = None, parent: QObject | None = None,
        declarations: Callable[[], list[DeclarationEntry]] | None = None,
        clear_card_locks: Callable[[], None] | None = None,
        login_idle_ms: int = LOGIN_IDLE_MS, panel_idle_ms: int = PANEL_IDLE_MS,
    ) -> None:
        super().__init__(parent)
        self.kiosk = kiosk
        self.window = kiosk.window
        self.credentials = credentials
        self.account: StaffAccount | None = None  # who signed in: the staff check records this account's id
        self.settings = settings
        self.settings_path = settings_path
        self.reception_log = reception_log
        self._diagnostics = diagnostics
        self._card_photo = card_photo
        self._on_settings_saved = on_settings_saved
        self._on_exit = on_exit
        self._declarations = declarations
        self.logged_in = False
        self._diagnostics_busy = False
        self._photo_state = "none"  # none | loading | shown: the chip photo on the visual-check page
        login, panel = self.window.screens.login, self.window.screens.maintenance
        self.login_screen, self.panel = login, panel
        self.window.maintenance_requested.connect(self.open)
        login.login_requested.connect(self._login)
        login.cancelled.connect(self.close)
        panel.closed.connect(self.close)
        panel.exit_requested.connect(self._exit)
        panel.diagnostics.refresh_requested.connect(self.refresh_diagnostics)
        if clear_card_locks is not None:
            def unlock_cards() -> None:  # file writes: on a worker; the diagnostics then show them cleared
                log.info("card locks (face, PIN count) cleared by staff %s",
                         self.account.account_id if self.account else "?")
                kiosk.runner.start("card-locks", lambda _token: clear_card_locks(),
                                   lambda _done: self.refresh_diagnostics(), self._diagnostics_failed)

            panel.diagnostics.clear_card_locks_requested.connect(unlock_cards)
        panel.staff_check.confirmed.connect(lambda: self._staff_decision(confirmed=True))
        panel.staff_check.declined.connect(lambda: self._staff_decision(confirmed=False))
        panel.settings.save_requested.connect(self._save_settings)
        panel.disaster.mode_requested.connect(self._switch_disaster_mode)
        panel.disaster.verbal_consent.connect(self._verbal_consent)
        panel.declarations.refresh_requested.connect(self.refresh_declarations)
        kiosk.outcome_recorded.connect(self._record)
        kiosk.view_changed.connect(lambda _view: self._refresh_staff_check())
        kiosk.view_changed.connect(lambda view: panel.disaster.show_mode(view.disaster_mode))
        self._timer = QTimer(self)
        self._timer.setInterval(DIAGNOSTICS_REFRESH_MS)
        self._timer.timeout.connect(self.refresh_diagnostics)
        self._login_idle_ms = login_idle_ms
        self._panel_idle_ms = panel_idle_ms
        self.accounts = AccountsController(panel.accounts, credentials, kiosk.runner, lambda: self.account, self)
        self._idle = InactivityTimer(self)
        self._idle.expired.connect(self._idle_expired)

    def set_idle_timeouts(self, *, login_ms: int, panel_ms: int) -> None:
        """How long the login screen and the logged-in panel stay up without input; applies from now on."""
        self._login_idle_ms, self._panel_idle_ms = login_ms, panel_ms
        if self._idle.active:
            self._idle.start(self._idle_ms())

    def open(self) -> None:
        if self.kiosk.maintenance_active:
            return
        self.kiosk.maintenance_active = True
        self.logged_in = False
        self.login_screen.reset()
        if not self._configured():
            self.login_screen.show_not_configured()
            self.login_screen.login_button.setEnabled(False)
        self.window.show_screen(self.login_screen)
        self.window.set_language_label("", visible=False)
        self._idle.start(self._login_idle_ms)

    def stop(self) -> None:
        """The kiosk is shutting down: no more diagnostics, no idle timeout."""
        self._timer.stop()
        self._idle.stop()
        self.logged_in = False

    def close(self) -> None:
        self.logged_in = False
        self.account = None
        self._photo_state = "none"
        self.panel.staff_check.set_patient(False, None)  # the photo does not outlive maintenance mode
        self._timer.stop()
        self._idle.stop()
        self.kiosk.maintenance_active = False
        self.kiosk.render(force=True)

    def _idle_ms(self) -> int:
        return self._panel_idle_ms if self.logged_in else self._login_idle_ms

    def _idle_expired(self) -> None:
        if not self.kiosk.maintenance_active:
            return
        log.info("maintenance mode closed after %g s without input", self._idle_ms() / 1000)
        self.close()

    def _configured(self) -> bool:
        try:
            return self.credentials.is_configured()
        except CredentialError:
            return False

    def _login(self, account_id: str, password: str) -> None:
        self.login_screen.show_busy()
        self.login_screen.login_button.setEnabled(False)

        def check(_token: object) -> StaffAccount:
            return self.credentials.sign_in(password, account_id)

        def signed_in(account: object) -> None:
            self.account = account if isinstance(account, StaffAccount) else None
            self._logged_in()

        self.kiosk.runner.start("staff-login", check, signed_in, self._login_failed)

    def _login_failed(self, error: Exception) -> None:
        self.login_screen.login_button.setEnabled(True)
        if isinstance(error, WrongPasswordError):
            self.login_screen.show_wrong_password(error.failures_left)
        elif isinstance(error, LockedOutError):
            self.login_screen.show_locked(error.seconds_left)
        elif isinstance(error, NoCredentialError) and self._configured():
            self.login_screen.show_unknown_account()  # the same words for any unknown ID: no list of who exists
        elif isinstance(error, NoCredentialError):
            self.login_screen.show_not_configured()
        else:
            log.error("staff login failed: %s", type(error).__name__)
            self.login_screen.show_not_configured()

    def _logged_in(self) -> None:
        if not self.kiosk.maintenance_active:
            return
        log.info("maintenance mode opened")
        self.logged_in = True
        self.signed_in.emit()
        state = self.kiosk.flow.state
        if state is State.PAPER_STAFF_AUTH and self.account is not None:
            # A patient with a paper certificate waits: the signed-in account goes on to type the numbers.
            self.kiosk.dispatch(ev.StaffAuthenticated(self.account.account_id))
            self.close()
            return
        self.panel.settings.load(self.settings)
        self.panel.receptions.show_entries(self.reception_log.today())
        self.panel.disaster.show_mode(self.kiosk.flow.view.disaster_mode)
        self.refresh_declarations()
        self.accounts.refresh()
        self._refresh_staff_check()
        if self.account is not None:  # who signed in is who is recorded: nothing to type on a touchscreen
            self.panel.show_signed_in(self.account.account_id)
        if state in IDENTITY_STATES:
            self.panel.open_tab(self.panel.staff_check)
        self.panel.disaster.show_consent_waiting(state is State.DISASTER_CONSENT)
        if state is State.DISASTER_CONSENT:
            self.panel.open_tab(self.panel.disaster)
        self.window.show_screen(self.panel)
        self.refresh_diagnostics()
        self._timer.start()
        self._idle.start(self._panel_idle_ms)

    def _refresh_staff_check(self) -> None:
        """Show the chip photo while a patient waits for identity; drop it as soon as nobody does."""
        if not self.logged_in:
            return
        waiting = self.kiosk.flow.state in IDENTITY_STATES
        if not waiting or self._card_photo is None:
            self._photo_state = "none"
            self.panel.staff_check.set_patient(waiting, None)
            return
        if self._photo_state != "none":
            return
        self._photo_state = "loading"
        self.panel.staff_check.set_patient(True, None)
        provider = self._card_photo

        def load(_token: object) -> QImage | None:
            photo = provider()  # card I/O and JPEG 2000 decoding: off the UI thread
            return None if photo is None else frame_to_qimage(photo)

        self.kiosk.runner.start("card-photo", load, self._photo_loaded, self._photo_failed)

    def _photo_loaded(self, image: object) -> None:
        if self._photo_state != "loading" or not self.logged_in or self.kiosk.flow.state not in IDENTITY_STATES:
            self._photo_state = "none"
            return
        self._photo_state = "shown"
        self.panel.staff_check.set_patient(True, image if isinstance(image, QImage) else None)

    def _photo_failed(self, error: Exception) -> None:
        log.warning("card photo for the visual check failed: %s", type(error).__name__)
        self._photo_state = "shown"  # not retried for this patient; staff can still check the printed card

    def _staff_decision(self, *, confirmed: bool) -> None:
        """The visual check's answer, recorded with the account signed in."""
        if self.account is None or self.kiosk.flow.state not in IDENTITY_STATES:
            self._refresh_staff_check()
            return
        staff_id = self.account.account_id
        self.kiosk.dispatch(ev.StaffCheckConfirmed(staff_id) if confirmed else ev.StaffCheckDeclined(staff_id))
        self.close()  # back to the patient's screen (consent, or the failure)

    def refresh_diagnostics(self) -> None:
        if self._diagnostics is None or self._diagnostics_busy or not self.logged_in:
            return
        self._diagnostics_busy = True
        provider = self._diagnostics
        self.kiosk.runner.start("diagnostics", lambda _token: provider(), self._diagnostics_done,
                                self._diagnostics_failed)

    def _diagnostics_done(self, items: object) -> None:
        self._diagnostics_busy = False
        if isinstance(items, list):
            self.panel.diagnostics.show_items(items, datetime.now().strftime("%H:%M:%S"))

    def _diagnostics_failed(self, error: Exception) -> None:
        self._diagnostics_busy = False
        log.warning("diagnostics failed: %s", type(error).__name__)

    def _save_settings(self, settings: object) -> None:
        assert isinstance(settings, KioskSettings)  # noqa: S101 - the settings page only sends KioskSettings
        try:
            save_settings(settings, self.settings_path)
        except (OSError, ConfigError) as error:
            self.panel.settings.show_status(False, str(error))
            return
        self.settings = settings
        self.panel.settings.show_status(True)
        if self._on_settings_saved is not None:
            self._on_settings_saved(settings)

    def _verbal_consent(self, given: bool) -> None:
        """The patient's spoken answer to the disaster-mode lookup, recorded with the signed-in account."""
        if self.account is None or self.kiosk.flow.state is not State.DISASTER_CONSENT:
            return
        self.kiosk.dispatch(ev.StaffVerbalConsent(self.account.account_id, given))
        self.close()

    def _switch_disaster_mode(self, on: bool) -> None:
        """Staff switch disaster mode; the flow records who (RecordDisasterMode) and the banner follows."""
        if not self.logged_in or self.account is None:
            return
        log.info("disaster mode switched %s by staff", "on" if on else "off")
        self.kiosk.dispatch(ev.DisasterModeChanged(on, self.account.account_id))
        self.panel.disaster.show_mode(self.kiosk.flow.view.disaster_mode)

    def refresh_declarations(self) -> None:
        """The declaration outbox for staff, read off the UI thread."""
        if self._declarations is None or not self.logged_in:
            return
        provider = self._declarations
        self.kiosk.runner.start("declarations", lambda _token: provider(), self._declarations_done,
                                lambda error: log.warning("declarations list failed: %s", type(error).__name__))

    def _declarations_done(self, entries: object) -> None:
        if isinstance(entries, list) and self.logged_in:
            self.panel.declarations.show_entries(entries)

    def _record(self, outcome: object) -> None:
        assert isinstance(outcome, Outcome)  # noqa: S101 - the controller only emits Outcome
        self.reception_log.add(outcome.method.value if outcome.method else "", outcome.kind.value,
                               outcome.failure.value if outcome.failure else "", outcome.queued,
                               outcome.path.value if outcome.path else "")
        if self.logged_in:
            self.panel.receptions.show_entries(self.reception_log.today())
            self.refresh_declarations()

    def _exit(self) -> None:
        log.info("kiosk exit requested from maintenance mode")
        if self._on_exit is not None:
            self._on_exit()
