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
