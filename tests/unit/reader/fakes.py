"""Byte-level fakes: a scripted connection that answers APDUs from a list and records what it was sent."""

from __future__ import annotations

from collections.abc import Callable

OK = 0x9000

Rule = Callable[[bytes], tuple[bytes, int] | None]


class ScriptedConnection:
    """Answers each APDU with the next scripted (data, sw); records every APDU it receives."""

    def __init__(self, *answers: tuple[bytes, int], atr: bytes = b"\x3b\x00") -> None:
        self.answers = list(answers)
        self.sent: list[bytes] = []
        self.atr = atr

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        self.sent.append(apdu)
        if not self.answers:
            raise AssertionError(f"unscripted APDU {apdu.hex()}")
        return self.answers.pop(0)

    def close(self) -> None:
        pass


class FileCard:
    """A tiny JPKI-like card: SELECT AP/EF, READ BINARY with end-of-file rules, VERIFY with a counter."""

    def __init__(self, files: dict[int, bytes], aids: tuple[bytes, ...], pin: bytes = b"1234", tries: int = 3) -> None:
        self.files = files
        self.aids = aids
        self.pin = pin
        self.tries = tries
        self.selected: int | None = None
        self.sent: list[bytes] = []
        self.atr = b"\x3b\xda"

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        self.sent.append(apdu)
        ins, p1, p2 = apdu[1], apdu[2], apdu[3]
        if ins == 0xA4 and p1 == 0x04:
            return (b"", OK) if apdu[5:5 + apdu[4]] in self.aids else (b"", 0x6A82)
        if ins == 0xA4 and p1 == 0x02:
            fid = int.from_bytes(apdu[5:7], "big")
            if fid not in self.files and fid != 0x0018:
                return b"", 0x6A82
            self.selected = fid
            return b"", OK
        if ins == 0xB0:
            content = self.files[self.selected or 0]
            offset = p1 << 8 | p2
            le = apdu[4] or 256
            if offset >= len(content):
                return b"", 0x6B00
            return content[offset:offset + le], OK
        if ins == 0x20:
            if len(apdu) == 4:
                return b"", 0x63C0 | self.tries
            if self.tries == 0:
                return b"", 0x6984
            if apdu[5:] == self.pin:
                self.tries = 3
                return b"", OK
            self.tries -= 1
            return b"", 0x63C0 | self.tries
        return b"", 0x6D00

    def close(self) -> None:
        pass

    def verifies_with_data(self) -> int:
        return sum(1 for apdu in self.sent if apdu[1] == 0x20 and len(apdu) > 4)
