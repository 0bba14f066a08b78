"""The kiosk's durable record of finished receptions (`results.sqlite3` in its data folder).

Written in one transaction per reception:
- `result_files`: the file each reception owes the clinic system, kept (with its bytes) until it is in the folder;
  `state` pending -> renaming (the temporary file is complete and fsynced, the rename may or may not have
  happened) -> delivered (bytes dropped).
- `receptions`: the row the reception desk page shows, kept for `retention_days`.
- `open_items`: what the reception leaves staff to do (a paper check without a valid qualification), if anything.
The desk (`kiosk desk`) reads the same file; see `board.py` for staff calls and the kiosk's health.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from kiosk.eligibility.durable import open_durable

RESULTS_FILE = "results.sqlite3"

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS result_files (reception_id TEXT PRIMARY KEY, file_name TEXT NOT NULL,"
    " created_at REAL NOT NULL, state TEXT NOT NULL, content BLOB, attempts INTEGER NOT NULL DEFAULT 0,"
    " last_error TEXT, delivered_at REAL)",
    "CREATE TABLE IF NOT EXISTS receptions (reception_id TEXT PRIMARY KEY, day TEXT NOT NULL,"
    " finished_at TEXT NOT NULL, created_at REAL NOT NULL, row TEXT NOT NULL)",
    "CREATE INDEX IF NOT EXISTS receptions_day ON receptions (day, created_at)",
    "CREATE TABLE IF NOT EXISTS staff_calls (id INTEGER PRIMARY KEY AUTOINCREMENT, raised_at REAL NOT NULL,"
    " alert TEXT NOT NULL, acknowledged_at REAL, acknowledged_by TEXT)",
    "CREATE TABLE IF NOT EXISTS health (name TEXT PRIMARY KEY, ok INTEGER NOT NULL, detail TEXT NOT NULL,"
    " updated_at REAL NOT NULL)",
    # Work waiting for staff (open_items.py), written by the kiosk; resolutions written by the desk.
    "CREATE TABLE IF NOT EXISTS open_items (item_id TEXT PRIMARY KEY, kind TEXT NOT NULL, since TEXT NOT NULL,"
    " created_at REAL NOT NULL, item TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS item_resolutions (item_id TEXT PRIMARY KEY, resolved_at REAL NOT NULL,"
    " resolved_by TEXT NOT NULL)",
)


def open_results_db(path: Path) -> sqlite3.Connection:
    """The shared database, schema created (kiosk and desk both call this)."""
    db = open_durable(path)
    for statement in _SCHEMA:
        db.execute(statement)
    return db


class ResultsDatabase:
    """One kiosk's `results.sqlite3`, shared between threads behind one lock (the file store and the desk's board)."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self._db = open_results_db(path)
        self._clock = clock
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self._db.close()


class FileState(StrEnum):
    PENDING = "pending"
    RENAMING = "renaming"
    DELIVERED = "delivered"


@dataclass(frozen=True)
class OwedFile:
    reception_id: str
    file_name: str
    state: FileState
    content: bytes


class ResultStore(ResultsDatabase):
    """Thread-safe: the check services add, the delivery thread and the retention sweep update."""

    def add(self, reception_id: str, file_name: str, content: bytes, day: str, finished_at: str,
            row: dict[str, Any], item: dict[str, Any] | None = None) -> bool:
        """Keep a finished reception, the file it owes and the item it leaves staff; False when this reception was
        kept already (a replay)."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                cursor = self._db.execute(
                    "INSERT OR IGNORE INTO result_files (reception_id, file_name, created_at, state, content)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (reception_id, file_name, self._clock(), FileState.PENDING.value, content))
                added = cursor.rowcount == 1
                if added:
                    self._db.execute(
                        "INSERT OR REPLACE INTO receptions (reception_id, day, finished_at, created_at, row)"
                        " VALUES (?, ?, ?, ?, ?)",
                        (reception_id, day, finished_at, self._clock(), json.dumps(row, ensure_ascii=False)))
                if added and item is not None:
                    self._db.execute("INSERT OR IGNORE INTO open_items VALUES (?, ?, ?, ?, ?)",
                                     (item["item_id"], item["kind"], item["since"], self._clock(),
                                      json.dumps(item, ensure_ascii=False)))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return added

    def owed(self) -> list[OwedFile]:
        """Files not yet known to be in the folder, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT reception_id, file_name, state, content FROM result_files WHERE state != ?"
                " ORDER BY created_at", (FileState.DELIVERED.value,)).fetchall()
        return [OwedFile(rid, name, FileState(state), bytes(content)) for rid, name, state, content in rows]

    def renaming(self, reception_id: str) -> None:
        self._set(reception_id, FileState.RENAMING)

    def delivered(self, reception_id: str) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE result_files SET state = ?, content = NULL, delivered_at = ?, attempts = attempts + 1"
                " WHERE reception_id = ?", (FileState.DELIVERED.value, self._clock(), reception_id))

    def failed(self, reception_id: str, error: str) -> None:
        with self._lock:
            self._db.execute("UPDATE result_files SET attempts = attempts + 1, last_error = ? WHERE reception_id = ?",
                             (error, reception_id))

    def count(self, state: FileState) -> int:
        with self._lock:
            row = self._db.execute("SELECT COUNT(*) FROM result_files WHERE state = ?", (state.value,)).fetchone()
        return int(row[0])

    def file_names(self) -> dict[str, str]:
        """reception id -> file name, for every reception kept."""
        with self._lock:
            rows = self._db.execute("SELECT reception_id, file_name FROM result_files").fetchall()
        return dict(rows)

    def forget_before(self, cutoff: float) -> int:
        """Retention: drop delivered files' records and desk rows older than `cutoff` (personal data)."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            gone = self._db.execute("DELETE FROM result_files WHERE state = ? AND created_at < ?",
                                    (FileState.DELIVERED.value, cutoff)).rowcount
            self._db.execute("DELETE FROM receptions WHERE created_at < ? AND reception_id NOT IN"
                             " (SELECT reception_id FROM result_files)", (cutoff,))
            self._db.execute("DELETE FROM open_items WHERE created_at < ?", (cutoff,))
            self._db.execute("DELETE FROM item_resolutions WHERE item_id NOT IN (SELECT item_id FROM open_items)")
            self._db.execute("COMMIT")
        return gone

    def _set(self, reception_id: str, state: FileState) -> None:
        with self._lock:
            self._db.execute("UPDATE result_files SET state = ? WHERE reception_id = ?", (state.value, reception_id))
