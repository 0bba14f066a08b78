"""Typed requests and results of the paths beside the card check: registration, check by number, disaster lookup,
self-declaration. Forms validate with the same rules as the backend (kiosk.domain.forms) before anything leaves."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from kiosk.domain.forms import (
    FieldProblem,
    validate_declaration,
    validate_disaster_lookup,
    validate_number_lookup,
)

from .models import FaceIdentity, PinIdentity, new_idempotency_key


@dataclass(frozen=True)
class TermsInfo:
    """Versions of the insurance-use terms the backend accepts; show and send `current`."""

    current: str
    accepted: tuple[str, ...]


@dataclass(frozen=True)
class RegistrationRequest:
    """保険証利用登録: identity by PIN (the card signs) or face, and the patient's explicit agreement."""

    certificate_der: bytes = field(repr=False)
    identity: PinIdentity | FaceIdentity
    terms_version: str
    agreed: bool
    facility_code: str
    idempotency_key: str = field(default_factory=new_idempotency_key)


@dataclass(frozen=True)
class RegistrationResult:
    request_id: int
    idempotency_key: str
    registered_at: datetime
    terms_version: str
    identity_method: str


@dataclass(frozen=True)
class NumberCheckRequest:
    """資格確認書 / 資格情報のお知らせ, entered or confirmed by staff (maintenance credential)."""

    insurer_number: str  # 6 or 8 digits, the last one its check digit
    symbol: str  # 記号
    number: str  # 番号
    branch: str  # 枝番, 2 digits
    birth_date: date | None
    staff_id: str
    facility_code: str
    idempotency_key: str = field(default_factory=new_idempotency_key)

    def problems(self, today: date) -> list[FieldProblem]:
        return validate_number_lookup(insurer_number=self.insurer_number, symbol=self.symbol, number=self.number,
                                      branch=self.branch, birth_date=self.birth_date, staff_id=self.staff_id,
                                      today=today)


@dataclass(frozen=True)
class DisasterLookupRequest:
    """災害時モード: name in katakana and birth date; staff confirm the patient's verbal consent."""

    name_kana: str
    birth_date: date | None
    staff_id: str
    verbal_consent: bool
    facility_code: str
    idempotency_key: str = field(default_factory=new_idempotency_key)

    def problems(self, today: date) -> list[FieldProblem]:
        return validate_disaster_lookup(name_kana=self.name_kana, birth_date=self.birth_date,
                                        staff_id=self.staff_id, verbal_consent=self.verbal_consent, today=today)


class DeclarationReason(StrEnum):
    """Why the patient declares instead of a checked qualification."""

    BACKEND_DOWN = "backend_down"
    QUALIFICATION_INVALID = "qualification_invalid"
    CARD_UNUSABLE = "card_unusable"
    OTHER = "other"


@dataclass(frozen=True)
class DeclarationForm:
    """被保険者資格申立書 as the patient typed it on the touchscreen."""

    name: str
    name_kana: str
    birth_date: date | None
    insurer_or_employer: str
    phone: str
    reason: DeclarationReason = DeclarationReason.OTHER

    def problems(self, today: date) -> list[FieldProblem]:
        """Every problem, field by field (empty: complete and valid; only then is it stored and sent)."""
        return validate_declaration(name=self.name, name_kana=self.name_kana, birth_date=self.birth_date,
                                    insurer_or_employer=self.insurer_or_employer, phone=self.phone, today=today)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "name_kana": self.name_kana,
                "birth_date": self.birth_date.isoformat() if self.birth_date else None,
                "insurer_or_employer": self.insurer_or_employer, "phone": self.phone, "reason": self.reason.value}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DeclarationForm:
        born = data.get("birth_date")
        return cls(str(data["name"]), str(data["name_kana"]), date.fromisoformat(born) if born else None,
                   str(data["insurer_or_employer"]), str(data["phone"]), DeclarationReason(data["reason"]))


@dataclass(frozen=True)
class Declaration:
    """A form on its way: the outbox stores it under `idempotency_key` before it is sent (exactly once)."""

    form: DeclarationForm
    facility_code: str
    idempotency_key: str = field(default_factory=new_idempotency_key)


@dataclass(frozen=True)
class DeclarationReceipt:
    """The backend stored the declaration (`request_id` is its audit record)."""

    request_id: int
    idempotency_key: str
    received_at: datetime
    captured_at: str


@dataclass(frozen=True)
class DeferredDeclaration:
    """The backend could not take it now: the declaration is safe in the outbox and will be sent later."""

    idempotency_key: str
    captured_at: str
    reason: str  # the error category that kept it


@dataclass(frozen=True)
class DeclarationRecord:
    """Staff view of one declaration the backend received."""

    request_id: int
    received_at: datetime
    captured_at: str
    facility_code: str
    kiosk: str
    form: DeclarationForm


def declaration_record_from_json(body: Mapping[str, Any]) -> DeclarationRecord:
    """Parse one item of GET /v1/declarations.

    Raises:
        KeyError, ValueError, TypeError: not a declaration record.
    """
    return DeclarationRecord(int(body["request_id"]), datetime.fromisoformat(body["received_at"]),
                             str(body["captured_at"]), str(body["facility_code"]), str(body["kiosk"]),
                             DeclarationForm.from_json(body))
