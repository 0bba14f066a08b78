"""What a persona's card holds: the applications and their files, built from the persona's data."""

from __future__ import annotations

import hashlib
from datetime import date

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from hardware_sim.personas import Persona
from hardware_sim.personas.photos import card_photo_jp2
from hardware_sim.personas.pki import (
    auth_ca_certificate,
    card_face_issuer_key,
    load_key,
    sign_ca_certificate,
    signature_certificate,
    user_auth_certificate,
)
from kiosk.domain.card_interface import Aid
from kiosk.domain.pin import USER_AUTH_PIN_TRIES, is_well_formed_pin

from .files import Application, BinaryFile, KeyFile, PinFile, digits, signature_password
from .images import text_png
from .tlv import encode_length, tlv

TOKEN = b"JPKIAPICCTOKEN2".ljust(32, b" ")
SIGNATURE_PASSWORD_TRIES = 5
TEXT_PIN_TRIES = 3
COLLATION_TRIES = 10  # unknown on the real card; docs/card-interface.md says use 10

CARD_FACE_SIGNED_TAGS = (0xDF21, 0xDF22, 0xDF23, 0xDF24, 0xDF25, 0xDF26, 0xDF27, 0xDF29, 0xDF2A)
_CARD_FACE_ORDER = (0xDF22, 0xDF23, 0xDF24, 0xDF25, 0xDF26, 0xDF27, 0xDF28, 0xDF29, 0xDF2A)


def _ymd(day: date) -> bytes:
    return f"{day:%Y%m%d}".encode("ascii")


def _offsets(objects: dict[int, bytes], order: tuple[int, ...]) -> bytes:
    """DF21's value: each object's 2-byte big-endian offset (of its tag) from the start of the EF."""
    df21_size = len(tlv(0xDF21, bytes(2 * len(order))))
    body_len = df21_size + sum(len(tlv(tag, objects[tag])) for tag in order)
    position = 2 + len(encode_length(body_len)) + df21_size
    offsets = bytearray()
    for tag in order:
        offsets += position.to_bytes(2, "big")
        position += len(tlv(tag, objects[tag]))
    return bytes(offsets)


def _assemble(objects: dict[int, bytes], order: tuple[int, ...]) -> bytes:
    """FF20 { DF21 offsets, objects in `order` }."""
    return tlv(0xFF20, tlv(0xDF21, objects[0xDF21]) + b"".join(tlv(tag, objects[tag]) for tag in order))


def card_face_signed_data(objects: dict[int, bytes]) -> bytes:
    """The bytes DF28 signs: the complete TLVs (tag, length, value) of DF21..DF27, DF29, DF2A, concatenated.

    DF28 = RSASSA-PKCS1-v1_5 / SHA-256 over these bytes with the card-face issuer key
    (`hardware_sim.personas.pki.card_face_issuer_key()`); DF21 is included exactly as stored in the EF.
    """
    return b"".join(tlv(tag, objects[tag]) for tag in CARD_FACE_SIGNED_TAGS)


