"""The card's side of vsmartcard's vpcd protocol: a TCP client that is the card while connected."""

from __future__ import annotations

import ipaddress
import logging
import socket
from collections.abc import Callable
from enum import IntEnum

from .card import CardPoweredOffError, VirtualCard
from .faults import CardRemovedError

logger = logging.getLogger(__name__)

DEFAULT_PORT = 35963  # reader "Virtual PCD 00 00"


class Control(IntEnum):
    """One-byte control messages from vpcd."""

    POWER_OFF = 0
    POWER_ON = 1
    RESET = 2
    GET_ATR = 4


class VpcdAddressError(ValueError):
    """The vpcd address is malformed or not on this machine's loopback."""


def parse_address(text: str) -> tuple[str, int]:
    """`127.0.0.1:35963` -> (host, port); only IPv4 loopback addresses are accepted."""
    host, _, port_text = text.rpartition(":")
    host = host or "127.0.0.1"
    if host == "localhost":
        host = "127.0.0.1"
    try:
        address = ipaddress.IPv4Address(host)
        port = int(port_text)
    except ValueError as error:
        raise VpcdAddressError(f"bad vpcd address {text!r}: {error}") from None
    if not address.is_loopback or not 0 < port < 65536:
        raise VpcdAddressError(f"vpcd address {text!r} must be 127.x.x.x:PORT (vpcd listens on all interfaces)")
    return host, port


class VpcdLink:
    """One connection to vpcd; the card is present in the reader exactly while it is open."""

    def __init__(self, host: str, port: int, card: Callable[[], VirtualCard]) -> None:
        self.host, self.port = parse_address(f"{host}:{port}")
        self._card = card
        self._socket: socket.socket | None = None
        self._buffer = bytearray()
        self.exchanges = 0
        self.removed_by_fault = False

    @property
    def connected(self) -> bool:
        """Whether the card is in the reader."""
        return self._socket is not None

    def fileno(self) -> int:
        """The socket's descriptor (for a selector); -1 when not connected."""
        return self._socket.fileno() if self._socket else -1

    def connect(self) -> bool:
        """Try once to connect (insert the card); False if vpcd is not listening yet."""
        if self._socket is not None:
            return True
        try:
            sock = socket.create_connection((self.host, self.port), timeout=2)
        except OSError as error:
            logger.debug("vpcd %s:%d not reachable: %s", self.host, self.port, error)
            return False
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._socket = sock
        self._buffer.clear()
        self.removed_by_fault = False
        logger.info("connected to vpcd %s:%d (card inserted)", self.host, self.port)
        return True

    def close(self) -> None:
        """Close the connection (remove the card)."""
        if self._socket is not None:
            self._socket.close()
            self._socket = None
            self._card().power_off()
            logger.info("disconnected from vpcd (card removed)")

    def on_readable(self) -> bool:
        """Handle what vpcd sent; False when the connection was closed (by vpcd or by a removal fault)."""
        if self._socket is None:
            return False
        # Debian's vpcd writes length and payload separately: without QUICKACK each APDU waits ~40 ms for our ACK.
        self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        try:
            chunk = self._socket.recv(65536 + 2)
        except OSError as error:
            logger.warning("vpcd connection failed: %s", error)
            chunk = b""
        if not chunk:
            self.close()
            return False
        self._buffer += chunk
        while len(self._buffer) >= 2:
            size = int.from_bytes(self._buffer[:2], "big")
            if len(self._buffer) < 2 + size:
                break
            message = bytes(self._buffer[2 : 2 + size])
            del self._buffer[: 2 + size]
            if not self._handle(message):
                self.close()
                return False
        return True

    def _handle(self, message: bytes) -> bool:
        card = self._card()
        if len(message) == 1:
            control = message[0]
            if control == Control.POWER_OFF:
                card.power_off()
            elif control == Control.POWER_ON:
                card.power_on()
            elif control == Control.RESET:
                card.reset()
            elif control == Control.GET_ATR:
                self._send(card.atr)
            else:
                logger.warning("unknown vpcd control byte %d", control)
            return True
        try:
            response = card.transmit(message)
        except CardRemovedError:
            self.removed_by_fault = True
            return False
        except CardPoweredOffError:
            logger.warning("APDU for a card that is not powered: powering it on")
            card.power_on()
            response = card.transmit(message)
        self.exchanges += 1
        self._send(response)
        return True

    def _send(self, payload: bytes) -> None:
        assert self._socket is not None  # noqa: S101 - only called while connected
        self._socket.sendall(len(payload).to_bytes(2, "big") + payload)
