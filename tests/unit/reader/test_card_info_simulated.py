"""`kiosk card info --simulate PERSONA`: the in-process composition, without pcscd."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hardware_sim.personas import get_persona
from hardware_sim.personas.pki import user_auth_certificate
from kiosk.cli.card import ExitCode, main


def test_simulated_card_info_prints_the_persona_certificate_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "--simulate", "pin_one_try", "--json"]) == ExitCode.OK
    info = json.loads(capsys.readouterr().out)
    assert info["serial"] == user_auth_certificate(get_persona("pin_one_try")).serial_number
    assert info["pin_tries_left"] == 1
    assert info["ca_check"] == "verified" and info["ca_anchored"] is True


def test_simulated_transit_card_is_refused_with_a_clear_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "--simulate", "not_mynumber"]) == ExitCode.NOT_MY_NUMBER_CARD
    assert "not a My Number card" in capsys.readouterr().err


def test_unknown_persona_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "--simulate", "nobody"]) == ExitCode.USAGE
    assert "nobody" in capsys.readouterr().err


def test_a_card_not_chaining_to_the_trusted_roots_is_reported_untrusted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cryptography.hazmat.primitives import serialization

    from hardware_sim.personas.pki import certified_reader_ca_certificate

    other_root = tmp_path / "other-root.pem"  # a root of another kind: the card's CA is not among the trusted
    other_root.write_bytes(certified_reader_ca_certificate().public_bytes(serialization.Encoding.PEM))
    code = main(["info", "--simulate", "normal", "--trusted-ca", str(other_root), "--json"])
    out, err = capsys.readouterr()
    assert code == ExitCode.UNTRUSTED and "untrusted card" in err
    assert json.loads(out)["chain"][1]["trusted_root"] is False


def test_the_verified_chain_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["info", "--simulate", "normal"]) == ExitCode.OK
    assert "a trusted root)" in capsys.readouterr().out


def test_a_root_generation_is_trusted_only_for_cards_issued_in_its_validity() -> None:
    from datetime import UTC, datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    from hardware_sim.personas.pki import auth_ca_certificate, load_key
    from kiosk.reader import ChainStatus, check_auth_certificate

    ca = auth_ca_certificate()
    normal = user_auth_certificate(get_persona("normal"))
    assert check_auth_certificate(normal, ca, [ca]).ok
    late = (x509.CertificateBuilder().subject_name(normal.subject).issuer_name(ca.subject)
            .public_key(normal.public_key()).serial_number(7)
            .not_valid_before(datetime(2046, 1, 1, tzinfo=UTC)).not_valid_after(datetime(2050, 1, 1, tzinfo=UTC))
            .sign(load_key("ca-auth"), hashes.SHA256()))  # issued after the root generation ended
    assert check_auth_certificate(late, ca, [ca]).status is ChainStatus.UNTRUSTED_CA
