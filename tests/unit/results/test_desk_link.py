"""The kiosk's desk link: a patient's call for staff reaches the desk at once, however slow the health probes; the
kiosk's unsettled self-declarations reach the desk when they change."""

from __future__ import annotations

import threading
import time
from datetime import date
from pathlib import Path

from kiosk.eligibility import DeclarationForm, DeclarationReason, OutboxState, StoredDeclaration
from kiosk.results.board import DeskBoard
from kiosk.results.desk_link import KioskDeskLink
from kiosk.results.open_items import declaration_items


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


def _declaration(key: str, state: OutboxState, code: str | None = None) -> StoredDeclaration:
    form = DeclarationForm("田中 一郎", "タナカ イチロウ", date(1970, 1, 2), "テスト商事", "0312345678",
                           DeclarationReason.BACKEND_DOWN)
    return StoredDeclaration(key, "2025-06-01T00:10:00Z", state, 1, code, None,
                             None if state is OutboxState.DONE else form)


def test_the_kiosks_unsettled_declarations_reach_the_desk(tmp_path: Path) -> None:
    outbox = [_declaration("key-1", OutboxState.PENDING), _declaration("key-0", OutboxState.DONE)]
    link = KioskDeskLink(DeskBoard(tmp_path / "results.sqlite3"),
                         declarations=lambda: declaration_items(outbox))
    desk = DeskBoard(tmp_path / "results.sqlite3")
    try:
        link.step()
        (item,) = desk.open_items()  # the settled one is not there
        assert (item["kind"], item["who"]["name"], item["since"]) == ("declaration", "田中 一郎",
                                                                      "2025-06-01T00:10:00Z")
        assert item["missing"] == ["national_record", "confirmed_qualification"]
        assert item["detail"] == "backend_down"
        version = desk.version()
        link.step()
        assert desk.version() == version  # unchanged: nothing written, no desk woken
        outbox[0] = _declaration("key-1", OutboxState.REJECTED, "PERSON_UNKNOWN")
        link.step()
        (refused,) = desk.open_items()
        assert refused["missing"][0] == "refused" and refused["detail"] == "backend_down PERSON_UNKNOWN"
        outbox[0] = _declaration("key-1", OutboxState.DONE)
        link.step()
        assert desk.open_items() == []
    finally:
        link.close()
        desk.close()
