"""Fault injection, so tests can show that a host rejects malformed or cut-off answers."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from kiosk.domain.card_interface import Aid

logger = logging.getLogger(__name__)

# Claims a 32 KiB DER SEQUENCE, then garbage: neither valid DER nor valid BER-TLV, and shorter than it claims.
GARBAGE = bytes.fromhex("30827FFF") + bytes([0xA5]) * 60


class CardRemovedError(RuntimeError):
    """The card left the reader while a command was in flight (injected by `Faults.remove_on_next`)."""


@dataclass
class _Pending:
    ins: int | None
    value: int


@dataclass
class Faults:
    """One-shot faults applied to the next matching response, and persistent EF content overrides.

    `ins=None` matches any command; otherwise only a command with that instruction byte.
    """

    _truncations: list[_Pending] = field(default_factory=list)
    _statuses: list[_Pending] = field(default_factory=list)
    _removals: list[_Pending] = field(default_factory=list)
    file_overrides: dict[tuple[Aid, int], bytes] = field(default_factory=dict)

    def truncate_next(self, keep: int, ins: int | None = None) -> None:
        """Cut the next matching response (data and status word together) to its first `keep` bytes."""
        self._truncations.append(_Pending(ins, keep))

    def status_next(self, status: int, ins: int | None = None) -> None:
        """Answer the next matching command with `status` and no data (the card's state still changes)."""
        self._statuses.append(_Pending(ins, status))

    def remove_on_next(self, ins: int | None = None) -> None:
        """Make the next matching command fail as if the card were pulled out mid-command."""
        self._removals.append(_Pending(ins, 0))

    def replace_file(self, aid: Aid, fid: int, data: bytes) -> None:
        """Serve `data` as the content of EF `fid` of `aid` until cleared."""
        self.file_overrides[(aid, fid)] = data

    def garble_file(self, aid: Aid, fid: int) -> None:
        """Serve bytes that are neither valid DER nor valid TLV as the content of EF `fid` of `aid`."""
        self.replace_file(aid, fid, GARBAGE)

    def clear(self) -> None:
        """Remove every pending fault and override."""
        self._truncations.clear()
        self._statuses.clear()
        self._removals.clear()
        self.file_overrides.clear()

    def check_removal(self, ins: int) -> None:
        """Raise CardRemovedError if a removal is pending for `ins`."""
        if _take(self._removals, ins) is not None:
            logger.info("fault: card removed during INS %02X", ins)
            raise CardRemovedError("card removed (injected fault)")

    def apply(self, ins: int, response: bytes) -> bytes:
        """The response after any pending status or truncation fault for `ins`."""
        status = _take(self._statuses, ins)
        if status is not None:
            logger.info("fault: INS %02X answered %04X", ins, status)
            response = status.to_bytes(2, "big")
        keep = _take(self._truncations, ins)
        if keep is not None:
            logger.info("fault: INS %02X response cut from %d to %d bytes", ins, len(response), keep)
            response = response[:keep]
        return response


def _take(pending: list[_Pending], ins: int) -> int | None:
    for index, item in enumerate(pending):
        if item.ins is None or item.ins == ins:
            del pending[index]
            return item.value
    return None
