"""The read-only picture of the flow that screens draw from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from kiosk.domain import (
    INFORMATION_ONLY_ITEMS,
    ConsentItem,
    IdentityMethod,
    PrescriptionIssue,
    QualificationValidity,
    grace_period_end,
)
from kiosk.domain.forms import FieldProblem, FormProblem
from kiosk.domain.notices import CertificateNotice
from kiosk.domain.pin import is_last_try

from .context import DECLARATION_STATES, DISASTER_STATES, PAPER_STATES, FlowContext
from .model import (
    DECLARATION_FAILURES,
    DeclarationDraft,
    DisasterQuery,
    Failure,
    NextStep,
    Notice,
    Outcome,
    PaperCertificate,
    QualificationSummary,
    ReceptionPath,
    State,
)


@dataclass(frozen=True)
class ResultSummary:
    """What a patient may see at the counter: not the whole record."""

    insurer_name: str
    burden_ratio_percent: int | None
    medical_aid: bool = False  # 医療扶助 (validity 6): no co-payment at the counter


@dataclass(frozen=True)
class FlowView:
    state: State
    seconds_left: float | None = None
    still_there_asked: bool = False  # 20 s before a patient screen's time runs out: 「まだお使いですか？［続ける］」
    card_present: bool = False
    method: IdentityMethod | None = None
    notice: Notice | None = None
    failure: Failure | None = None
    pin_tries_left: int | None = None
    face_attempt: int = 0
    max_face_attempts: int = 0
    face_prompt: str | None = None
    face_available: bool = True
    staff_check_available: bool = True
    pin_available: bool = True
    consent_offered: tuple[ConsentItem, ...] = ()
    consent_choices: Mapping[ConsentItem, bool] = field(default_factory=dict)
    prescription: PrescriptionIssue | None = None  # the patient's 電子処方箋 / 紙の処方箋 choice, once made
    prescription_asked: bool = False
    information_only: tuple[ConsentItem, ...] = INFORMATION_ONLY_ITEMS  # shared by law: shown, never asked
    in_grace_period: bool = False
    result: ResultSummary | None = None
    queued_for_later: bool = False
    last_outcome: Outcome | None = None
    # -- registration, paper certificate, self-declaration, disaster mode ---------------------------------------
    path: ReceptionPath | None = None
    disaster_mode: bool = False  # mark every screen while on
    cert_not_after: date | None = None  # of the user-auth certificate, once the card was read
    cert_grace_end: date | None = None  # last day the qualification check is allowed after expiry
    certificate_notice: CertificateNotice | None = None  # expiring within 3 months (kiosk.domain.notices), or in grace
    registration_offered: bool = False  # on the not-registered screen: "register now"
    terms_version: str | None = None  # on the terms screen
    declaration_offered: bool = False  # on a failure screen: "fill in a self-declaration"
    declaration: DeclarationDraft | None = None  # in the declaration states: what the patient typed
    declaration_reason: Failure | None = None  # why the patient is declaring (None if unknown)
    declaration_sent: bool = False  # on the "recorded" screen: the backend already has it
    form_problems: tuple[FieldProblem, ...] = ()  # what is wrong with which field of the current form
    paper_certificate: PaperCertificate | None = None  # in the paper states: what staff entered
    paper_staff_id: str | None = None  # the signed-in staff member on the paper form
    disaster_query: DisasterQuery | None = None  # in the disaster states: what was entered

    @property
    def disaster_lookup_offered(self) -> bool:
        """The idle screen offers the lookup without a card."""
        return self.disaster_mode and self.state is State.IDLE

    def problem(self, field_name: str) -> FormProblem | None:
        """The first problem of one field of the current form (names as in the form's dataclass)."""
        return next((p.problem for p in self.form_problems if p.field == field_name), None)

    @property
    def pin_last_try(self) -> bool:
        """Warn before the last try: one more wrong PIN blocks the card."""
        return self.pin_tries_left is not None and is_last_try(self.pin_tries_left)

    @property
    def next_step(self) -> NextStep | None:
        return self.failure.next_step if self.failure else None

    @property
    def error_kind(self) -> str | None:
        return self.failure.value if self.failure else None


def result_summary(result: QualificationSummary | None) -> ResultSummary | None:
    if result is None:
        return None
    medical_aid = result.validity is QualificationValidity.VALID_MEDICAL_AID_UNREGISTERED
    return ResultSummary(result.insurer_name, result.burden_ratio_percent, medical_aid)


def build_view(flow: FlowContext, *, registration_offered: bool) -> FlowView:
    """The picture of `flow` for the current screen: what belongs to another screen is left out."""
    s, state = flow.session, flow.state
    in_declaration = state in DECLARATION_STATES
    return FlowView(
        state=state, seconds_left=flow.seconds_left(), still_there_asked=flow.still_there_asked(),
        card_present=flow.card_present,
        method=s.method, notice=s.notice, failure=s.failure, pin_tries_left=s.pin_tries_left,
        face_attempt=s.face_attempt, max_face_attempts=flow.config.max_face_attempts, face_prompt=s.face_prompt,
        face_available=s.face_available, staff_check_available=s.staff_check_available,
        pin_available=s.pin_available, consent_offered=s.offered,
        consent_choices=MappingProxyType(dict(s.consents)), in_grace_period=s.in_grace,
        prescription=s.prescription, prescription_asked=flow.config.ask_prescription,
        result=result_summary(s.result) if state is State.RESULT else None,
        queued_for_later=s.queued, last_outcome=flow.last_outcome,
        path=s.path, disaster_mode=flow.disaster_mode, cert_not_after=s.cert_not_after,
        cert_grace_end=grace_period_end(s.cert_not_after) if s.cert_not_after else None,
        certificate_notice=s.cert_notice, registration_offered=registration_offered,
        terms_version=flow.config.registration_terms_version if state is State.REGISTER_TERMS else None,
        declaration_offered=state is State.FAILED and s.failure in DECLARATION_FAILURES,
        declaration=s.declaration if in_declaration else None,
        declaration_reason=s.declaration_reason if in_declaration else None,
        declaration_sent=s.declaration_sent, form_problems=s.problems,
        paper_certificate=s.paper if state in PAPER_STATES else None,
        paper_staff_id=s.staff_id if state in PAPER_STATES else None,
        disaster_query=s.disaster_query if state in DISASTER_STATES else None,
    )
