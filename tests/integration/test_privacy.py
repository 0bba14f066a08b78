"""Secrets and images never reach a log or the disk: whole receptions with every logger at its most verbose."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest

from hardware_sim.personas import get_persona
from kiosk.cli.reception import main

PERSONA = "elderly"  # a PIN (7531) that appears nowhere else in the persona's data

IMAGE_SIGNATURES = {
    "JPEG": b"\xff\xd8\xff",
    "JPEG 2000": b"\x00\x00\x00\x0cjP  ",
    "PNG": b"\x89PNG\r\n\x1a\n",
}


def _secrets() -> dict[str, bytes]:
    persona = get_persona(PERSONA)
    pin = persona.pin.encode()
    collation_b = persona.card_face_print.collation_number_b.encode()
    return {
        "PIN": pin,
        "PIN as hex": pin.hex().encode(),
        "PIN as spaced hex": " ".join(f"{byte:02X}" for byte in pin).encode(),
        "照合番号B": collation_b,
        "照合番号B as hex": collation_b.hex().encode(),
        "照合番号A (My Number)": persona.my_number.encode(),
    }


def _contains(haystack: bytes, secret: bytes) -> bool:
    """The secret as a value of its own, not four digits that happen to stand inside base64 or hex of a key."""
    token = rb"[0-9A-Za-z+/=]"
    return re.search(rb"(?<!" + token + rb")" + re.escape(secret) + rb"(?!" + token + rb")", haystack) is not None


def test_the_boundary_rule_still_finds_secrets_where_they_would_leak() -> None:
    assert _contains(b'{"pin": "7531"}', b"7531")
    assert _contains(b">> 00 20 00 80 04 37 35 33 31", b"37 35 33 31")
    assert _contains(b"\x00\x047531\x00", b"7531")
    assert not _contains(b"MIIBIjANBgkqhkiG9w0B7531AQEFAAOCAQ8A", b"7531")  # inside base64: chance, not a leak


def _files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.mark.parametrize(("method", "extra"), [("pin", ["--pin", "0000"]), ("pin", []), ("face", [])])
def test_nothing_secret_or_pictured_is_logged_or_stored(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str], method: str,
    extra: list[str],
) -> None:
    caplog.set_level(1)  # below TRAFFIC: every APDU the reader and the card exchange
    status = main(["--headless", "--json", "--persona", PERSONA, "--auth", method, "--workdir", str(tmp_path),
                   *extra])
    report = json.loads(capsys.readouterr().out)
    if extra:  # a wrong PIN: the patient is asked again, with the tries left
        assert report["error"] == "pin_wrong", report
    else:
        assert status == 0 and report["final_state"] == "result", report
    assert any(record.levelno < logging.DEBUG for record in caplog.records), \
        "the APDU traffic log was not captured, so this test would prove nothing"

    log_text = "\n".join(record.getMessage() for record in caplog.records).encode()
    for name, secret in _secrets().items():
        assert not _contains(log_text, secret), f"{name} appears in the log"

    written = _files(tmp_path)
    assert written, "the reception wrote no database, so this test would prove nothing"
    for path in written:
        content = path.read_bytes()
        for name, secret in _secrets().items():
            assert not _contains(content, secret), f"{name} stored in {path.name}"
        for kind, signature in IMAGE_SIGNATURES.items():
            assert signature not in content, f"a {kind} image stored in {path.name}"
