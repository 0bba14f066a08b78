"""Named staff accounts for maintenance mode and the staff paths: scrypt-hashed, with a lockout per account. No Qt.

The accounts live in SQLite (`<credential file>.sqlite3`, mode 0600): an attempt is counted in its own IMMEDIATE
transaction *before* the password is hashed, so guesses sent at once (12 in 0.14 s, or 2 000 from threads) are
counted each, and an account locks after `max_failures` of them whatever the interleaving. Roles: `admin` creates and
removes accounts (there is always at least one), `staff` may sign in. The account id is what a staff check, a paper
check and a disaster lookup record as `staff_id`. A kiosk that kept the older single password (JSON) gets it as the
`admin` account. A file that is not a database gives `CorruptCredentialError` with what to do; `reset()` moves it
aside so that `kiosk run --set-staff-password` can start afresh.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

MIN_PASSWORD_LENGTH = 8
MAX_FAILURES = 5  # consecutive wrong passwords before a lockout
LOCKOUT_SECONDS = 300.0
ADMIN_ID = "admin"  # the account `kiosk run --set-staff-password` sets
ACCOUNT_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")  # what the backend accepts as a staff_id

# The simulated kiosk's documented development credential (never used by `kiosk run --config`).
DEV_PASSWORD = "kiosk-dev-staff"  # noqa: S105 - documented in docs/ui.md, simulate mode only

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL CHECK (role IN ('admin', 'staff')),
    salt BLOB NOT NULL, hash BLOB NOT NULL, n INTEGER NOT NULL, r INTEGER NOT NULL, p INTEGER NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0, locked_until REAL NOT NULL DEFAULT 0);
"""


class Role(StrEnum):
    ADMIN = "admin"
    STAFF = "staff"


class CredentialError(Exception):
    """Base of staff-credential errors."""


class NoCredentialError(CredentialError):
    """No staff credential has been configured yet (or no such account)."""


class CorruptCredentialError(CredentialError):
    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(f"the staff accounts file {path} cannot be read ({detail}); move it aside with "
                         f"`kiosk run --set-staff-password` after StaffCredentialStore.reset(), or restore a backup")
        self.path = path


class WeakPasswordError(CredentialError):
    def __init__(self, minimum: int) -> None:
        super().__init__(f"the staff password needs at least {minimum} characters")
        self.minimum = minimum


class AccountError(CredentialError):
    """An account cannot be created or removed as asked (bad id, not an admin, the last admin...)."""


class LockedOutError(CredentialError):
    def __init__(self, seconds_left: float) -> None:
        super().__init__(f"too many wrong passwords; try again in {seconds_left:.0f} s")
        self.seconds_left = seconds_left


class WrongPasswordError(CredentialError):
    def __init__(self, failures_left: int) -> None:
        super().__init__(f"wrong password; {failures_left} tries before a lockout")
        self.failures_left = failures_left


@dataclass(frozen=True)
class ScryptParams:
    n: int = 2**15  # ~32 MiB with r=8: slow enough to make guessing a stolen file expensive
    r: int = 8
    p: int = 1

    @property
    def maxmem(self) -> int:
        return 2 * 128 * self.n * self.r * self.p + 1024 * 1024


FAST_PARAMS_FOR_TESTS = ScryptParams(n=2**10, r=8, p=1)


@dataclass(frozen=True)
class StaffAccount:
    account_id: str
    name: str
    role: Role


def _derive(password: str, salt: bytes, params: ScryptParams) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=params.n, r=params.r, p=params.p, maxmem=params.maxmem, dklen=32
    )


