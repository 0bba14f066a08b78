"""Face auth locked for a card after 10 failures in a row, as real readers do; kept across restarts.

A small JSON file in the kiosk's data folder maps a card's key (a SHA-256 of its user-auth certificate's issuer and
serial number: nothing a person could be found by) to its count of consecutive failed face tries. A match clears
the card's count; staff may clear one card or all.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from pathlib import Path

from cryptography import x509

from kiosk.atomic_file import write_atomically

logger = logging.getLogger(__name__)

FACE_LOCK_AFTER = 10


def card_key(certificate: x509.Certificate) -> str:
    """The card's key in the lock file: its certificate's issuer and serial, hashed."""
    issuer = certificate.issuer.rfc4514_string().encode("utf-8")
    return hashlib.sha256(issuer + b"\0" + str(certificate.serial_number).encode("ascii")).hexdigest()


class FaceLocks:
    """Consecutive face failures per card; `locked(key)` once they reach `limit`. Thread-safe."""

    def __init__(self, path: Path, limit: int = FACE_LOCK_AFTER) -> None:
        self.path = path
        self.limit = limit
        self._lock = threading.Lock()
        self._failures = self._load()

    def _load(self) -> dict[str, int]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            # A damaged file must not lock every card out, nor let a locked one through silently: start afresh, say so.
            logger.error("face lock file unreadable, starting empty: %s", type(error).__name__)
            return {}
        if not isinstance(raw, dict):
            return {}
        return {str(k): int(v) for k, v in raw.items() if isinstance(v, int) and v > 0}

    def _save_locked(self) -> None:
        write_atomically(self.path, json.dumps(self._failures, sort_keys=True).encode("utf-8"))

    def failures(self, key: str) -> int:
        with self._lock:
            return self._failures.get(key, 0)

    def locked(self, key: str) -> bool:
        return self.failures(key) >= self.limit

    def locked_cards(self) -> int:
        """How many cards face auth is locked for (staff see the number, never which cards)."""
        with self._lock:
            return sum(1 for count in self._failures.values() if count >= self.limit)

    def failed(self, key: str) -> int:
        """One more failed try (a face was seen and not accepted); returns the count."""
        with self._lock:
            self._failures[key] = self._failures.get(key, 0) + 1
            self._save_locked()
            return self._failures[key]

    def succeeded(self, key: str) -> None:
        with self._lock:
            if self._failures.pop(key, None) is not None:
                self._save_locked()

    def clear(self, key: str | None = None) -> None:
        """Staff unlock one card (`key`) or every card."""
        with self._lock:
            if key is None:
                self._failures.clear()
            else:
                self._failures.pop(key, None)
            self._save_locked()
