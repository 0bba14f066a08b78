"""`kiosk card info --simulate PERSONA`: the in-process composition, without pcscd."""

from __future__ import annotations

import json

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
