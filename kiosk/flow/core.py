"""The flow's skeleton shared by every path: dispatch, the view, transitions, timeouts, card removal, failsafe."""

from __future__ import annotations

import logging
from types import MappingProxyType

from kiosk.domain import ConsentItem, QualificationValidity, grace_period_end

from . import effects as fx
from . import events as ev
from .config import Clock, FlowConfig
from .model import (
    DECLARATION_FAILURES,
    SUBMIT_FAILURE,
    VALIDITY_FAILURE,
    Failure,
    Notice,
    Outcome,
    OutcomeKind,
    QualificationSummary,
    ReceptionPath,
    StaffAlert,
    State,
    SubmitFailure,
)
from .session import Session
from .view import FlowView, result_summary

logger = logging.getLogger(__name__)

Effects = tuple[fx.Effect, ...]

# States in which the patient is proving who they are; staff may confirm identity from any of them.
IDENTITY_STATES = frozenset({State.CHOOSE_METHOD, State.FACE, State.PIN_ENTRY, State.PIN_BLOCKED, State.STAFF_CHECK})
# States that end the reception; pulling the card there is the normal way out.
END_STATES = frozenset({State.RESULT, State.FAILED, State.TAKE_CARD})
# Paths that need no card: pulling a card (if one is there at all) does not cancel them.
PAPER_STATES = frozenset({State.PAPER_STAFF_AUTH, State.PAPER_FORM, State.PAPER_CHECKING})
DECLARATION_STATES = frozenset({
    State.DECLARATION_FORM, State.DECLARATION_CONFIRM, State.DECLARATION_SUBMITTING, State.DECLARATION_DONE,
})
DISASTER_STATES = frozenset({State.DISASTER_CONSENT, State.DISASTER_FORM, State.DISASTER_LOOKUP})
CARDLESS_STATES = PAPER_STATES | DECLARATION_STATES | DISASTER_STATES
# States whose own timeout shows "please take your card" (or idle) rather than cancelling.
SHOWS_TAKE_CARD = frozenset({State.RESULT, State.FAILED, State.DECLARATION_DONE})

# The work running in a state, and how to stop it when the reception ends there early.
_STOP_WORK: dict[State, fx.Effect] = {
    State.FACE: fx.CancelFace(),
    State.SUBMITTING: fx.CancelSubmit(),
    State.REGISTERING: fx.CancelRegister(),
    State.PAPER_CHECKING: fx.CancelCheckByNumber(),
    State.DISASTER_LOOKUP: fx.CancelDisasterLookup(),
    # An abandoned declaration must not come back for the next patient after a restart.
    State.DECLARATION_FORM: fx.DiscardDraft(),
    State.DECLARATION_CONFIRM: fx.DiscardDraft(),
}


