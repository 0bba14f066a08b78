"""The kiosk's own durable state beside the outboxes: the self-declaration draft and the disaster-mode setting.

SQLite, WAL, synchronous=FULL: every write is on disk before it returns, so a restart (or a power cut) loses
nothing the patient typed. The draft is personal data: it lives only here (and, once confirmed, in the declaration
outbox and the backend), never in a log. Never a PIN or 照合番号: the draft type cannot hold one.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kiosk.domain.forms import BIRTH_DATE_DIGITS
from kiosk.domain.wareki import ERA_YEAR_DIGITS, join_typed_year, split_typed_year
from kiosk.eligibility.durable import open_durable
from kiosk.flow import DeclarationDraft, Failure

SCHEMA = (
    # One slot: the kiosk has one touchscreen, so at most one form is being typed.
    "CREATE TABLE IF NOT EXISTS declaration_draft (slot INTEGER PRIMARY KEY CHECK (slot = 1), saved_at REAL NOT NULL,"
    " form TEXT NOT NULL, reason TEXT, submitting_key TEXT)",
    "CREATE TABLE IF NOT EXISTS kiosk_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL, changed_at REAL NOT NULL,"
    " staff_id TEXT)",
    "CREATE TABLE IF NOT EXISTS disaster_mode_audit (id INTEGER PRIMARY KEY AUTOINCREMENT, changed_at REAL NOT NULL,"
    " turned_on INTEGER NOT NULL, staff_id TEXT NOT NULL)",
)
_DISASTER_MODE = "disaster_mode"


@dataclass(frozen=True)
class SavedDraft:
    draft: DeclarationDraft
    reason: Failure | None
    saved_at: float  # epoch seconds of the last change
    submitting_key: str | None  # set just before the declaration goes to the outbox (see LocalStore.mark_submitting)


@dataclass(frozen=True)
class DisasterSetting:
    on: bool
    staff_id: str | None
    changed_at: float


def _draft_json(draft: DeclarationDraft) -> str:
    return json.dumps({"name": draft.name, "name_kana": draft.name_kana,
                       "birth_date": draft.birth_date.isoformat() if draft.birth_date else None,
                       "birth_date_typed": list(draft.birth_date_typed),
                       "insurer_or_employer": draft.insurer_or_employer, "phone": draft.phone}, ensure_ascii=False)


def _typed_date(value: object) -> tuple[str, str, str]:
    """The typed date parts as saved: digits only (the year may lead with its 和暦 era's letter), each within its
    length (a draft from an older kiosk has none)."""
    parts = [str(part) for part in value] if isinstance(value, list) else []
    parts = (parts + ["", "", ""])[:3]
    year, month, day = ("".join(c for c in part if c.isascii() and c.isdigit())[:digits]
                        for part, digits in zip(parts, BIRTH_DATE_DIGITS, strict=True))
    era, era_year = split_typed_year(parts[0])
    if era is not None:
        year = join_typed_year(era, era_year[:ERA_YEAR_DIGITS])
    return year, month, day


def _draft_from_json(text: str) -> DeclarationDraft:
    data = json.loads(text)
    born = data.get("birth_date")
    return DeclarationDraft(str(data["name"]), str(data["name_kana"]), date.fromisoformat(born) if born else None,
                            str(data["insurer_or_employer"]), str(data["phone"]),
                            _typed_date(data.get("birth_date_typed")))


class LocalStore:
    """Draft and settings; thread-safe (the Qt runner's workers and the staff page may both use it)."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self._db = open_durable(path)
        for statement in SCHEMA:
            self._db.execute(statement)
        self._clock = clock
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> LocalStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the self-declaration draft -------------------------------------------------------------------------------

    def save_draft(self, draft: DeclarationDraft, reason: Failure | None) -> None:
        """Replace the draft (committed with fsync before returning)."""
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO declaration_draft (slot, saved_at, form, reason, submitting_key)"
                " VALUES (1, ?, ?, ?, NULL)", (self._clock(), _draft_json(draft), reason.value if reason else None))

    def mark_submitting(self, key: str) -> None:
        """Note the idempotency key the confirmed form will carry, before it is written to the outbox.

        After a crash between the outbox write and discard_draft(), the key tells whether the outbox has it.
        """
        with self._lock:
            self._db.execute("UPDATE declaration_draft SET submitting_key = ? WHERE slot = 1", (key,))

    def load_draft(self) -> SavedDraft | None:
        with self._lock:
            row = self._db.execute("SELECT form, reason, saved_at, submitting_key FROM declaration_draft"
                                   " WHERE slot = 1").fetchone()
        if row is None:
            return None
        return SavedDraft(_draft_from_json(row[0]), Failure(row[1]) if row[1] else None, float(row[2]), row[3])

    def discard_draft(self) -> None:
        with self._lock:
            self._db.execute("DELETE FROM declaration_draft")

    # -- disaster mode ----------------------------------------------------------------------------------------

    def disaster_mode(self) -> DisasterSetting:
        with self._lock:
            row = self._db.execute("SELECT value, staff_id, changed_at FROM kiosk_settings WHERE name = ?",
                                   (_DISASTER_MODE,)).fetchone()
        if row is None:
            return DisasterSetting(False, None, 0.0)
        return DisasterSetting(row[0] == "on", row[1], float(row[2]))

    def set_disaster_mode(self, on: bool, staff_id: str) -> bool:
        """Persist and audit a change; False (nothing written) when the mode already was `on`."""
        with self._lock:
            row = self._db.execute("SELECT value FROM kiosk_settings WHERE name = ?", (_DISASTER_MODE,)).fetchone()
            if (row is not None and row[0] == "on") == on:
                return False
            now = self._clock()
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute("INSERT OR REPLACE INTO kiosk_settings (name, value, changed_at, staff_id)"
                                 " VALUES (?, ?, ?, ?)", (_DISASTER_MODE, "on" if on else "off", now, staff_id))
                self._db.execute("INSERT INTO disaster_mode_audit (changed_at, turned_on, staff_id) VALUES (?, ?, ?)",
                                 (now, int(on), staff_id))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            return True

    def disaster_mode_audit(self) -> list[tuple[float, bool, str]]:
        """Staff view: every switch of disaster mode, oldest first (time, on, who)."""
        with self._lock:
            rows = self._db.execute("SELECT changed_at, turned_on, staff_id FROM disaster_mode_audit"
                                    " ORDER BY id").fetchall()
        return [(float(at), bool(on), str(who)) for at, on, who in rows]
