"""BER-TLV parsing (one- and two-byte tags) and reading a whole TLV object out of an EF."""

from __future__ import annotations

from dataclasses import dataclass

from .apdu import ApduChannel, StatusWord
from .errors import BadResponseError, PinNotVerifiedError

#: Largest READ BINARY chunk (short Le = 00).
MAX_CHUNK = 256


@dataclass(frozen=True)
class TlvHeader:
    tag: int
    header_length: int
    value_length: int

    @property
    def total_length(self) -> int:
        return self.header_length + self.value_length

    @property
    def constructed(self) -> bool:
        first = self.tag >> 8 if self.tag > 0xFF else self.tag
        return bool(first & 0x20)


@dataclass(frozen=True)
class Tlv:
    tag: int
    value: bytes
    encoded: bytes  # tag, length and value exactly as stored (what a signature covers)


def parse_header(data: bytes, offset: int = 0) -> TlvHeader:
    """Tag and length at `offset`; raises BadResponseError when they are truncated or unsupported."""
    position = offset
    try:
        tag = data[position]
        position += 1
        if tag & 0x1F == 0x1F:  # multi-byte tag: our files only use two-byte ones (FFxx, DFxx)
            if data[position] & 0x80:
                raise BadResponseError(f"tag longer than two bytes at offset {offset}")
            tag = tag << 8 | data[position]
            position += 1
        length = data[position]
        position += 1
        if length & 0x80:
            count = length & 0x7F
            if count == 0 or count > 3:
                raise BadResponseError(f"unsupported BER length form {length:02X} at offset {offset}")
            if position + count > len(data):
                raise BadResponseError(f"truncated BER length at offset {offset}")
            length = int.from_bytes(data[position:position + count], "big")
            position += count
    except IndexError as exc:
        raise BadResponseError(f"truncated TLV header at offset {offset}") from exc
    return TlvHeader(tag, position - offset, length)


def parse_tlvs(data: bytes) -> list[Tlv]:
    """The sequence of TLVs filling `data` exactly."""
    items: list[Tlv] = []
    offset = 0
    while offset < len(data):
        header = parse_header(data, offset)
        end = offset + header.total_length
        if end > len(data):
            remaining = len(data) - offset - header.header_length
            raise BadResponseError(f"TLV {header.tag:X} claims {header.value_length} bytes, only {remaining} remain")
        items.append(Tlv(header.tag, data[offset + header.header_length:end], data[offset:end]))
        offset = end
    return items


def read_tlv_object(channel: ApduChannel, *, quiet: bool = False) -> bytes:
    """The whole TLV object (e.g. a DER certificate) at the start of the selected EF.

    The first 256-byte read carries the header, which gives the size; the rest follows in
    256-byte chunks, so a file of n bytes costs ceil(n / 256) READ BINARYs.
    """
    data, sw = channel.read_binary(0, MAX_CHUNK, quiet=quiet)
    if sw == StatusWord.SECURITY_STATUS_NOT_SATISFIED:
        raise PinNotVerifiedError("the file needs a verified PIN or 照合番号 first")
    if sw != StatusWord.OK:
        raise BadResponseError(f"READ BINARY at offset 0 answered {sw:04X}")
    header = parse_header(data)
    total = header.total_length
    buffer = bytearray(data[:total])
    while len(buffer) < total:
        chunk, sw = channel.read_binary(len(buffer), min(MAX_CHUNK, total - len(buffer)), quiet=quiet)
        if sw != StatusWord.OK or not chunk:
            raise BadResponseError(
                f"file ends after {len(buffer)} of the {total} bytes its header announces (status {sw:04X})"
            )
        buffer += chunk[:total - len(buffer)]
    return bytes(buffer)
