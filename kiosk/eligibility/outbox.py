"""A durable outbox of receptions (SQLite, WAL, synchronous=FULL): written before a reception is sent."""

from __future__ import annotations

import time
from dataclasses import dataclass

from .durable import OutboxState, SubmissionQueue

__all__ = ["Outbox", "OutboxEntry", "OutboxState"]


@dataclass(frozen=True)
class OutboxEntry:
    idempotency_key: str
    captured_at: str
    state: OutboxState
    attempts: int
    last_code: str | None
    check_id: int | None


class Outbox(SubmissionQueue):
    """Every write commits with fsync before it returns, so `kill -9` cannot lose an accepted reception.

    A finished entry keeps only its key, state and outcome: the certificate and signatures are dropped.
    """

    TABLE = "outbox"
    RECORD_ID = "check_id"

    def next_sequence(self) -> int:
        """The kiosk's next reception sequence number: strictly increasing and durable. It never goes below the
        current time in milliseconds, so a kiosk whose outbox was lost does not reuse numbers."""
        now_ms = int(time.time() * 1000)
        self._db.execute("CREATE TABLE IF NOT EXISTS reception_sequence (only INTEGER PRIMARY KEY CHECK (only = 1),"
                         " value INTEGER NOT NULL)")
        row = self._db.execute("INSERT INTO reception_sequence VALUES (1, ?) ON CONFLICT (only) DO UPDATE SET"
                               " value = MAX(value + 1, excluded.value) RETURNING value", (now_ms,)).fetchone()
        return int(row[0])

    def entry(self, key: str) -> OutboxEntry | None:
        row = self._db.execute("SELECT idempotency_key, captured_at, state, attempts, last_code, check_id"
                               " FROM outbox WHERE idempotency_key = ?", (key,)).fetchone()
        return None if row is None else OutboxEntry(row[0], row[1], OutboxState(row[2]), row[3], row[4], row[5])
