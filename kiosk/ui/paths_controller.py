"""The screens beside the card path: registration terms, paper certificate, self-declaration, disaster lookup.
Connects their signals to flow events and draws their states (staff sign in through maintenance mode, never on a
patient screen). `KioskController` owns one and asks it for the screen of any state it does not draw itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.flow import FlowView, State
from kiosk.flow import events as ev

from .screens.submitting import Stage
from .widgets import Screen

if TYPE_CHECKING:
    from .controller import KioskController


_WAITS = {State.REGISTERING: Stage.REGISTERING, State.PAPER_CHECKING: Stage.CHECKING_NUMBER,
          State.DECLARATION_SUBMITTING: Stage.SAVING_DECLARATION, State.DISASTER_LOOKUP: Stage.DISASTER_LOOKUP}


class PathScreens:
    def __init__(self, controller: KioskController) -> None:
        self.controller = controller
        self.screens = controller.screens
        self._connect()

    def _connect(self) -> None:
        s, send = self.screens, self.controller.dispatch
        s.idle.paper_chosen.connect(lambda: send(ev.PaperCertificateChosen()))
        s.idle.disaster_lookup_chosen.connect(lambda: send(ev.DisasterLookupChosen()))
        s.register_terms.agreed.connect(lambda: send(ev.TermsAgreed()))
        s.register_terms.declined.connect(lambda: send(ev.TermsDeclined()))
        s.paper_form.entered.connect(lambda certificate: send(ev.PaperCertificateEntered(certificate)))
        s.declaration_form.edited.connect(lambda draft: send(ev.DeclarationEdited(draft)))
        s.declaration_form.next_requested.connect(lambda: send(ev.DeclarationReviewed()))
        s.declaration_confirm.confirmed.connect(self._declaration_confirmed)
        s.declaration_confirm.back.connect(lambda: send(ev.Back()))
        s.declaration_done.done.connect(lambda: send(ev.Acknowledged()))
        s.disaster_form.entered.connect(lambda query: send(ev.DisasterQueryEntered(query)))
        for screen in (s.paper_staff_auth, s.paper_form, s.declaration_form, s.declaration_confirm,
                       s.disaster_consent, s.disaster_form):
            screen.cancelled.connect(lambda: send(ev.Cancelled()))

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
            case State.PAPER_STAFF_AUTH:  # staff sign in through maintenance mode (MaintenanceController)
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
            case State.DISASTER_CONSENT:  # staff record the answer in maintenance mode
                return s.disaster_consent
            case State.DISASTER_FORM:
                if entered:
                    s.disaster_form.show_query(view.disaster_query)
                s.disaster_form.show_problems(view.form_problems)
                return s.disaster_form
        return None
