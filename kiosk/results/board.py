"""What the kiosk and the reception desk share through the kiosk's data folder (`results.sqlite3`): today's
receptions (written by `ResultDelivery`), open staff calls and their acknowledgements, and the kiosk's health.

Both sides open the same SQLite file in WAL mode: the kiosk writes receptions, calls and health; the desk reads them
and writes acknowledgements. `version()` (SQLite's data_version) tells the desk cheaply that something changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .store import ResultsDatabase


@dataclass(frozen=True)
class StaffCall:
    call_id: int
    raised_at: float
    alert: str  # kiosk.flow.StaffAlert value: the kind of call, never who the patient is


@dataclass(frozen=True)
class HealthItem:
    name: str  # reader, card, camera, backend, outbox, result_folder
    ok: bool
    detail: str
    updated_at: float


class DeskBoard(ResultsDatabase):
    """Thread-safe access to the shared tables of one kiosk's `results.sqlite3`."""

    def version(self) -> int:
        """Changes whenever another connection committed (the desk polls this)."""
        with self._lock:
            return int(self._db.execute("PRAGMA data_version").fetchone()[0])

    # -- staff calls -------------------------------------------------------------------------------------------------

    def raise_call(self, alert: str) -> int:
        with self._lock:
            cursor = self._db.execute("INSERT INTO staff_calls (raised_at, alert) VALUES (?, ?)",
                                      (self._clock(), alert))
            return int(cursor.lastrowid or 0)

    def open_calls(self) -> list[StaffCall]:
        with self._lock:
            rows = self._db.execute("SELECT id, raised_at, alert FROM staff_calls WHERE acknowledged_at IS NULL"
                                    " ORDER BY id").fetchall()
        return [StaffCall(int(i), float(at), str(alert)) for i, at, alert in rows]

    def acknowledge(self, call_id: int | None, staff: str) -> int:
        """Acknowledge one call (None: every open call); how many were open and are now acknowledged."""
        with self._lock:
            if call_id is None:
                cursor = self._db.execute("UPDATE staff_calls SET acknowledged_at = ?, acknowledged_by = ?"
                                          " WHERE acknowledged_at IS NULL", (self._clock(), staff))
            else:
                cursor = self._db.execute("UPDATE staff_calls SET acknowledged_at = ?, acknowledged_by = ?"
                                          " WHERE id = ? AND acknowledged_at IS NULL", (self._clock(), staff, call_id))
            return cursor.rowcount

    # -- health ------------------------------------------------------------------------------------------------------

    def report_health(self, items: list[tuple[str, bool, str]]) -> None:
        now = self._clock()
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany("INSERT OR REPLACE INTO health (name, ok, detail, updated_at) VALUES (?, ?, ?, ?)",
                                 [(name, int(ok), detail, now) for name, ok, detail in items])
            self._db.execute("COMMIT")

    def health(self) -> list[HealthItem]:
        with self._lock:
            rows = self._db.execute("SELECT name, ok, detail, updated_at FROM health ORDER BY name").fetchall()
        return [HealthItem(str(n), bool(ok), str(d), float(at)) for n, ok, d, at in rows]

    # -- receptions --------------------------------------------------------------------------------------------------

    def receptions(self, day: str) -> list[dict[str, Any]]:
        """The day's receptions (YYYY-MM-DD), newest first, as `FinishedCheck.desk_row` wrote them."""
        with self._lock:
            rows = self._db.execute("SELECT row FROM receptions WHERE day = ? ORDER BY created_at DESC",
                                    (day,)).fetchall()
        return [json.loads(row) for (row,) in rows]

    # -- work waiting for staff --------------------------------------------------------------------------------------

    def publish_items(self, kind: str, items: list[dict[str, Any]]) -> None:
        """The kiosk's current items of `kind` (e.g. its unsettled declarations): others of that kind are gone."""
        now = self._clock()
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                kept = [item["item_id"] for item in items]
                self._db.execute(f"DELETE FROM open_items WHERE kind = ? AND item_id NOT IN"  # noqa: S608 - placeholders
                                 f" ({', '.join('?' * len(kept))})", (kind, *kept))
                self._db.executemany(
                    "INSERT OR IGNORE INTO open_items VALUES (?, ?, ?, ?, ?)",
                    [(item["item_id"], kind, item["since"], now, json.dumps(item, ensure_ascii=False))
                     for item in items])
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def open_items(self) -> list[dict[str, Any]]:
        """Items nobody has resolved yet, oldest first."""
        with self._lock:
            rows = self._db.execute("SELECT i.item FROM open_items i LEFT JOIN item_resolutions r USING (item_id)"
                                    " WHERE r.item_id IS NULL ORDER BY i.since").fetchall()
        return [json.loads(row) for (row,) in rows]

    def resolve_item(self, item_id: str, staff: str) -> bool:
        """Staff saw to an item; False when there is no such open item."""
        with self._lock:
            if self._db.execute("SELECT 1 FROM open_items WHERE item_id = ?", (item_id,)).fetchone() is None:
                return False
            cursor = self._db.execute("INSERT OR IGNORE INTO item_resolutions VALUES (?, ?, ?)",
                                      (item_id, self._clock(), staff))
            return cursor.rowcount == 1

    def owed_files(self) -> int:
        with self._lock:
            row = self._db.execute("SELECT COUNT(*) FROM result_files WHERE state != 'delivered'").fetchone()
        return int(row[0])
