"""The card-face AP (face photo behind 照合番号B, issuer signature) and the text AP of the virtual card."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from hardware_sim.card import FELICA_ATR, MY_NUMBER_AIDS, Aid, StatusWord, VirtualCard, card_face_signed_data
from hardware_sim.personas import get_persona
from hardware_sim.personas.pki import card_face_issuer_key
from tests.unit.hardware_sim.test_card_jpki import apdu, select_ap, select_ef, sw, verify


def parse_tlvs(data: bytes) -> list[tuple[int, bytes, int]]:
    """(tag, value, offset) of each BER-TLV in `data`, two-byte tags when the low 5 bits are all set."""
    objects, position = [], 0
    while position < len(data):
        start = position
        tag = data[position]
        position += 1
        if tag & 0x1F == 0x1F:
            tag = tag << 8 | data[position]
            position += 1
        length = data[position]
        position += 1
        if length & 0x80:
            size = length & 0x7F
            length = int.from_bytes(data[position : position + size], "big")
            position += size
        objects.append((tag, data[position : position + length], start))
        position += length
    return objects


def read_extended(card: VirtualCard) -> bytes:
    response = card.transmit(apdu("00 B0 00 00 00 00 00"))
    assert sw(response) == StatusWord.OK
    return response[:-2]


@pytest.fixture
def card() -> VirtualCard:
    return VirtualCard.for_persona(get_persona("normal"))


def test_face_photo_is_locked_until_collation_number_b(card: VirtualCard) -> None:
    persona = get_persona("normal")
    card.transmit(select_ap(Aid.CARD_FACE))
    card.transmit(select_ef(0x0002))
    assert sw(card.transmit(apdu("00 B0 00 00 00"))) == StatusWord.SECURITY_STATUS_NOT_SATISFIED
    card.transmit(select_ef(0x0012))
    assert sw(card.transmit(apdu("00 20 00 80"))) == 0x63CA  # 10 tries
    assert sw(card.transmit(verify("80041220309999"))) == 0x63C9
    assert card.transmit(verify(persona.card_face_print.collation_number_b)) == b"\x90\x00"
    card.transmit(select_ef(0x0002))
    assert sw(card.transmit(apdu("00 B0 00 00 00"))) == StatusWord.OK


def unlocked_card_face(card: VirtualCard) -> dict[int, tuple[bytes, int]]:
    card.transmit(select_ap(Aid.CARD_FACE))
    card.transmit(select_ef(0x0013))  # 照合番号A (the My Number) also opens EF 0002
    assert card.transmit(verify(get_persona("normal").my_number)) == b"\x90\x00"
    card.transmit(select_ef(0x0002))
    ef = read_extended(card)
    [(tag, body, _)] = parse_tlvs(ef)
    assert tag == 0xFF20
    header = len(ef) - len(body)
    return {t: (v, header + o) for t, v, o in parse_tlvs(body)}


def test_card_face_ef_holds_the_documented_objects(card: VirtualCard) -> None:
    persona = get_persona("normal")
    objects = unlocked_card_face(card)
    assert list(objects) == [0xDF21, 0xDF22, 0xDF23, 0xDF24, 0xDF25, 0xDF26, 0xDF27, 0xDF28, 0xDF29, 0xDF2A]
    assert objects[0xDF22][0] == f"{persona.birth_date:%Y%m%d}".encode()
    assert objects[0xDF23][0] == b"1"
    assert objects[0xDF29][0] == f"{persona.card_expiry:%Y%m%d}".encode()
    for tag in (0xDF25, 0xDF26, 0xDF2A):
        assert objects[tag][0].startswith(b"\x89PNG\r\n\x1a\n")
    offsets = objects[0xDF21][0]
    assert [int.from_bytes(offsets[i : i + 2], "big") for i in range(0, len(offsets), 2)] == [
        objects[tag][1] for tag in (0xDF22, 0xDF23, 0xDF24, 0xDF25, 0xDF26, 0xDF27, 0xDF28, 0xDF29, 0xDF2A)
    ]


def test_face_photo_is_a_monochrome_jpeg2000_of_a_face_size(card: VirtualCard) -> None:
    photo = unlocked_card_face(card)[0xDF27][0]
    assert photo[:12] == bytes.fromhex("0000000C6A5020200D0A870A")  # JP2 signature box
    image = cv2.imdecode(np.frombuffer(photo, np.uint8), cv2.IMREAD_UNCHANGED)
    assert image is not None and image.ndim == 2
    assert max(image.shape) == 320


def test_issuer_signature_covers_the_card_face_data(card: VirtualCard) -> None:
    objects = {tag: value for tag, (value, _) in unlocked_card_face(card).items()}
    public_key = card_face_issuer_key().public_key()
    public_key.verify(objects[0xDF28], card_face_signed_data(objects), padding.PKCS1v15(), hashes.SHA256())
    # the documented recipe, spelled out: concatenated TLVs of DF21..DF27, DF29, DF2A
    signed = b"".join(bytes.fromhex(f"{tag:04X}") + _length(len(objects[tag])) + objects[tag]
                      for tag in (0xDF21, 0xDF22, 0xDF23, 0xDF24, 0xDF25, 0xDF26, 0xDF27, 0xDF29, 0xDF2A))
    public_key.verify(objects[0xDF28], signed, padding.PKCS1v15(), hashes.SHA256())


def _length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    size = (n.bit_length() + 7) // 8
    return bytes([0x80 | size]) + n.to_bytes(size, "big")


def test_text_ap_gives_my_number_and_attributes_after_its_pin(card: VirtualCard) -> None:
    persona = get_persona("normal")
    card.transmit(select_ap(Aid.TEXT))
    card.transmit(select_ef(0x0001))
    assert sw(card.transmit(apdu("00 B0 00 00 00"))) == StatusWord.SECURITY_STATUS_NOT_SATISFIED
    card.transmit(select_ef(0x0011))
    assert sw(card.transmit(apdu("00 20 00 80"))) == 0x63C3
    assert card.transmit(verify(persona.text_pin)) == b"\x90\x00"
    card.transmit(select_ef(0x0001))
    my_number = card.transmit(apdu("00 B0 00 00 00"))[:-2]
    assert len(my_number) == 15 and my_number[3:] == persona.my_number.encode()
    card.transmit(select_ef(0x0002))
    [(tag, body, _)] = parse_tlvs(read_extended(card))
    attributes = {t: v for t, v, _ in parse_tlvs(body)}
    assert tag == 0xFF20
    assert attributes[0xDF22].decode() == persona.name
    assert attributes[0xDF23].decode() == persona.address
    assert attributes[0xDF24] == f"{persona.birth_date:%Y%m%d}".encode()
    assert attributes[0xDF25] == b"1"
    card.transmit(select_ef(0x0003))
    assert sw(card.transmit(apdu("00 B0 00 00 00"))) == StatusWord.OK


def test_juki_ap_is_selectable(card: VirtualCard) -> None:
    assert card.transmit(select_ap(Aid.JUKI)) == b"\x90\x00"


def test_a_card_that_is_not_a_my_number_card_refuses_every_my_number_aid() -> None:
    card = VirtualCard.for_persona(get_persona("not_mynumber"))
    assert card.atr == FELICA_ATR
    for aid in MY_NUMBER_AIDS:
        assert card.transmit(select_ap(aid)) == b"\x6a\x82"
    assert card.transmit(apdu("00 CA 00 00 00")) == b"\x6d\x00"
