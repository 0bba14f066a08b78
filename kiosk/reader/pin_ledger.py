"""The kiosk's own count of user-auth PIN VERIFYs per card: the card's counter is not the only guard.

A card (or something posing as one) may report more tries than it has, or never count down; the kiosk still never
sends more PIN VERIFYs in a row to one card (by certificate serial) than the PIN's maximum, and shows tries left
clamped to what both the card and this count allow. The count lives as long as the kiosk process.
"""

from __future__ import annotations

import threading

from kiosk.domain.pin import USER_AUTH_PIN_TRIES


class PinLedger:
    def __init__(self, max_tries: int = USER_AUTH_PIN_TRIES) -> None:
        self.max_tries = max_tries
        self._failures: dict[int, int] = {}
        self._lock = threading.Lock()

    def tries_left(self, serial: int, card_says: int) -> int:
        """What to tell the patient: the card's count, never above the maximum or above what this kiosk allows."""
        with self._lock:
            ours = self.max_tries - self._failures.get(serial, 0)
        return max(0, min(card_says, ours, self.max_tries))

    def may_verify(self, serial: int) -> bool:
        with self._lock:
            return self._failures.get(serial, 0) < self.max_tries

    def verify_sent(self, serial: int) -> None:
        """Count a VERIFY before it leaves (it may fail in any way): a success clears it with `succeeded`."""
        with self._lock:
            self._failures[serial] = self._failures.get(serial, 0) + 1

    def succeeded(self, serial: int) -> None:
        with self._lock:
            self._failures.pop(serial, None)
