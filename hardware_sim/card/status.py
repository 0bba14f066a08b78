"""How the virtual card answers: the status-word exception its handlers raise, its AIDs and its ATRs.

The status words, instructions and AIDs themselves are the card interface's, defined once in
`kiosk.domain.card_interface` and shared with the reader.
"""

from __future__ import annotations

from kiosk.domain.card_interface import Aid


class CardStatusError(Exception):
    """A handler's way of answering with a status word and no data."""

    def __init__(self, status: int) -> None:
        super().__init__(f"{status:04X}")
        self.status = status


MY_NUMBER_AIDS = (Aid.JPKI, Aid.TEXT, Aid.CARD_FACE, Aid.JUKI)

CONTACT_ATR = bytes.fromhex("3BDA13FF8131FB468012392F31C173C601C03B")
# PC/SC part 3 ATR a contactless reader synthesises for a FeliCa (transit) card.
FELICA_ATR = bytes.fromhex("3B8F8001804F0CA00000030611003B0000000042")
