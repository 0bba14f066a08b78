"""Transport protocols: a connection that carries APDUs, and the readers that produce connections."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Protocol

#: Reader name the vsmartcard virtual reader registers with pcscd (first slot).
VIRTUAL_READER = "Virtual PCD 00 00"


class CardConnection(Protocol):
    """One open channel to a card: raw APDUs in, (data, status word) out.

    Raises CardRemovedError once the card has left the reader.
    """

    @property
    def atr(self) -> bytes: ...

    def transmit(self, apdu: bytes) -> tuple[bytes, int]: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class CardPresence:
    """What a reader reports about its slot."""

    reader: str
    present: bool
    atr: bytes = b""


class CardReaders(Protocol):
    """A source of readers: list them, wait for a card to come or go, connect.

    `wait_for_card` returns None on timeout or when `abort` is set; it raises ReaderUnavailableError
    when the reader disappears (unplugged) or the service is down.
    """

    def list_readers(self) -> list[str]: ...

    def wait_for_card(
        self, reader: str, present: bool = True, timeout: float | None = None,
        abort: threading.Event | None = None,
    ) -> CardPresence | None: ...

    def connect(self, reader: str) -> CardConnection: ...
