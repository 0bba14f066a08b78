"""What every path of the flow shares: the state, the patient's session, and the transitions between screens.

One `FlowContext` per kiosk; each path (`card_path`, `registration`, `paper`, `declaration`, `disaster`) is a
small object holding it, and `machine.Flow` maps every state to one path's handler in one explicit table.
"""

from __future__ import annotations

import logging

from . import effects as fx
from . import events as ev
from .config import Clock, FlowConfig
from .model import (
    CHECK_FAILURE,
    VALIDITY_FAILURE,
    CheckFailure,
    Failure,
    Notice,
    Outcome,
    OutcomeKind,
    QualificationSummary,
    ReceptionPath,
    StaffAlert,
    State,
)
from .session import Session

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
# States where the patient reads and answers: a touch gives them their time again, and 20 s before the end the
# screen asks 「まだお使いですか？」. (Waiting states — reading, checking, the camera — run on their own.)
PATIENT_STATES = frozenset({
    State.CHOOSE_METHOD, State.PIN_ENTRY, State.PIN_BLOCKED, State.STAFF_CHECK, State.CONSENT, State.CONSENT_ITEMS,
    State.PRESCRIPTION, State.CONFIRM, State.FAILED, State.REGISTER_TERMS, State.PAPER_STAFF_AUTH, State.PAPER_FORM,
    State.DECLARATION_FORM, State.DECLARATION_CONFIRM, State.DISASTER_CONSENT, State.DISASTER_FORM,
})
STILL_THERE_WARNING_S = 20.0
CANCELLED_NOTICE_S = 15.0  # how long the start screen says a pulled card stopped the reception

# States waiting for one qualification check; one effect asks it and one cancels it, whatever the path.
CHECKING_STATES = frozenset({State.SUBMITTING, State.PAPER_CHECKING, State.DISASTER_LOOKUP})
# The work running in a state, and how to stop it when the reception ends there early.
_STOP_WORK: dict[State, fx.Effect] = {
    State.FACE: fx.CancelFace(),
    **dict.fromkeys(CHECKING_STATES, fx.CancelCheck()),
    State.REGISTERING: fx.CancelRegister(),
    # An abandoned declaration must not come back for the next patient after a restart.
    State.DECLARATION_FORM: fx.DiscardDraft(),
    State.DECLARATION_CONFIRM: fx.DiscardDraft(),
}


