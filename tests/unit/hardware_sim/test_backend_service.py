"""The backend's decisions, driven in-process through the kiosk's own client (same app, no daemon)."""

from __future__ import annotations

import re

import pytest

from kiosk.domain import ConsentCode, ConsentItem, QualificationValidity, statements
from kiosk.eligibility import (
    CheckRequest,
    ConsentChoices,
    EligibilityError,
    ErrorCategory,
    FaceIdentity,
    HttpEligibilityClient,
    PinIdentity,
    StaffIdentity,
)
from tests.fixtures.backend import FACILITY, PERSONA_EXPECTATIONS, card_signer, certificate_der


def _request(persona: str, identity: object | None = None, consents: ConsentChoices | None = None) -> CheckRequest:
    if identity is None:
        sign = card_signer(persona)
        identity = FaceIdentity(0.31, True, True, sign) if persona == "pin_blocked" else PinIdentity(sign)
    return CheckRequest(certificate_der(persona), identity, consents or ConsentChoices.all_given(), FACILITY)  # type: ignore[arg-type]


@pytest.mark.parametrize("persona", sorted(PERSONA_EXPECTATIONS))
def test_each_persona_gets_its_expected_answer(inprocess_client: HttpEligibilityClient, persona: str) -> None:
    expected = PERSONA_EXPECTATIONS[persona]
    submission = inprocess_client.prepare(_request(persona), inprocess_client.issue_challenge())
    if expected.error:
        with pytest.raises(EligibilityError) as caught:
            inprocess_client.send(submission)
        assert caught.value.code == expected.error
        assert not caught.value.retryable
        return
    result = inprocess_client.send(submission)
    assert result.qualification_validity == QualificationValidity(expected.validity)
    assert result.burden_ratio_percent == expected.ratio
    assert result.personal_family.value == expected.family
    assert (result.limit_certificate.category if result.limit_certificate else None) == expected.limit
    assert (result.elderly_recipient.ratio_percent if result.elderly_recipient else None) == expected.elderly_ratio
    assert result.preschool is expected.preschool
    assert (result.disqualification_date is not None) is expected.lost
    assert result.card_classification is not None and result.card_classification.value == expected.card_classification
    assert result.post_number is not None and re.fullmatch(r"[0-9]{3}-[0-9]{4}", result.post_number)
    assert result.address
    wanted = ConsentCode.NOT_OBTAINED if expected.consents_refused else ConsentCode.GIVEN
    assert set(result.consents.values()) == {wanted}


def test_normal_result_carries_what_the_reception_screen_shows(inprocess_client: HttpEligibilityClient) -> None:
    result = inprocess_client.check(_request("normal", consents=ConsentChoices(treatment=True, medication=True)))
    assert (result.name, result.insurer_name, result.burden_ratio_label) == ("山田 太郎", "テスト健康保険組合", "3割")
    assert (result.symbol, result.number, result.branch) == ("1234", "5678", "00")
    assert result.consents[ConsentItem.TREATMENT] is ConsentCode.GIVEN
    assert result.consents[ConsentItem.SURGERY] is ConsentCode.NOT_GIVEN
    assert result.consent_valid_until is not None
    assert (result.consent_valid_until - result.checked_at).total_seconds() == pytest.approx(24 * 3600, abs=2)


def test_grace_period_allows_qualification_only(inprocess_client: HttpEligibilityClient) -> None:
    result = inprocess_client.check(_request("cert_grace"))
    assert result.certificate_status == "grace"
    assert result.consent_refused_reason == "CERT_GRACE_PERIOD"
    assert result.consent_valid_until is None


def test_lost_qualification_is_explained_with_its_reason(inprocess_client: HttpEligibilityClient) -> None:
    with pytest.raises(EligibilityError) as caught:
        inprocess_client.check(_request("qualification_lost"))
    assert caught.value.category is ErrorCategory.INVALID_QUALIFICATION
    assert caught.value.result is not None and caught.value.result.reason_of_loss == "99"


def test_signature_by_another_card_is_refused(inprocess_client: HttpEligibilityClient) -> None:
    with pytest.raises(EligibilityError) as caught:
        inprocess_client.check(_request("normal", PinIdentity(card_signer("child"))))
    assert (caught.value.code, caught.value.category) == ("SIGNATURE_INVALID", ErrorCategory.IDENTITY_REJECTED)


