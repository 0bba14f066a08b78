"""The desk's audit trail: every view of personal data, every sign-in and acknowledgement (`desk-audit.sqlite3`).

Every row is on disk (fsync) before `record` returns. Rows recorded at the same moment share one commit (group
commit): when one snapshot reaches every open page at once, each page's audit row would otherwise wait for the
fsyncs of all the pages before it.
"""

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
        self._lock = threading.Lock()  # the connection, and one commit at a time
        self._queue_lock = threading.Lock()
        self._queued: list[tuple[float, str, str, str | None, str, str | None]] = []
        self._tickets = 0  # rows queued so far
        self._committed = 0  # rows on disk so far (the first `_committed` tickets)

    def record(self, staff: str, action: str, *, kiosk: str | None = None, receptions: Iterable[str] = (),
               client: str | None = None) -> None:
        """One audit row, on disk when this returns; `receptions` are the ids whose personal data was shown."""
        with self._queue_lock:
            self._queued.append((self._clock(), staff, action, kiosk, json.dumps(sorted(receptions)), client))
            self._tickets += 1
            ticket = self._tickets
        with self._lock:
            if self._committed >= ticket:  # a commit that began after this row was queued took it along
                return
            with self._queue_lock:
                rows, self._queued = self._queued, []
                last = self._tickets
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany("INSERT INTO audit (at, staff, action, kiosk, receptions, client)"
                                     " VALUES (?,?,?,?,?,?)", rows)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                with self._queue_lock:  # not written: the rows wait for the next commit
                    self._queued[:0] = rows
                raise
            self._committed = last

    def entries(self, newest: int | None = None) -> list[dict[str, object]]:
        """Every row, oldest first; with `newest`, only that many of the newest rows, newest first (read as such,
        not the whole trail)."""
        query = "SELECT at, staff, action, kiosk, receptions, client FROM audit ORDER BY id"
        with self._lock:
            rows = (self._db.execute(query).fetchall() if newest is None
                    else self._db.execute(query + " DESC LIMIT ?", (newest,)).fetchall())
        return [{"at": at, "staff": staff, "action": action, "kiosk": kiosk, "receptions": json.loads(ids),
                 "client": client} for at, staff, action, kiosk, ids, client in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()