class FlowContext:
    """The flow's state and session, and the transitions every path uses. Holds no PIN."""

    def __init__(self, clock: Clock, config: FlowConfig) -> None:
        self.clock = clock
        self.config = config
        self.state = State.IDLE
        self.entered_at = clock.monotonic()
        self.session = Session()
        self.card_present = False
        self.disaster_mode = False
        self.last_outcome: Outcome | None = None

    # -- moving between screens ---------------------------------------------------------------------------------

    def go(self, state: State, *, keep_notice: bool = False) -> None:
        self.state = state
        self.entered_at = self.clock.monotonic()
        if not keep_notice:
            self.session.notice = None

    def start_path(self, path: ReceptionPath, state: State) -> None:
        """A fresh session for a reception that starts without a card."""
        self.session = Session(path=path)
        self.go(state)

    def identity_confirmed(self) -> Effects:
        s = self.session
        s.failure = None
        # In the grace window only the qualification is checked: no medical-information consent is offered.
        s.offered = () if s.in_grace else self.config.consent_items
        s.consents = dict.fromkeys(s.offered, False)
        if s.offered:
            self.go(State.CONSENT)
            s.notice = Notice.IDENTITY_CONFIRMED  # said before the next question, not skipped over
            return ()
        return self.consent_given()

    def consent_given(self) -> Effects:
        """Consent answered (or none to ask): the prescription choice where the facility asks it, then confirm."""
        confirmed_now = self.state not in (State.CONSENT, State.CONSENT_ITEMS)  # straight from the identity check
        self.go(State.PRESCRIPTION if self.config.ask_prescription else State.CONFIRM)
        if self.session.in_grace:
            self.session.notice = Notice.CERT_GRACE_NO_CONSENT
        elif confirmed_now:
            self.session.notice = Notice.IDENTITY_CONFIRMED
        return ()

    def fail(self, failure: Failure) -> Effects:
        self.session.failure = failure
        self.go(State.FAILED)
        self.record(OutcomeKind.FAILED)
        return ()

    def check_answered(self, event: ev.Event) -> Effects:
        """The handler of every state waiting for a qualification check (card, paper numbers, disaster lookup)."""
        match event:
            case ev.QualificationChecked(result=result):
                return self.qualification_answered(result)
            case ev.QualificationCheckFailed(reason=reason, queued=queued):
                return self.qualification_failed(reason, queued=queued)
        return ()

    def qualification_answered(self, result: QualificationSummary) -> Effects:
        """The backend answered a check (card, paper or disaster lookup): the result, or why it is not valid."""
        self.session.result = result
        if result.validity.is_valid:  # 有効, and 有効・未登録 under 医療扶助
            self.go(State.RESULT)
            self.record(OutcomeKind.COMPLETED)
            return ()
        return self.fail(VALIDITY_FAILURE[result.validity])

    def qualification_failed(self, reason: CheckFailure, *, queued: bool = False) -> Effects:
        """A check got no answer; staff hear of it when the backend cannot be reached."""
        self.session.queued = queued
        effects = self.fail(CHECK_FAILURE[reason])
        if reason is CheckFailure.UNREACHABLE:
            return (*effects, fx.NotifyStaff(StaffAlert.BACKEND_UNAVAILABLE))
        return effects

    def to_take_card(self) -> Effects:
        if not self.card_present:
            return self.to_idle()
        self.go(State.TAKE_CARD)
        return ()

    def end(self, kind: OutcomeKind) -> Effects:
        """The patient gave up: nothing is submitted; ask for the card back."""
        self.record(kind)
        return self.to_take_card()

    def to_idle(self) -> Effects:
        self.session = Session()
        self.go(State.IDLE)
        return (fx.EndSession(),)

    def record(self, kind: OutcomeKind) -> None:
        s = self.session
        self.last_outcome = Outcome(kind, self.state, s.method, s.failure, s.result, s.queued, s.path)

    def stop_work(self) -> Effects:
        stop = _STOP_WORK.get(self.state)
        return (stop,) if stop is not None else ()

    # -- what happens everywhere ----------------------------------------------------------------------------------

    def card_removed(self) -> Effects:
        self.card_present = False
        if self.state in (State.IDLE, State.FAILSAFE) or self.state in CARDLESS_STATES:
            return ()  # a path without the card goes on; it ends at idle instead of "take your card"
        if self.state in END_STATES:
            return self.to_idle()
        if self.state is State.SUBMITTING:
            # After Confirm the services decide: a check already kept in the outbox still goes, and its answer is
            # shown; one not yet kept is dropped (CheckDropped). Either way the patient is told what happened.
            return (fx.CancelCheck(),)
        stop = self.stop_work()
        self.record(OutcomeKind.CANCELLED_CARD_REMOVED)
        return stop + self.to_idle_cancelled()

    def to_idle_cancelled(self) -> Effects:
        """Back to the start, saying (for a moment) that the pulled card stopped the reception."""
        effects = self.to_idle()
        self.session.notice = Notice.CANCELLED_CARD_REMOVED
        return effects

    def check_dropped(self) -> Effects:
        if self.state is not State.SUBMITTING:
            return ()
        self.record(OutcomeKind.CANCELLED_CARD_REMOVED)
        if self.card_present:  # placed again meanwhile: it is still on the reader
            self.go(State.TAKE_CARD)
            return ()
        return self.to_idle_cancelled()

    def patient_active(self) -> Effects:
        if self.state in PATIENT_STATES:
            self.entered_at = self.clock.monotonic()
        return ()

    def still_there_asked(self) -> bool:
        """20 s before a patient screen's time runs out: 「まだお使いですか？」."""
        left = self.seconds_left()
        return self.state in PATIENT_STATES and left is not None and left <= STILL_THERE_WARNING_S

    def seconds_left(self) -> float | None:
        timeout = self.config.timeout(self.state)
        if timeout is None:
            return None
        return max(0.0, timeout - (self.clock.monotonic() - self.entered_at))

    def tick(self) -> Effects:
        if self.state is State.IDLE:
            if self.session.notice is not None and self.clock.monotonic() - self.entered_at >= CANCELLED_NOTICE_S:
                self.session.notice = None  # the next patient does not read the last one's news
            return ()
        left = self.seconds_left()
        if left is None or left > 0:
            return ()
        if self.state in SHOWS_TAKE_CARD or self.state is State.FAILSAFE:
            return self.to_take_card()
        if self.state is State.TAKE_CARD:
            # Never back to "place your card" while a card is on the reader: keep asking, and tell staff once.
            self.go(State.TAKE_CARD)
            if self.session.staff_told_card_left:
                return ()
            self.session.staff_told_card_left = True
            return (fx.NotifyStaff(StaffAlert.CARD_LEFT_ON_READER),)
        self.record(OutcomeKind.TIMED_OUT)
        return self.stop_work() + self.to_take_card()

    def failsafe(self) -> Effects:
        try:
            stop = self.stop_work()
            self.record(OutcomeKind.FAILSAFE)
        except Exception:  # the failsafe itself must not fail
            stop = ()
        self.session = Session()
        self.state = State.FAILSAFE
        self.entered_at = self.clock.monotonic()
        return (*stop, fx.NotifyStaff(StaffAlert.FAILSAFE), fx.EndSession())


class PathHandlers:
    """What every path object of the flow is built on: the one `FlowContext` it acts on. `Flow` maps each state to
    one path's handler method."""

    def __init__(self, context: FlowContext) -> None:
        self._flow = context
