"""The reception flow's vocabulary: states, failures, next steps and the summaries screens show."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from kiosk.domain import ConsentCode, ConsentItem, IdentityMethod, PrescriptionIssue, QualificationValidity
from kiosk.domain.forms import normalize_phone


class State(Enum):
    """One screen each; every state but IDLE leads back to IDLE by itself."""

    IDLE = "idle"  # "place your card"
    READING_CARD = "reading_card"
    CHOOSE_METHOD = "choose_method"  # face or PIN (or ask staff)
    FACE = "face"  # camera running, prompts shown
    PIN_ENTRY = "pin_entry"  # masked keypad, tries left shown
    VERIFYING_PIN = "verifying_pin"
    PIN_BLOCKED = "pin_blocked"  # guidance: reset at the municipal office; face or staff check instead
    STAFF_CHECK = "staff_check"  # waiting for staff to compare the card photo (maintenance mode)
    CONSENT = "consent"  # what would be shared: agree to all (registers at once) or choose item by item
    CONSENT_ITEMS = "consent_items"  # two explicit answers per item; cost ceiling shown as information
    PRESCRIPTION = "prescription"  # 電子処方箋 or 紙の処方箋 (where the facility asks)
    CONFIRM = "confirm"  # lists the per-item choices (or the prescription choice) before they are registered
    SUBMITTING = "submitting"
    RESULT = "result"  # burden ratio and insurer name
    FAILED = "failed"  # one failure (see Failure) with the patient's next step
    TAKE_CARD = "take_card"  # "please take your card" until it is removed
    FAILSAFE = "failsafe"  # something unexpected: apologise, then idle
    # Insurance-use registration (保険証利用登録) on the spot, after face or PIN.
    REGISTER_TERMS = "register_terms"  # the terms; the patient must agree explicitly
    REGISTERING = "registering"
    # Paper eligibility certificate (資格確認書) or 資格情報のお知らせ, entered by staff.
    PAPER_STAFF_AUTH = "paper_staff_auth"  # waiting for staff to sign in (maintenance credential)
    PAPER_FORM = "paper_form"  # staff enter insurer number, symbol, number, branch, birth date
    PAPER_CHECKING = "paper_checking"
    # Self-declaration (被保険者資格申立書) when no qualification could be confirmed.
    DECLARATION_FORM = "declaration_form"
    DECLARATION_CONFIRM = "declaration_confirm"
    DECLARATION_SUBMITTING = "declaration_submitting"  # stored durably in the outbox
    DECLARATION_DONE = "declaration_done"  # "recorded; staff will confirm"
    # Disaster mode (災害時モード): lookup by name and birth date without a card.
    DISASTER_CONSENT = "disaster_consent"  # staff ask for and record the patient's verbal consent
    DISASTER_FORM = "disaster_form"  # kana and birth date
    DISASTER_LOOKUP = "disaster_lookup"


class ReceptionPath(Enum):
    """How the reception began: with the card, a paper certificate, a restored declaration, or in disaster mode."""

    CARD = "card"
    PAPER = "paper"
    DECLARATION = "declaration"  # a self-declaration draft put back after a restart
    DISASTER = "disaster"


class PaperDocument(Enum):
    ELIGIBILITY_CERTIFICATE = "eligibility_certificate"  # 資格確認書
    QUALIFICATION_NOTICE = "qualification_notice"  # 資格情報のお知らせ (shown with the card)


class NextStep(Enum):
    """What the patient (or clinic) should do after a failure; the UI turns it into words."""

    ASK_STAFF = "ask_staff"
    RENEW_CERTIFICATE_AT_MUNICIPAL_OFFICE = "renew_certificate_at_municipal_office"
    RESET_PIN_AT_MUNICIPAL_OFFICE = "reset_pin_at_municipal_office"
    USE_ELIGIBILITY_CERTIFICATE_OR_SELF_DECLARATION = "use_eligibility_certificate_or_self_declaration"
    SHOW_QUALIFICATION_NOTICE_OR_SELF_DECLARATION = "show_qualification_notice_or_self_declaration"
    STAFF_WILL_CHECK_LATER = "staff_will_check_later"  # recorded in the outbox; staff visual check meanwhile
    TRY_REGISTRATION_LATER = "try_registration_later"  # at a kiosk, on マイナポータル or at the municipal office


class Failure(Enum):
    """Each failure of the reception domain, with the patient's next step."""

    NOT_MY_NUMBER_CARD = "not_my_number_card"
    CARD_UNREADABLE = "card_unreadable"
    CERT_EXPIRED = "cert_expired"
    CERT_REVOKED = "cert_revoked"
    PIN_BLOCKED = "pin_blocked"
    IDENTITY_NOT_CONFIRMED = "identity_not_confirmed"  # staff visual check declined
    NOT_REGISTERED = "not_registered"
    QUALIFICATION_INVALID = "qualification_invalid"
    QUALIFICATION_SUPERSEDED = "qualification_superseded"
    NO_QUALIFICATION = "no_qualification"
    SEVERAL_CANDIDATES = "several_candidates"
    BACKEND_UNAVAILABLE = "backend_unavailable"  # recorded for later
    BACKEND_REJECTED = "backend_rejected"
    REGISTRATION_FAILED = "registration_failed"  # the service refused the insurance-use registration
    REGISTRATION_UNAVAILABLE = "registration_unavailable"  # the service could not be reached to register
    DISASTER_NOT_DECLARED = "disaster_not_declared"  # the service refuses a lookup without a card here

    @property
    def next_step(self) -> NextStep:
        return _NEXT_STEP[self]


