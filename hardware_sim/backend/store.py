"""SQLite storage of the backend: insured persons, used challenges, and every check with its consents (audit)."""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .challenges import OpenedChallenge
from .errors import ApiError, ErrorCode
from .national_record import RECORD_VERSION, upgrade_record

SCHEMA = """
CREATE TABLE IF NOT EXISTS insured (
    cert_serial INTEGER PRIMARY KEY, persona_key TEXT NOT NULL, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS secrets (name TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS used_challenges (nonce BLOB PRIMARY KEY, expires_at REAL NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE, request_hash TEXT NOT NULL,
    received_at TEXT NOT NULL, day TEXT NOT NULL, captured_at TEXT NOT NULL,
    facility_code TEXT NOT NULL, kiosk TEXT NOT NULL, identity_method TEXT NOT NULL, staff_id TEXT,
    deferred INTEGER NOT NULL, cert_serial INTEGER, outcome TEXT NOT NULL,
    http_status INTEGER NOT NULL, response TEXT NOT NULL,  -- the answer without its check_id (= id)
    evidence TEXT NOT NULL DEFAULT '{}',  -- what the kiosk attested: face distance and liveness, signature hash...
    prescription_issue INTEGER);  -- PrescriptionIssueSelect (1 electronic, 2 paper), NULL when not asked
CREATE INDEX IF NOT EXISTS checks_day ON checks (day, facility_code);
CREATE TABLE IF NOT EXISTS consents (
    check_id INTEGER NOT NULL REFERENCES checks(id), item TEXT NOT NULL, code INTEGER NOT NULL,
    valid_until TEXT, PRIMARY KEY (check_id, item));
-- Audit of every other request: registration, number check, disaster lookup, self-declaration.
CREATE TABLE IF NOT EXISTS requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL, received_at TEXT NOT NULL, day TEXT NOT NULL, captured_at TEXT NOT NULL,
    facility_code TEXT NOT NULL, kiosk TEXT NOT NULL, staff_id TEXT, cert_serial INTEGER, outcome TEXT NOT NULL,
    http_status INTEGER NOT NULL, response TEXT NOT NULL, evidence TEXT NOT NULL DEFAULT '{}',
    UNIQUE (kind, idempotency_key));
CREATE INDEX IF NOT EXISTS requests_day ON requests (day, kind, facility_code);
CREATE TABLE IF NOT EXISTS registrations (
    cert_serial INTEGER PRIMARY KEY, request_id INTEGER NOT NULL REFERENCES requests(id),
    registered_at TEXT NOT NULL, terms_version TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS declarations (
    request_id INTEGER PRIMARY KEY REFERENCES requests(id), day TEXT NOT NULL, facility_code TEXT NOT NULL,
    form TEXT NOT NULL);  -- personal data of the declaration: here only, never in logs
CREATE TABLE IF NOT EXISTS disasters (facility_code TEXT PRIMARY KEY, declared_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS refusals (  -- requests refused before any decision: what and when, never the body
    id INTEGER PRIMARY KEY, at TEXT NOT NULL, day TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL,
    code TEXT NOT NULL);
-- Beyond REFUSAL_ROWS_PER_DAY rows a day, refusals are only counted (bounded growth under a flood of garbage).
CREATE TABLE IF NOT EXISTS refusal_counts (day TEXT NOT NULL, code TEXT NOT NULL, count INTEGER NOT NULL,
    PRIMARY KEY (day, code)) WITHOUT ROWID;
"""
REFUSAL_ROWS_PER_DAY = 2000
_CHECK_COLUMNS = {"prescription_issue": "INTEGER", "reception_digest": "TEXT", "sequence": "INTEGER"}
Extra = Callable[[sqlite3.Connection, int], None]


@dataclass(frozen=True)
class StoredResponse:
    request_hash: str
    http_status: int
    body: dict[str, object]
    kiosk: str = ""
    reception_digest: str | None = None


@dataclass(frozen=True)
class AuditedRequest:
    """What every audited row records: which request, when, from which kiosk of which facility."""

    idempotency_key: str
    request_hash: str
    received_at: str
    day: str
    captured_at: str
    facility_code: str
    kiosk: str


@dataclass(frozen=True)
class CheckRow(AuditedRequest):
    """One check as it is written for audit; `body` is built once the row id is known."""

    identity_method: str
    staff_id: str | None
    deferred: bool
    cert_serial: int | None
    outcome: str
    http_status: int
    consents: dict[str, tuple[int, str | None]]  # item -> (code, valid_until)
    evidence: dict[str, str]  # the identity method's attested fields, exactly as the kiosk signed them
    prescription_issue: int | None = None  # PrescriptionIssueSelect: 1 electronic, 2 paper, None: not asked
    reception_digest: str | None = None  # statements.reception_digest: the online and deferred forms share it
    sequence: int | None = None  # a deferred reception's kiosk sequence number (unique per kiosk)