@pytest.mark.parametrize(("face", "code"), [
    (FaceIdentity(0.8, True, True, card_signer("normal")), "FACE_NOT_MATCHED"),
    (FaceIdentity(0.53, True, True, card_signer("normal")), "FACE_NOT_MATCHED"),
    (FaceIdentity(0.2, True, False, card_signer("normal")), "CARD_FACE_UNVERIFIED"),
])
def test_face_attestation_must_show_a_match_on_a_verified_chip_photo(
        inprocess_client: HttpEligibilityClient, face: FaceIdentity, code: str) -> None:
    with pytest.raises(EligibilityError) as caught:
        inprocess_client.check(_request("normal", face))
    assert caught.value.code == code


def test_face_match_is_audited_with_its_evidence(inprocess_client: HttpEligibilityClient) -> None:
    sign = card_signer("normal")
    result = inprocess_client.check(_request("normal", FaceIdentity(0.47, True, True, sign)))
    assert result.is_valid
    [record] = inprocess_client.today_records(FACILITY)
    assert {k: v for k, v in record["evidence"].items() if k != "card_signature_sha256"} == \
        {"distance": "0.4700", "liveness": "1", "card_face_signature_valid": "1"}


def test_staff_visual_check_is_recorded_with_the_staff_member(inprocess_client: HttpEligibilityClient) -> None:
    result = inprocess_client.check(_request("pin_blocked", StaffIdentity("nurse-07", card_signer("pin_blocked"))))
    records = inprocess_client.today_records(FACILITY)
    assert [(r["check_id"], r["staff_id"], r["identity_method"]) for r in records] == \
        [(result.check_id, "nurse-07", "staff")]


def test_replay_returns_the_first_answer_and_stores_one_record(inprocess_client: HttpEligibilityClient) -> None:
    submission = inprocess_client.prepare(_request("normal"), inprocess_client.issue_challenge())
    first = inprocess_client.send(submission)
    again = inprocess_client.send(submission)
    assert first == again
    assert len(inprocess_client.today_records()) == 1


def test_rejections_are_stored_for_audit(inprocess_client: HttpEligibilityClient) -> None:
    with pytest.raises(EligibilityError):
        inprocess_client.check(_request("revoked"))
    assert [r["outcome"] for r in inprocess_client.today_records()] == ["CERT_REVOKED"]


def test_statements_bind_every_field_and_ignore_consent_order() -> None:
    args = {"idempotency_key": "k" * 20, "facility_code": FACILITY, "captured_at": "2025-01-02T03:04:05Z",
            "certificate_der": b"\x30\x03abc", "challenge_b64": "Y2hhbGxlbmdl"}
    card = statements.card_statement(**args)  # type: ignore[arg-type]
    for name, other in (("facility_code", "9999999"), ("challenge_b64", "b3RoZXI="), ("certificate_der", b"\x30")):
        assert statements.card_statement(**{**args, name: other}) != card, name  # type: ignore[arg-type]
    fields = statements.face_fields(0.12345, True, False, b"card")
    assert statements.kiosk_statement(card, method="face", method_fields=fields, consents=["surgery", "a"]) \
        == statements.kiosk_statement(card, method="face", method_fields=fields, consents=["a", "surgery"])



@pytest.mark.parametrize(("persona", "validity"), [
    ("qualification_superseded", QualificationValidity.INVALID_NEWER_EXISTS),
    ("no_qualification", QualificationValidity.NO_QUALIFICATION),
    ("several_candidates", QualificationValidity.SEVERAL_CANDIDATES),
])
def test_each_invalid_validity_reaches_the_kiosk_with_its_result(inprocess_client: HttpEligibilityClient,
                                                                 persona: str, validity: QualificationValidity) -> None:
    with pytest.raises(EligibilityError) as caught:
        inprocess_client.check(_request(persona))
    assert (caught.value.category, caught.value.code) == (ErrorCategory.INVALID_QUALIFICATION,
                                                          f"QUALIFICATION_{validity.name}")
    assert caught.value.result is not None and caught.value.result.qualification_validity is validity


def test_medical_aid_not_yet_registered_is_a_valid_answer(inprocess_client: HttpEligibilityClient) -> None:
    result = inprocess_client.check(_request("medical_aid"))
    assert result.qualification_validity is QualificationValidity.VALID_MEDICAL_AID_UNREGISTERED
    assert result.is_valid and result.insurer_number.startswith("12") and result.burden_ratio_percent == 0
