"""`kiosk card info --reader "Virtual PCD 00 00"` against every persona's card through pcscd + vpcd."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from hardware_sim.personas import all_personas
from hardware_sim.personas.pki import user_auth_certificate
from kiosk.cli import main
from tests.fixtures.pcsc import READER, REPO, CardProcess

StartCard = Callable[..., CardProcess]
KIOSK = Path(sys.executable).with_name("kiosk")  # the installed console script


def _kiosk_main(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(KIOSK), "card", "info", *args],
        cwd=REPO, capture_output=True, text=True, timeout=30, check=False,
    )


def _kiosk_in_process(capsys: pytest.CaptureFixture[str], *args: str) -> subprocess.CompletedProcess[str]:
    """The same command through `kiosk.cli.main` (the console script's target), saving a process start."""
    code = main(["card", "info", *args])
    captured = capsys.readouterr()
    return subprocess.CompletedProcess(["kiosk", "card", "info", *args], code, captured.out, captured.err)


def test_card_info_prints_every_persona_through_pcscd(
    virtual_card: StartCard, capsys: pytest.CaptureFixture[str],
) -> None:
    personas = all_personas()
    card = virtual_card("normal")
    for key, persona in sorted(personas.items()):
        if card.persona != key:
            card.swap(key)
        text = _kiosk_in_process(capsys, "--reader", READER)
        if not persona.is_my_number_card:
            assert text.returncode == 5, text
            assert "not a My Number card" in text.stderr
            continue
        assert text.returncode == 0, (key, text.stderr)
        certificate = user_auth_certificate(persona)
        assert f"Reader:         {READER}" in text.stdout
        assert "ATR:            3B DA 13 FF" in text.stdout
        assert "Token:          JPKIAPICCTOKEN2" in text.stdout
        assert certificate.subject.rfc4514_string() in text.stdout
        assert f"0x{certificate.serial_number:X}" in text.stdout
        assert certificate.issuer.rfc4514_string() in text.stdout
        assert f"Valid:          {persona.cert_not_before} to {persona.cert_not_after}" in text.stdout
        assert f"PIN tries left: {persona.pin_tries_left}" in text.stdout
        assert "CA check:       verified" in text.stdout
    card.swap("pin_one_try")
    result = _kiosk_main("--reader", READER, "--json")  # the installed console script, end to end
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    certificate = user_auth_certificate(personas["pin_one_try"])
    assert info["serial"] == certificate.serial_number
    assert info["subject"] == certificate.subject.rfc4514_string()
    assert info["not_after"] == personas["pin_one_try"].cert_not_after.isoformat()
    assert info["pin_tries_left"] == 1


def test_card_info_without_a_card_or_a_reader_says_so_and_fails(virtual_card: StartCard) -> None:
    virtual_card("normal", inserted=False)
    no_card = _kiosk_main("--reader", READER)
    assert no_card.returncode == 4
    assert "no card in reader" in no_card.stderr
    no_reader = _kiosk_main("--reader", "Virtual PCD 00 07")
    assert no_reader.returncode == 3
    assert "no card reader 'Virtual PCD 00 07'" in no_reader.stderr