class StaffCredentialStore:
    """The staff accounts beside `path` (the older single-password JSON file, imported once as `admin`)."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time, params: ScryptParams | None = None,
                 max_failures: int = MAX_FAILURES, lockout_seconds: float = LOCKOUT_SECONDS) -> None:
        self.path = path
        self.database = path.with_suffix(".sqlite3")
        self._clock = clock
        self._params = params or ScryptParams()
        self._max_failures = max_failures
        self._lockout_seconds = lockout_seconds
        self._prepared = False  # the schema made and an older JSON credential imported, once per open

    # --- storage ------------------------------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One IMMEDIATE transaction on the accounts database (a writer at a time, across threads and processes)."""
        self.database.parent.mkdir(parents=True, exist_ok=True)
        if not self.database.exists():
            os.close(os.open(self.database, os.O_WRONLY | os.O_CREAT, 0o600))
            self._prepared = False  # a new file (first use, or after a reset) needs its schema
        try:
            db = sqlite3.connect(self.database, timeout=30.0, isolation_level=None)
        except sqlite3.Error as error:
            raise CorruptCredentialError(self.database, type(error).__name__) from error
        try:
            preparing = not self._prepared
            if preparing:
                db.executescript(SCHEMA)  # (executescript commits: before the transaction)
            db.execute("BEGIN IMMEDIATE")
            if preparing:
                self._import_legacy(db)
            yield db
            db.execute("COMMIT")
            self._prepared = True
        except sqlite3.DatabaseError as error:
            raise CorruptCredentialError(self.database, str(error)) from error
        finally:
            if db.in_transaction:
                db.execute("ROLLBACK")
            db.close()

    def _import_legacy(self, db: sqlite3.Connection) -> None:
        if not self.path.exists() or self.path.suffix != ".json":
            return
        if db.execute("SELECT 1 FROM accounts LIMIT 1").fetchone() is not None:
            return
        try:
            record = json.loads(self.path.read_text(encoding="utf-8"))
            row = (ADMIN_ID, "管理者", Role.ADMIN.value, bytes.fromhex(record["salt"]), bytes.fromhex(record["hash"]),
                   int(record["n"]), int(record["r"]), int(record["p"]))
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise CorruptCredentialError(self.path, type(error).__name__) from error
        db.execute("INSERT INTO accounts (id, name, role, salt, hash, n, r, p) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)

    def reset(self) -> Path | None:
        """Move an unreadable accounts file aside (kept for inspection); the next admin set starts afresh."""
        if not self.database.exists():
            return None
        aside = self.database.with_name(f"{self.database.name}.corrupt-{int(self._clock())}")
        os.replace(self.database, aside)
        self._prepared = False
        return aside

    # --- accounts -----------------------------------------------------------------------------------------------

    def is_configured(self) -> bool:
        """Whether an admin account exists (asking creates no file)."""
        if not self.database.exists() and not self.path.exists():
            return False
        with self._transaction() as db:
            return db.execute("SELECT 1 FROM accounts WHERE role = ?", (Role.ADMIN.value,)).fetchone() is not None

    def accounts(self) -> list[StaffAccount]:
        with self._transaction() as db:
            rows = db.execute("SELECT id, name, role FROM accounts ORDER BY id").fetchall()
        return [StaffAccount(r[0], r[1], Role(r[2])) for r in rows]

    def account(self, account_id: str) -> StaffAccount | None:
        """The account as it stands now (None: no such account)."""
        with self._transaction() as db:
            row = db.execute("SELECT id, name, role FROM accounts WHERE id = ?", (account_id,)).fetchone()
        return None if row is None else StaffAccount(row[0], row[1], Role(row[2]))

    def set_password(self, password: str, account_id: str = ADMIN_ID, *, name: str = "管理者",
                     role: Role = Role.ADMIN) -> None:
        """Create the account or give it a new password (clears its failures and lockout)."""
        if not ACCOUNT_ID.fullmatch(account_id):
            raise AccountError("an account id is 1-32 letters, digits, _ or -")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise WeakPasswordError(MIN_PASSWORD_LENGTH)
        salt = secrets.token_bytes(16)
        digest = _derive(password, salt, self._params)
        p = self._params
        with self._transaction() as db:
            db.execute("INSERT INTO accounts (id, name, role, salt, hash, n, r, p) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                       " ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role,"
                       " salt = excluded.salt, hash = excluded.hash, n = excluded.n, r = excluded.r, p = excluded.p,"
                       " failures = 0,"
                       " locked_until = 0", (account_id, name.strip()[:50] or account_id, role.value, salt, digest,
                                             p.n, p.r, p.p))

    def add_account(self, admin: StaffAccount, account_id: str, name: str, role: Role, password: str) -> None:
        """An admin (signed in: `sign_in` returned it) creates an account.

        Raises:
            AccountError: `admin` is not an admin, or the id is taken or malformed. WeakPasswordError.
        """
        self._require_admin(admin)
        if self.account(account_id) is not None:
            raise AccountError(f"the account {account_id} exists")
        self.set_password(password, account_id, name=name, role=role)

    def remove_account(self, admin: StaffAccount, account_id: str) -> None:
        """Raises AccountError: not an admin, no such account, or the last admin."""
        self._require_admin(admin)
        with self._transaction() as db:
            row = db.execute("SELECT role FROM accounts WHERE id = ?", (account_id,)).fetchone()
            if row is None:
                raise AccountError(f"no account {account_id}")
            admins = db.execute("SELECT COUNT(*) FROM accounts WHERE role = ?", (Role.ADMIN.value,)).fetchone()[0]
            if row[0] == Role.ADMIN.value and admins <= 1:
                raise AccountError("the last admin account cannot be removed")
            db.execute("DELETE FROM accounts WHERE id = ?", (account_id,))

    def _require_admin(self, admin: StaffAccount) -> None:
        current = self.account(admin.account_id)
        if current is None or current.role is not Role.ADMIN:
            raise AccountError("only an admin account may change accounts")

    # --- signing in ---------------------------------------------------------------------------------------------

    def lockout_seconds_left(self, account_id: str = ADMIN_ID) -> float:
        with self._transaction() as db:
            row = db.execute("SELECT locked_until FROM accounts WHERE id = ?", (account_id,)).fetchone()
        return 0.0 if row is None else max(0.0, float(row[0]) - self._clock())

    def verify(self, password: str, account_id: str = ADMIN_ID) -> None:
        """Return if `password` is the account's password (raises like `sign_in`)."""
        self.sign_in(password, account_id)

    def sign_in(self, password: str, account_id: str = ADMIN_ID) -> StaffAccount:
        """The account, if `password` is its password.

        Raises:
            NoCredentialError, LockedOutError, WrongPasswordError, CorruptCredentialError.
        """
        now = self._clock()
        with self._transaction() as db:  # count the attempt before hashing: concurrent guesses each count
            row = db.execute("SELECT name, role, salt, hash, n, r, p, failures, locked_until FROM accounts"
                             " WHERE id = ?", (account_id,)).fetchone()
            if row is None:
                _derive(password, bytes(16), self._params)  # as long as a wrong password: timing names no account
                raise NoCredentialError(f"no staff account {account_id!r}")
            if float(row[8]) > now:
                raise LockedOutError(float(row[8]) - now)
            attempt = int(row[7]) + 1
            if attempt > self._max_failures:  # a lock that expired: a fresh round of attempts
                attempt = 1
            locked_until = now + self._lockout_seconds if attempt >= self._max_failures else 0.0
            db.execute("UPDATE accounts SET failures = ?, locked_until = ? WHERE id = ?",
                       (attempt, locked_until, account_id))
        candidate = _derive(password, bytes(row[2]), ScryptParams(int(row[4]), int(row[5]), int(row[6])))
        if hmac.compare_digest(candidate, bytes(row[3])):
            with self._transaction() as db:
                db.execute("UPDATE accounts SET failures = 0, locked_until = 0 WHERE id = ?", (account_id,))
            return StaffAccount(account_id, str(row[0]), Role(row[1]))
        if attempt >= self._max_failures:
            raise LockedOutError(self._lockout_seconds)
        raise WrongPasswordError(self._max_failures - attempt)


def staff_credential_path(directory: Path, simulate: bool) -> Path:
    """The simulated kiosk keeps its own credential so the dev password never opens a real kiosk."""
    return directory / ("staff-credential-simulate.json" if simulate else "staff-credential.json")
