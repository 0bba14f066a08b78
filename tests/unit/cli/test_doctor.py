"""`kiosk doctor`: the technician's page shows the outbox and restarts from the data folder, and no secret."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.appliance import RunJournal
from kiosk.cli import doctor
from kiosk.cli import reception as headless
from kiosk.cli.run import RUN_JOURNAL_FILE

SECRET = "hunter2-secret"  # noqa: S105 - a test value that must never be printed


@pytest.fixture
def page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[dict[str, object], str]:
    data = tmp_path / "data"
    assert headless.main(["--headless", "--persona", "normal", "--offline", "--workdir", str(data)]) == 1
    journal = RunJournal(data / RUN_JOURNAL_FILE)
    journal.begin()
    journal.begin()  # the first run never ended: a crash
    config = tmp_path / "config.toml"
    config.write_text(f'[hardware]\nclient_key = "{tmp_path}/absent.pem"\ncard_camera = "{tmp_path}/no-such-camera"\n'
                      f'backend_url = "https://kiosk:{SECRET}@backend.example:8443"\n')
    capsys.readouterr()
    assert doctor.main(["--config", str(config), "--data", str(data), "--json"]) == doctor.EXIT_OK
    text_status = doctor.main(["--config", str(config), "--data", str(data)])
    assert text_status == doctor.EXIT_OK
    out = capsys.readouterr().out
    json_text, _, page_text = out.partition("\n}\n")
    return json.loads(json_text + "\n}"), page_text


def test_the_outbox_and_the_restarts_are_on_the_page(page: tuple[dict[str, object], str]) -> None:
    report, _ = page
    outbox = report["outbox"]
    assert isinstance(outbox, dict)
    assert outbox["receptions"].startswith("1 pending; oldest pending from ")
    assert outbox["declarations"] == "empty"
    restarts = report["restarts"]
    assert isinstance(restarts, dict)
    assert (restarts["starts"], restarts["unexpected ends"]) == ("2", "1")


def test_the_card_camera_is_probed_as_configured(page: tuple[dict[str, object], str]) -> None:
    """A technician sees whether the camera that reads the card's printed face (照合番号B) is there."""
    report, text = page
    devices = report["devices"]
    assert isinstance(devices, dict)
    assert devices["card camera"].endswith("no-such-camera missing")
    assert "card camera" in text


def test_secrets_are_masked_and_say_whether_their_file_is_there(page: tuple[dict[str, object], str]) -> None:
    report, text = page
    assert SECRET not in text and SECRET not in json.dumps(report)
    settings = report["settings"]
    assert isinstance(settings, dict)
    assert settings["hardware.backend_url"] == "https://kiosk:***@backend.example:8443"
    assert settings["hardware.client_key"] == "*** (set, file MISSING)"
    assert "== versions" in text and "== last errors" in text


@pytest.mark.parametrize(("key", "value", "shown"), [
    ("client_key", "", "(not set)"),
    ("api_token", "abc", "*** (set)"),
    ("backend_url", "https://backend.example:8443", "https://backend.example:8443"),
    ("camera", "0", "0"),
])
def test_mask(key: str, value: str, shown: str) -> None:
    assert doctor.mask(key, value) == shown


def test_the_staff_credential_shows_as_set_once_a_password_is_set(tmp_path: Path) -> None:
    """The accounts live in staff-credential.sqlite3 now: doctor must not look only for the old JSON file."""
    from kiosk.staff_credentials import FAST_PARAMS_FOR_TESTS, StaffCredentialStore, staff_credential_path

    assert dict(doctor.credential(tmp_path)) == {"staff-credential.sqlite3": "not set",
                                                 "staff-credential-simulate.sqlite3": "not set"}
    StaffCredentialStore(staff_credential_path(tmp_path, False), params=FAST_PARAMS_FOR_TESTS).set_password(SECRET)
    assert dict(doctor.credential(tmp_path))["staff-credential.sqlite3"] == "set"
    assert not (tmp_path / "staff-credential.json").exists()
