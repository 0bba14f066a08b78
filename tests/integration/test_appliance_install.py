"""scripts/install-kiosk.sh: the generated units pass `systemd-analyze verify` and stay hardened, and writing them
twice changes nothing."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .appliance_tools import REPO, require

INSTALLER = REPO / "scripts" / "install-kiosk.sh"
UNIT = Path("etc/systemd/system/mynakiosk.service")
MAX_EXPOSURE = 4.0  # systemd-analyze security's scale: 0 (locked down) .. 10 (exposed)


def render(into: Path, *args: str) -> str:
    done = subprocess.run(["bash", str(INSTALLER), "--render", str(into), *args], check=True, capture_output=True,
                          text=True)
    return done.stdout


def verify(unit: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["systemd-analyze", "verify", unit.name], cwd=unit.parent, capture_output=True, text=True)


@pytest.mark.parametrize("mode", [[], ["--simulate"]], ids=["real", "simulate"])
def test_the_generated_unit_passes_systemd_analyze_verify(tmp_path: Path, mode: list[str]) -> None:
    require("systemd-analyze")
    render(tmp_path, *mode)
    unit = tmp_path / UNIT
    text = unit.read_text()
    assert "Type=notify" in text and "WatchdogSec=10" in text and "Restart=on-failure" in text
    assert ("--simulate" in text) == bool(mode)
    checked = verify(unit)
    assert (checked.returncode, checked.stderr) == (0, "")


def test_verify_would_catch_a_broken_unit(tmp_path: Path) -> None:
    """The control for the test above: a misspelt key and a missing program are reported."""
    require("systemd-analyze")
    render(tmp_path)
    unit = tmp_path / UNIT
    unit.write_text(unit.read_text().replace("WatchdogSec=", "WatchdogSecs=").replace("/usr/bin/env ", "/usr/bin/nv "))
    checked = verify(unit)
    assert checked.returncode != 0
    assert "Unknown key 'WatchdogSecs'" in checked.stderr and "/usr/bin/nv is not executable" in checked.stderr


def test_the_unit_is_hardened(tmp_path: Path) -> None:
    require("systemd-analyze")
    render(tmp_path)
    threshold = f"--threshold={int(MAX_EXPOSURE * 10)}"  # given in tenths
    done = subprocess.run(["systemd-analyze", "security", "--offline=true", threshold, "--no-pager", UNIT.name],
                          cwd=(tmp_path / UNIT).parent, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-600:]
    exposure = float(done.stdout.split("Overall exposure level for mynakiosk.service:")[1].split()[0])
    assert exposure <= MAX_EXPOSURE


def test_writing_the_files_twice_changes_nothing(tmp_path: Path) -> None:
    first = render(tmp_path)
    assert first.count("wrote ") == 5
    before = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()}
    assert render(tmp_path) == ""
    assert {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file()} == before
    assert render(tmp_path, "--simulate") == "install-kiosk: wrote /etc/systemd/system/mynakiosk.service\n"
    assert "--simulate" in (tmp_path / UNIT).read_text()  # a changed mode is written again, and only that


def test_logind_and_the_wrapper_keep_patients_and_technicians_where_they_belong(tmp_path: Path) -> None:
    render(tmp_path)
    logind = (tmp_path / "etc/systemd/logind.conf.d/mynakiosk.conf").read_text()
    assert "NAutoVTs=0" in logind and "HandlePowerKey=ignore" in logind
    environment = (tmp_path / "etc/mynakiosk/kiosk.env").read_text()
    assert "KIOSK_CONFIG_DIR=/var/lib/mynakiosk" in environment and "QT_QPA_PLATFORM=wayland" in environment
    command = tmp_path / "usr/local/sbin/mynakiosk"
    assert command.stat().st_mode & 0o111
    assert "runuser -u mynakiosk" in command.read_text()  # the technician's commands run as the kiosk's user
