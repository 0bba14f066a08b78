"""The result file's layout: names from the catalogue per layout version, encodings, ● characters, kana, padding."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 - our own output
from datetime import date

import pytest

from kiosk.domain import ConsentCode, ConsentItem, ResultSpec, Sex
from kiosk.results import CardIdentity, CharacterCode, CheckError, Flag, ResultFormat, file_name, render
from kiosk.results.charset import half_width_kana, outside_jis_x_0208, to_shift_jis_text

from .helpers import answer, finished


def parse(data: bytes, codec: str = "utf-8") -> ET.Element:
    return ET.fromstring(data.decode(codec))  # noqa: S314


def person(root: ET.Element) -> dict[str, str]:
    found = root.find("MessageBody/ResultList/ResultOfQualificationConfirmation")
    assert found is not None
    return {child.tag: child.text or "" for child in found}


def test_file_name_carries_the_reception_and_the_moment() -> None:
    assert file_name(finished(answer())) == "OQSsiquc01res_face_0123456789ABCDEF0123_20250304090807.xml"


@pytest.mark.parametrize(("code", "declared", "codec"), [
    (CharacterCode.UTF8, b'encoding="UTF-8"', "utf-8"),
    (CharacterCode.SHIFT_JIS, b'encoding="Shift_JIS"', "shift_jis")])
def test_declaration_matches_the_character_code(code: CharacterCode, declared: bytes, codec: str) -> None:
    data = render(finished(answer()), ResultFormat(code))
    assert declared in data.splitlines()[0]
    root = parse(data, codec)
    assert root.findtext("MessageHeader/CharacterCodeIdentifier") == str(int(code))
    assert person(root)["Name"] == "山田 太郎"


def test_insurer_number_is_left_padded_to_eight() -> None:
    assert person(parse(render(finished(answer(insurer="138057")), ResultFormat())))["InsurerNumber"] == "  138057"
    assert person(parse(render(finished(answer(insurer="06130017")), ResultFormat())))["InsurerNumber"] == "06130017"


def test_name_kana_is_half_width() -> None:
    assert person(parse(render(finished(answer(kana="ガッコウ　パンダ")), ResultFormat())))["NameKana"] == "ｶﾞｯｺｳ ﾊﾟﾝﾀﾞ"
    assert half_width_kana("ヴィ") == "ｳﾞｨ"


def test_characters_outside_jis_x_0208_stay_in_utf8_and_become_black_circles_in_shift_jis() -> None:
    check = finished(answer(name="髙橋 𠮷子"))
    assert outside_jis_x_0208("髙橋 𠮷子") == ("髙", "𠮷")
    assert Flag.NAME_OUTSIDE_JIS in check.flags()
    assert person(parse(render(check, ResultFormat())))["Name"] == "髙橋 𠮷子"
    sjis = render(check, ResultFormat(CharacterCode.SHIFT_JIS))
    assert person(parse(sjis, "shift_jis"))["Name"] == "●橋 ●子"
    assert Flag.NAME_OUTSIDE_JIS not in finished(answer()).flags()


def test_cp932_look_alikes_map_to_their_jis_character_not_to_a_circle() -> None:
    assert to_shift_jis_text("ﾔﾏﾀﾞ～") == "ﾔﾏﾀﾞ〜"
    assert outside_jis_x_0208("～") == ()


def test_consent_names_follow_the_layout_version() -> None:
    latest = person(parse(render(finished(answer()), ResultFormat(spec=ResultSpec.V2025_01))))
    older = person(parse(render(finished(answer()), ResultFormat(spec=ResultSpec.V2024_01))))
    assert latest["PharmacistsInfoConsFlg"] == older["PharmacistsInfoConsFlg"] == "1"
    assert latest["PharmacistsInfoConsTime"] == "20250304090807"
    assert latest["PharmacistsInfoAvailableTime"] == "20250305090807"  # consent + 24 h
    assert "DiagnosisNameConsFlg" not in older  # 電子カルテ情報共有サービス items appeared in 2025-01
    assert "LimitApplicationCertificateRelatedAvailableTime" not in latest  # the cost ceiling has no expiry element
    with pytest.raises(ValueError, match="read only"):
        ResultFormat(spec=ResultSpec.LEGACY_BULK)


def test_consent_not_given_has_a_flag_and_no_times() -> None:
    check = finished(answer(consents={ConsentItem.MEDICATION: ConsentCode.NOT_GIVEN}))
    fields = person(parse(render(check, ResultFormat())))
    assert fields["PharmacistsInfoConsFlg"] == "0"
    assert "PharmacistsInfoConsTime" not in fields and "PharmacistsInfoAvailableTime" not in fields


def test_abnormal_end_carries_the_error_and_no_person() -> None:
    root = parse(render(finished(error=CheckError("CERT_REVOKED", "失効")), ResultFormat()))
    assert root.findtext("MessageHeader/SegmentOfResult") == "9"
    assert (root.findtext("MessageHeader/ErrorCode"), root.findtext("MessageHeader/ErrorMessage")) == (
        "CERT_REVOKED", "失効")
    assert root.findtext("MessageBody/ProcessingResultStatus") == "2"
    assert root.find("MessageBody/ResultList") is None


# The national layout's elements this kiosk writes; a new element (a PIN, a distance...) makes this fail.
ALLOWED = {
    "XmlMsg", "MessageHeader", "ProcessExecutionTime", "QualificationConfirmationDate", "MedicalInstitutionCode",
    "ArbitraryFileIdentifier", "ReferenceClassification", "SegmentOfResult", "ErrorCode", "ErrorMessage",
    "CharacterCodeIdentifier", "MessageBody", "ProcessingResultStatus", "ProcessingResultCode",
    "ProcessingResultMessage", "QualificationValidity", "PrescriptionIssueSelect", "ResultList",
    "ResultOfQualificationConfirmation", "InsurerNumber", "InsuredCardSymbol", "InsuredIdentificationNumber",
    "InsuredBranchNumber", "PersonalFamilyClassification", "Name", "NameKana", "Sex1", "Birthdate",
    "QualificationDate", "InsuredCardExpirationDate", "InsuredPartialContributionRatio", "ReasonOfLoss", "InsurerName",
    "ElderlyRecipientCertificateInfo", "ElderlyRecipientValidStartDate", "ElderlyRecipientValidEndDate",
    "ElderlyRecipientContributionRatio", "LimitApplicationCertificateRelatedInfo",
    "LimitApplicationCertificateClassification", "InsuredCardClassification", "Address", "PostNumber",
    "DisqualificationDate", "PreschoolClassification", "ElderlyRecipientCertificateDate",
    "LimitApplicationCertificateClassificationFlag", "LimitApplicationCertificateDate",
    "LimitApplicationCertificateValidStartDate", "LimitApplicationCertificateValidEndDate",
}


def test_only_what_the_national_result_contains() -> None:
    root = parse(render(finished(answer(), card=CardIdentity(date(1980, 4, 12), Sex.MALE)), ResultFormat()))
    tags = {element.tag for element in root.iter()}
    consent_tags = {tag for tag in tags if tag.endswith(("ConsFlg", "ConsTime", "AvailableTime"))}
    assert tags - consent_tags <= ALLOWED, tags - consent_tags - ALLOWED


def test_card_mismatch_is_flagged_for_staff() -> None:
    same = finished(answer(), card=CardIdentity(date(1980, 4, 12), Sex.MALE))
    other = finished(answer(), card=CardIdentity(date(1980, 4, 21), Sex.MALE))
    assert Flag.CARD_MISMATCH not in same.flags()
    assert Flag.CARD_MISMATCH in other.flags()
