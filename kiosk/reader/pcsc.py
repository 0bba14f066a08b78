"""PC/SC backend on pyscard's low-level `scard` API: the only module that imports `smartcard`.

Waiting uses SCardGetStatusChange (no polling thread, unlike pyscard's CardMonitor); the wait is cut into
short slices so that a cooperative `abort` event is honoured quickly.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from smartcard import scard

from .errors import BadResponseError, CardRemovedError, NoCardError, ReaderError, ReaderUnavailableError
from .transport import CardPresence

_WAIT_SLICE_MS = 100

# NOT_TRANSACTED: the driver lost the card mid-exchange (CCID readers and vpcd report a pulled card so).
_REMOVED = {scard.SCARD_W_REMOVED_CARD, scard.SCARD_W_RESET_CARD, scard.SCARD_E_NO_SMARTCARD,
            scard.SCARD_W_UNPOWERED_CARD, scard.SCARD_E_NOT_TRANSACTED}
_UNAVAILABLE = {scard.SCARD_E_NO_SERVICE, scard.SCARD_E_SERVICE_STOPPED, scard.SCARD_E_UNKNOWN_READER,
                scard.SCARD_E_READER_UNAVAILABLE, scard.SCARD_E_NO_READERS_AVAILABLE}


def _message(code: int) -> str:
    return f"{scard.SCardGetErrorMessage(code)} ({code & 0xFFFFFFFF:08X})"


def _raise_for(code: int, reader: str | None, during: str) -> None:
    if code == scard.SCARD_S_SUCCESS:
        return
    if code in _UNAVAILABLE:
        raise ReaderUnavailableError(reader, _message(code))
    if code in _REMOVED:
        raise CardRemovedError(f"{during}: {_message(code)}")
    if code == scard.SCARD_W_UNRESPONSIVE_CARD:
        raise BadResponseError(f"{during}: card is mute")
    raise ReaderError(f"{during}: {_message(code)}")


class PcscReaders:
    """Readers of the local PC/SC service. Call `close()` (or use `with`) to release the context."""

    def __init__(self) -> None:
        code, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        _raise_for(code, None, "connecting to the PC/SC service")
        self._context: Any = context

    def __enter__(self) -> PcscReaders:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._context is not None:
            scard.SCardReleaseContext(self._context)
            self._context = None

    def cancel(self) -> None:
        """Wake a wait_for_card() blocked in another thread (it then returns None)."""
        scard.SCardCancel(self._context)

    def list_readers(self) -> list[str]:
        code, readers = scard.SCardListReaders(self._context, [])
        if code in (scard.SCARD_E_NO_READERS_AVAILABLE,):
            return []
        _raise_for(code, None, "listing readers")
        return list(readers)

    def status(self, reader: str) -> CardPresence:
        """The reader's state right now."""
        code, states = scard.SCardGetStatusChange(self._context, 0, [(reader, scard.SCARD_STATE_UNAWARE)])
        _raise_for(code, reader, "reading the reader state")
        return self._presence(reader, states[0][1], states[0][2])

    @staticmethod
    def _presence(reader: str, state: int, atr: list[int]) -> CardPresence:
        if state & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE):
            raise ReaderUnavailableError(reader, "the reader was unplugged")
        present = bool(state & scard.SCARD_STATE_PRESENT) and not state & scard.SCARD_STATE_MUTE
        return CardPresence(reader, present, bytes(atr) if present else b"")

    def wait_for_card(
        self, reader: str, present: bool = True, timeout: float | None = None,
        abort: threading.Event | None = None,
    ) -> CardPresence | None:
        deadline = None if timeout is None else time.monotonic() + timeout
        known = scard.SCARD_STATE_UNAWARE
        while True:
            if abort is not None and abort.is_set():
                return None
            remaining_ms = _WAIT_SLICE_MS
            if deadline is not None:
                remaining_ms = min(_WAIT_SLICE_MS, max(0, int((deadline - time.monotonic()) * 1000)))
            code, states = scard.SCardGetStatusChange(self._context, remaining_ms, [(reader, known)])
            if code == scard.SCARD_E_TIMEOUT or code == scard.SCARD_E_CANCELLED:
                if code == scard.SCARD_E_CANCELLED or (deadline is not None and time.monotonic() >= deadline):
                    return None
                continue
            _raise_for(code, reader, "waiting for a card")
            _, state, atr = states[0]
            presence = self._presence(reader, state, atr)
            if presence.present == present:
                return presence
            known = state & ~scard.SCARD_STATE_CHANGED
            if deadline is not None and time.monotonic() >= deadline:
                return None

    def connect(self, reader: str) -> PcscConnection:
        code, handle, protocol = scard.SCardConnect(
            self._context, reader, scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
        )
        if code in (scard.SCARD_E_NO_SMARTCARD, scard.SCARD_W_REMOVED_CARD):
            raise NoCardError(reader)
        _raise_for(code, reader, "connecting to the card")
        code, _, _, _, atr = scard.SCardStatus(handle)
        if code != scard.SCARD_S_SUCCESS:
            scard.SCardDisconnect(handle, scard.SCARD_LEAVE_CARD)
            _raise_for(code, reader, "reading the ATR")
        return PcscConnection(reader, handle, protocol, bytes(atr))


class PcscConnection:
    """A shared connection to the card in one PC/SC reader."""

    def __init__(self, reader: str, handle: Any, protocol: int, atr: bytes) -> None:
        self.reader = reader
        self.atr = atr
        self._handle: Any = handle
        self._pci = scard.SCARD_PCI_T1 if protocol == scard.SCARD_PROTOCOL_T1 else scard.SCARD_PCI_T0

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        if self._handle is None:
            raise CardRemovedError("connection closed")
        code, response = scard.SCardTransmit(self._handle, self._pci, list(apdu))
        _raise_for(code, self.reader, "transmitting")
        if not response:
            # vpcd (and readers losing a card mid-command) report success with nothing at all: no card answered.
            raise CardRemovedError("the card did not answer: removed mid-command")
        if len(response) < 2:
            raise BadResponseError(f"card gave a {len(response)}-byte response, without a status word")
        return bytes(response[:-2]), response[-2] << 8 | response[-1]

    def close(self, reset: bool = False) -> None:
        """Disconnect; `reset=True` resets the card (clearing its PIN state) for the next user."""
        if self._handle is not None:
            scard.SCardDisconnect(self._handle, scard.SCARD_RESET_CARD if reset else scard.SCARD_LEAVE_CARD)
            self._handle = None
