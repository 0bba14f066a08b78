"""Effects: what the flow asks its runner to do. The runner reports back with events."""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.domain import IdentityMethod

from .model import DeclarationDraft, Failure, QualificationQuery, StaffAlert


@dataclass(frozen=True)
class ReadCard:
    """Read the certificate, its validity and the PIN tries left; answer CardRead or CardReadFailed."""


@dataclass(frozen=True)
class StartFace:
    """Start a face session against the card photo; answer FacePrompt*, FaceMatched/FaceNotMatched/CameraLost."""

    attempt: int


@dataclass(frozen=True)
class CancelFace:
    """Stop the face session; drop its frames and any late answer."""


@dataclass(frozen=True)
class VerifyPin:
    """Verify the PIN on the card; answer PinVerified, PinRejected or PinBlocked. The PIN lives only here."""

    pin: str = field(repr=False)


@dataclass(frozen=True)
class CheckQualification:
    """Ask the backend for the patient's qualification: by card (`SubmissionRequest`, kept in the outbox when the
    backend cannot be reached), by the numbers of a paper certificate (`NumberCheck`), or by kana and birth date in
    disaster mode (`DisasterCheck`). Answer QualificationChecked or QualificationCheckFailed."""

    request: QualificationQuery


@dataclass(frozen=True)
class CancelCheck:
    """The reception ended first: a card check not yet kept in the outbox is neither kept nor sent; a late answer
    of any check is ignored."""


@dataclass(frozen=True)
class NotifyStaff:
    alert: StaffAlert


@dataclass(frozen=True)
class EndSession:
    """Forget everything about this patient: card data, signatures, camera frames."""


@dataclass(frozen=True)
class Register:
    """Register the card for insurance use; answer Registered (also when already registered) or RegistrationFailed.

    The identity evidence (signature or face attestation of this session) stays with the services.
    """

    terms_version: str
    method: IdentityMethod


@dataclass(frozen=True)
class CancelRegister:
    """The card was pulled or time ran out: abandon the registration if not sent, and ignore its answer."""


@dataclass(frozen=True)
class SaveDraft:
    """Persist the self-declaration draft durably (replacing the previous one) so a restart loses nothing.

    No answer. A storage problem is the services' to log and report; it must not stop the patient.
    """

    draft: DeclarationDraft
    reason: Failure | None = None


@dataclass(frozen=True)
class DiscardDraft:
    """The patient gave up (cancel, timeout, failsafe): delete the saved draft. No answer."""


@dataclass(frozen=True)
class SubmitDeclaration:
    """Store the (validated) declaration in the outbox and delete the draft, in one durable step; send it when the
    backend can take it; show it to staff. Answer DeclarationRecorded(sent) or DeclarationFailed."""

    declaration: DeclarationDraft
    reason: Failure | None = None


@dataclass(frozen=True)
class RecordDisasterMode:
    """Persist the disaster-mode setting (it survives a restart) and audit who switched it. No answer."""

    on: bool
    staff_id: str


Effect = (
    ReadCard | StartFace | CancelFace | VerifyPin | CheckQualification | CancelCheck | NotifyStaff | EndSession
    | Register | CancelRegister | SaveDraft | DiscardDraft | SubmitDeclaration | RecordDisasterMode
)
