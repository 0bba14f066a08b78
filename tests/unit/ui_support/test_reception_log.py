"""Today's receptions: only today's entries, only codes."""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime, timedelta

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
