"""Face auth locked for a card after 10 failures in a row, as real readers do; kept across restarts.

A small JSON file in the kiosk's data folder (`kiosk.reader.card_counts.CardCounts`, keyed by `card_key`: nothing
a person could be found by) holds each card's count of consecutive failed face tries. A match clears the card's
count; staff may clear one card or all.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.reader.card_counts import CardCounts

FACE_LOCK_AFTER = 10


class FaceLocks:
    """Consecutive face failures per card; `locked(key)` once they reach `limit`. Thread-safe."""

    def __init__(self, path: Path, limit: int = FACE_LOCK_AFTER) -> None:
        self.path = path
        self.limit = limit
        self._counts = CardCounts(path)

    def failures(self, key: str) -> int:
        return self._counts.count(key)

    def locked(self, key: str) -> bool:
        return self.failures(key) >= self.limit

    def locked_cards(self) -> int:
        """How many cards face auth is locked for (staff see the number, never which cards)."""
        return self._counts.reaching(self.limit)

    def failed(self, key: str) -> int:
        """One more failed try (a face was seen and not accepted); returns the count."""
        return self._counts.add(key)

    def succeeded(self, key: str) -> None:
        self._counts.reset(key)

    def clear(self, key: str | None = None) -> None:
        """Staff unlock one card (`key`) or every card."""
        self._counts.reset(key)
