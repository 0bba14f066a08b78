"""Events the flow reacts to: from the reader, the camera, the patient, staff, the services and the clock."""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.domain import ConsentItem, IdentityMethod, PrescriptionIssue

from .model import (
    CardReadFailure,
    CardSummary,
    CheckFailure,
    DeclarationDraft,
    DisasterQuery,
    FaceFailure,
    Failure,
    PaperCertificate,
    QualificationSummary,
    RegistrationFailure,
)


@dataclass(frozen=True)
class Tick:
    """Time passed; the flow checks its timeouts."""


@dataclass(frozen=True)
class CardInserted:
    pass


@dataclass(frozen=True)
class CardRemoved:
    """The card left the reader."""


@dataclass(frozen=True)
class PatientActive:
    """The patient touched the screen or a key (or answered 「まだお使いですか？」): the screen's time starts again."""


@dataclass(frozen=True)
class StaffHelpRequested:
    """The patient pressed 係員を呼ぶ on a screen where no identity check is waiting (a failure, the result...)."""


@dataclass(frozen=True)
class CheckDropped:
    """The services' answer to a card check the reception left (the card was pulled) before it was kept in the
    outbox: nothing was kept or sent."""


@dataclass(frozen=True)
class CardRead:
    card: CardSummary


@dataclass(frozen=True)
class CardReadFailed:
    reason: CardReadFailure


@dataclass(frozen=True)
class MethodChosen:
    method: IdentityMethod


@dataclass(frozen=True)
class FacePrompt:
    """The face session asks the patient for something (e.g. the liveness action); shown, no transition."""

    prompt: str


@dataclass(frozen=True)
class FaceMatched:
    distance: float | None = None


@dataclass(frozen=True)
class FaceNotMatched:
    reason: FaceFailure


@dataclass(frozen=True)
class CameraLost:
    pass


@dataclass(frozen=True)
class CardFrontUnread:
    """The card's printed front could not be read (or no card camera): no chip photo to compare a face with."""


@dataclass(frozen=True)
class PinEntered:
    """The PIN passes straight into a VerifyPin effect and is never kept."""

    pin: str = field(repr=False)


@dataclass(frozen=True)
class PinVerified:
    pass


@dataclass(frozen=True)
class PinRejected:
    tries_left: int


@dataclass(frozen=True)
class PinBlocked:
    pass


@dataclass(frozen=True)
class StaffCheckRequested:
    """Patient or staff asks for the staff visual check."""


@dataclass(frozen=True)
class StaffCheckConfirmed:
    """Staff compared the card photo with the patient, in maintenance mode."""

    staff_id: str


@dataclass(frozen=True)
class StaffCheckDeclined:
    staff_id: str


@dataclass(frozen=True)
class ConsentChosen:
    item: ConsentItem
    agreed: bool


@dataclass(frozen=True)
class ConsentAllAgreed:
    """包括同意 on the first consent screen, which lists every item: agree to all and register."""


@dataclass(frozen=True)
class ConsentByItemAsked:
    """The patient wants to answer item by item (項目ごとに選ぶ)."""


@dataclass(frozen=True)
class ConsentDone:
    """The per-item choices are made: go to the confirmation."""


@dataclass(frozen=True)
class PrescriptionChosen:
    """The patient chose how the prescription is issued: 電子処方箋 or 紙の処方箋."""

    choice: PrescriptionIssue


@dataclass(frozen=True)
class Back:
    """One screen back: confirmation → prescription or per-item consent → first consent screen."""


@dataclass(frozen=True)
class Confirmed:
    pass


@dataclass(frozen=True)
class QualificationChecked:
    """The backend answered a check (card, paper certificate numbers or disaster lookup) with a qualification."""

    result: QualificationSummary


@dataclass(frozen=True)
class QualificationCheckFailed:
    """A check got no qualification answer; `queued`: a card check kept in the outbox, to be sent later."""

    reason: CheckFailure
    queued: bool = False


@dataclass(frozen=True)
class Acknowledged:
    """The patient tapped OK on a result or failure screen."""


@dataclass(frozen=True)
class Cancelled:
    """The patient tapped cancel."""


