"""Counts the kiosk keeps per card across restarts (wrong-PIN VERIFYs, failed face tries), and the one card key.

A card is known by `card_key(certificate)`: a SHA-256 of its user-auth certificate's issuer and serial number, so
nothing a person could be found by is stored. `CardCounts` keeps one small JSON file (key -> count) in the kiosk's
data folder, rewritten whole and fsync'd before a change returns: a count taken before something is sent to the
card is on disk before it leaves, even if the kiosk is killed or the power fails a moment later.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from pathlib import Path

from cryptography import x509

logger = logging.getLogger(__name__)


def card_key(certificate: x509.Certificate) -> str:
    """The card's key in every per-card count: its user-auth certificate's issuer and serial, hashed."""
    issuer = certificate.issuer.rfc4514_string().encode("utf-8")
    return hashlib.sha256(issuer + b"\0" + str(certificate.serial_number).encode("ascii")).hexdigest()


class CardCounts:
    """A count per card key, kept in `path` (None: in memory only, for one-off tools and tests). Thread-safe."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._counts = self._load()

    def _load(self) -> dict[str, int]:
        if self.path is None:
            return {}
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            # A damaged file must not lock every card out: start afresh, and say so (the card keeps its own count).
            logger.error("card count file %s unreadable, starting empty: %s", self.path.name, type(error).__name__)
            return {}
        if not isinstance(raw, dict):
            return {}
        return {str(k): v for k, v in raw.items() if isinstance(v, int) and v > 0}

    def _save_locked(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        staged = self.path.with_name(self.path.name + ".new")
        with staged.open("w", encoding="utf-8") as file:
            json.dump(self._counts, file, sort_keys=True)
            file.flush()
            os.fsync(file.fileno())
        os.replace(staged, self.path)
        folder = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)  # the rename itself survives a power cut
        finally:
            os.close(folder)

    def count(self, key: str) -> int:
        with self._lock:
            return self._counts.get(key, 0)

    def add(self, key: str) -> int:
        """One more, on disk before this returns; the new count."""
        with self._lock:
            self._counts[key] = self._counts.get(key, 0) + 1
            self._save_locked()
            return self._counts[key]

    def reset(self, key: str | None = None) -> None:
        """Forget one card's count (`key`), or every card's."""
        with self._lock:
            if key is None:
                changed = bool(self._counts)
                self._counts.clear()
            else:
                changed = self._counts.pop(key, None) is not None
            if changed:
                self._save_locked()

    def reaching(self, limit: int) -> int:
        """How many cards have a count of at least `limit`."""
        with self._lock:
            return sum(1 for count in self._counts.values() if count >= limit)
