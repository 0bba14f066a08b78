"""A durable outbox of receptions (SQLite, WAL, synchronous=FULL): written before a reception is sent."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .durable import OutboxState, SubmissionQueue

__all__ = ["Outbox", "OutboxEntry", "OutboxState"]

log = logging.getLogger(__name__)


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
    NO_SEQUENCE = "NO_SEQUENCE"  # last_code of an entry held because it was kept before sequence numbers

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        super().__init__(path, clock)
        self._db.execute("CREATE TABLE IF NOT EXISTS reception_sequence (only INTEGER PRIMARY KEY CHECK (only = 1),"
                         " value INTEGER NOT NULL)")
        self._hold_entries_without_sequence()

    def _hold_entries_without_sequence(self) -> None:
        """Receptions kept before sequence numbers carry none, and the card signed them without one: the backend
        can never accept them (422 SEQUENCE_REQUIRED) and the kiosk cannot re-sign them without the card. They are
        held for staff (`needing_attention()`, the diagnostics), no longer replayed, until staff discard them."""
        held = self._db.execute(
            "UPDATE outbox SET state = ?, last_code = ? WHERE state IN (?, ?) AND payload IS NOT NULL"
            " AND json_extract(payload, '$.sequence') IS NULL",
            (OutboxState.HELD.value, self.NO_SEQUENCE, OutboxState.PENDING.value, OutboxState.ATTENTION.value)
        ).rowcount
        if held:
            log.warning("%d reception(s) kept before sequence numbers held for staff: they cannot be sent", held)

    def next_sequence(self) -> int:
        """The kiosk's next reception sequence number: strictly increasing and durable. It never goes below the
        current time in milliseconds, so a kiosk whose outbox was lost does not reuse numbers."""
        now_ms = int(time.time() * 1000)
        row = self._db.execute("INSERT INTO reception_sequence VALUES (1, ?) ON CONFLICT (only) DO UPDATE SET"
                               " value = MAX(value + 1, excluded.value) RETURNING value", (now_ms,)).fetchone()
        return int(row[0])

    def entry(self, key: str) -> OutboxEntry | None:
        row = self._db.execute("SELECT idempotency_key, captured_at, state, attempts, last_code, check_id"
                               " FROM outbox WHERE idempotency_key = ?", (key,)).fetchone()
        return None if row is None else OutboxEntry(row[0], row[1], OutboxState(row[2]), row[3], row[4], row[5])
