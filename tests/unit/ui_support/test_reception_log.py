"""Today's receptions: only today's entries, only codes, kept across a restart."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import fields
from datetime import datetime, timedelta
from pathlib import Path

from kiosk.reception_log import ReceptionEntry, ReceptionLog


def test_only_todays_entries_are_listed() -> None:
    now = [datetime(2026, 3, 2, 23, 50)]
    log = ReceptionLog(now=lambda: now[0])
    log.add("pin", "completed")
    now[0] += timedelta(minutes=20)
    log.add("face", "failed", "face_failed")
    listed = [(entry.method, entry.outcome, entry.failure) for entry in log.today()]
    assert listed == [("face", "failed", "face_failed")]


def test_entries_have_no_field_for_personal_data() -> None:
    # "path" is a ReceptionPath value (card, paper, declaration, disaster): how, never who.
    assert {item.name for item in fields(ReceptionEntry)} == {"at", "method", "outcome", "failure", "queued", "path"}


def test_todays_list_survives_a_restart_and_yesterday_is_deleted(tmp_path: Path) -> None:
    now = [datetime(2026, 3, 2, 9, 0)]
    first = ReceptionLog(now=lambda: now[0], path=tmp_path / "receptions.sqlite3")
    first.add("pin", "completed", path="card")
    now[0] += timedelta(hours=1)
    first.add("staff", "failed", "qualification_invalid", queued=True, path="card")
    first.close()
    again = ReceptionLog(now=lambda: now[0], path=tmp_path / "receptions.sqlite3")  # the kiosk restarted
    assert [(e.method, e.outcome, e.failure, e.queued) for e in again.today()] == [
        ("pin", "completed", "", False), ("staff", "failed", "qualification_invalid", True)]
    again.close()
    now[0] = datetime(2026, 3, 3, 8, 0)  # the next morning
    morning = ReceptionLog(now=lambda: now[0], path=tmp_path / "receptions.sqlite3")
    assert morning.today() == []
    morning.close()
    with closing(sqlite3.connect(tmp_path / "receptions.sqlite3")) as db:
        assert db.execute("SELECT COUNT(*) FROM receptions").fetchone() == (0,)  # not only hidden: gone


def test_an_unreadable_file_leaves_the_list_in_memory(tmp_path: Path) -> None:
    broken = tmp_path / "receptions.sqlite3"
    broken.write_bytes(b"this is not a database" * 100)
    log = ReceptionLog(path=broken)
    log.add("pin", "completed")
    assert [e.outcome for e in log.today()] == ["completed"]
