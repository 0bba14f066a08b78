"""A durable outbox of receptions (SQLite, WAL, synchronous=FULL): written before a reception is sent."""

from __future__ import annotations

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

    def entry(self, key: str) -> OutboxEntry | None:
        row = self._db.execute("SELECT idempotency_key, captured_at, state, attempts, last_code, check_id"
                               " FROM outbox WHERE idempotency_key = ?", (key,)).fetchone()
        return None if row is None else OutboxEntry(row[0], row[1], OutboxState(row[2]), row[3], row[4], row[5])
