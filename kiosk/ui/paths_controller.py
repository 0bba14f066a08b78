"""The screens beside the card path: registration terms, paper certificate, self-declaration, disaster
lookup. Connects their signals to flow events, checks the staff credential off the UI thread, and draws their
states. `KioskController` owns one and asks it for the screen of any state it does not draw itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from kiosk.flow import FlowView, State
from kiosk.flow import events as ev
from kiosk.staff_credentials import LockedOutError, NoCredentialError, WrongPasswordError

from .screens.paper_staff_auth import StaffSignInScreen
from .screens.submitting import Stage
from .widgets import Screen

if TYPE_CHECKING:
    from .controller import KioskController

log = logging.getLogger(__name__)

VerifyStaff = Callable[[str], None]  # raises a kiosk.staff_credentials error when the password is refused

_WAITS = {State.REGISTERING: Stage.REGISTERING, State.PAPER_CHECKING: Stage.CHECKING_NUMBER,
          State.DECLARATION_SUBMITTING: Stage.SAVING_DECLARATION, State.DISASTER_LOOKUP: Stage.DISASTER_LOOKUP}


def refusal_words(error: Exception) -> str:
    """Why the staff sign-in was refused, for staff (never the password)."""
    translate = QCoreApplication.translate
    if isinstance(error, WrongPasswordError):
        return translate("StaffSignIn", "パスワードが違います（あと %n 回でロックされます）", "", error.failures_left)
    if isinstance(error, LockedOutError):
        minutes = max(1, round(error.seconds_left / 60))
        return translate("StaffSignIn", "ロック中です。%n 分後にもう一度お試しください", "", minutes)
    if isinstance(error, NoCredentialError):
        return translate("StaffSignIn", "職員パスワードが設定されていません")
    return translate("StaffSignIn", "確認できませんでした。もう一度お試しください")


class PathScreens:
    def __init__(self, controller: KioskController, verify_staff: VerifyStaff | None) -> None:
        self.controller = controller
        self.verify_staff = verify_staff
        self.screens = controller.screens
        self._connect()

    def _connect(self) -> None:
        s, send = self.screens, self.controller.dispatch
        s.idle.paper_chosen.connect(lambda: send(ev.PaperCertificateChosen()))
        s.idle.disaster_lookup_chosen.connect(lambda: send(ev.DisasterLookupChosen()))
        s.register_terms.agreed.connect(lambda: send(ev.TermsAgreed()))
        s.register_terms.declined.connect(lambda: send(ev.TermsDeclined()))
        s.paper_staff_auth.signed_in.connect(self._paper_sign_in)
        s.paper_form.entered.connect(lambda certificate: send(ev.PaperCertificateEntered(certificate)))
        s.declaration_form.edited.connect(lambda draft: send(ev.DeclarationEdited(draft)))
        s.declaration_form.next_requested.connect(lambda: send(ev.DeclarationReviewed()))
        s.declaration_confirm.confirmed.connect(self._declaration_confirmed)
        s.declaration_confirm.back.connect(lambda: send(ev.Back()))
        s.declaration_done.done.connect(lambda: send(ev.Acknowledged()))
        s.disaster_consent.consent_recorded.connect(self._verbal_consent)
        s.disaster_form.entered.connect(lambda query: send(ev.DisasterQueryEntered(query)))
        for screen in (s.paper_staff_auth, s.paper_form, s.declaration_form, s.declaration_confirm,
                       s.disaster_consent, s.disaster_form):
            screen.cancelled.connect(lambda: send(ev.Cancelled()))

    # -- staff sign-in (scrypt: a worker thread) ------------------------------------------------------------------

    def _check_staff(self, screen: StaffSignInScreen, state: State, password: str,
                     accepted: Callable[[], None], refused: Callable[[], None] | None = None) -> None:
        verify = self.verify_staff
        if verify is None:
            screen.show_refused(refusal_words(NoCredentialError()))
            return

        def check(_token: object) -> None:
            verify(password)

        def done(_result: object) -> None:
            if self.controller.flow.state is state:
                accepted()

        def failed(error: Exception) -> None:
            log.info("staff sign-in refused: %s", type(error).__name__)
            if self.controller.flow.state is state:
                screen.show_refused(refusal_words(error))
                if refused is not None:
                    refused()

        self.controller.runner.start("staff-sign-in", check, done, failed)

    def _paper_sign_in(self, staff_id: str, password: str) -> None:
        send = self.controller.dispatch
        self._check_staff(self.screens.paper_staff_auth, State.PAPER_STAFF_AUTH, password,
                          lambda: send(ev.StaffAuthenticated(staff_id)), lambda: send(ev.StaffAuthRefused()))

    def _verbal_consent(self, staff_id: str, password: str, given: bool) -> None:
        send = self.controller.dispatch
        self._check_staff(self.screens.disaster_consent, State.DISASTER_CONSENT, password,
                          lambda: send(ev.StaffVerbalConsent(staff_id, given)))

    def _declaration_confirmed(self) -> None:
        self.screens.declaration_confirm.set_busy(True)  # one tap records it once
        self.controller.dispatch(ev.Confirmed())

    # -- drawing --------------------------------------------------------------------------------------------------

    def draw(self, view: FlowView, entered: bool) -> Screen | None:
        """The screen of a state beside the card path, filled from the view; None for any other state."""
        s = self.screens
        state = view.state
        if state in _WAITS:
            s.submitting.show_stage(_WAITS[state])
            return s.submitting
        match state:
            case State.REGISTER_TERMS:
                if entered:
                    s.register_terms.show_terms(view.terms_version or "")
                return s.register_terms
            case State.PAPER_STAFF_AUTH:
                if entered:
                    s.paper_staff_auth.reset()
                return s.paper_staff_auth
            case State.PAPER_FORM:
                if entered:
                    s.paper_form.show_form(view.paper_certificate, view.paper_staff_id)
                s.paper_form.show_problems(view.form_problems)
                return s.paper_form
            case State.DECLARATION_FORM:
                if entered:
                    s.declaration_form.show_draft(view.declaration)
                s.declaration_form.show_problems(view.form_problems)
                return s.declaration_form
            case State.DECLARATION_CONFIRM:
                s.declaration_confirm.show_draft(view.declaration)
                s.declaration_confirm.set_busy(False)
                return s.declaration_confirm
            case State.DECLARATION_DONE:
                s.declaration_done.show_recorded(view.declaration_sent)
                return s.declaration_done
            case State.DISASTER_CONSENT:
                if entered:
                    s.disaster_consent.reset()
                return s.disaster_consent
            case State.DISASTER_FORM:
                if entered:
                    s.disaster_form.show_query(view.disaster_query)
                s.disaster_form.show_problems(view.form_problems)
                return s.disaster_form
        return None
