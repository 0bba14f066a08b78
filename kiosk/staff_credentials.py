"""The staff credential for maintenance mode: scrypt-hashed, with a persisted lockout. No Qt."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MIN_PASSWORD_LENGTH = 8
MAX_FAILURES = 5  # consecutive wrong passwords before a lockout
LOCKOUT_SECONDS = 300.0

# The simulated kiosk's documented development credential (never used by `kiosk run --config`).
DEV_PASSWORD = "kiosk-dev-staff"  # noqa: S105 - documented in docs/ui.md, simulate mode only


class CredentialError(Exception):
    """Base of staff-credential errors."""


class NoCredentialError(CredentialError):
    """No staff credential has been configured yet."""


class WeakPasswordError(CredentialError):
    def __init__(self, minimum: int) -> None:
        super().__init__(f"the staff password needs at least {minimum} characters")
        self.minimum = minimum


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


def _derive(password: str, salt: bytes, params: ScryptParams) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=params.n, r=params.r, p=params.p, maxmem=params.maxmem, dklen=32
    )


class StaffCredentialStore:
    """One staff password in a JSON file (mode 0600): salt, scrypt parameters, hash, failure count, lock."""

    def __init__(
        self,
        path: Path,
        clock: Callable[[], float] = time.time,
        params: ScryptParams | None = None,
        max_failures: int = MAX_FAILURES,
        lockout_seconds: float = LOCKOUT_SECONDS,
    ) -> None:
        self.path = path
        self._clock = clock
        self._params = params or ScryptParams()
        self._max_failures = max_failures
        self._lockout_seconds = lockout_seconds

    def is_configured(self) -> bool:
        return "hash" in self._read()

    def set_password(self, password: str) -> None:
        """Store a new password (resets failures and any lockout)."""
        if len(password) < MIN_PASSWORD_LENGTH:
            raise WeakPasswordError(MIN_PASSWORD_LENGTH)
        salt = secrets.token_bytes(16)
        record: dict[str, Any] = {
            "kdf": "scrypt",
            "n": self._params.n,
            "r": self._params.r,
            "p": self._params.p,
            "salt": salt.hex(),
            "hash": _derive(password, salt, self._params).hex(),
            "failures": 0,
            "locked_until": 0.0,
        }
        self._write(record)

    def lockout_seconds_left(self) -> float:
        record = self._read()
        return max(0.0, float(record.get("locked_until", 0.0)) - self._clock())

    def verify(self, password: str) -> None:
        """Return if `password` is right.

        Raises:
            NoCredentialError, LockedOutError, WrongPasswordError.
        """
        record = self._read()
        if "hash" not in record:
            raise NoCredentialError("no staff credential is configured")
        left = float(record.get("locked_until", 0.0)) - self._clock()
        if left > 0:
            raise LockedOutError(left)
        params = ScryptParams(int(record["n"]), int(record["r"]), int(record["p"]))
        candidate = _derive(password, bytes.fromhex(str(record["salt"])), params)
        if hmac.compare_digest(candidate, bytes.fromhex(str(record["hash"]))):
            if record.get("failures") or record.get("locked_until"):
                record.update(failures=0, locked_until=0.0)
                self._write(record)
            return
        failures = int(record.get("failures", 0)) + 1
        if failures >= self._max_failures:
            record.update(failures=0, locked_until=self._clock() + self._lockout_seconds)
            self._write(record)
            raise LockedOutError(self._lockout_seconds)
        record["failures"] = failures
        self._write(record)
        raise WrongPasswordError(self._max_failures - failures)

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            raise CredentialError(f"cannot read {self.path}: {error}") from error
        return data if isinstance(data, dict) else {}

    def _write(self, record: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(self.path.name + ".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(record, handle)
        os.replace(temporary, self.path)


def staff_credential_path(directory: Path, simulate: bool) -> Path:
    """The simulated kiosk keeps its own credential so the dev password never opens a real kiosk."""
    return directory / ("staff-credential-simulate.json" if simulate else "staff-credential.json")
