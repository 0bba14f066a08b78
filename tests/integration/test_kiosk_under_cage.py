"""The kiosk under cage (wlroots headless backend) as the installed unit runs it: it says READY=1 with the idle
screen up, a screenshot shows that screen, a patient's Alt+Tab / Alt+Space / Alt+F4 / right-click (and a window
manager's minimise and close requests) leave it there, and SIGTERM (`systemctl stop`) ends it cleanly.

How the attempts reach the kiosk, and why: see tests/integration/cage_escape_driver.py.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops

from tests.fixtures.cage import CageSession, missing_tools

from .appliance_tools import REPO, require

DRIVER = REPO / "tests" / "integration" / "cage_escape_driver.py"
RUN = ["run", "--simulate", "--fullscreen", "--no-tester-panel"]
HEADER_BLUE = (12, 60, 143)  # the header band's colour (style.py), a few pixels from the top edge


@pytest.fixture
def cage() -> Iterator[CageSession]:
    require(*missing_tools())
    session = CageSession([])
    # The driver takes its cues from files in the session's folder; the kiosk keeps its data beside them.
    session.program = [str(DRIVER), str(session.home), *RUN, "--workdir", str(session.data / "sim")]
    yield session
    session.close()


def cue(cage: CageSession, step: str, timeout: float = 20.0) -> dict[str, Any]:
    """Ask the driver inside the session for one step and wait for its report."""
    (cage.home / step).touch()
    report = (cage.home / step).with_suffix(".json")
    deadline = time.monotonic() + timeout
    while not report.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    loaded: dict[str, Any] = json.loads(report.read_text())
    return loaded


def colour_near(pixel: tuple[int, ...], expected: tuple[int, int, int], tolerance: int = 24) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel[:3], expected, strict=True))


def test_kiosk_under_cage_shows_idle_and_cannot_be_left(cage: CageSession, tmp_path: Path) -> None:
    cage.start()
    ready = cage.wait_for("READY=1", timeout=60)
    assert ready < 30
    time.sleep(0.3)  # the frame after the one the kiosk reported
    first = Image.open(cage.screenshot(tmp_path / "cage_idle.png")).convert("RGB")
    assert first.size == (1280, 720)  # the headless output, filled by the fullscreen kiosk
    assert colour_near(first.getpixel((640, 10)), HEADER_BLUE)  # the kiosk's header, not cage's black background
    assert len(first.getcolors(1 << 20) or []) > 50  # text was drawn (anti-aliased glyphs), not a blank surface

    # The compositor itself offers no way to type into the session: documented, and checked so that a cage which
    # starts offering it makes this test ask for the real thing.
    wtype = subprocess.run(["wtype", "-M", "alt", "-k", "Tab"], capture_output=True, text=True,
                           env={"XDG_RUNTIME_DIR": str(cage.runtime), "WAYLAND_DISPLAY": "wayland-0"}) \
        if Path("/usr/bin/wtype").exists() else None
    if wtype is not None:
        assert "does not support the virtual keyboard protocol" in wtype.stderr

    facts = cue(cage, "escape_attempts")
    assert facts["popup_after_right_click"] == "NoneType"  # no menu
    after = facts["after"]
    assert after["visible"] and not after["minimised"] and after["screen"] == "IdleScreen", json.dumps(facts)
    assert (after["state"], after["size"]) == (facts["before"]["state"], facts["before"]["size"])  # as laid out
    time.sleep(0.3)
    second = Image.open(cage.screenshot(tmp_path / "cage_after_escape_attempts.png")).convert("RGB")
    difference = ImageChops.difference(first, second).getbbox()
    assert difference is None, f"the screen changed in {difference}"

    field = cue(cage, "right_click_a_text_field")
    assert (field["field_on"], field["popup"], field["after"]["screen"]) == (
        "MaintenanceLoginScreen", "NoneType", "IdleScreen")
    assert field["size_on_login"] == [1280, 720]  # no screen grows the window past the display

    os.kill(int(facts["pid"]), signal.SIGTERM)  # what `systemctl stop` sends
    assert cage.stop() == 0  # the kiosk ended cleanly, and cage with it
    cage.receive()
    assert cage.messages[-1][1] == "STOPPING=1"
    runs = json.loads((cage.data / "sim" / "runs.json").read_text())
    assert (runs["starts"], runs["running"], runs["unclean_total"]) == (1, False, 0)