_NEXT_STEP: dict[Failure, NextStep] = {
    Failure.NOT_MY_NUMBER_CARD: NextStep.ASK_STAFF,
    Failure.CARD_UNREADABLE: NextStep.ASK_STAFF,
    Failure.CERT_EXPIRED: NextStep.RENEW_CERTIFICATE_AT_MUNICIPAL_OFFICE,
    Failure.CERT_REVOKED: NextStep.USE_ELIGIBILITY_CERTIFICATE_OR_SELF_DECLARATION,
    Failure.PIN_BLOCKED: NextStep.RESET_PIN_AT_MUNICIPAL_OFFICE,
    Failure.IDENTITY_NOT_CONFIRMED: NextStep.ASK_STAFF,
    Failure.NOT_REGISTERED: NextStep.SHOW_QUALIFICATION_NOTICE_OR_SELF_DECLARATION,
    Failure.QUALIFICATION_INVALID: NextStep.SHOW_QUALIFICATION_NOTICE_OR_SELF_DECLARATION,
    Failure.QUALIFICATION_SUPERSEDED: NextStep.ASK_STAFF,
    Failure.NO_QUALIFICATION: NextStep.SHOW_QUALIFICATION_NOTICE_OR_SELF_DECLARATION,
    Failure.SEVERAL_CANDIDATES: NextStep.ASK_STAFF,
    Failure.BACKEND_UNAVAILABLE: NextStep.STAFF_WILL_CHECK_LATER,
    Failure.BACKEND_REJECTED: NextStep.ASK_STAFF,
    Failure.REGISTRATION_FAILED: NextStep.ASK_STAFF,
    Failure.REGISTRATION_UNAVAILABLE: NextStep.TRY_REGISTRATION_LATER,
    Failure.DISASTER_NOT_DECLARED: NextStep.ASK_STAFF,
}

# Failures after which no qualification could be confirmed: the patient may fill in a self-declaration.
# Not after a card that was not read (a transit card, a card in its case): the patient first places the right card.
DECLARATION_FAILURES = frozenset({
    Failure.CERT_EXPIRED, Failure.CERT_REVOKED,
    Failure.NOT_REGISTERED, Failure.QUALIFICATION_INVALID, Failure.NO_QUALIFICATION, Failure.BACKEND_UNAVAILABLE,
    Failure.REGISTRATION_FAILED, Failure.REGISTRATION_UNAVAILABLE,
})


