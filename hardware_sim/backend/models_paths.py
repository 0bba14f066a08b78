"""Wire models of the paths beside the card check: registration, number check, disaster mode, self-declaration.

Typed fields are only bounded here (so that the OpenAPI shows them); their rules are kiosk.domain.forms, checked by
the service with a specific error code per problem.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field

from .models import (
    B64_CERT,
    FACILITY_CODE,
    IDEMPOTENCY_KEY,
    TIMESTAMP,
    FaceProof,
    KioskAttestation,
    PinProof,
    QualificationFields,
    Strict,
)

TYPED = Annotated[str, Field(default="", max_length=200, description="as typed; rules in kiosk.domain.forms")]


class RegistrationIn(Strict):
    """保険証利用登録: the same evidence as a card check (PIN or face, fresh challenge) plus the agreement."""

    idempotency_key: IDEMPOTENCY_KEY
    facility_code: FACILITY_CODE
    captured_at: TIMESTAMP
    certificate: B64_CERT
    challenge: str = Field(max_length=64, description="from POST /v1/challenges (required)")
    identity: PinProof | FaceProof = Field(discriminator="method")
    terms_version: str = Field(max_length=40, description="the version of the terms shown to the patient")
    agreed: bool = Field(description="the patient explicitly agreed to the terms")
    kiosk: KioskAttestation


class RegistrationOut(Strict):
    request_id: int
    idempotency_key: str
    registered_at: datetime
    terms_version: str
    identity_method: str


class TermsOut(Strict):
    current: str = Field(description="the version the kiosk should show and send")
    accepted: list[str]


class NumberCheckIn(Strict):
    """資格確認書 / 資格情報のお知らせ: staff entered the numbers; attested by the kiosk with the staff id."""

    idempotency_key: IDEMPOTENCY_KEY
    facility_code: FACILITY_CODE
    captured_at: TIMESTAMP
    staff_id: TYPED
    insurer_number: TYPED
    symbol: TYPED
    number: TYPED
    branch: TYPED
    birth_date: date | None = None
    kiosk: KioskAttestation


class DisasterLookupIn(Strict):
    """災害時モード: by name (kana) and birth date, no card; staff recorded the patient's verbal consent."""

    idempotency_key: IDEMPOTENCY_KEY
    facility_code: FACILITY_CODE
    captured_at: TIMESTAMP
    staff_id: TYPED
    name_kana: TYPED
    birth_date: date | None = None
    verbal_consent: bool = False
    kiosk: KioskAttestation


class LookupResult(QualificationFields):
    """A check without a card: the card check's fields, consents all 3 (could not be obtained)."""

    request_id: int
    idempotency_key: str
    facility_code: str
    identity_method: Literal["number", "disaster"]
    staff_id: str
    captured_at: str
    checked_at: datetime
    certificate_status: Literal["none"]
    candidates: int = Field(description="persons matched; 1 unless QualificationValidity is 5")


class SeveralCandidatesOut(Strict):
    request_id: int
    idempotency_key: str
    identity_method: str
    QualificationValidity: Literal[5]
    candidates: int


class DeclarationIn(Strict):
    """被保険者資格申立書 typed by the patient; sent from the kiosk's outbox (maybe long after it was typed)."""

    idempotency_key: IDEMPOTENCY_KEY
    facility_code: FACILITY_CODE
    captured_at: TIMESTAMP
    name: TYPED
    name_kana: TYPED
    birth_date: date | None = None
    insurer_or_employer: TYPED
    phone: TYPED
    reason: Literal["backend_down", "qualification_invalid", "card_unusable", "other"] = "other"
    kiosk: KioskAttestation


class DeclarationOut(Strict):
    request_id: int
    idempotency_key: str
    received_at: datetime
    captured_at: str


class DeclarationRecord(Strict):
    request_id: int
    received_at: datetime
    captured_at: str
    facility_code: str
    kiosk: str
    name: str
    name_kana: str
    birth_date: date
    insurer_or_employer: str
    phone: str = Field(description="digits only")
    reason: str


class DisasterIn(Strict):
    declared: bool


class DisasterOut(Strict):
    facility_code: str
    declared: bool


class RefusalOut(Strict):
    """A request refused before any decision; what was asked and why, never the body."""

    at: str
    method: str
    path: str
    code: str


class AuditRecord(Strict):
    request_id: int
    kind: str
    received_at: datetime
    facility_code: str
    kiosk: str
    staff_id: str | None
    cert_serial: int | None
    outcome: str
    evidence: dict[str, object]
