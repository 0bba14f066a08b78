"""A harness around the flow: a manual clock, recipes that reach every state, and effect bookkeeping."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from kiosk.domain import IdentityMethod, QualificationValidity, with_insurer_check_digit
from kiosk.flow import (
    CardReadFailure,
    CardSummary,
    CheckFailure,
    DeclarationDraft,
    DisasterQuery,
    Flow,
    FlowConfig,
    ManualClock,
    PaperCertificate,
    PaperDocument,
    QualificationSummary,
    State,
    SubmissionRequest,
)
from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.flow.machine import CARDLESS_STATES

TODAY = date(2026, 3, 15)
VALID_CARD = CardSummary(TODAY - timedelta(days=700), TODAY + timedelta(days=1000), pin_tries_left=3)
ONE_TRY_CARD = CardSummary(VALID_CARD.cert_not_before, VALID_CARD.cert_not_after, pin_tries_left=1)
BLOCKED_CARD = CardSummary(VALID_CARD.cert_not_before, VALID_CARD.cert_not_after, pin_tries_left=0)
GRACE_CARD = CardSummary(date(2021, 2, 1), date(2026, 2, 10), pin_tries_left=3)
EXPIRED_CARD = CardSummary(date(2020, 9, 1), date(2025, 9, 1), pin_tries_left=3)
EXPIRING_CARD = CardSummary(date(2021, 5, 1), TODAY + timedelta(days=45), pin_tries_left=3)
VALID_RESULT = QualificationSummary(QualificationValidity.VALID, "テスト健康保険組合", 30)
STAFF = "staff-01"
VALID_PAPER = PaperCertificate(PaperDocument.ELIGIBILITY_CERTIFICATE, with_insurer_check_digit("0613001"), "1234",
                               "5678", "00", date(1980, 4, 1))
COMPLETE_DRAFT = DeclarationDraft("山田 花子", "ヤマダ ハナコ", date(1950, 7, 7), "全国健康保険協会 東京支部",
                                  "090-1234-5678")
VALID_QUERY = DisasterQuery("ヤマダ ハナコ", date(1950, 7, 7))


class Harness:
    """Drives one Flow and remembers every effect it asked for."""

    def __init__(self, config: FlowConfig | None = None) -> None:
        self.clock = ManualClock(start=1000.0, today=TODAY)
        self.config = config or FlowConfig()
        self.flow = Flow(self.clock, self.config)
        self.effects: list[fx.Effect] = []

    @property
    def state(self) -> State:
        return self.flow.state

    def send(self, *events: ev.Event) -> tuple[fx.Effect, ...]:
        out: list[fx.Effect] = []
        for event in events:
            out.extend(self.flow.handle(event))
        self.effects.extend(out)
        return tuple(out)

    def submits(self) -> list[fx.CheckQualification]:
        return [e for e in self.effects
                if isinstance(e, fx.CheckQualification) and isinstance(e.request, SubmissionRequest)]

    def wait(self, seconds: float) -> tuple[fx.Effect, ...]:
        self.clock.advance(seconds)
        return self.send(ev.Tick())


TO_PIN_ENTRY: tuple[ev.Event, ...] = (ev.CardInserted(), ev.CardRead(VALID_CARD), ev.MethodChosen(IdentityMethod.PIN))
TO_CONSENT = (*TO_PIN_ENTRY, ev.PinEntered("1234"), ev.PinVerified())
TO_SUBMITTING = (*TO_CONSENT, ev.ConsentAllAgreed())
TO_RESULT = (*TO_SUBMITTING, ev.QualificationChecked(VALID_RESULT))
TO_NOT_REGISTERED = (*TO_SUBMITTING, ev.QualificationCheckFailed(CheckFailure.NOT_REGISTERED))
TO_REGISTER_TERMS = (*TO_NOT_REGISTERED, ev.RegistrationRequested())
TO_PAPER_FORM = (ev.PaperCertificateChosen(), ev.StaffAuthenticated(STAFF))
TO_DECLARATION_CONFIRM = (ev.RestoreDraft(COMPLETE_DRAFT), ev.DeclarationReviewed())
TO_DISASTER_FORM = (ev.DisasterModeChanged(True, STAFF), ev.DisasterLookupChosen(), ev.StaffVerbalConsent(STAFF, True))

# One way from idle into every other state.
RECIPES: dict[State, tuple[ev.Event, ...]] = {
    State.READING_CARD: (ev.CardInserted(),),
    State.CHOOSE_METHOD: (ev.CardInserted(), ev.CardRead(VALID_CARD)),
    State.FACE: (ev.CardInserted(), ev.CardRead(VALID_CARD), ev.MethodChosen(IdentityMethod.FACE)),
    State.PIN_ENTRY: TO_PIN_ENTRY,
    State.VERIFYING_PIN: (*TO_PIN_ENTRY, ev.PinEntered("1234")),
    State.PIN_BLOCKED: (ev.CardInserted(), ev.CardRead(BLOCKED_CARD), ev.MethodChosen(IdentityMethod.PIN)),
    State.STAFF_CHECK: (ev.CardInserted(), ev.CardRead(VALID_CARD), ev.MethodChosen(IdentityMethod.STAFF)),
    State.CONSENT: TO_CONSENT,
    State.CONSENT_ITEMS: (*TO_CONSENT, ev.ConsentByItemAsked()),
    State.PRESCRIPTION: (*TO_CONSENT, ev.ConsentAllAgreed()),  # where the facility asks it (see `reach`)
    State.CONFIRM: (*TO_CONSENT, ev.ConsentByItemAsked(), ev.ConsentDone()),
    State.SUBMITTING: TO_SUBMITTING,
    State.RESULT: TO_RESULT,
    State.FAILED: (ev.CardInserted(), ev.CardReadFailed(CardReadFailure.NOT_MY_NUMBER_CARD)),
    State.TAKE_CARD: (*TO_RESULT, ev.Acknowledged()),
    State.FAILSAFE: (ev.CardInserted(), ev.UnexpectedError("reading the card")),
    # Beside the card check: registration with the card; paper, restored declaration and disaster lookup without one.
    State.REGISTER_TERMS: TO_REGISTER_TERMS,
    State.REGISTERING: (*TO_REGISTER_TERMS, ev.TermsAgreed()),
    State.PAPER_STAFF_AUTH: (ev.PaperCertificateChosen(),),
    State.PAPER_FORM: TO_PAPER_FORM,
    State.PAPER_CHECKING: (*TO_PAPER_FORM, ev.PaperCertificateEntered(VALID_PAPER)),
    State.DECLARATION_FORM: (ev.RestoreDraft(COMPLETE_DRAFT),),
    State.DECLARATION_CONFIRM: TO_DECLARATION_CONFIRM,
    State.DECLARATION_SUBMITTING: (*TO_DECLARATION_CONFIRM, ev.Confirmed()),
    State.DECLARATION_DONE: (*TO_DECLARATION_CONFIRM, ev.Confirmed(), ev.DeclarationRecorded(sent=False)),
    State.DISASTER_CONSENT: (ev.DisasterModeChanged(True, STAFF), ev.DisasterLookupChosen()),
    State.DISASTER_FORM: TO_DISASTER_FORM,
    State.DISASTER_LOOKUP: (*TO_DISASTER_FORM, ev.DisasterQueryEntered(VALID_QUERY)),
}
NON_IDLE_STATES = [state for state in State if state is not State.IDLE]
# States of the paths that need no card: pulling a card there does not cancel them.
CARD_STATES = [state for state in NON_IDLE_STATES if state not in CARDLESS_STATES]


def reach(state: State, config: FlowConfig | None = None) -> Harness:
    if state is State.PRESCRIPTION:  # asked only where the facility has it switched on
        config = dataclasses.replace(config or FlowConfig(), ask_prescription=True)
    harness = Harness(config)
    harness.send(*RECIPES[state])
    assert harness.state is state, f"recipe for {state} ended in {harness.state}"
    return harness