class Notice(Enum):
    """A one-line hint shown on the current screen (not a failure)."""

    PIN_WRONG = "pin_wrong"  # with tries left
    PIN_FORMAT = "pin_format"  # the PIN has 4 digits
    FACE_RETRY = "face_retry"  # not recognised: look at the camera again
    FACE_FAILED_USE_PIN = "face_failed_use_pin"
    FACE_LOCKED_USE_PIN = "face_locked_use_pin"  # face auth locked for this card (too many failures)
    CAMERA_LOST_USE_PIN = "camera_lost_use_pin"
    CARD_FRONT_UNREAD_USE_PIN = "card_front_unread_use_pin"  # 照合番号B not read from the card: no chip photo
    CERT_GRACE_NO_CONSENT = "cert_grace_no_consent"  # certificate expired: qualification check only
    CERT_EXPIRING_SOON = "cert_expiring_soon"
    DECLARATION_NOT_SAVED = "declaration_not_saved"  # the outbox could not store it: try again or ask staff
    CANCELLED_CARD_REMOVED = "cancelled_card_removed"  # on the start screen for a moment: why the reception stopped
    IDENTITY_CONFIRMED = "identity_confirmed"  # 本人確認ができました, on the first screen after it
    STAFF_CALLED = "staff_called"  # 係員を呼んでいます: the patient asked for help


class FaceFailure(Enum):
    """Why one face attempt did not match."""

    NOT_MATCHED = "not_matched"
    NO_FACE = "no_face"
    SEVERAL_FACES = "several_faces"
    LIVENESS_FAILED = "liveness_failed"
    TIMED_OUT = "timed_out"
    LOCKED = "locked"  # ten failures in a row on this card: face auth is off for it until staff clear it


class CardReadFailure(Enum):
    NOT_MY_NUMBER_CARD = "not_my_number_card"
    UNREADABLE = "unreadable"


class CheckFailure(Enum):
    """Why the eligibility check gave no qualification answer."""

    UNREACHABLE = "unreachable"  # network or national system down (queued in the outbox if `queued`)
    NOT_REGISTERED = "not_registered"
    NO_RECORD = "no_record"  # no insured person holds this card's certificate
    CERT_REVOKED = "cert_revoked"
    CERT_EXPIRED = "cert_expired"
    REJECTED = "rejected"
    DISASTER_NOT_DECLARED = "disaster_not_declared"  # lookup without a card refused: no disaster declared here


class RegistrationFailure(Enum):
    """Why the insurance-use registration did not happen ("already registered" is a success for the flow)."""

    UNREACHABLE = "unreachable"
    REJECTED = "rejected"


VALIDITY_FAILURE: dict[QualificationValidity, Failure] = {
    QualificationValidity.INVALID: Failure.QUALIFICATION_INVALID,
    QualificationValidity.INVALID_NEWER_EXISTS: Failure.QUALIFICATION_SUPERSEDED,
    QualificationValidity.NO_QUALIFICATION: Failure.NO_QUALIFICATION,
    QualificationValidity.SEVERAL_CANDIDATES: Failure.SEVERAL_CANDIDATES,
}
CHECK_FAILURE: dict[CheckFailure, Failure] = {
    CheckFailure.UNREACHABLE: Failure.BACKEND_UNAVAILABLE,
    CheckFailure.NOT_REGISTERED: Failure.NOT_REGISTERED,
    CheckFailure.NO_RECORD: Failure.NO_QUALIFICATION,
    CheckFailure.CERT_REVOKED: Failure.CERT_REVOKED,
    CheckFailure.CERT_EXPIRED: Failure.CERT_EXPIRED,
    CheckFailure.REJECTED: Failure.BACKEND_REJECTED,
    CheckFailure.DISASTER_NOT_DECLARED: Failure.DISASTER_NOT_DECLARED,
}


class OutcomeKind(Enum):
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED_CARD_REMOVED = "cancelled_card_removed"
    CANCELLED_BY_PATIENT = "cancelled_by_patient"
    TIMED_OUT = "timed_out"
    FAILSAFE = "failsafe"
    DECLARATION_RECORDED = "declaration_recorded"  # self-declaration stored; staff will confirm
    CANCELLED_BY_STAFF = "cancelled_by_staff"  # e.g. disaster mode switched off mid-lookup


