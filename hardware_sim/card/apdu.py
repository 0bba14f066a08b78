"""Command APDU parsing: short and extended cases 1-4 (ISO 7816-3 12.1)."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.domain.card_interface import Instruction, StatusWord

from .status import CardStatusError


@dataclass(frozen=True)
class CommandApdu:
    """One parsed command; `ne` is the expected response length (0 = none expected)."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes
    ne: int
    extended: bool

    @classmethod
    def parse(cls, raw: bytes) -> CommandApdu:
        """Parse a command APDU.

        Raises:
            CardStatusError: 6700 when the length bytes do not match the APDU's size.
        """
        if len(raw) < 4:
            raise CardStatusError(StatusWord.WRONG_LENGTH)
        cla, ins, p1, p2 = raw[0], raw[1], raw[2], raw[3]
        body = raw[4:]
        if not body:
            return cls(cla, ins, p1, p2, b"", 0, False)
        if len(body) == 1:
            return cls(cla, ins, p1, p2, b"", body[0] or 256, False)
        if body[0] != 0:
            lc = body[0]
            if len(body) == 1 + lc:
                return cls(cla, ins, p1, p2, bytes(body[1:]), 0, False)
            if len(body) == 2 + lc:
                return cls(cla, ins, p1, p2, bytes(body[1 : 1 + lc]), body[-1] or 256, False)
            raise CardStatusError(StatusWord.WRONG_LENGTH)
        return cls._parse_extended(cla, ins, p1, p2, body)

    @classmethod
    def _parse_extended(cls, cla: int, ins: int, p1: int, p2: int, body: bytes) -> CommandApdu:
        if len(body) == 3:
            return cls(cla, ins, p1, p2, b"", int.from_bytes(body[1:3], "big") or 65536, True)
        if len(body) < 3:
            raise CardStatusError(StatusWord.WRONG_LENGTH)
        lc = int.from_bytes(body[1:3], "big")
        if lc == 0:
            raise CardStatusError(StatusWord.WRONG_LENGTH)
        if len(body) == 3 + lc:
            return cls(cla, ins, p1, p2, bytes(body[3:]), 0, True)
        if len(body) == 5 + lc:
            return cls(cla, ins, p1, p2, bytes(body[3 : 3 + lc]), int.from_bytes(body[-2:], "big") or 65536, True)
        raise CardStatusError(StatusWord.WRONG_LENGTH)


_SECRET_INSTRUCTIONS = frozenset({Instruction.VERIFY, Instruction.CHANGE_REFERENCE_DATA})


def redacted_hex(raw: bytes) -> str:
    """The APDU as hex for traffic logs, with PIN-carrying payloads replaced by their length."""
    if len(raw) > 5 and raw[1] in _SECRET_INSTRUCTIONS:
        return f"{raw[:4].hex(' ').upper()} <{len(raw) - 4} bytes redacted>"
    return raw.hex(" ").upper()
