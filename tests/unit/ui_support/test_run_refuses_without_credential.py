"""`kiosk run` on real hardware refuses to start without a staff credential, windowed or fullscreen."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli.run import EXIT_NO_CREDENTIAL, main
from kiosk.config import CONFIG_DIR_ENV


@pytest.mark.parametrize("display", [[], ["--windowed"], ["--fullscreen"]])
def test_real_hardware_without_a_staff_credential_does_not_start(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        display: list[str]) -> None:
    monkeypatch.setenv(CONFIG_DIR_ENV, str(tmp_path))
    assert main(["--config", str(tmp_path / "config.toml"), *display]) == EXIT_NO_CREDENTIAL
    assert "--set-staff-password" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # no credential was made up on the way


def test_a_corrupt_staff_accounts_file_gives_a_message_not_a_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.cli.run import EXIT_CONFIG

    monkeypatch.setenv(CONFIG_DIR_ENV, str(tmp_path))
    (tmp_path / "staff-credential.sqlite3").write_bytes(b"garbage, not a database" * 64)
    assert main(["--config", str(tmp_path / "config.toml"), "--windowed"]) == EXIT_CONFIG
    err = capsys.readouterr().err
    assert "cannot be read" in err and "Traceback" not in err
