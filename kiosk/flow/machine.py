"""The reception state machine: `Flow.handle(event) -> effects`. Pure Python: no Qt, no I/O.

Every state's handler is named once, in `Flow._handlers`: one explicit table from state to the path object that
owns it. The paths share one `FlowContext` (state, session, transitions); none of them knows the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from types import MappingProxyType

from . import effects as fx
from . import events as ev
from .card_path import CardPath
from .config import Clock, FlowConfig
from .context import CARDLESS_STATES, END_STATES, IDENTITY_STATES, Effects, FlowContext
from .declaration import DeclarationPath
from .disaster import DisasterPath
from .model import Notice, Outcome, StaffAlert, State
from .paper import PaperPath
from .registration import RegistrationPath
from .view import FlowView, build_view

__all__ = ["CARDLESS_STATES", "END_STATES", "IDENTITY_STATES", "Flow"]

logger = logging.getLogger(__name__)

Handler = Callable[[ev.Event], Effects]


def _nothing(_event: ev.Event) -> Effects:
    return ()


class Flow:
    """One kiosk's reception flow. Feed it events; run the effects it returns; read `view` to draw the screen."""

    def __init__(self, clock: Clock, config: FlowConfig | None = None) -> None:
        self._context = FlowContext(clock, config or FlowConfig())
        self._card = CardPath(self._context)
        self._registration = RegistrationPath(self._context)
        self._paper = PaperPath(self._context)
        self._declaration = DeclarationPath(self._context)
        self._disaster = DisasterPath(self._context)
        context, card, registration, paper = self._context, self._card, self._registration, self._paper
        declaration, disaster = self._declaration, self._disaster
        self._handlers: Mapping[State, Handler] = MappingProxyType({
            State.IDLE: self._idle,
            State.READING_CARD: card.reading_card,
            State.CHOOSE_METHOD: _nothing,  # only identity events (below) apply
            State.FACE: card.face,
            State.PIN_ENTRY: card.pin_entry,
            State.VERIFYING_PIN: card.verifying_pin,
            State.PIN_BLOCKED: card.pin_blocked,
            State.STAFF_CHECK: card.staff_check,
            State.CONSENT: card.consent,
            State.CONSENT_ITEMS: card.consent_items,
            State.PRESCRIPTION: card.prescription,
            State.CONFIRM: card.confirm,
            State.SUBMITTING: context.check_answered,
            State.RESULT: card.result,
            State.FAILED: self._failed,
            State.TAKE_CARD: _nothing,  # ends when the card is taken (or by its timeout)
            State.FAILSAFE: _nothing,  # ends by its timeout
            State.REGISTER_TERMS: registration.register_terms,
            State.REGISTERING: registration.registering,
            State.PAPER_STAFF_AUTH: paper.staff_auth,
            State.PAPER_FORM: paper.form,
            State.PAPER_CHECKING: context.check_answered,
            State.DECLARATION_FORM: declaration.form,
            State.DECLARATION_CONFIRM: declaration.confirm,
            State.DECLARATION_SUBMITTING: declaration.submitting,
            State.DECLARATION_DONE: declaration.done,
            State.DISASTER_CONSENT: disaster.consent,
            State.DISASTER_FORM: disaster.form,
            State.DISASTER_LOOKUP: context.check_answered,
        })

    @property
    def state(self) -> State:
        return self._context.state

    @property
    def handled_states(self) -> frozenset[State]:
        """The states with a handler in the table (every state: a test holds the table to that)."""
        return frozenset(self._handlers)

    @property
    def last_outcome(self) -> Outcome | None:
        return self._context.last_outcome

    @property
    def disaster_mode(self) -> bool:
        return self._context.disaster_mode

    @property
    def view(self) -> FlowView:
        return build_view(self._context, registration_offered=self._registration.offered())

    def reconfigure(self, config: FlowConfig) -> None:
        """New timeouts (staff saved the settings). What the flow holds, disaster mode included, stays as it is."""
        self._context.config = config

    def handle(self, event: ev.Event) -> Effects:
        """React to one event. Events that make no sense in the current state are ignored."""
        context = self._context
        try:
            return self._dispatch(event)
        except Exception:
            # Only the exception type: messages could carry patient data.
            logger.error("flow failed in %s on %s", context.state.value, type(event).__name__, exc_info=False)
            return context.failsafe()

    def _dispatch(self, event: ev.Event) -> Effects:
        context = self._context
        match event:
            case ev.Tick():
                return context.tick()
            case ev.UnexpectedError(where=where):
                logger.error("unexpected error in %s while %s", context.state.value, where)
                return context.failsafe()
            case ev.CardRemoved():
                return context.card_removed()
            case ev.CheckDropped():
                return context.check_dropped()
            case ev.PatientActive():
                return context.patient_active()
            case ev.StaffHelpRequested() if context.state is not State.IDLE:
                context.session.notice = Notice.STAFF_CALLED
                return (fx.NotifyStaff(StaffAlert.PATIENT_ASKS_FOR_HELP),)
            case ev.CardInserted():
                return self._card.inserted()
            case ev.DisasterModeChanged():
                return self._disaster.mode_changed(event)
        if context.state in IDENTITY_STATES:
            identity = self._card.identity_event(event)
            if identity is not None:
                return identity
        return self._handlers[context.state](event)

    def _idle(self, event: ev.Event) -> Effects:
        """Receptions that start without a card (a card placed on the reader starts the card path)."""
        match event:
            case ev.PaperCertificateChosen():
                return self._paper.start()
            case ev.DisasterLookupChosen():
                return self._disaster.start()
            case ev.RestoreDraft(draft=draft, reason=reason):
                return self._declaration.restore(draft, reason)
        return ()

    def _failed(self, event: ev.Event) -> Effects:
        """A failure screen: register now (not registered), fill in a self-declaration, or finish."""
        match event:
            case ev.RegistrationRequested():
                return self._registration.start()
            case ev.DeclarationRequested():
                return self._declaration.start()
        return self._card.result(event)
