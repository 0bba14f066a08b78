"""Typed requests and results of the eligibility check, as the kiosk and its UI see them."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from kiosk.domain import (
    ASKABLE_ITEMS,
    ConsentCode,
    ConsentItem,
    IdentityMethod,
    PersonalFamily,
    PrescriptionIssue,
    QualificationValidity,
    Sex,
    consent_item,
)
from kiosk.domain.insurance import PRESCHOOL, InsuredCardClassification, LimitCertificateKind
from kiosk.domain.notices import CertificateNotice, certificate_notice

CardSigner = Callable[[bytes], bytes]
"""Signs a message with the card's user-auth key (SHA256-RSA-PKCS1v1.5): after the PIN was verified, or, for face
and staff, after the certified-reader authentication (the card's presence, without a PIN)."""


def new_idempotency_key() -> str:
    return secrets.token_urlsafe(18)


@dataclass(frozen=True)
class KioskCredentials:
    """This kiosk's client certificate and key (mutual TLS and attestations) and the pinned backend CA."""

    certificate: Path
    key: Path
    ca: Path


@dataclass(frozen=True, init=False)
class ConsentChoices:
    """The patient's answer for every item that can be asked (包括同意 = every asked item given).

    Built from a mapping (`ConsentChoices({ConsentItem.MEDICATION: True})`), with `of(*items)`, or by wire name
    (`ConsentChoices(medication=True)`). Items not answered are not given; an information-only item (the cost
    ceiling) is no choice: given, it is refused.
    """

    answers: Mapping[ConsentItem, bool]

    def __init__(self, answers: Mapping[ConsentItem, bool] | None = None, /, **by_wire_name: bool) -> None:
        """Raises:
            UnknownConsentItemError: a keyword is no item's wire name.
            ValueError: an information-only item is given.
        """
        chosen = {**(answers or {}), **{consent_item(name): agreed for name, agreed in by_wire_name.items()}}
        not_asked = [item.wire_name for item, agreed in chosen.items() if agreed and not item.asked]
        if not_asked:
            raise ValueError(f"{', '.join(not_asked)} is information only, not a choice")
        full = {item: bool(chosen.get(item, False)) for item in ASKABLE_ITEMS}
        object.__setattr__(self, "answers", MappingProxyType(full))

    @classmethod
    def of(cls, *given: ConsentItem) -> ConsentChoices:
        """These items given, every other one not."""
        return cls(dict.fromkeys(given, True))

    @classmethod
    def all_given(cls, asked: Iterable[ConsentItem] = ASKABLE_ITEMS) -> ConsentChoices:
        """包括同意: every item in `asked` (default: every item that can be asked) given."""
        return cls.of(*asked)

    def __getitem__(self, item: ConsentItem) -> bool:
        return self.answers.get(item, False)

    def given(self) -> frozenset[ConsentItem]:
        return frozenset(item for item, agreed in self.answers.items() if agreed)

    def to_wire(self) -> dict[str, bool]:
        """The request's `consents`: {wire name: given} for every item that can be asked."""
        return {item.wire_name: agreed for item, agreed in self.answers.items()}


@dataclass(frozen=True)
class PinIdentity:
    """PIN verified on the card; `sign` is the card session's signing step."""

    sign: CardSigner = field(repr=False)
    method = IdentityMethod.PIN


@dataclass(frozen=True)
class FaceIdentity:
    """The kiosk's face match against the chip photo; only these numbers leave the kiosk, never an image.
    `sign`: the card's PIN-less signature after the certified-reader authentication (the card is here)."""

    distance: float
    liveness: bool
    card_face_signature_valid: bool
    sign: CardSigner = field(repr=False)
    method = IdentityMethod.FACE


@dataclass(frozen=True)
class StaffIdentity:
    """Clinic staff compared the card photo with the patient (目視確認): `staff_id` is their account's id."""

    staff_id: str
    sign: CardSigner = field(repr=False)
    method = IdentityMethod.STAFF


Identity = PinIdentity | FaceIdentity | StaffIdentity


@dataclass(frozen=True)
class CheckRequest:
    certificate_der: bytes = field(repr=False)  # the card's user-auth certificate (JPKI EF 000A)
    identity: Identity
    consents: ConsentChoices
    facility_code: str  # 医療機関コード, 10 digits
    idempotency_key: str = field(default_factory=new_idempotency_key)
    prescription: PrescriptionIssue | None = None  # the patient's 電子処方箋 choice; None when not asked


@dataclass(frozen=True)
class Submission:
    """A reception ready to send: what the outbox stores (no PIN, no image, no 照合番号)."""

    idempotency_key: str
    captured_at: str
    payload: Mapping[str, Any]  # the JSON body without the `deferred` flag


@dataclass(frozen=True)
class ElderlyRecipient:
    """高齢受給者証 (ElderlyRecipientCertificateInfo)."""

    ratio_percent: int
    valid_from: date
    valid_until: date
    issued_on: date | None = None  # ElderlyRecipientCertificateDate; None in answers stored before it was sent


@dataclass(frozen=True)
class LimitCertificate:
    """限度額適用認定証関連情報 (LimitApplicationCertificateRelatedInfo)."""

    category: str  # LimitApplicationCertificateClassificationFlag: 限度額適用区分 A01–A06, B01–B10
    kind: LimitCertificateKind | None = None  # LimitApplicationCertificateClassification (None: older answer)
    issued_on: date | None = None
    valid_from: date | None = None
    valid_until: date | None = None


@dataclass(frozen=True)
class EligibilityResult:
    """The national system's answer, with the fields the reception screen and the clinic need."""

    check_id: int
    idempotency_key: str
    deferred: bool
    checked_at: datetime
    certificate_status: str  # "valid" or "grace" (grace: qualification only, no medical-information consent)
    insurer_number: str
    insurer_name: str
    symbol: str
    number: str
    branch: str
    burden_ratio_percent: int
    limit_certificate: LimitCertificate | None
    elderly_recipient: ElderlyRecipient | None
    qualification_validity: QualificationValidity
    name: str
    name_kana: str
    sex: Sex
    birth_date: date
    personal_family: PersonalFamily
    reason_of_loss: str | None
    qualification_date: date
    card_valid_until: date | None
    consents: Mapping[ConsentItem, ConsentCode]
    consent_valid_until: datetime | None
    consent_refused_reason: str | None
    prescription: PrescriptionIssue | None = None  # PrescriptionIssueSelect as recorded with the check
    # The user-auth certificate's last valid day and, inside the grace window, the window's last day (None for
    # checks without a card, and for answers stored before the backend sent them).
    certificate_not_after: date | None = None
    certificate_grace_until: date | None = None
    kind: str = "check"  # "check" (card), "number" (資格確認書) or "disaster" (災害時モード); check_id is its audit id
    # Sent by the backend since its record version 2 (None in answers stored before, and where nothing is on record).
    card_classification: InsuredCardClassification | None = None
    address: str | None = None
    post_number: str | None = None  # "123-4567"
    disqualification_date: date | None = None  # only when the qualification was lost
    preschool: bool = False  # PreschoolClassification 1: under school age on the day of the check

    def certificate_notice(self, today: date) -> CertificateNotice | None:
        """What to tell the patient about the card's certificate today: expiring soon, or in the grace window."""
        return certificate_notice(self.certificate_not_after, today)

    @property
    def burden_ratio_label(self) -> str:
        """負担割合 as a patient reads it: 30 -> "3割"."""
        return f"{self.burden_ratio_percent // 10}割"

    @property
    def is_valid(self) -> bool:
        """A qualification the patient may be treated on (valid, or 医療扶助 not yet registered)."""
        return self.qualification_validity.is_valid


@dataclass(frozen=True)
class DeferredReception:
    """The backend could not be reached: the reception is safe in the outbox and will be checked later."""

    idempotency_key: str
    captured_at: str
    reason: str  # the error category that sent it to the outbox


def result_from_json(body: Mapping[str, Any]) -> EligibilityResult:
    """Parse the backend's CheckResult.

    Raises:
        KeyError, ValueError, TypeError: the body is not a CheckResult.
    """
    elderly = body["ElderlyRecipientCertificateInfo"]
    until = body["consent_valid_until"]
    classification = body.get("InsuredCardClassification")
    return EligibilityResult(
        check_id=int(body["check_id"] if "check_id" in body else body["request_id"]),
        idempotency_key=str(body["idempotency_key"]), deferred=bool(body.get("deferred", False)),
        checked_at=datetime.fromisoformat(body["checked_at"]), certificate_status=str(body["certificate_status"]),
        insurer_number=str(body["InsurerNumber"]), insurer_name=str(body["InsurerName"]),
        symbol=str(body["InsuredCardSymbol"]), number=str(body["InsuredIdentificationNumber"]),
        branch=str(body["InsuredBranchNumber"]), burden_ratio_percent=int(body["InsuredPartialContributionRatio"]),
        limit_certificate=_limit_certificate(body["LimitApplicationCertificateRelatedInfo"]),
        elderly_recipient=None if elderly is None else ElderlyRecipient(
            int(elderly["ratio_percent"]), date.fromisoformat(elderly["valid_from"]),
            date.fromisoformat(elderly["valid_until"]), _optional_date(elderly.get("issued_on"))),
        qualification_validity=QualificationValidity(int(body["QualificationValidity"])),
        name=str(body["Name"]), name_kana=str(body["NameKana"]), sex=Sex(int(body["Sex"])),
        birth_date=date.fromisoformat(body["Birthdate"]),
        personal_family=PersonalFamily(str(body["PersonalFamilyClassification"])),
        reason_of_loss=body["ReasonOfLoss"], qualification_date=date.fromisoformat(body["QualificationDate"]),
        card_valid_until=date.fromisoformat(body["InsuredCardValidDate"]) if body["InsuredCardValidDate"] else None,
        consents={consent_item(k): ConsentCode(int(v)) for k, v in body["consents"].items()},
        consent_valid_until=datetime.fromisoformat(until) if until else None,
        consent_refused_reason=body["consent_refused_reason"],
        prescription=_optional_prescription(body.get("PrescriptionIssueSelect")),
        certificate_not_after=_optional_date(body.get("certificate_not_after")),
        certificate_grace_until=_optional_date(body.get("certificate_grace_until")),
        kind=str(body.get("identity_method")) if body.get("identity_method") in ("number", "disaster") else "check",
        card_classification=None if classification is None else InsuredCardClassification(str(classification)),
        address=_optional_text(body.get("Address")), post_number=_optional_text(body.get("PostNumber")),
        disqualification_date=_optional_date(body.get("DisqualificationDate")),
        preschool=body.get("PreschoolClassification") == PRESCHOOL,
    )


def _limit_certificate(value: object) -> LimitCertificate | None:
    """The certificate info; a bare 限度額適用区分 string is how answers stored before version 2 carry it."""
    if value is None:
        return None
    if isinstance(value, str):
        return LimitCertificate(value)
    if not isinstance(value, Mapping):
        raise TypeError("LimitApplicationCertificateRelatedInfo is neither an object nor a string")
    return LimitCertificate(str(value["category"]), LimitCertificateKind(str(value["classification"])),
                            _optional_date(value.get("issued_on")), _optional_date(value.get("valid_from")),
                            _optional_date(value.get("valid_until")))


def _optional_text(value: object) -> str | None:
    return str(value) if value else None


def _optional_prescription(value: object) -> PrescriptionIssue | None:
    return None if value is None else PrescriptionIssue(int(str(value)))


def _optional_date(value: object) -> date | None:
    return date.fromisoformat(str(value)) if value else None
