"""Effects: what the flow asks its runner to do. The runner reports back with events."""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.domain import IdentityMethod

from .model import DeclarationDraft, DisasterQuery, Failure, PaperCertificate, StaffAlert, SubmissionRequest


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
class Submit:
    """Run the eligibility check (or queue it in the outbox); answer Submitted or SubmitFailed."""

    request: SubmissionRequest


@dataclass(frozen=True)
class CancelSubmit:
    """Abort the submission if it has not left yet, and ignore its answer."""


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
class CheckByNumber:
    """Qualification check by insurer number, symbol, number, branch and birth date (already validated);
    answer NumberChecked or NumberCheckFailed."""

    certificate: PaperCertificate
    staff_id: str


@dataclass(frozen=True)
class CancelCheckByNumber:
    """Ignore the answer of the check by number."""


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


@dataclass(frozen=True)
class DisasterLookup:
    """Look the patient up by kana and birth date (validated; verbal consent recorded by `staff_id`);
    answer DisasterLookedUp or DisasterLookupFailed."""

    query: DisasterQuery
    staff_id: str


@dataclass(frozen=True)
class CancelDisasterLookup:
    """Ignore the answer of the disaster lookup."""


Effect = (
    ReadCard | StartFace | CancelFace | VerifyPin | Submit | CancelSubmit | NotifyStaff | EndSession
    | Register | CancelRegister | CheckByNumber | CancelCheckByNumber | SaveDraft | DiscardDraft | SubmitDeclaration
    | RecordDisasterMode | DisasterLookup | CancelDisasterLookup
)
