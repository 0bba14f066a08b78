"""Today's receptions for the staff screen: outcome codes only (no PIN, no image, no name). No Qt.

Kept in memory and, when given a file, in SQLite (WAL, synchronous=FULL) so that a restart of the kiosk does not
empty the staff's list for the day; entries of earlier days are deleted from both.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kiosk.eligibility.durable import open_durable

log = logging.getLogger(__name__)

_SCHEMA = ("CREATE TABLE IF NOT EXISTS receptions (at TEXT NOT NULL, method TEXT NOT NULL, outcome TEXT NOT NULL,"
           " failure TEXT NOT NULL, queued INTEGER NOT NULL, path TEXT NOT NULL)")


@dataclass(frozen=True)
class ReceptionEntry:
    at: datetime
    method: str  # an IdentityMethod value, or "" if none was chosen
    outcome: str  # an OutcomeKind value
    failure: str = ""  # a Failure value
    queued: bool = False  # recorded in the outbox for a later check
    path: str = ""  # a ReceptionPath value: card, paper, declaration, disaster ("" if unknown)


class ReceptionLog:
    """Keeps today's entries; older days are dropped as soon as a new one is added or read."""

    def __init__(self, now: Callable[[], datetime] = datetime.now, path: Path | None = None) -> None:
        self._now = now
        self._entries: list[ReceptionEntry] = []
        self._db: sqlite3.Connection | None = None
        if path is not None:
            try:
                self._db = open_durable(path)
                self._db.execute(_SCHEMA)
                rows = self._db.execute("SELECT at, method, outcome, failure, queued, path FROM receptions"
                                        " ORDER BY rowid").fetchall()
                self._entries = [ReceptionEntry(datetime.fromisoformat(at), method, outcome, failure, bool(queued),
                                                kind) for at, method, outcome, failure, queued, kind in rows]
            except (sqlite3.Error, ValueError) as error:  # the list for staff is not worth stopping the kiosk
                log.error("reception log unreadable, kept in memory only: %s", type(error).__name__)
                self._db = None
        self._drop_old()

    def add(self, method: str, outcome: str, failure: str = "", queued: bool = False,
            path: str = "") -> ReceptionEntry:
        entry = ReceptionEntry(self._now(), method, outcome, failure, queued, path)
        self._entries.append(entry)
        if self._db is not None:
            try:
                self._db.execute("INSERT INTO receptions VALUES (?, ?, ?, ?, ?, ?)",
                                 (entry.at.isoformat(), method, outcome, failure, int(queued), path))
            except sqlite3.Error as error:
                log.error("reception log not saved: %s", type(error).__name__)
        self._drop_old()
        return entry

    def today(self) -> list[ReceptionEntry]:
        self._drop_old()
        return list(self._entries)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _drop_old(self) -> None:
        today = self._now().date()
        if any(entry.at.date() != today for entry in self._entries):
            self._entries = [entry for entry in self._entries if entry.at.date() == today]
            if self._db is not None:
                try:
                    self._db.execute("DELETE FROM receptions WHERE substr(at, 1, 10) <> ?", (today.isoformat(),))
                except sqlite3.Error as error:
                    log.error("reception log not pruned: %s", type(error).__name__)
