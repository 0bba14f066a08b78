"""Durable local storage for what must survive `kill -9` and power loss: SQLite in WAL with synchronous=FULL."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Self

from .models import Submission


def open_durable(path: Path) -> sqlite3.Connection:
    """A connection whose every autocommitted write is on disk (fsync) before it returns."""
    db = sqlite3.connect(path, timeout=10.0, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    return db


class OutboxState(StrEnum):
    PENDING = "pending"  # not known to have reached the backend: replayed until it has
    DONE = "done"  # the backend took it
    REJECTED = "rejected"  # the backend refused it for good (e.g. revoked), in a signed, documented answer
    ATTENTION = "attention"  # an answer that decided nothing the kiosk can prove: kept, replayed, shown to staff
    HELD = "held"  # can never be accepted as kept (e.g. from before sequence numbers): not replayed, staff resolve it
    DISCARDED = "discarded"  # staff discarded it (ATTENTION or HELD only); who, when and why: the `*_discards` table


WAITING = (OutboxState.PENDING, OutboxState.ATTENTION)  # replayed
FOR_STAFF = (OutboxState.ATTENTION, OutboxState.HELD)  # shown to staff, who may discard them


class SubmissionQueue:
    """Signed submissions waiting for the backend, one table each; the payload is dropped once it is delivered.

    Subclasses name their table, the column for the backend's record id, and whether a refused submission keeps
    its payload for staff to read. Those names are class constants, never input, so building SQL with them is safe.
    """

    TABLE: str
    RECORD_ID: str
    KEEP_REJECTED_PAYLOAD: bool = False

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self._db = open_durable(path)
        self._db.execute(
            f"CREATE TABLE IF NOT EXISTS {self.TABLE} (idempotency_key TEXT PRIMARY KEY, captured_at TEXT NOT NULL,"
            " created_at REAL NOT NULL, state TEXT NOT NULL, payload TEXT, attempts INTEGER NOT NULL DEFAULT 0,"
            f" last_code TEXT, {self.RECORD_ID} INTEGER)")
        self._db.execute(
            f"CREATE TABLE IF NOT EXISTS {self.TABLE}_discards (idempotency_key TEXT NOT NULL,"
            " captured_at TEXT NOT NULL, last_code TEXT, discarded_at REAL NOT NULL, staff_id TEXT NOT NULL,"
            " reason TEXT NOT NULL)")
        self._clock = clock

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def put(self, submission: Submission) -> None:
        """Store a submission as pending (a second put of the same key keeps the first)."""
        self._db.execute(
            f"INSERT OR IGNORE INTO {self.TABLE} (idempotency_key, captured_at, created_at, state, payload)"  # noqa: S608
            " VALUES (?, ?, ?, ?, ?)",
            (submission.idempotency_key, submission.captured_at, self._clock(), OutboxState.PENDING.value,
             json.dumps(dict(submission.payload), ensure_ascii=False)))

    def pending(self) -> list[Submission]:
        """Everything still to deliver (pending, and kept for staff's attention), least tried first: an entry that
        keeps failing does not stand in front of the others."""
        rows = self._db.execute(f"SELECT idempotency_key, captured_at, payload FROM {self.TABLE}"  # noqa: S608
                                " WHERE state IN (?, ?) AND payload IS NOT NULL ORDER BY attempts, created_at",
                                tuple(state.value for state in WAITING)).fetchall()
        return [Submission(key, captured, json.loads(payload)) for key, captured, payload in rows]

    def waiting(self) -> int:
        """How many entries replay would send (pending, and kept for staff's attention)."""
        row = self._db.execute(f"SELECT COUNT(*) FROM {self.TABLE} WHERE state IN (?, ?)"  # noqa: S608
                               " AND payload IS NOT NULL", tuple(state.value for state in WAITING)).fetchone()
        return int(row[0])

    def needing_attention(self) -> list[tuple[str, str, str | None]]:
        """Staff view: (idempotency key, captured at, last code) of every entry kept on an answer that decided
        nothing (a proxy's error page, an unsigned or undocumented refusal) or held as never acceptable."""
        rows = self._db.execute(f"SELECT idempotency_key, captured_at, last_code FROM {self.TABLE}"  # noqa: S608
                                " WHERE state IN (?, ?) ORDER BY created_at",
                                tuple(state.value for state in FOR_STAFF)).fetchall()
        return [(str(r[0]), str(r[1]), r[2]) for r in rows]

    def discard(self, key: str, staff_id: str, reason: str) -> bool:
        """Staff give up an entry kept for them (ATTENTION or HELD): its payload goes, an audit row stays (who,
        when, why). False: no such entry waits for staff."""
        if not staff_id.strip() or not reason.strip():
            raise ValueError("discarding needs a staff id and a reason")
        self._db.execute("BEGIN IMMEDIATE")
        try:
            row = self._db.execute(f"SELECT captured_at, last_code FROM {self.TABLE}"  # noqa: S608
                                   " WHERE idempotency_key = ? AND state IN (?, ?)",
                                   (key, *(state.value for state in FOR_STAFF))).fetchone()
            if row is not None:
                self._db.execute(f"INSERT INTO {self.TABLE}_discards VALUES (?, ?, ?, ?, ?, ?)",  # noqa: S608
                                 (key, row[0], row[1], self._clock(), staff_id.strip(), reason.strip()))
                self._db.execute(f"UPDATE {self.TABLE} SET state = ?, payload = NULL"  # noqa: S608
                                 " WHERE idempotency_key = ?", (OutboxState.DISCARDED.value, key))
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return row is not None

    def discards(self) -> list[dict[str, object]]:
        """The audit of what staff discarded, oldest first."""
        rows = self._db.execute(f"SELECT idempotency_key, captured_at, last_code, discarded_at, staff_id, reason"  # noqa: S608
                                f" FROM {self.TABLE}_discards ORDER BY rowid").fetchall()
        return [dict(zip(("idempotency_key", "captured_at", "last_code", "discarded_at", "staff_id", "reason"), row,
                         strict=True)) for row in rows]

    def needs_attention(self, key: str, code: str) -> None:
        """Keep the entry (payload included) for replay and for staff to see."""
        self._db.execute(f"UPDATE {self.TABLE} SET state = ?, attempts = attempts + 1, last_code = ?"  # noqa: S608
                         " WHERE idempotency_key = ?", (OutboxState.ATTENTION.value, code, key))

    def attempt_failed(self, key: str, code: str) -> None:
        self._db.execute(f"UPDATE {self.TABLE} SET attempts = attempts + 1, last_code = ?"  # noqa: S608
                         " WHERE idempotency_key = ?", (code, key))

    def finish(self, key: str, state: OutboxState, code: str, record_id: int | None = None) -> None:
        """Close an entry; its payload (certificate, signatures, form) is dropped unless refused and kept for staff."""
        if state is OutboxState.PENDING:
            raise ValueError("finish() needs a final state")
        keep = "payload" if state is OutboxState.REJECTED and self.KEEP_REJECTED_PAYLOAD else "NULL"
        self._db.execute(
            f"UPDATE {self.TABLE} SET state = ?, last_code = ?, {self.RECORD_ID} = ?, payload = {keep},"  # noqa: S608
            " attempts = attempts + 1 WHERE idempotency_key = ?", (state.value, code, record_id, key))

    def count(self, state: OutboxState) -> int:
        row = self._db.execute(f"SELECT COUNT(*) FROM {self.TABLE} WHERE state = ?", (state.value,)).fetchone()  # noqa: S608
        return int(row[0])