def card_face_ef(persona: Persona) -> bytes:
    """券面AP EF 0002: FF20 { DF21 offsets, DF22 birth date, DF23 sex, DF24 issuer public key, DF25 name PNG,
    DF26 address PNG, DF27 face photo (JPEG 2000, grey), DF28 issuer signature, DF29 expiry, DF2A security-code PNG }.

    Dates are ASCII YYYYMMDD, sex one ASCII ISO 5218 digit. DF24 is the issuer's SubjectPublicKeyInfo (DER); a host
    must check DF28 against its own trusted copy of that key, not the one read from the card.
    """
    issuer = card_face_issuer_key()
    photo = card_photo_jp2(persona.card_photo_path) if persona.card_photo_path else b""
    objects: dict[int, bytes] = {
        0xDF22: _ymd(persona.birth_date),
        0xDF23: str(int(persona.sex)).encode("ascii"),
        0xDF24: issuer.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
        0xDF25: text_png(persona.name),
        0xDF26: text_png(persona.address),
        0xDF27: photo,
        0xDF28: bytes(issuer.key_size // 8),  # placeholder of the signature's size, so DF21 offsets are final
        0xDF29: _ymd(persona.card_expiry),
        0xDF2A: text_png(persona.security_code),
    }
    objects[0xDF21] = _offsets(objects, _CARD_FACE_ORDER)
    objects[0xDF28] = issuer.sign(card_face_signed_data(objects), padding.PKCS1v15(), hashes.SHA256())
    return _assemble(objects, _CARD_FACE_ORDER)


def _text_ap_files(persona: Persona) -> tuple[bytes, bytes, bytes]:
    """EF 0001 (My Number), EF 0002 (FF20 text attributes), EF 0003 (issuer hashes and signature)."""
    my_number = tlv(0xDF10, persona.my_number.encode("ascii"))
    attributes: dict[int, bytes] = {
        0xDF22: persona.name.encode("utf-8"),
        0xDF23: persona.address.encode("utf-8"),
        0xDF24: _ymd(persona.birth_date),
        0xDF25: str(int(persona.sex)).encode("ascii"),
    }
    order = (0xDF22, 0xDF23, 0xDF24, 0xDF25)
    attributes[0xDF21] = _offsets(attributes, order)
    text = _assemble(attributes, order)
    hashes_part = tlv(0xDF31, hashlib.sha256(my_number).digest()) + tlv(0xDF32, hashlib.sha256(text).digest())
    signature = card_face_issuer_key().sign(hashes_part, padding.PKCS1v15(), hashes.SHA256())
    return my_number, text, tlv(0xFF30, hashes_part + tlv(0xDF33, signature))


def build_applications(persona: Persona) -> list[Application]:
    """The applications of the persona's card (none for a card that is not a My Number card)."""
    if not persona.is_my_number_card:
        return []
    der = serialization.Encoding.DER
    jpki = Application(Aid.JPKI).add(
        BinaryFile(0x0006, TOKEN),
        BinaryFile(0x000A, user_auth_certificate(persona).public_bytes(der)),
        BinaryFile(0x000B, auth_ca_certificate().public_bytes(der)),
        KeyFile(0x0017, load_key(f"{persona.key}-auth"), use_requires=0x0018, certified_reader=True),
        PinFile(0x0018, persona.pin, USER_AUTH_PIN_TRIES, persona.pin_tries_left, is_well_formed_pin),
        BinaryFile(0x0001, signature_certificate(persona).public_bytes(der), read_requires=frozenset({0x001B})),
        BinaryFile(0x0002, sign_ca_certificate().public_bytes(der)),
        KeyFile(0x001A, load_key(f"{persona.key}-sign"), use_requires=0x001B),
        PinFile(0x001B, persona.signature_password, SIGNATURE_PASSWORD_TRIES, SIGNATURE_PASSWORD_TRIES,
                signature_password),
    )
    collation_a = persona.my_number
    collation_b = persona.card_face_print.collation_number_b
    card_face = Application(Aid.CARD_FACE).add(
        PinFile(0x0011, f"{persona.birth_date:%y%m%d}", COLLATION_TRIES, COLLATION_TRIES, digits(6)),
        PinFile(0x0012, collation_b, COLLATION_TRIES, COLLATION_TRIES, digits(14)),
        PinFile(0x0013, collation_a, COLLATION_TRIES, COLLATION_TRIES, digits(12)),
        BinaryFile(0x0002, card_face_ef(persona), read_requires=frozenset({0x0012, 0x0013})),
    )
    my_number_ef, text_ef, signature_ef = _text_ap_files(persona)
    text_unlock = frozenset({0x0011, 0x0014, 0x0015})
    text = Application(Aid.TEXT).add(
        PinFile(0x0011, persona.text_pin, TEXT_PIN_TRIES, TEXT_PIN_TRIES, digits(4)),
        PinFile(0x0014, collation_a, COLLATION_TRIES, COLLATION_TRIES, digits(12)),
        PinFile(0x0015, collation_b, COLLATION_TRIES, COLLATION_TRIES, digits(14)),
        BinaryFile(0x0001, my_number_ef, read_requires=text_unlock),
        BinaryFile(0x0002, text_ef, read_requires=text_unlock),
        BinaryFile(0x0003, signature_ef, read_requires=text_unlock),
    )
    return [jpki, card_face, text, Application(Aid.JUKI)]
