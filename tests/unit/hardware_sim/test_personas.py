"""Personas: one definition each, consistent with the rules the kiosk will check."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest
from cryptography.hazmat.primitives import serialization

from hardware_sim.personas import UnknownPersonaError, all_personas, get_persona, pki
from kiosk.domain import (
    CertificateStatus,
    PersonalFamily,
    QualificationValidity,
    age_on,
    insurer_number_is_valid,
    my_number_is_valid,
)

TODAY = date(2026, 11, 22)

REQUIRED = {
    "normal", "pin_one_try", "pin_blocked", "cert_expired", "cert_grace", "revoked", "not_registered",
    "qualification_lost", "child", "elderly", "not_mynumber",
    "qualification_superseded", "no_qualification", "several_candidates", "medical_aid",
}


def test_the_issue_s_personas_all_exist() -> None:
    assert REQUIRED <= set(all_personas(TODAY))


def test_every_my_number_persona_is_internally_consistent() -> None:
    for persona in all_personas(TODAY).values():
        if not persona.is_my_number_card:
            continue
        assert my_number_is_valid(persona.my_number), persona.key
        assert persona.insurance is not None and insurer_number_is_valid(persona.insurance.insurer_number)
        assert persona.card_photo_path is not None and persona.card_photo_path.is_file()
        assert len(persona.pin) == 4 and persona.pin.isdigit()
        assert len(persona.card_face_print.collation_number_b) == 14


def test_certificate_states_match_the_persona_names() -> None:
    personas = all_personas(TODAY)
    expected = {
        "normal": CertificateStatus.VALID,
        "cert_expired": CertificateStatus.EXPIRED,
        "cert_grace": CertificateStatus.GRACE,
        "revoked": CertificateStatus.REVOKED,
        "cert_expiring": CertificateStatus.VALID,
    }
    for key, status in expected.items():
        assert personas[key].certificate_status(TODAY) is status, key


def test_pin_states_and_insurance_records() -> None:
    personas = all_personas(TODAY)
    assert personas["pin_one_try"].pin_tries_left == 1
    assert personas["pin_blocked"].pin_tries_left == 0
    child = personas["child"]
    assert age_on(child.birth_date, TODAY) < 6
    assert child.insurance is not None and child.insurance.burden_ratio_percent == 20
    assert child.insurance.personal_family is PersonalFamily.FAMILY
    elderly = personas["elderly"]
    assert elderly.insurance is not None and elderly.insurance.limit_certificate is not None
    assert 70 <= age_on(elderly.birth_date, TODAY) <= 74
    lost = personas["qualification_lost"].insurance
    assert lost is not None and lost.validity is QualificationValidity.INVALID
    unregistered = personas["not_registered"].insurance
    assert unregistered is not None and not unregistered.registered_for_insurance_use


def test_one_persona_per_qualification_validity_the_national_system_returns() -> None:
    by_validity: dict[QualificationValidity, list[str]] = {}
    for persona in all_personas(TODAY).values():
        if persona.insurance is not None and persona.insurance.registered_for_insurance_use:
            by_validity.setdefault(persona.insurance.validity, []).append(persona.key)
    assert set(by_validity) == set(QualificationValidity)
    assert by_validity[QualificationValidity.INVALID] == ["qualification_lost"]
    assert by_validity[QualificationValidity.INVALID_NEWER_EXISTS] == ["qualification_superseded"]
    assert by_validity[QualificationValidity.NO_QUALIFICATION] == ["no_qualification"]
    assert by_validity[QualificationValidity.SEVERAL_CANDIDATES] == ["several_candidates"]
    assert by_validity[QualificationValidity.VALID_MEDICAL_AID_UNREGISTERED] == ["medical_aid"]
    aid = get_persona("medical_aid", TODAY).insurance
    assert aid is not None and aid.insurer_number.startswith("12") and aid.burden_ratio_percent == 0  # 生活保護


def test_collation_number_b_is_birth_date_expiry_year_and_security_code() -> None:
    persona = get_persona("normal", TODAY)
    assert persona.card_face_print.collation_number_b == f"800412{persona.card_expiry.year}4821"


def test_unknown_persona_names_the_known_ones() -> None:
    with pytest.raises(UnknownPersonaError, match="normal"):
        get_persona("nobody", TODAY)


def test_certificates_chain_to_the_test_ca_and_are_identical_across_processes() -> None:
    persona = get_persona("normal", TODAY)
    cert = pki.user_auth_certificate(persona)
    ca = pki.auth_ca_certificate()
    cert.verify_directly_issued_by(ca)
    script = (
        "from datetime import date; from hardware_sim.personas import get_persona, pki;"
        "from cryptography.hazmat.primitives import serialization;"
        "print(pki.user_auth_certificate(get_persona('normal', date(2026, 11, 22)))"
        ".public_bytes(serialization.Encoding.DER).hex())"
    )
    other = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.strip()
    assert other == cert.public_bytes(serialization.Encoding.DER).hex()


def test_crl_lists_exactly_the_revoked_card() -> None:
    crl = pki.user_auth_crl(list(all_personas(TODAY).values()), TODAY)
    assert crl.revoked_serials == {get_persona("revoked", TODAY).cert_serial}


def test_personas_command_prints_json_with_every_persona() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "hardware_sim", "personas", "--today", "2026-11-22"],
        capture_output=True, text=True, check=True,
    )
    keys = {record["key"] for record in json.loads(result.stdout)}
    assert REQUIRED <= keys
