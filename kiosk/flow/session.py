"""What the flow knows about the patient at the kiosk; wiped when the flow returns to idle. Never a PIN."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kiosk.domain import ConsentItem, IdentityMethod, PrescriptionIssue
from kiosk.domain.forms import FieldProblem
from kiosk.domain.notices import CertificateNotice

from .model import (
    DeclarationDraft,
    DisasterQuery,
    Failure,
    Notice,
    PaperCertificate,
    QualificationSummary,
    ReceptionPath,
    SubmissionRequest,
)


@dataclass
class Session:
    """One patient's reception. Holds no PIN, 照合番号, signature or image."""

    path: ReceptionPath | None = None
    pin_tries_left: int | None = None
    method: IdentityMethod | None = None
    staff_id: str | None = None
    face_attempt: int = 0
    face_exhausted: bool = False
    presence_provable: bool = True  # face and the staff check need the card's PIN-less proof
    camera_lost: bool = False
    face_prompt: str | None = None
    notice: Notice | None = None
    failure: Failure | None = None
    in_grace: bool = False
    cert_not_after: date | None = None
    cert_notice: CertificateNotice | None = None
    consents: dict[ConsentItem, bool] = field(default_factory=dict)
    offered: tuple[ConsentItem, ...] = ()
    prescription: PrescriptionIssue | None = None
    request: SubmissionRequest | None = None  # the last check sent, re-sent after an on-the-spot registration
    registration_tried: bool = False
    registration_declined: bool = False
    result: QualificationSummary | None = None
    queued: bool = False
    staff_told_card_left: bool = False  # the take-card screen timed out once: staff were told, not again
    problems: tuple[FieldProblem, ...] = ()
    paper: PaperCertificate | None = None
    declaration: DeclarationDraft | None = None
    declaration_reason: Failure | None = None
    declaration_reviewed: bool = False  # problems are shown once the patient has tried to go on
    declaration_sent: bool = False
    disaster_query: DisasterQuery | None = None

    @property
    def face_available(self) -> bool:
        return self.presence_provable and not (self.face_exhausted or self.camera_lost)

    @property
    def staff_check_available(self) -> bool:
        return self.presence_provable

    @property
    def pin_available(self) -> bool:
        return self.pin_tries_left != 0
