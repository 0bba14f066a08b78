"""One whole reception without a screen: the flow, driven by a scripted patient, effects run synchronously."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from kiosk.domain import ConsentItem, IdentityMethod, PrescriptionIssue
from kiosk.flow import (
    Clock,
    DeclarationDraft,
    DisasterQuery,
    Failure,
    Flow,
    FlowConfig,
    FlowView,
    Notice,
    OutcomeKind,
    PaperCertificate,
    QualificationSummary,
    StaffAlert,
    State,
)
from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.reception.clock import SystemClock

from .protocol import ReceptionServices
from .runner import execute_effect

ConsentPlan = Literal["all", "none"] | tuple[ConsentItem, ...]
_NOTICE_ERRORS = {
    Notice.FACE_FAILED_USE_PIN: "face_failed",
    Notice.CAMERA_LOST_USE_PIN: "camera_lost",
    Notice.CARD_FRONT_UNREAD_USE_PIN: "card_front_unread",
    Notice.PIN_WRONG: "pin_wrong",
}
MAX_PATIENT_ACTIONS = 50


class HeadlessPath(StrEnum):
    """Which way the scripted reception goes (`kiosk reception --path`)."""

    CARD = "card"  # the card check
    REGISTER = "register"  # the card check; on "not registered", register on the spot and go on
    PAPER = "paper"  # no card: staff enter the numbers of a paper eligibility certificate
    DECLARATION = "declaration"  # the card check; when no qualification is confirmed, fill the self-declaration
    DISASTER = "disaster"  # no card: staff switch disaster mode on, record verbal consent, lookup by kana + birth date

    @property
    def needs_card(self) -> bool:
        return self not in (HeadlessPath.PAPER, HeadlessPath.DISASTER)


@dataclass(frozen=True)
class HeadlessPlan:
    """What the scripted patient (and staff) do. The PIN is used once and only handed to the flow."""

    method: IdentityMethod
    pin: str | None = field(default=None, repr=False)
    consent: ConsentPlan = "all"
    staff_id: str = "headless"
    path: HeadlessPath = HeadlessPath.CARD
    paper: PaperCertificate | None = None  # PAPER: what staff type in
    declaration: DeclarationDraft | None = None  # DECLARATION: what the patient types (None: a restored draft as is)
    disaster: DisasterQuery | None = None  # DISASTER: what staff type in
    prescription: PrescriptionIssue | None = None  # the answer where the facility asks (FlowConfig.ask_prescription)


@dataclass(frozen=True)
class HeadlessOutcome:
    """Where the reception ended (before the card was taken), and what the patient would have seen."""

    final_state: State
    method: IdentityMethod | None
    failure: Failure | None
    notice: Notice | None
    result: QualificationSummary | None
    queued: bool
    pin_tries_left: int | None
    alerts: tuple[StaffAlert, ...]
    seconds: float  # card placed -> final screen
    ended_idle: bool  # the card was taken and the kiosk is back at idle
    path: HeadlessPath = HeadlessPath.CARD
    outcome: OutcomeKind | None = None  # how the flow recorded the reception
    form_problems: tuple[tuple[str, str], ...] = ()  # (field, problem code) when a form was refused
    declaration_sent: bool | None = None  # DECLARATION_DONE: already at the backend (False: kept in the outbox)
    restored_draft: bool = False  # a saved declaration draft was put back at start

    @property
    def ok(self) -> bool:
        if self.path is HeadlessPath.DECLARATION:
            return self.final_state is State.DECLARATION_DONE
        return self.final_state is State.RESULT

    @property
    def error(self) -> str | None:
        if self.form_problems:
            return "invalid_input"
        if self.ok:
            return None
        if self.failure is not None:
            return self.failure.value
        if self.final_state is State.FAILSAFE:
            return "failsafe"
        if self.final_state is State.IDLE:
            return "no_card" if self.path.needs_card else "cancelled"
        if self.notice in _NOTICE_ERRORS:
            return _NOTICE_ERRORS[self.notice]
        return None if self.ok else f"stopped_at_{self.final_state.value}"

    def to_json(self) -> dict[str, Any]:
        result = None
        if self.result is not None:
            result = {
                "validity": int(self.result.validity), "insurer_name": self.result.insurer_name,
                "burden_ratio_percent": self.result.burden_ratio_percent,
                "consents": {item.wire_name: int(code) for item, code in self.result.consents.items()},
                "prescription": int(self.result.prescription) if self.result.prescription else None,
            }
        return {
            "final_state": self.final_state.value, "ok": self.ok, "error": self.error,
            "next_step": self.failure.next_step.value if self.failure else None,
            "method": self.method.value if self.method else None, "notice": self.notice.value if self.notice else None,
            "pin_tries_left": self.pin_tries_left, "queued_for_later": self.queued, "qualification": result,
            "staff_alerts": [alert.value for alert in self.alerts], "seconds": round(self.seconds, 4),
            "ended_idle": self.ended_idle, "path": self.path.value,
            "outcome": self.outcome.value if self.outcome else None,
            "form_problems": [{"field": name, "problem": code} for name, code in self.form_problems],
            "declaration_sent": self.declaration_sent, "restored_draft": self.restored_draft,
        }


class _Patient:
    """Answers each screen the way the plan says; None when the patient has nothing more to do."""

    def __init__(self, plan: HeadlessPlan) -> None:
        self._plan = plan
        self._pin_entered = False
        self._method_chosen = False
        self._done: set[State] = set()  # form and staff screens are answered once: a refusal ends the script

    def _once(self, state: State, events: list[ev.Event]) -> list[ev.Event] | None:
        if state in self._done:
            return None
        self._done.add(state)
        return events

    def act(self, view: FlowView) -> list[ev.Event] | None:
        plan = self._plan
        paths = self._paths(view)
        if paths is not None:
            return paths
        match view.state:
            case State.CHOOSE_METHOD if not self._method_chosen:
                self._method_chosen = True
                return [ev.MethodChosen(plan.method)]
            case State.PIN_ENTRY if plan.method is IdentityMethod.PIN and not self._pin_entered and plan.pin:
                self._pin_entered = True
                return [ev.PinEntered(plan.pin)]
            case State.STAFF_CHECK:
                return [ev.StaffCheckConfirmed(plan.staff_id)]
            case State.CONSENT:
                return [ev.ConsentAllAgreed() if plan.consent == "all" else ev.ConsentByItemAsked()]
            case State.CONSENT_ITEMS:
                chosen = () if plan.consent == "none" else plan.consent
                return [*(ev.ConsentChosen(item, item in chosen) for item in view.consent_offered), ev.ConsentDone()]
            case State.PRESCRIPTION if plan.prescription is not None:
                return self._once(State.PRESCRIPTION, [ev.PrescriptionChosen(plan.prescription)])
            case State.CONFIRM:
                return [ev.Confirmed()]
        return None

    def _paths(self, view: FlowView) -> list[ev.Event] | None:
        """The screens beside the card path; None when this screen is not one of theirs (or was answered already)."""
        plan, state = self._plan, view.state
        match state:
            case State.FAILED if plan.path is HeadlessPath.REGISTER and view.registration_offered:
                return self._once(state, [ev.RegistrationRequested()])
            case State.FAILED if plan.path is HeadlessPath.DECLARATION and view.declaration_offered:
                return self._once(state, [ev.DeclarationRequested()])
            case State.REGISTER_TERMS:
                return self._once(state, [ev.TermsAgreed()])
            case State.DECLARATION_FORM:
                typed = [ev.DeclarationEdited(plan.declaration)] if plan.declaration is not None else []
                return self._once(state, [*typed, ev.DeclarationReviewed()])
            case State.DECLARATION_CONFIRM:
                return self._once(state, [ev.Confirmed()])
            case State.PAPER_STAFF_AUTH:
                return self._once(state, [ev.StaffAuthenticated(plan.staff_id)])
            case State.PAPER_FORM if plan.paper is not None:
                return self._once(state, [ev.PaperCertificateEntered(plan.paper)])
            case State.DISASTER_CONSENT:
                return self._once(state, [ev.StaffVerbalConsent(plan.staff_id, True)])
            case State.DISASTER_FORM if plan.disaster is not None:
                return self._once(state, [ev.DisasterQueryEntered(plan.disaster)])
        return None


def run_headless_reception(
    services: ReceptionServices, plan: HeadlessPlan, *, clock: Clock | None = None,
    config: FlowConfig | None = None, remove_card: Callable[[], None] | None = None,
    card_wait_seconds: float = 5.0,
) -> HeadlessOutcome:
    """Run one reception (the card on the reader, or a card-less path), then take the card back to idle.

    At start, as the kiosk does: the outboxes are replayed and the saved disaster mode and a recent declaration
    draft are put back (a restored draft is continued by the scripted patient).
    """
    flow = Flow(clock or SystemClock(), config)
    alerts: list[StaffAlert] = []
    pending: deque[ev.Event] = deque()

    def pump() -> None:
        while pending:
            for effect in flow.handle(pending.popleft()):
                if isinstance(effect, fx.NotifyStaff):
                    alerts.append(effect.alert)
                pending.extend(execute_effect(services, effect))

    services.startup.replay_pending()
    pending.extend(services.startup.startup_events())
    pump()
    restored = flow.state is State.DECLARATION_FORM
    started = time.perf_counter()
    if restored:
        pass  # the restarted kiosk shows the saved form: the patient goes on with it
    elif plan.path.needs_card:
        if not services.card.wait_for_card(True, timeout=card_wait_seconds):
            return HeadlessOutcome(State.IDLE, None, None, None, None, False, None, (), 0.0, True, plan.path)
        pending.append(ev.CardInserted())
    elif plan.path is HeadlessPath.PAPER:
        pending.append(ev.PaperCertificateChosen())
    else:
        if not flow.disaster_mode:
            pending.append(ev.DisasterModeChanged(True, plan.staff_id))  # staff switch it on (maintenance mode)
        pending.append(ev.DisasterLookupChosen())
    patient = _Patient(plan)
    for _ in range(MAX_PATIENT_ACTIONS):
        pump()
        actions = patient.act(flow.view)
        if actions is None:
            break
        pending.extend(actions)
    seconds = time.perf_counter() - started
    view = flow.view
    outcome = flow.last_outcome
    result = outcome.result if outcome is not None and view.state is State.RESULT else None
    if view.state is State.FAILED and outcome is not None:
        result = outcome.result  # e.g. qualification invalid: the answer is part of the outcome
    pending.append(ev.Acknowledged())
    pump()
    if remove_card is not None and flow.state is State.TAKE_CARD:
        remove_card()
        if services.card.wait_for_card(False, timeout=card_wait_seconds):
            pending.append(ev.CardRemoved())
            pump()
    ended_idle = flow.state is State.IDLE
    problems = tuple((p.field, p.problem.value) for p in view.form_problems)
    return HeadlessOutcome(
        final_state=view.state, method=view.method, failure=view.failure, notice=view.notice, result=result,
        queued=view.queued_for_later, pin_tries_left=view.pin_tries_left, alerts=tuple(alerts), seconds=seconds,
        ended_idle=ended_idle, path=plan.path, outcome=outcome.kind if outcome is not None else None,
        form_problems=problems,
        declaration_sent=view.declaration_sent if view.state is State.DECLARATION_DONE else None,
        restored_draft=restored,
    )
