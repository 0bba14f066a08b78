"""Counts the kiosk keeps per card across restarts (wrong-PIN VERIFYs, failed face tries), and the one card key.

A card is known by `card_key(certificate)`: a SHA-256 of its user-auth certificate's issuer and serial number, so
nothing a person could be found by is stored. `CardCounts` keeps one small JSON file (key -> [count, when it last
changed]) in the kiosk's data folder, rewritten whole and fsync'd before a change returns: a count taken before
something is sent to the card is on disk before it leaves, even if the kiosk is killed or the power fails a moment
later.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from cryptography import x509

from kiosk.atomic_file import write_atomically

logger = logging.getLogger(__name__)


def card_key(certificate: x509.Certificate) -> str:
    """The card's key in every per-card count: its user-auth certificate's issuer and serial, hashed."""
    issuer = certificate.issuer.rfc4514_string().encode("utf-8")
    return hashlib.sha256(issuer + b"\0" + str(certificate.serial_number).encode("ascii")).hexdigest()


class CardCounts:
    """A count per card key, kept in `path` (None: in memory only, for one-off tools and tests). Thread-safe."""

    def __init__(self, path: Path | None, *, forget_after_seconds: float | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self._forget_after = forget_after_seconds  # None: kept until reset
        self._clock = clock
        self._lock = threading.Lock()
        self._counts, self._last = self._load()

    def _load(self) -> tuple[dict[str, int], dict[str, float]]:
        """Counts and when each last changed; the file holds `key: count` or `key: [count, at]`."""
        if self.path is None:
            return {}, {}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}, {}
        except (OSError, ValueError) as error:
            # A damaged file must not lock every card out: start afresh, and say so (the card keeps its own count).
            logger.error("card count file %s unreadable, starting empty: %s", self.path.name, type(error).__name__)
            return {}, {}
        counts: dict[str, int] = {}
        last: dict[str, float] = {}
        for key, value in raw.items() if isinstance(raw, dict) else ():
            if isinstance(value, int):  # a file written before counts had a time: taken as of now
                count, at = value, self._clock()
            elif isinstance(value, list) and len(value) == 2 and isinstance(value[1], int | float):
                count, at = value[0], float(value[1])
            else:
                continue
            if isinstance(count, int) and count > 0:
                counts[str(key)], last[str(key)] = count, at
        return counts, last

    def _save_locked(self) -> None:
        if self.path is None:
            return
        payload = {key: [count, self._last[key]] for key, count in self._counts.items()}
        write_atomically(self.path, json.dumps(payload, sort_keys=True).encode("utf-8"), mode=0o600)

    def _current_locked(self, key: str) -> int:
        """The card's count, 0 once it is older than `forget_after_seconds`."""
        count = self._counts.get(key, 0)
        if count and self._forget_after is not None and self._clock() - self._last[key] > self._forget_after:
            return 0
        return count

    def count(self, key: str) -> int:
        with self._lock:
            return self._current_locked(key)

    def add(self, key: str) -> int:
        """One more, on disk before this returns; the new count."""
        with self._lock:
            self._counts[key] = self._current_locked(key) + 1
            self._last[key] = self._clock()
            self._save_locked()
            return self._counts[key]

    def reset(self, key: str | None = None) -> None:
        """Forget one card's count (`key`), or every card's."""
        with self._lock:
            if key is None:
                changed = bool(self._counts)
                self._counts.clear()
                self._last.clear()
            else:
                changed = self._counts.pop(key, None) is not None
                self._last.pop(key, None)
            if changed:
                self._save_locked()

    def reaching(self, limit: int) -> int:
        """How many cards have a count of at least `limit`."""
        with self._lock:
            return sum(1 for key in self._counts if self._current_locked(key) >= limit)
