"""BER-TLV encoding for the card's data objects (two-byte tags such as FF20 and DF21)."""

from __future__ import annotations


def encode_length(length: int) -> bytes:
    """BER definite length: short form below 128, else 81/82/83 long forms."""
    if length < 0x80:
        return bytes([length])
    size = (length.bit_length() + 7) // 8
    return bytes([0x80 | size]) + length.to_bytes(size, "big")


def tlv(tag: int, value: bytes) -> bytes:
    """One data object; tags above 0xFF are written as two bytes."""
    tag_bytes = tag.to_bytes(2 if tag > 0xFF else 1, "big")
    return tag_bytes + encode_length(len(value)) + value
