"""An in-process reader slot for a simulated card object: no daemon, same protocols as PC/SC."""

from __future__ import annotations

import threading
import time
from typing import Protocol

from .errors import BadResponseError, CardRemovedError, NoCardError, ReaderUnavailableError
from .transport import CardPresence

DEFAULT_READER_NAME = "In-process virtual reader"


class SimulatedCard(Protocol):
    """Anything that answers APDUs like a card (the kiosk never imports the simulator itself).

    `transmit` returns data + SW1 SW2; it raises RuntimeError when the card stops answering (pulled out,
    unpowered), which the slot reports as CardRemovedError and treats as the card having left.
    """

    @property
    def atr(self) -> bytes: ...

    def transmit(self, apdu: bytes) -> bytes: ...


class InProcessReader:
    """One reader slot; `insert()` / `remove()` may be called from any thread.

    On insertion, a card with a `power_on()` method is powered on (as a reader would), and one with
    `power_off()` is powered off on removal, so that PIN state clears as on real hardware.
    """

    def __init__(self, name: str = DEFAULT_READER_NAME) -> None:
        self.name = name
        self._card: SimulatedCard | None = None
        self._generation = 0
        self._plugged = True
        self._changed = threading.Condition()

    # Simulator side.

    def insert(self, card: SimulatedCard) -> None:
        with self._changed:
            if self._card is not None:
                self._eject_locked()
            power_on = getattr(card, "power_on", None)
            if callable(power_on):
                power_on()
            self._card = card
            self._generation += 1
            self._changed.notify_all()

    def remove(self) -> None:
        with self._changed:
            if self._card is not None:
                self._eject_locked()
                self._changed.notify_all()

    def unplug(self) -> None:
        """The reader itself goes away: waits and transmits raise ReaderUnavailableError / CardRemovedError."""
        with self._changed:
            self._plugged = False
            if self._card is not None:
                self._eject_locked()
            self._changed.notify_all()

    def _eject_locked(self) -> None:
        power_off = getattr(self._card, "power_off", None)
        if callable(power_off):
            power_off()
        self._card = None
        self._generation += 1

    # Kiosk side (CardReaders protocol).

    def list_readers(self) -> list[str]:
        return [self.name] if self._plugged else []

    def _check_reader(self, reader: str) -> None:
        if not self._plugged or reader != self.name:
            raise ReaderUnavailableError(reader, "no such in-process reader")

    def wait_for_card(
        self, reader: str, present: bool = True, timeout: float | None = None,
        abort: threading.Event | None = None,
    ) -> CardPresence | None:
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._changed:
            while True:
                self._check_reader(reader)
                if (self._card is not None) == present:
                    return CardPresence(reader, present, self._card.atr if self._card is not None else b"")
                if abort is not None and abort.is_set():
                    return None
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    return None
                # Short slices so that an abort set without notifying us is still seen promptly.
                self._changed.wait(0.05 if remaining is None else min(remaining, 0.05))

    def connect(self, reader: str) -> InProcessConnection:
        with self._changed:
            self._check_reader(reader)
            if self._card is None:
                raise NoCardError(reader)
            return InProcessConnection(self, self._card, self._generation)

    def _transmit(self, card: SimulatedCard, generation: int, apdu: bytes) -> bytes:
        with self._changed:
            if generation != self._generation:
                raise CardRemovedError("the card was removed")
            try:
                return card.transmit(apdu)
            except RuntimeError as exc:
                self._eject_locked()
                self._changed.notify_all()
                raise CardRemovedError("the card stopped answering: removed") from exc


class InProcessConnection:
    """A connection to the card that was in the slot when it was opened."""

    def __init__(self, reader: InProcessReader, card: SimulatedCard, generation: int) -> None:
        self._reader = reader
        self._card = card
        self._generation = generation
        self._closed = False
        self.atr = card.atr

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        if self._closed:
            raise CardRemovedError("connection closed")
        response = self._reader._transmit(self._card, self._generation, apdu)
        if len(response) < 2:
            raise BadResponseError(f"card gave a {len(response)}-byte response, without a status word")
        return response[:-2], int.from_bytes(response[-2:], "big")

    def close(self) -> None:
        self._closed = True
