"""Who is at the desk: sign-in through a verifier that answers who signed in (and in which role), and expiring
sessions with a CSRF token. The verifier is an interface; `NamedAccountVerifier` signs in the kiosk's named staff
accounts."""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from kiosk.staff_credentials import ACCOUNT_ID, CredentialError, LockedOutError, Role, StaffCredentialStore


class SignInRefusedError(Exception):
    """Wrong name or password, locked out, or no credential configured; `locked_seconds` when locked out."""

    def __init__(self, reason: str, locked_seconds: float = 0.0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.locked_seconds = locked_seconds


@dataclass(frozen=True)
class StaffMember:
    """Who signed in: the account id (as the audit names them) and the account's role."""

    account_id: str
    role: Role


class StaffVerifier(Protocol):
    def verify(self, name: str, password: str) -> StaffMember:
        """The staff member who signed in.

        Raises:
            SignInRefusedError: the name and password do not sign anyone in.
        """
        ...

    def current(self, account_id: str) -> StaffMember | None:
        """The account as it stands now (None: removed), so a session follows an admin's changes."""
        ...


class NamedAccountVerifier:
    """The clinic's named staff accounts (scrypt, lockout per account): each person signs in with their own id and
    password, and that id is who the audit names."""

    def __init__(self, store: StaffCredentialStore) -> None:
        self._store = store

    def verify(self, name: str, password: str) -> StaffMember:
        staff_id = name.strip()
        if not ACCOUNT_ID.fullmatch(staff_id):  # the accounts' own rule: no store lookup for what no account has
            raise SignInRefusedError("name")
        try:
            account = self._store.sign_in(password, staff_id)
        except LockedOutError as error:
            raise SignInRefusedError("locked", error.seconds_left) from None
        except CredentialError:
            raise SignInRefusedError("password") from None
        return StaffMember(account.account_id, account.role)

    def current(self, account_id: str) -> StaffMember | None:
        account = self._store.account(account_id)
        return None if account is None else StaffMember(account.account_id, account.role)


@dataclass
class DeskSession:
    token: str
    staff: str  # the account id
    role: Role
    csrf: str
    started: float
    last_seen: float
    role_checked: float  # when the account's role was last read from the account store


class Sessions:
    """Server-side sessions: expire after `idle_seconds` without a request, and after `max_seconds` in any case."""

    def __init__(self, *, idle_seconds: float = 900.0, max_seconds: float = 8 * 3600.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.idle_seconds = idle_seconds
        self.max_seconds = max_seconds
        self._clock = clock
        self._sessions: dict[str, DeskSession] = {}
        self._lock = threading.Lock()

    def start(self, staff: StaffMember) -> DeskSession:
        now = self._clock()
        session = DeskSession(secrets.token_urlsafe(32), staff.account_id, staff.role, secrets.token_urlsafe(32), now,
                              now, now)
        with self._lock:
            self._sessions[session.token] = session
        return session

    def get(self, token: str | None, *, touch: bool = True) -> DeskSession | None:
        """The live session for this cookie value (None: unknown or expired, and then forgotten)."""
        if not token:
            return None
        now = self._clock()
        with self._lock:
            session = self._sessions.get(token)
            if session is None:
                return None
            if now - session.last_seen > self.idle_seconds or now - session.started > self.max_seconds:
                del self._sessions[token]
                return None
            if touch:
                session.last_seen = now
            return session

    def alive(self, session: DeskSession) -> bool:
        """Whether a session (held by a live stream) has not expired or been ended; never extends it."""
        return self.get(session.token, touch=False) is session

    def end(self, token: str | None) -> None:
        with self._lock:
            self._sessions.pop(token or "", None)


def same_token(expected: str, given: str | None) -> bool:
    return given is not None and hmac.compare_digest(expected.encode(), given.encode())
