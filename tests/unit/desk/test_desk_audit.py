"""The audit trail under many pages at once: rows recorded together share commits, and none is lost."""

from __future__ import annotations

import threading
from pathlib import Path

from kiosk.desk.audit import DeskAudit


def test_rows_recorded_at_once_are_all_kept_in_order(tmp_path: Path) -> None:
    audit = DeskAudit(tmp_path / "desk-audit.sqlite3")
    start = threading.Barrier(12)

    def page(n: int) -> None:
        start.wait()
        for view in range(15):
            audit.record(f"staff{n}", "view_receptions", receptions=[f"R{view}"])

    threads = [threading.Thread(target=page, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    audit.close()
    reopened = DeskAudit(tmp_path / "desk-audit.sqlite3")  # what is on disk
    entries = reopened.entries()
    reopened.close()
    assert len(entries) == 12 * 15
    for n in range(12):
        mine = [entry["receptions"] for entry in entries if entry["staff"] == f"staff{n}"]
        assert mine == [[f"R{view}"] for view in range(15)]


def test_the_newest_rows_are_read_newest_first(tmp_path: Path) -> None:
    audit = DeskAudit(tmp_path / "desk-audit.sqlite3")
    for n in range(5):
        audit.record(f"staff{n}", "sign_in")
    assert [entry["staff"] for entry in audit.entries(newest=2)] == ["staff4", "staff3"]
    assert [entry["staff"] for entry in audit.entries()] == [f"staff{n}" for n in range(5)]
    audit.close()