class StaffAlert(Enum):
    STAFF_CHECK_REQUESTED = "staff_check_requested"
    CARD_LEFT_ON_READER = "card_left_on_reader"
    BACKEND_UNAVAILABLE = "backend_unavailable"
    FAILSAFE = "failsafe"
    PAPER_CERTIFICATE = "paper_certificate"  # a patient with a paper certificate waits for staff
    VERBAL_CONSENT_NEEDED = "verbal_consent_needed"  # disaster-mode lookup waits for staff
    DECLARATION_RECORDED = "declaration_recorded"  # a self-declaration waits for staff to confirm
    DECLARATION_NOT_SAVED = "declaration_not_saved"
    PATIENT_ASKS_FOR_HELP = "patient_asks_for_help"  # 係員を呼ぶ on a screen that is not an identity check


@dataclass(frozen=True)
class CardSummary:
    """What the flow needs from a card read; certificates and photos stay with the runner."""

    cert_not_before: date
    cert_not_after: date
    pin_tries_left: int
    # The card's presence can be proven without its PIN (特定機関認証, a certified reader's key): face and the staff
    # check need that proof at the backend; without it only the PIN can confirm identity.
    presence_provable: bool = True


@dataclass(frozen=True)
class QualificationSummary:
    """The answer of the eligibility check, reduced to what the flow decides on and shows."""

    validity: QualificationValidity
    insurer_name: str = ""
    burden_ratio_percent: int | None = None
    consents: Mapping[ConsentItem, ConsentCode] = field(default_factory=dict)
    prescription: PrescriptionIssue | None = None  # the 電子処方箋 choice as the backend recorded it


@dataclass(frozen=True)
class SubmissionRequest:
    """What the runner sends; the proof (signature or attestation) is produced by the services."""

    method: IdentityMethod
    consents: Mapping[ConsentItem, bool]
    staff_id: str | None = None
    medical_consent_offered: bool = True
    prescription: PrescriptionIssue | None = None  # None where the facility does not ask


@dataclass(frozen=True)
class Outcome:
    """How the last reception ended (no PIN, no image, no personal record)."""

    kind: OutcomeKind
    last_state: State
    method: IdentityMethod | None = None
    failure: Failure | None = None
    result: QualificationSummary | None = None
    queued: bool = False
    path: ReceptionPath | None = None


@dataclass(frozen=True)
class PaperCertificate:
    """What staff enter from a 資格確認書 or 資格情報のお知らせ; validated by `kiosk.domain.forms`."""

    document: PaperDocument
    insurer_number: str
    symbol: str
    number: str
    branch: str
    birth_date: date | None

    def cleaned(self) -> PaperCertificate:
        return PaperCertificate(self.document, self.insurer_number.strip(), self.symbol.strip(),
                                self.number.strip(), self.branch.strip(), self.birth_date)


@dataclass(frozen=True)
class DeclarationDraft:
    """The self-declaration (被保険者資格申立書) as typed so far. Never holds a PIN or 照合番号."""

    name: str = ""
    name_kana: str = ""
    birth_date: date | None = None
    insurer_or_employer: str = ""
    phone: str = ""
    # The digits typed so far for year, month and day: a half-typed (or not yet real) date survives a restart too.
    # `birth_date` is set only once they make a real day, and it is what is checked and sent.
    birth_date_typed: tuple[str, str, str] = ("", "", "")

    def cleaned(self) -> DeclarationDraft:
        """Surrounding spaces trimmed, the phone number reduced to its digits."""
        return DeclarationDraft(self.name.strip(), self.name_kana.strip(), self.birth_date,
                                self.insurer_or_employer.strip(), normalize_phone(self.phone), self.birth_date_typed)


@dataclass(frozen=True)
class DisasterQuery:
    """Disaster-mode lookup without a card: the name in katakana and the birth date."""

    name_kana: str
    birth_date: date | None

    def cleaned(self) -> DisasterQuery:
        return DisasterQuery(self.name_kana.strip(), self.birth_date)


@dataclass(frozen=True)
class NumberCheck:
    """A check by the numbers of a 資格確認書 / 資格情報のお知らせ (already validated), entered by `staff_id`."""

    certificate: PaperCertificate
    staff_id: str


@dataclass(frozen=True)
class DisasterCheck:
    """A disaster-mode lookup by kana and birth date (already validated); `staff_id` recorded the verbal consent."""

    query: DisasterQuery
    staff_id: str


# What one qualification check asks: by card (identity proven at the kiosk), by paper numbers, or in disaster mode.
QualificationQuery = SubmissionRequest | NumberCheck | DisasterCheck
