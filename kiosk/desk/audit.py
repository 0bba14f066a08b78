"""The desk's audit trail: every view of personal data, every sign-in and acknowledgement (`desk-audit.sqlite3`)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from kiosk.eligibility.durable import open_durable


class DeskAudit:
    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = open_durable(path)
        self._db.execute("CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL,"
                         " staff TEXT NOT NULL, action TEXT NOT NULL, kiosk TEXT, receptions TEXT NOT NULL,"
                         " client TEXT)")
        self._clock = clock
        self._lock = threading.Lock()

    def record(self, staff: str, action: str, *, kiosk: str | None = None, receptions: Iterable[str] = (),
               client: str | None = None) -> None:
        """One audit row; `receptions` are the reception ids whose personal data was shown."""
        with self._lock:
            self._db.execute("INSERT INTO audit (at, staff, action, kiosk, receptions, client) VALUES (?,?,?,?,?,?)",
                             (self._clock(), staff, action, kiosk, json.dumps(sorted(receptions)), client))

    def entries(self) -> list[dict[str, object]]:
        with self._lock:
            rows = self._db.execute("SELECT at, staff, action, kiosk, receptions, client FROM audit"
                                    " ORDER BY id").fetchall()
        return [{"at": at, "staff": staff, "action": action, "kiosk": kiosk, "receptions": json.loads(ids),
                 "client": client} for at, staff, action, kiosk, ids, client in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()