@dataclass(frozen=True)
class UnexpectedError:
    """A service raised something nobody planned for; `where` names the step, never the data."""

    where: str


# -- insurance-use registration (保険証利用登録) -------------------------------------------------------------


@dataclass(frozen=True)
class RegistrationRequested:
    """On the "not registered" screen the patient chose to register now (offered after face or PIN only)."""


@dataclass(frozen=True)
class TermsAgreed:
    """The patient explicitly agreed to the terms of insurance use shown on the terms screen."""


@dataclass(frozen=True)
class TermsDeclined:
    """The patient does not agree: back to the not-registered guidance; nothing is registered."""


@dataclass(frozen=True)
class Registered:
    """The service recorded the registration (or it already existed); the reception continues."""


@dataclass(frozen=True)
class RegistrationFailed:
    reason: RegistrationFailure


# -- paper eligibility certificate (資格確認書) / 資格情報のお知らせ ---------------------------------------------


@dataclass(frozen=True)
class PaperCertificateChosen:
    """On the idle screen: "I have a paper certificate" (no card needed)."""


@dataclass(frozen=True)
class StaffAuthenticated:
    """Staff signed in with the maintenance credential (checked by the UI/services, never by the flow)."""

    staff_id: str


@dataclass(frozen=True)
class PaperCertificateEntered:
    """Staff entered (or confirmed) the certificate's fields; the flow validates them before anything is sent."""

    certificate: PaperCertificate


@dataclass(frozen=True)
class DeclarationRequested:
    """On a failure screen where no qualification could be confirmed: "fill in a self-declaration"."""


@dataclass(frozen=True)
class DeclarationEdited:
    """Any field of the form changed; carries the whole form as it now stands."""

    draft: DeclarationDraft


@dataclass(frozen=True)
class DeclarationReviewed:
    """The patient tapped "next": the flow validates every field, then shows the confirmation."""


@dataclass(frozen=True)
class RestoreDraft:
    """At start, the services found a saved draft (the kiosk restarted mid-form): put the form back."""

    draft: DeclarationDraft
    reason: Failure | None = None


@dataclass(frozen=True)
class DeclarationRecorded:
    """The declaration is stored durably in the outbox; `sent` if the backend has already taken it."""

    sent: bool = False


@dataclass(frozen=True)
class DeclarationFailed:
    """The outbox could not store the declaration (nothing was stored)."""


# -- disaster mode (災害時モード) ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DisasterModeChanged:
    """Staff switched disaster mode on or off (maintenance mode); also sent at start to restore the setting."""

    on: bool
    staff_id: str


@dataclass(frozen=True)
class DisasterLookupChosen:
    """On the idle screen, in disaster mode: "look me up without a card"."""


@dataclass(frozen=True)
class StaffVerbalConsent:
    """Staff asked the patient and record whether they consent, verbally, to the lookup."""

    staff_id: str
    given: bool


@dataclass(frozen=True)
class DisasterQueryEntered:
    query: DisasterQuery




Event = (
    Tick | CardInserted | CardRemoved | PatientActive | CheckDropped | StaffHelpRequested | CardRead | CardReadFailed
    | MethodChosen
    | FacePrompt | FaceMatched
    | FaceNotMatched | CameraLost | CardFrontUnread | PinEntered | PinVerified | PinRejected | PinBlocked
    | StaffCheckRequested | StaffCheckConfirmed | StaffCheckDeclined | ConsentChosen | ConsentAllAgreed
    | ConsentByItemAsked | ConsentDone | PrescriptionChosen | Back | Confirmed
    | QualificationChecked | QualificationCheckFailed | Acknowledged | Cancelled | UnexpectedError
    | RegistrationRequested | TermsAgreed | TermsDeclined | Registered | RegistrationFailed
    | PaperCertificateChosen | StaffAuthenticated | PaperCertificateEntered
    | DeclarationRequested | DeclarationEdited | DeclarationReviewed | RestoreDraft
    | DeclarationRecorded | DeclarationFailed | DisasterModeChanged | DisasterLookupChosen | StaffVerbalConsent
    | DisasterQueryEntered
)
