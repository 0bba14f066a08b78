"""The kiosk's own count of user-auth PIN VERIFYs per card: the card's counter is not the only guard.

A card (or something posing as one) may report more tries than it has, or never count down; the kiosk still never
sends more PIN VERIFYs in a row to one card (`card_key`: its certificate's issuer and serial) than the PIN's
maximum, and shows tries left clamped to what both the card and this count allow. The count is kept in the kiosk's
data folder (`CardCounts`, on disk before each VERIFY leaves), so a restart in the middle of wrong PINs gives no
extra tries; a success clears it. No PIN is ever kept: only how many were sent.

The count is forgotten `PIN_COUNT_KEPT_HOURS` after the last VERIFY: a PIN blocked and then reset at the city office
keeps the card's certificate (and so its key), and a count kept for ever would refuse that card at this kiosk for
good. Within the window the kiosk never sends more than the maximum in a row; the card's own counter is the guard
after it.
"""

from __future__ import annotations

from kiosk.domain.pin import USER_AUTH_PIN_TRIES

from .card_counts import CardCounts

PIN_COUNT_KEPT_HOURS = 12.0


class PinLedger:
    def __init__(self, counts: CardCounts, max_tries: int = USER_AUTH_PIN_TRIES) -> None:
        self.max_tries = max_tries
        self._counts = counts

    def tries_left(self, card: str, card_says: int) -> int:
        """What to tell the patient: the card's count, never above the maximum or above what this kiosk allows."""
        ours = self.max_tries - self._counts.count(card)
        return max(0, min(card_says, ours, self.max_tries))

    def may_verify(self, card: str) -> bool:
        return self._counts.count(card) < self.max_tries

    def verify_sent(self, card: str) -> None:
        """Count a VERIFY before it leaves (it may fail in any way): a success clears it with `succeeded`."""
        self._counts.add(card)

    def succeeded(self, card: str) -> None:
        self._counts.reset(card)

    def capped_cards(self) -> int:
        """How many cards this kiosk sends no more PIN VERIFYs to (for staff: never which)."""
        return self._counts.reaching(self.max_tries)

    def clear(self) -> None:
        """Staff: forget every card's count (a PIN reset at the city office keeps the card's key). The card's own
        counter still decides: a card that is really blocked stays blocked."""
        self._counts.reset()
