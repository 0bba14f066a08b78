"""Who is at the desk: sign-in through a verifier that answers who signed in, and expiring sessions with a CSRF token.

The verifier is an interface so the desk follows the staff accounts as they change: today the kiosk has one shared
maintenance password (`SharedPasswordVerifier`: the person types their staff id and that password); named
per-person accounts only need another `StaffVerifier`.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from kiosk.staff_credentials import CredentialError, LockedOutError, StaffCredentialStore

STAFF_ID_MAX = 32


class SignInRefusedError(Exception):
    """Wrong name or password, locked out, or no credential configured; `locked_seconds` when locked out."""

    def __init__(self, reason: str, locked_seconds: float = 0.0) -> None:
        super().__init__(reason)
        self.reason = reason
        self.locked_seconds = locked_seconds


class StaffVerifier(Protocol):
    def verify(self, name: str, password: str) -> str:
        """The staff member who signed in (their id as it goes into the audit).

        Raises:
            SignInRefusedError: the name and password do not sign anyone in.
        """
        ...


class NamedAccountVerifier:
    """The clinic's named staff accounts (scrypt, lockout per account): each person signs in with their own id and
    password, and that id is who the audit names."""

    def __init__(self, store: StaffCredentialStore) -> None:
        self._store = store

    def verify(self, name: str, password: str) -> str:
        staff_id = name.strip()
        if not staff_id or len(staff_id) > STAFF_ID_MAX or not staff_id.replace("-", "").replace("_", "").isalnum():
            raise SignInRefusedError("name")
        try:
            self._store.verify(password, staff_id)
        except LockedOutError as error:
            raise SignInRefusedError("locked", error.seconds_left) from None
        except CredentialError:
            raise SignInRefusedError("password") from None
        return staff_id


@dataclass
class DeskSession:
    token: str
    staff: str
    csrf: str
    started: float
    last_seen: float


class Sessions:
    """Server-side sessions: expire after `idle_seconds` without a request, and after `max_seconds` in any case."""

    def __init__(self, *, idle_seconds: float = 900.0, max_seconds: float = 8 * 3600.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.idle_seconds = idle_seconds
        self.max_seconds = max_seconds
        self._clock = clock
        self._sessions: dict[str, DeskSession] = {}
        self._lock = threading.Lock()

    def start(self, staff: str) -> DeskSession:
        now = self._clock()
        session = DeskSession(secrets.token_urlsafe(32), staff, secrets.token_urlsafe(32), now, now)
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
