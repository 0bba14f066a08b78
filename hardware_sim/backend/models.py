"""Wire models of the backend API (pydantic): they are what the OpenAPI document shows."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, create_model

from kiosk.domain import ASKABLE_ITEMS, ConsentCode, ConsentItem, PrescriptionIssue, QualificationValidity
from kiosk.domain.insurance import InsuredCardClassification as CardClassificationCode
from kiosk.domain.insurance import LimitCertificateKind

B64_CERT = Annotated[str, Field(min_length=4, max_length=8192, description="DER certificate, base64")]
B64_SIG = Annotated[str, Field(min_length=4, max_length=1024, description="signature, base64")]
IDEMPOTENCY_KEY = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{16,64}$")]
FACILITY_CODE = Annotated[str, Field(pattern=r"^[0-9]{10}$", description="医療機関コード, 10 digits")]
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def timestamp_seconds(value: str) -> float:
    """A TIMESTAMP (UTC, `Z`) as POSIX seconds.

    Raises:
        ValueError: not a real moment (the pattern alone admits 2024-99-99T99:99:99Z).
    """
    return datetime.strptime(value, TIMESTAMP_FORMAT).replace(tzinfo=UTC).timestamp()


def _real_moment(value: str) -> str:
    timestamp_seconds(value)  # a field that is no real moment is a 422, never a 500 later on
    return value


TIMESTAMP = Annotated[str, Field(pattern=r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", description="UTC, seconds"),
                      AfterValidator(_real_moment)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ChallengeOut(Strict):
    challenge: str = Field(description="40 bytes, base64: a 16-byte random nonce, its expiry and the service's "
                                       "HMAC over both; single use, short TTL")
    expires_at: datetime


class PinProof(Strict):
    method: Literal["pin"]
    card_signature: B64_SIG = Field(description="SHA256-RSA-PKCS1v1.5 by the user-auth key over the card statement")


class FaceProof(Strict):
    method: Literal["face"]
    distance: float = Field(ge=0.0, le=10.0, description="face distance of the match (lower is closer)")
    liveness: bool
    card_face_signature_valid: bool = Field(description="the kiosk verified the card-face data signature")
    card_signature: B64_SIG = Field(description="the card's presence: SHA256-RSA-PKCS1v1.5 by the user-auth key over "
                                                "the card statement, made without a PIN after the certified-reader "
                                                "authentication (a model of 特定機関認証)")


class StaffProof(Strict):
    method: Literal["staff"]
    staff_id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,32}$", description="the staff account that checked the card")
    card_signature: B64_SIG = Field(description="the card's presence, as for the face method")


class KioskAttestation(Strict):
    certificate: B64_CERT = Field(description="the kiosk's client certificate, DER base64")
    signature: B64_SIG = Field(description="ECDSA-SHA256 by the kiosk's client key over the kiosk statement")


class ConsentsBase(Strict):
    """The patient's answers by wire name; the fields are the catalogue's asked items (`Consents`)."""

    def given(self) -> list[ConsentItem]:
        return [item for item in ASKABLE_ITEMS if getattr(self, item.wire_name)]


# One optional flag per item that can be asked, from the catalogue: unknown names are a 422 (extra="forbid"),
# missing ones are not given. Information-only items (the cost ceiling) are no answer and no field.
if TYPE_CHECKING:
    Consents = ConsentsBase
else:  # one boolean field per askable item of the catalogue, by wire name
    Consents = create_model(
        "Consents", __base__=ConsentsBase,
        **{item.wire_name: (bool, Field(default=False, description=item.words("en").name)) for item in ASKABLE_ITEMS})


class CheckIn(Strict):
    idempotency_key: IDEMPOTENCY_KEY
    facility_code: FACILITY_CODE
    captured_at: TIMESTAMP = Field(description="when the kiosk captured the reception")
    certificate: B64_CERT = Field(description="the user-auth certificate read from the card, DER base64")
    challenge: str | None = Field(default=None, max_length=64, description="from POST /v1/challenges; null if deferred")
    sequence: int | None = Field(default=None, ge=1, le=2**53,
                                 description="deferred only: the kiosk's strictly increasing sequence number, signed "
                                             "by the card and the kiosk; each is accepted once per kiosk")
    identity: PinProof | FaceProof | StaffProof = Field(discriminator="method")
    consents: Consents = Field(default_factory=Consents)
    prescription_issue: PrescriptionIssue | None = Field(
        default=None, description="PrescriptionIssueSelect: 1 electronic prescription (電子処方箋), 2 paper; "
                                  "null or absent when the patient was not asked")
    kiosk: KioskAttestation
    deferred: bool = Field(default=False, description="true exactly when there is no challenge: kept in the kiosk's "
                                                      "outbox while the backend could not be reached")


class ElderlyRecipientOut(Strict):
    """ElderlyRecipientCertificateInfo (高齢受給者証)."""

    ratio_percent: int = Field(description="ElderlyRecipientContributionRatio in percent: 20 = 2割")
    valid_from: date
    valid_until: date
    issued_on: date | None = Field(default=None, description="ElderlyRecipientCertificateDate (交付年月日); null "
                                                             "in records kept before the backend held it")


class LimitCertificateOut(Strict):
    """LimitApplicationCertificateRelatedInfo (限度額適用認定証関連情報)."""

    classification: LimitCertificateKind = Field(
        description="LimitApplicationCertificateClassification: 01 限度額適用認定証, "
                    "02 限度額適用・標準負担額減額認定証, 03 標準負担額減額認定証")
    category: str = Field(pattern=r"^[AB][0-9]{2}$",
                          description="LimitApplicationCertificateClassificationFlag: 限度額適用区分 A01–A06, B01–B10")
    issued_on: date | None = Field(description="LimitApplicationCertificateDate (交付年月日)")
    valid_from: date | None = Field(description="LimitApplicationCertificateValidStartDate")
    valid_until: date | None = Field(description="LimitApplicationCertificateValidEndDate")


class QualificationFields(Strict):
    """What the national system answers about the insured person (card check and checks without a card)."""

    InsurerNumber: str
    InsurerName: str
    InsuredCardSymbol: str
    InsuredIdentificationNumber: str
    InsuredBranchNumber: str
    InsuredPartialContributionRatio: int = Field(description="burden ratio in percent: 30 = 3割")
    InsuredCardClassification: CardClassificationCode | None = Field(
        default=None, description="被保険者証区分 01–07 (null in records kept before the backend held it)")
    LimitApplicationCertificateRelatedInfo: LimitCertificateOut | None
    ElderlyRecipientCertificateInfo: ElderlyRecipientOut | None
    QualificationValidity: QualificationValidity
    Name: str
    NameKana: str
    Sex: int
    Birthdate: date
    Address: str | None = Field(default=None, description="the address registered with the insurer")
    PostNumber: str | None = Field(default=None, pattern=r"^[0-9]{3}-[0-9]{4}$", description="郵便番号, 123-4567")
    PersonalFamilyClassification: str
    PreschoolClassification: Literal["1"] | None = Field(
        default=None, description="1: 未就学 on the day of the check (until 31 March after turning six); else null")
    ReasonOfLoss: str | None = Field(description="資格喪失事由: 01 死亡, 02 生活保護受給開始, 03 医療保険等の資格取得, "
                                                 "99 その他 (records kept before record version 2 may hold words)")
    QualificationDate: date
    DisqualificationDate: date | None = Field(default=None, description="資格喪失日: only when the qualification "
                                                                        "was lost")
    InsuredCardValidDate: date | None
    consents: dict[str, ConsentCode] = Field(
        description="every item of the consent catalogue by wire name (kiosk.domain.consent): 0 not given, 1 given "
                    "(information-only items such as cost_ceiling: shared by law), 2 expired, 3 could not be obtained")
    consent_valid_until: datetime | None
    consent_refused_reason: str | None = Field(
        description="CERT_GRACE_PERIOD: qualification only; NO_CARD: a check without a card")
    PrescriptionIssueSelect: PrescriptionIssue | None = Field(
        default=None, description="the patient's prescription choice recorded with the check (null: not asked)")


class CheckResult(QualificationFields):
    check_id: int
    idempotency_key: str
    facility_code: str
    identity_method: str
    deferred: bool
    captured_at: str
    checked_at: datetime
    certificate_status: Literal["valid", "grace"]
    certificate_not_after: date | None = Field(default=None, description="last day the user-auth certificate is valid")
    certificate_grace_until: date | None = Field(
        default=None, description="inside the grace window: its last day (qualification only until then)")


class ErrorOut(Strict):
    code: str
    message: str
    retryable: bool


class RecordOut(Strict):
    check_id: int
    received_at: datetime
    facility_code: str
    identity_method: str
    staff_id: str | None
    deferred: bool
    outcome: str = Field(description="OK or an error code")
    cert_serial: int | None
    name: str | None
    qualification_validity: int | None
    prescription_issue: int | None = Field(description="PrescriptionIssueSelect (1 electronic, 2 paper) or null")
    consents: dict[str, int]