@dataclass(frozen=True)
class RequestRow(AuditedRequest):
    """One request other than a card check, as written for audit (table `requests`)."""

    kind: str  # registration | number_check | disaster_lookup | declaration
    staff_id: str | None
    cert_serial: int | None
    outcome: str
    http_status: int
    evidence: dict[str, object]


class Store:
    """One connection per process; every write is one short IMMEDIATE transaction."""

    def __init__(self, path: Path, synchronous: str = "NORMAL") -> None:
        if synchronous not in ("NORMAL", "FULL"):
            raise ValueError("synchronous must be NORMAL or FULL")
        self._db = sqlite3.connect(path, timeout=10.0, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(f"PRAGMA synchronous={synchronous}")
        self._db.execute("PRAGMA busy_timeout=10000")
        self._db.executescript(SCHEMA)
        self._add_missing_columns()
        self._upgrade_insured_records()

    def _add_missing_columns(self) -> None:
        """Databases made before a column existed get it (SQLite's CREATE TABLE IF NOT EXISTS adds none)."""
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(checks)").fetchall()}
        for name, kind in _CHECK_COLUMNS.items():
            if name not in columns:
                self._db.execute(f"ALTER TABLE checks ADD COLUMN {name} {kind}")  # names are the literals above
        self._db.execute("CREATE UNIQUE INDEX IF NOT EXISTS checks_sequence ON checks (kiosk, sequence)"
                         " WHERE sequence IS NOT NULL")

    def _upgrade_insured_records(self) -> None:
        """A database written by an older backend (PRAGMA user_version below RECORD_VERSION) gets its insured
        records rewritten in today's shape, once, in one transaction (several workers may open it at once)."""
        with self._immediate_transaction():
            if int(self._db.execute("PRAGMA user_version").fetchone()[0]) >= RECORD_VERSION:
                return
            rows = self._db.execute("SELECT cert_serial, record FROM insured").fetchall()
            self._db.executemany("UPDATE insured SET record = ? WHERE cert_serial = ?", [
                (json.dumps(upgrade_record(json.loads(record)), ensure_ascii=False), serial)
                for serial, record in rows])
            self._db.execute(f"PRAGMA user_version = {int(RECORD_VERSION)}")

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _immediate_transaction(self) -> Iterator[None]:
        """One IMMEDIATE transaction: committed when the block ends, rolled back if it raises."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self._db.execute("COMMIT")
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    def seed(self, insured: Iterable[tuple[int, str, dict[str, object]]]) -> None:
        """Insert or refresh the insured persons (idempotent; safe from several workers)."""
        rows = [(serial, key, json.dumps(record, ensure_ascii=False)) for serial, key, record in insured]
        with self._immediate_transaction():
            self._db.executemany("INSERT OR REPLACE INTO insured VALUES (?, ?, ?)", rows)

    def insured(self) -> dict[int, tuple[str, dict[str, object]]]:
        rows = self._db.execute("SELECT cert_serial, persona_key, record FROM insured").fetchall()
        return {serial: (key, json.loads(record)) for serial, key, record in rows}

    def secret(self, name: str, size: int) -> bytes:
        """A random secret shared by every worker on this database (created by whichever asks first)."""
        with self._immediate_transaction():
            self._db.execute("INSERT OR IGNORE INTO secrets VALUES (?, ?)", (name, secrets.token_bytes(size)))
            return bytes(self._db.execute("SELECT value FROM secrets WHERE name = ?", (name,)).fetchone()[0])

    def find(self, idempotency_key: str) -> StoredResponse | None:
        row = self._db.execute("SELECT id, request_hash, http_status, response, kiosk, reception_digest FROM checks"
                               " WHERE idempotency_key = ?", (idempotency_key,)).fetchone()
        return StoredResponse(row[1], row[2], {"check_id": row[0], **json.loads(row[3])}, row[4], row[5]) \
            if row else None

    def record(self, row: CheckRow, body: dict[str, object], *, challenge: OpenedChallenge | None,
               challenge_required: bool, now: float) -> StoredResponse:
        """Consume the challenge and store the check in one transaction; an earlier check with the key wins.

        `body` is the answer without its `check_id` (the row id, added here).

        Raises:
            ApiError: the challenge is unknown, used or expired (nothing is stored then).
        """
        with self._immediate_transaction():
            existing = self.find(row.idempotency_key)
            if existing is not None:
                return existing  # nothing was written: committing ends the transaction like a rollback would
            self._consume(challenge, now, required=challenge_required)
            if row.sequence is not None and self._db.execute(
                    "SELECT 1 FROM checks WHERE kiosk = ? AND sequence = ?", (row.kiosk, row.sequence)).fetchone():
                raise ApiError(ErrorCode.SEQUENCE_REUSED)
            cursor = self._db.execute(
                "INSERT INTO checks (idempotency_key, request_hash, received_at, day, captured_at, facility_code,"
                " kiosk, identity_method, staff_id, deferred, cert_serial, outcome, http_status, response, evidence,"
                " prescription_issue, reception_digest, sequence)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (row.idempotency_key, row.request_hash, row.received_at, row.day, row.captured_at, row.facility_code,
                 row.kiosk, row.identity_method, row.staff_id, int(row.deferred), row.cert_serial, row.outcome,
                 row.http_status, json.dumps(body, ensure_ascii=False), json.dumps(row.evidence),
                 row.prescription_issue, row.reception_digest, row.sequence))
            check_id = int(cursor.lastrowid or 0)
            self._db.executemany("INSERT INTO consents VALUES (?, ?, ?, ?)",
                                 [(check_id, item, code, until) for item, (code, until) in row.consents.items()])
        return StoredResponse(row.request_hash, row.http_status, {"check_id": check_id, **body}, row.kiosk,
                              row.reception_digest)

    def _consume(self, challenge: OpenedChallenge | None, now: float, *, required: bool) -> None:
        """Mark the nonce used (inside the caller's transaction); refuse a used, expired or foreign challenge.

        A deferred submission (`required=False`) burns a still-valid challenge it carries and ignores any other.
        """
        if challenge is None:
            if required:
                raise ApiError(ErrorCode.CHALLENGE_UNKNOWN)
            return
        if challenge.expires_at < now:
            if required:
                used = self._db.execute("SELECT 1 FROM used_challenges WHERE nonce = ?", (challenge.nonce,)).fetchone()
                raise ApiError(ErrorCode.CHALLENGE_USED if used else ErrorCode.CHALLENGE_EXPIRED)
            return
        inserted = self._db.execute("INSERT OR IGNORE INTO used_challenges VALUES (?, ?)",
                                    (challenge.nonce, challenge.expires_at)).rowcount
        if inserted != 1 and required:
            raise ApiError(ErrorCode.CHALLENGE_USED)
        if challenge.nonce[0] == 0:  # about one check in 256 forgets nonces that expired long ago
            self._db.execute("DELETE FROM used_challenges WHERE expires_at < ?", (now - 3600,))

    def records(self, day: str, facility_code: str | None) -> list[dict[str, object]]:
        query = ("SELECT id, received_at, facility_code, identity_method, staff_id, deferred, outcome, cert_serial,"
                 " response, evidence, prescription_issue FROM checks WHERE day = ?")
        params: list[object] = [day]
        if facility_code:
            query += " AND facility_code = ?"
            params.append(facility_code)
        out: list[dict[str, object]] = []
        for row in self._db.execute(query + " ORDER BY id", params).fetchall():
            response = json.loads(row[8])
            consents = {item: code for item, code in self._db.execute(
                "SELECT item, code FROM consents WHERE check_id = ?", (row[0],)).fetchall()}
            out.append({
                "check_id": row[0], "received_at": row[1], "facility_code": row[2], "identity_method": row[3],
                "staff_id": row[4], "deferred": bool(row[5]), "outcome": row[6], "cert_serial": row[7],
                "name": response.get("Name"), "qualification_validity": response.get("QualificationValidity"),
                "prescription_issue": row[10], "consents": consents, "evidence": json.loads(row[9]),
            })
        return out

    def count_checks(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM checks").fetchone()[0])

    # --- requests other than card checks -------------------------------------------------------------------

    def find_request(self, kind: str, idempotency_key: str) -> StoredResponse | None:
        row = self._db.execute("SELECT id, request_hash, http_status, response, kiosk FROM requests"
                               " WHERE kind = ? AND idempotency_key = ?", (kind, idempotency_key)).fetchone()
        return StoredResponse(row[1], row[2], {"request_id": row[0], **json.loads(row[3])}, row[4]) if row else None

    def record_request(self, row: RequestRow, body: dict[str, object], *, challenge: OpenedChallenge | None = None,
                       challenge_required: bool = False, now: float = 0.0, extra: Extra | None = None
                       ) -> StoredResponse:
        """Store one request (and `extra`'s rows, given the new id) in one transaction; an earlier one wins.

        Raises:
            ApiError: the challenge is unknown, used or expired, or `extra` refused (nothing is stored then).
        """
        with self._immediate_transaction():
            existing = self.find_request(row.kind, row.idempotency_key)
            if existing is not None:
                return existing
            self._consume(challenge, now, required=challenge_required)
            cursor = self._db.execute(
                "INSERT INTO requests (kind, idempotency_key, request_hash, received_at, day, captured_at,"
                " facility_code, kiosk, staff_id, cert_serial, outcome, http_status, response, evidence)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (row.kind, row.idempotency_key, row.request_hash, row.received_at, row.day, row.captured_at,
                 row.facility_code, row.kiosk, row.staff_id, row.cert_serial, row.outcome, row.http_status,
                 json.dumps(body, ensure_ascii=False), json.dumps(row.evidence, ensure_ascii=False)))
            request_id = int(cursor.lastrowid or 0)
            if extra is not None:
                extra(self._db, request_id)
        return StoredResponse(row.request_hash, row.http_status, {"request_id": request_id, **body}, row.kiosk)

    def requests(self, day: str, kind: str | None, facility_code: str | None) -> list[dict[str, object]]:
        query = ("SELECT id, kind, received_at, facility_code, kiosk, staff_id, cert_serial, outcome, evidence"
                 " FROM requests WHERE day = ?")
        params: list[object] = [day]
        for column, value in (("kind", kind), ("facility_code", facility_code)):
            if value:
                query += f" AND {column} = ?"  # noqa: S608 - column names are literals above
                params.append(value)
        return [{"request_id": r[0], "kind": r[1], "received_at": r[2], "facility_code": r[3], "kiosk": r[4],
                 "staff_id": r[5], "cert_serial": r[6], "outcome": r[7], "evidence": json.loads(r[8])}
                for r in self._db.execute(query + " ORDER BY id", params).fetchall()]

    def is_registered(self, cert_serial: int) -> bool:
        """Registered for insurance use at a kiosk (table `registrations`)."""
        return self._db.execute("SELECT 1 FROM registrations WHERE cert_serial = ?", (cert_serial,)).fetchone() \
            is not None

    def declarations(self, day: str, facility_code: str | None) -> list[dict[str, object]]:
        query = ("SELECT d.request_id, r.received_at, r.captured_at, d.facility_code, r.kiosk, d.form"
                 " FROM declarations d JOIN requests r ON r.id = d.request_id WHERE d.day = ?")
        params: list[object] = [day]
        if facility_code:
            query += " AND d.facility_code = ?"
            params.append(facility_code)
        return [{"request_id": r[0], "received_at": r[1], "captured_at": r[2], "facility_code": r[3],
                 "kiosk": r[4], **json.loads(r[5])} for r in self._db.execute(query + " ORDER BY d.request_id",
                                                                              params).fetchall()]

    def set_disaster(self, facility_code: str, declared: bool, at: str) -> None:
        if declared:
            self._db.execute("INSERT OR IGNORE INTO disasters VALUES (?, ?)", (facility_code, at))
        else:
            self._db.execute("DELETE FROM disasters WHERE facility_code = ?", (facility_code,))

    def record_refusal(self, at: str, day: str, method: str, path: str, code: str) -> None:
        """One row per refusal up to REFUSAL_ROWS_PER_DAY a day; beyond that only a count per code."""
        with self._immediate_transaction():
            self._db.execute("INSERT INTO refusal_counts VALUES (?, ?, 1) ON CONFLICT (day, code)"
                             " DO UPDATE SET count = count + 1", (day, code))
            total = self._db.execute("SELECT SUM(count) FROM refusal_counts WHERE day = ?", (day,)).fetchone()[0]
            if int(total or 0) <= REFUSAL_ROWS_PER_DAY:
                self._db.execute("INSERT INTO refusals (at, day, method, path, code) VALUES (?, ?, ?, ?, ?)",
                                 (at, day, method, path, code))

    def refusals(self, day: str) -> list[dict[str, str]]:
        return [{"at": r[0], "method": r[1], "path": r[2], "code": r[3]} for r in self._db.execute(
            "SELECT at, method, path, code FROM refusals WHERE day = ? ORDER BY id", (day,)).fetchall()]

    def refusal_counts(self, day: str) -> dict[str, int]:
        return dict(self._db.execute("SELECT code, count FROM refusal_counts WHERE day = ?", (day,)).fetchall())

    def disasters(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT facility_code, declared_at FROM disasters ORDER BY 1").fetchall())
