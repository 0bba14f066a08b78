"""APDU layer: commands, GET RESPONSE / wrong-Le recovery and the TRAFFIC log.

Status words, instructions and AIDs are the card interface's, defined once in `kiosk.domain.card_interface`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from kiosk.domain.card_interface import Aid, Instruction, StatusWord

from .errors import ApduError, BadResponseError
from .transport import CardConnection

logger = logging.getLogger(__name__)

#: Log level of raw APDUs, below DEBUG. VERIFY / CHANGE REFERENCE DATA payloads are always redacted.
TRAFFIC = 5

SHORT_MAX_LC = 255
SHORT_MAX_LE = 256
EXTENDED_MAX_LE = 65536

__all__ = ["EXTENDED_MAX_LE", "SHORT_MAX_LC", "SHORT_MAX_LE", "TRAFFIC", "Aid", "ApduChannel", "Command", "Instruction",
           "StatusWord", "redacted_hex"]

_SECRET_INSTRUCTIONS = (Instruction.VERIFY, Instruction.CHANGE_REFERENCE_DATA)


@dataclass(frozen=True)
class Command:
    """One command APDU; `le` is the number of bytes expected (None: none, 256 / 65536: the maximum)."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None

    def __post_init__(self) -> None:
        if self.le is not None and not 1 <= self.le <= EXTENDED_MAX_LE:
            raise ValueError(f"Le must be 1..{EXTENDED_MAX_LE}")
        if len(self.data) > 65535:
            raise ValueError("command data longer than 65535 bytes")

    @property
    def extended(self) -> bool:
        return len(self.data) > SHORT_MAX_LC or (self.le is not None and self.le > SHORT_MAX_LE)

    def encode(self) -> bytes:
        """ISO 7816-4 encoding, switching to extended length only when needed."""
        header = bytes((self.cla, self.ins, self.p1, self.p2))
        if not self.extended:
            body = bytes((len(self.data),)) + self.data if self.data else b""
            le = bytes((self.le % 256,)) if self.le is not None else b""
            return header + body + le
        body = b"\x00" + len(self.data).to_bytes(2, "big") + self.data if self.data else b""
        le = b""
        if self.le is not None:
            le = (b"" if self.data else b"\x00") + (self.le % 65536).to_bytes(2, "big")
        return header + body + le

    def with_le(self, le: int) -> Command:
        return Command(self.cla, self.ins, self.p1, self.p2, self.data, le)

    def describe(self) -> str:
        try:
            return Instruction(self.ins).name
        except ValueError:
            return f"INS {self.ins:02X}"


def redacted_hex(apdu: bytes) -> str:
    """Hex of a raw APDU with the data of VERIFY / CHANGE REFERENCE DATA hidden."""
    if len(apdu) > 5 and apdu[1] in _SECRET_INSTRUCTIONS:
        return f"{apdu[:5].hex(' ').upper()} <{len(apdu) - 5} bytes redacted>"
    return apdu.hex(" ").upper()


class ApduChannel:
    """Sends `Command`s over a `CardConnection`, following 61xx and (for commands without data) 6Cxx, counting and
    logging every APDU."""

    def __init__(self, connection: CardConnection, *, max_get_response: int = 64) -> None:
        self.connection = connection
        self.apdu_count = 0
        self._max_get_response = max_get_response

    def _exchange(self, apdu: bytes, quiet: bool) -> tuple[bytes, int]:
        if logger.isEnabledFor(TRAFFIC):
            logger.log(TRAFFIC, ">> %s", redacted_hex(apdu))
        data, sw = self.connection.transmit(apdu)
        self.apdu_count += 1
        if logger.isEnabledFor(TRAFFIC):
            shown = f"<{len(data)} bytes>" if quiet or len(data) > 64 else data.hex(" ").upper()
            logger.log(TRAFFIC, "<< %s %04X", shown, sw)
        return data, sw

    def transceive(self, command: Command, *, quiet: bool = False) -> tuple[bytes, int]:
        """Send and return (data, final status word); `quiet` keeps response data out of the log."""
        data, sw = self._exchange(command.encode(), quiet)
        if StatusWord.family(sw) == StatusWord.WRONG_LE and not command.data:
            # The card tells us the right Le: send the same command once more with it. Never a command with data:
            # a VERIFY sent twice would count twice on the card's PIN counter.
            data, sw = self._exchange(command.with_le(sw & 0xFF or 256).encode(), quiet)
        collected = bytearray(data)
        rounds = 0
        while StatusWord.family(sw) == StatusWord.BYTES_AVAILABLE:
            rounds += 1
            if rounds > self._max_get_response:
                raise BadResponseError(f"card kept answering 61xx after {rounds - 1} GET RESPONSEs")
            get_response = Command(command.cla & 0x03, Instruction.GET_RESPONSE, 0, 0, le=sw & 0xFF or 256)
            data, sw = self._exchange(get_response.encode(), quiet)
            collected += data
        return bytes(collected), sw

    def send(self, command: Command, *, quiet: bool = False) -> bytes:
        """Send and return the data; any status word but 9000 raises ApduError."""
        data, sw = self.transceive(command, quiet=quiet)
        if sw != StatusWord.OK:
            raise ApduError(sw, command.describe())
        return data

    # Commands every applet session uses.

    def select_application(self, aid: bytes) -> tuple[bytes, int]:
        return self.transceive(Command(0x00, Instruction.SELECT, 0x04, 0x0C, aid))

    def select_file(self, fid: int) -> None:
        self.send(Command(0x00, Instruction.SELECT, 0x02, 0x0C, fid.to_bytes(2, "big")))

    def read_binary(self, offset: int, length: int, *, quiet: bool = False) -> tuple[bytes, int]:
        """One READ BINARY of up to `length` (≤ 256) bytes at `offset` of the selected EF."""
        if not 0 <= offset <= 0x7FFF:
            raise ValueError("READ BINARY offset out of range")
        command = Command(0x00, Instruction.READ_BINARY, offset >> 8, offset & 0xFF, le=length)
        return self.transceive(command, quiet=quiet)
