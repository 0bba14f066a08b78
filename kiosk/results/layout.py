"""The qualification-result file (資格確認結果, `OQSsiquc01res_face_*.xml`) in the layout clinic systems parse.

Element names of the consent items come from the consent catalogue for the chosen `ResultSpec`; everything else is
the national layout (`XmlMsg/MessageHeader`, `MessageBody/ResultList/ResultOfQualificationConfirmation`), in its
order. A field the answer does not carry (an answer stored before the backend sent it, nothing on record) is left out
rather than made up.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 - building XML, never parsing it
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import IntEnum

from kiosk.domain import CATALOGUE, LATEST_RESULT_SPEC, WRITABLE_RESULT_SPECS, ConsentCode, ResultSpec, Sex
from kiosk.domain.insurance import PRESCHOOL, ReasonOfLoss
from kiosk.domain.notices import NoticeKind
from kiosk.eligibility.models import EligibilityResult

from .charset import half_width_kana, to_shift_jis_text
from .record import FinishedCheck

FILE_PREFIX = "OQSsiquc01res_face_"
CONSENT_DURATION = timedelta(hours=24)  # the backend's rule: a consent runs 24 h from capture
INSURER_NUMBER_WIDTH = 8


class CharacterCode(IntEnum):
    """CharacterCodeIdentifier, and the file's encoding declaration with it."""

    UTF8 = 0
    SHIFT_JIS = 1

    @property
    def codec(self) -> str:
        return "utf-8" if self is CharacterCode.UTF8 else "shift_jis"

    @property
    def declared(self) -> str:
        return "UTF-8" if self is CharacterCode.UTF8 else "Shift_JIS"


@dataclass(frozen=True)
class ResultFormat:
    """How this facility's clinic system wants its files."""

    character_code: CharacterCode = CharacterCode.UTF8
    spec: ResultSpec = LATEST_RESULT_SPEC

    def __post_init__(self) -> None:
        if self.spec not in WRITABLE_RESULT_SPECS:
            raise ValueError("the legacy bulk layout is read only; write 2024-01 or 2025-01")


# Warnings of a normal end (ProcessingResultCode / ProcessingResultMessage): this kiosk's codes, documented in
# docs/clinic-results.md, since the national codes for them are not public.
_NOTICE_WARNINGS = {
    NoticeKind.EXPIRING: ("CERT_EXPIRING", "利用者証明用電子証明書の有効期限が3か月以内です（市区町村窓口で更新）"),
    NoticeKind.GRACE: ("CERT_GRACE", "利用者証明用電子証明書の有効期限切れ（猶予期間中）：資格のみ確認しました"),
}
_SEX1 = {Sex.MALE: "1", Sex.FEMALE: "2"}  # anything else: 3 未設定
_LOSS_CODES = frozenset(reason.value for reason in ReasonOfLoss)  # older answers carried words, not the code


def file_name(check: FinishedCheck) -> str:
    return f"{FILE_PREFIX}{check.reception_id}_{check.finished_at:%Y%m%d%H%M%S}.xml"


def _day(value: date | None) -> str | None:
    return None if value is None else f"{value:%Y%m%d}"


def _moment(value: datetime) -> str:
    return f"{value.astimezone(tz=None):%Y%m%d%H%M%S}"


def _ratio(percent: int) -> str:
    return f"{percent:03d}"  # "030" = 3割


class _Builder:
    def __init__(self, character_code: CharacterCode) -> None:
        self._sjis = character_code is CharacterCode.SHIFT_JIS

    def text(self, value: str) -> str:
        return to_shift_jis_text(value) if self._sjis else value

    def add(self, parent: ET.Element, tag: str, value: str | None) -> None:
        """A leaf element; a field without a value is left out."""
        if value is not None:
            ET.SubElement(parent, tag).text = self.text(value)


