"""The kiosk's desk link: a patient's call for staff reaches the desk at once, however slow the health probes."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from kiosk.results.board import DeskBoard
from kiosk.results.desk_link import KioskDeskLink


def test_a_call_reaches_the_desk_while_a_health_probe_hangs(tmp_path: Path) -> None:
    probing, release = threading.Event(), threading.Event()

    def slow_diagnostics() -> list[tuple[str, bool, str]]:  # an unreachable backend takes seconds to say so
        probing.set()
        release.wait(10)
        return [("backend", False, "unreachable")]

    link = KioskDeskLink(DeskBoard(tmp_path / "results.sqlite3"), diagnostics=slow_diagnostics, poll_seconds=0.05)
    desk = DeskBoard(tmp_path / "results.sqlite3")
    link.start()
    try:
        assert probing.wait(5)
        link.call("patient_asks_for_help")
        deadline = time.monotonic() + 2
        while not desk.open_calls() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert [call.alert for call in desk.open_calls()] == ["patient_asks_for_help"]
        release.set()
        deadline = time.monotonic() + 5
        while not desk.health() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert [(item.name, item.ok) for item in desk.health()] == [("backend", False)]
    finally:
        release.set()
        link.close()
        desk.close()