class FlowCore:
    """State, session, view and the transitions every path uses. Paths add `_in_<state>` handlers."""

    def __init__(self, clock: Clock, config: FlowConfig | None = None) -> None:
        self._clock = clock
        self._config = config or FlowConfig()
        self._state = State.IDLE
        self._entered_at = clock.monotonic()
        self._session = Session()
        self._card_present = False
        self._disaster_mode = False
        self._last_outcome: Outcome | None = None

    @property
    def state(self) -> State:
        return self._state

    def reconfigure(self, config: FlowConfig) -> None:
        """New timeouts (staff saved the settings). What the flow holds, disaster mode included, stays as it is."""
        self._config = config

    @property
    def last_outcome(self) -> Outcome | None:
        return self._last_outcome

    @property
    def view(self) -> FlowView:
        s, state = self._session, self._state
        in_declaration = state in DECLARATION_STATES
        return FlowView(
            state=state, seconds_left=self._seconds_left(), card_present=self._card_present,
            method=s.method, notice=s.notice, failure=s.failure, pin_tries_left=s.pin_tries_left,
            face_attempt=s.face_attempt, max_face_attempts=self._config.max_face_attempts, face_prompt=s.face_prompt,
            face_available=s.face_available, pin_available=s.pin_available, consent_offered=s.offered,
            consent_choices=MappingProxyType(dict(s.consents)), in_grace_period=s.in_grace,
            result=result_summary(s.result) if state is State.RESULT else None,
            queued_for_later=s.queued, last_outcome=self._last_outcome,
            path=s.path, disaster_mode=self._disaster_mode, cert_not_after=s.cert_not_after,
            cert_grace_end=grace_period_end(s.cert_not_after) if s.cert_not_after else None,
            certificate_notice=s.cert_notice, registration_offered=self._registration_offered(),
            terms_version=self._config.registration_terms_version if state is State.REGISTER_TERMS else None,
            declaration_offered=state is State.FAILED and s.failure in DECLARATION_FAILURES,
            declaration=s.declaration if in_declaration else None,
            declaration_reason=s.declaration_reason if in_declaration else None,
            declaration_sent=s.declaration_sent, form_problems=s.problems,
            paper_certificate=s.paper if state in PAPER_STATES else None,
            paper_staff_id=s.staff_id if state in PAPER_STATES else None,
            disaster_query=s.disaster_query if state in DISASTER_STATES else None,
        )

    def handle(self, event: ev.Event) -> Effects:
        """React to one event. Events that make no sense in the current state are ignored."""
        try:
            return self._dispatch(event)
        except Exception:
            # Only the exception type: messages could carry patient data.
            logger.error("flow failed in %s on %s", self._state.value, type(event).__name__, exc_info=False)
            return self._failsafe()

    # -- dispatch ---------------------------------------------------------------------------------------------

    def _dispatch(self, event: ev.Event) -> Effects:
        match event:
            case ev.Tick():
                return self._on_tick()
            case ev.UnexpectedError():
                logger.error("unexpected error in %s while %s", self._state.value, event.where)
                return self._failsafe()
            case ev.CardRemoved():
                return self._on_card_removed()
            case ev.CardInserted():
                self._card_present = True
                if self._state is State.IDLE:
                    self._session = Session(path=ReceptionPath.CARD)
                    self._go(State.READING_CARD)
                    return (fx.ReadCard(),)
                return ()
            case ev.DisasterModeChanged():
                return self._on_disaster_mode(event)
        if self._state in IDENTITY_STATES:
            identity = self._on_identity_event(event)
            if identity is not None:
                return identity
        handler = getattr(self, f"_in_{self._state.value}", None)
        return handler(event) if handler else ()

    def _on_identity_event(self, event: ev.Event) -> Effects | None:
        return None

    def _on_disaster_mode(self, event: ev.DisasterModeChanged) -> Effects:
        return ()

    def _registration_offered(self) -> bool:
        return False

    # -- transitions ----------------------------------------------------------------------------------------------

    def _go(self, state: State, *, keep_notice: bool = False) -> None:
        self._state = state
        self._entered_at = self._clock.monotonic()
        if not keep_notice:
            self._session.notice = None

    def _start_path(self, path: ReceptionPath, state: State) -> None:
        """A fresh session for a reception that starts without a card."""
        self._session = Session(path=path)
        self._go(state)

    def _identity_confirmed(self) -> Effects:
        s = self._session
        s.failure = None
        if s.in_grace:  # qualification check only: no medical-information consent is offered
            s.offered, s.consents = (), {}
            self._go(State.CONFIRM)
            s.notice = Notice.CERT_GRACE_NO_CONSENT
        else:
            s.offered = tuple(ConsentItem)
            s.consents = dict.fromkeys(s.offered, False)
            self._go(State.CONSENT)
        return ()

    def _fail(self, failure: Failure) -> Effects:
        self._session.failure = failure
        self._go(State.FAILED)
        self._record(OutcomeKind.FAILED)
        return ()

    def _qualification_answered(self, result: QualificationSummary) -> Effects:
        """The backend answered a check (card, paper or disaster lookup): the result, or why it is not valid."""
        self._session.result = result
        if result.validity is QualificationValidity.VALID:
            self._go(State.RESULT)
            self._record(OutcomeKind.COMPLETED)
            return ()
        return self._fail(VALIDITY_FAILURE[result.validity])

    def _qualification_failed(self, reason: SubmitFailure, *, queued: bool = False) -> Effects:
        """A check got no answer; staff hear of it when the backend cannot be reached."""
        self._session.queued = queued
        effects = self._fail(SUBMIT_FAILURE[reason])
        if reason is SubmitFailure.UNREACHABLE:
            return (*effects, fx.NotifyStaff(StaffAlert.BACKEND_UNAVAILABLE))
        return effects

    def _to_take_card(self) -> Effects:
        if not self._card_present:
            return self._to_idle()
        self._go(State.TAKE_CARD)
        return ()

    def _end(self, kind: OutcomeKind) -> Effects:
        """The patient gave up: nothing is submitted; ask for the card back."""
        self._record(kind)
        return self._to_take_card()

    def _to_idle(self) -> Effects:
        self._session = Session()
        self._go(State.IDLE)
        return (fx.EndSession(),)

    def _record(self, kind: OutcomeKind) -> None:
        s = self._session
        self._last_outcome = Outcome(kind, self._state, s.method, s.failure, s.result, s.queued, s.path)

    def _stop_work(self) -> Effects:
        stop = _STOP_WORK.get(self._state)
        return (stop,) if stop is not None else ()

    def _on_card_removed(self) -> Effects:
        self._card_present = False
        if self._state in (State.IDLE, State.FAILSAFE) or self._state in CARDLESS_STATES:
            return ()  # a path without the card goes on; it ends at idle instead of "take your card"
        if self._state in END_STATES:
            return self._to_idle()
        stop = self._stop_work()
        self._record(OutcomeKind.CANCELLED_CARD_REMOVED)
        return stop + self._to_idle()

    def _seconds_left(self) -> float | None:
        timeout = self._config.timeout(self._state)
        if timeout is None:
            return None
        return max(0.0, timeout - (self._clock.monotonic() - self._entered_at))

    def _on_tick(self) -> Effects:
        left = self._seconds_left()
        if left is None or left > 0:
            return ()
        if self._state in SHOWS_TAKE_CARD:
            return self._to_take_card()
        if self._state is State.FAILSAFE:
            return self._to_idle()
        alerts: Effects = (fx.NotifyStaff(StaffAlert.CARD_LEFT_ON_READER),) if self._card_present else ()
        if self._state is not State.TAKE_CARD:
            self._record(OutcomeKind.TIMED_OUT)
        return self._stop_work() + alerts + self._to_idle()

    def _failsafe(self) -> Effects:
        try:
            stop = self._stop_work()
            self._record(OutcomeKind.FAILSAFE)
        except Exception:  # the failsafe itself must not fail
            stop = ()
        self._session = Session()
        self._state = State.FAILSAFE
        self._entered_at = self._clock.monotonic()
        return (*stop, fx.NotifyStaff(StaffAlert.FAILSAFE), fx.EndSession())