def render(check: FinishedCheck, fmt: ResultFormat) -> bytes:
    """The file's bytes, with an encoding declaration that matches CharacterCodeIdentifier."""
    b = _Builder(fmt.character_code)
    root = ET.Element("XmlMsg")
    header = ET.SubElement(root, "MessageHeader")
    b.add(header, "ProcessExecutionTime", f"{check.finished_at:%Y%m%d%H%M%S}")
    b.add(header, "QualificationConfirmationDate", f"{check.finished_at:%Y%m%d}")
    b.add(header, "MedicalInstitutionCode", check.facility_code)
    b.add(header, "ArbitraryFileIdentifier", check.reception_id)
    b.add(header, "ReferenceClassification", str(int(check.method.reference)))
    b.add(header, "SegmentOfResult", "9" if check.error is not None else "1")
    if check.error is not None:
        b.add(header, "ErrorCode", check.error.code)
        b.add(header, "ErrorMessage", check.error.message)
    b.add(header, "CharacterCodeIdentifier", str(int(fmt.character_code)))
    body = ET.SubElement(root, "MessageBody")
    if check.error is not None:
        b.add(body, "ProcessingResultStatus", "2")
        b.add(body, "ProcessingResultCode", check.error.code)
        b.add(body, "ProcessingResultMessage", check.error.message)
    else:
        b.add(body, "ProcessingResultStatus", "1")
        warning = _warning(check)
        if warning is not None:
            b.add(body, "ProcessingResultCode", warning[0])
            b.add(body, "ProcessingResultMessage", warning[1])
    validity = check.qualification_validity
    b.add(body, "QualificationValidity", None if validity is None else str(int(validity)))
    result = check.result
    if result is not None:
        b.add(body, "PrescriptionIssueSelect", None if result.prescription is None else str(int(result.prescription)))
        listing = ET.SubElement(body, "ResultList")
        _qualification(b, ET.SubElement(listing, "ResultOfQualificationConfirmation"), result, fmt.spec)
    text = ET.tostring(root, encoding="unicode", short_empty_elements=True)
    declaration = f'<?xml version="1.0" encoding="{fmt.character_code.declared}" standalone="yes"?>\n'
    return (declaration + text + "\n").encode(fmt.character_code.codec)


def _warning(check: FinishedCheck) -> tuple[str, str] | None:
    if check.result is None:
        return None
    notice = check.result.certificate_notice(check.finished_at.date())
    return None if notice is None else _NOTICE_WARNINGS[notice.kind]


def _qualification(b: _Builder, out: ET.Element, r: EligibilityResult, spec: ResultSpec) -> None:
    b.add(out, "InsuredCardClassification", None if r.card_classification is None else r.card_classification.value)
    b.add(out, "InsurerNumber", r.insurer_number.rjust(INSURER_NUMBER_WIDTH))
    b.add(out, "InsuredCardSymbol", r.symbol)
    b.add(out, "InsuredIdentificationNumber", r.number)
    b.add(out, "InsuredBranchNumber", r.branch)
    b.add(out, "PersonalFamilyClassification", r.personal_family.value)
    b.add(out, "Name", r.name)
    b.add(out, "NameKana", half_width_kana(r.name_kana))
    b.add(out, "Sex1", _SEX1.get(r.sex, "3"))
    b.add(out, "Birthdate", _day(r.birth_date))
    b.add(out, "Address", r.address)
    b.add(out, "PostNumber", r.post_number)
    b.add(out, "QualificationDate", _day(r.qualification_date))
    b.add(out, "DisqualificationDate", _day(r.disqualification_date))
    b.add(out, "InsuredCardExpirationDate", _day(r.card_valid_until))  # the card's last valid day (有効終了日)
    b.add(out, "InsuredPartialContributionRatio", _ratio(r.burden_ratio_percent))
    b.add(out, "PreschoolClassification", PRESCHOOL if r.preschool else None)
    b.add(out, "ReasonOfLoss", r.reason_of_loss if r.reason_of_loss in _LOSS_CODES else None)  # words: left out
    b.add(out, "InsurerName", r.insurer_name)
    elderly = r.elderly_recipient
    if elderly is not None:
        info = ET.SubElement(out, "ElderlyRecipientCertificateInfo")
        b.add(info, "ElderlyRecipientCertificateDate", _day(elderly.issued_on))
        b.add(info, "ElderlyRecipientValidStartDate", _day(elderly.valid_from))
        b.add(info, "ElderlyRecipientValidEndDate", _day(elderly.valid_until))
        b.add(info, "ElderlyRecipientContributionRatio", _ratio(elderly.ratio_percent))
    limit = r.limit_certificate
    if limit is not None:
        info = ET.SubElement(out, "LimitApplicationCertificateRelatedInfo")
        b.add(info, "LimitApplicationCertificateClassification", None if limit.kind is None else limit.kind.value)
        b.add(info, "LimitApplicationCertificateClassificationFlag", limit.category)
        b.add(info, "LimitApplicationCertificateDate", _day(limit.issued_on))
        b.add(info, "LimitApplicationCertificateValidStartDate", _day(limit.valid_from))
        b.add(info, "LimitApplicationCertificateValidEndDate", _day(limit.valid_until))
    _consents(b, out, r, spec)


def _consents(b: _Builder, out: ET.Element, r: EligibilityResult, spec: ResultSpec) -> None:
    """Per catalogue item in this layout: the flag (0-3), and for a consent given its time and expiry."""
    until = r.consent_valid_until
    for item, item_spec in CATALOGUE.items():
        elements = item_spec.result_elements(spec)
        code = r.consents.get(item)
        if elements is None or code is None:
            continue
        b.add(out, elements.flag, str(int(code)))
        if code is not ConsentCode.GIVEN:
            continue
        if until is not None and elements.consented_at is not None:
            b.add(out, elements.consented_at, _moment(until - CONSENT_DURATION))
        if until is not None and elements.available_until is not None:
            b.add(out, elements.available_until, _moment(until))
