"""The data that defines one test patient."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kiosk.domain import CertificateStatus, PersonalFamily, QualificationValidity, Sex, certificate_status
from kiosk.domain.insurance import InsuredCardClassification, LimitCertificateKind, ReasonOfLoss

FACES_DIR = Path(__file__).parent / "faces"


@dataclass(frozen=True)
class ElderlyRecipientInfo:
    """高齢受給者証 information (ages 70 to 74)."""

    ratio_percent: int
    valid_from: date
    valid_until: date
    issued_on: date  # ElderlyRecipientCertificateDate (交付年月日)


@dataclass(frozen=True)
class LimitCertificateInfo:
    """限度額適用認定証 (or 標準負担額減額認定証): which certificate, its 適用区分, and its dates."""

    kind: LimitCertificateKind
    category: str  # 限度額適用区分, A01–A06 / B01–B10
    issued_on: date
    valid_from: date
    valid_until: date


@dataclass(frozen=True)
class InsuranceRecord:
    """What the national system knows of the patient's insurance."""

    insurer_number: str
    insurer_name: str
    symbol: str
    number: str
    branch: str
    burden_ratio_percent: int
    personal_family: PersonalFamily
    validity: QualificationValidity
    qualification_date: date
    valid_until: date | None = None
    limit_certificate: LimitCertificateInfo | None = None
    elderly_recipient: ElderlyRecipientInfo | None = None
    reason_of_loss: ReasonOfLoss | None = None
    disqualification_date: date | None = None  # 資格喪失日: only when the qualification was lost
    card_classification: InsuredCardClassification = InsuredCardClassification.GENERAL
    registered_for_insurance_use: bool = True


@dataclass(frozen=True)
class CardFacePrint:
    """What is printed on the card face (a real face-auth reader scans it to derive 照合番号B)."""

    birth_date: date
    card_expiry: date
    security_code: str  # 4 digits

    @property
    def collation_number_b(self) -> str:
        """照合番号B: birth date YYMMDD + card expiry year YYYY + the 4-digit security code."""
        return f"{self.birth_date:%y%m%d}{self.card_expiry.year:04d}{self.security_code}"


@dataclass(frozen=True)
class Persona:
    """One test patient, used by the card, camera and backend simulators alike."""

    key: str
    summary: str
    name: str
    name_kana: str
    birth_date: date
    sex: Sex
    address: str
    my_number: str
    post_number: str = ""  # 郵便番号 "123-4567" of `address` (empty: none on record)
    is_my_number_card: bool = True
    # Card secrets and counters (a real card never reveals these; the simulator needs them).
    pin: str = "1234"
    pin_tries_left: int = 3
    text_pin: str = "1234"
    signature_password: str = "ABC123"  # noqa: S105 - a simulated card's documented test password
    security_code: str = "0000"
    card_expiry: date = field(default=date(2030, 1, 1))
    # The user-authentication certificate.
    cert_serial: int = 0
    cert_not_before: date = field(default=date(2024, 1, 1))
    cert_not_after: date = field(default=date(2029, 1, 1))
    cert_revoked: bool = False
    # Faces: the photo written to the chip, and the photo the simulated camera shows as the live person.
    card_photo: str | None = None
    live_photo: str | None = None
    insurance: InsuranceRecord | None = None

    @property
    def card_photo_path(self) -> Path | None:
        return FACES_DIR / self.card_photo if self.card_photo else None

    @property
    def live_photo_path(self) -> Path | None:
        photo = self.live_photo or self.card_photo
        return FACES_DIR / photo if photo else None

    @property
    def card_face_print(self) -> CardFacePrint:
        return CardFacePrint(self.birth_date, self.card_expiry, self.security_code)

    def certificate_status(self, today: date) -> CertificateStatus:
        return certificate_status(self.cert_not_before, self.cert_not_after, today, self.cert_revoked)
