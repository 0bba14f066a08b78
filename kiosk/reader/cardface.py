"""The card-face AP session (券面AP): unlock with 照合番号B, read FF20, check the issuer signature DF28."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from typing import Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from kiosk.domain import Sex

from .apdu import Aid, ApduChannel
from .errors import BadResponseError, SecretReference
from .jpki import query_tries, select_or_not_my_number, verify_secret
from .tlv import parse_header, parse_tlvs, read_tlv_object
from .transport import CardConnection

COLLATION_NUMBER_B_LENGTH = 14
COLLATION_MAX_TRIES = 10  # unknown on the real card; docs/card-interface.md's default


class CardFaceFile(IntEnum):
    CARD_FACE = 0x0002
    BIRTH_DATE_REFERENCE = 0x0011
    COLLATION_NUMBER_B = 0x0012
    COLLATION_NUMBER_A = 0x0013


class CardFaceTag(IntEnum):
    CONTAINER = 0xFF20
    OFFSETS = 0xDF21
    BIRTH_DATE = 0xDF22
    SEX = 0xDF23
    PUBLIC_KEY = 0xDF24
    NAME_IMAGE = 0xDF25
    ADDRESS_IMAGE = 0xDF26
    FACE_PHOTO = 0xDF27
    ISSUER_SIGNATURE = 0xDF28
    EXPIRY_DATE = 0xDF29
    SECURITY_CODE_IMAGE = 0xDF2A


#: The objects DF28 signs, in this order, as complete TLVs (see hardware_sim's card_face_signed_data).
SIGNED_TAGS = (
    CardFaceTag.OFFSETS, CardFaceTag.BIRTH_DATE, CardFaceTag.SEX, CardFaceTag.PUBLIC_KEY, CardFaceTag.NAME_IMAGE,
    CardFaceTag.ADDRESS_IMAGE, CardFaceTag.FACE_PHOTO, CardFaceTag.EXPIRY_DATE, CardFaceTag.SECURITY_CODE_IMAGE,
)


@dataclass(frozen=True)
class PrintedCardFace:
    """What is printed on the card's surface, as a card-surface scanner reads it."""

    birth_date: date
    card_expiry: date
    security_code: str

    @property
    def collation_number_b(self) -> str:
        """照合番号B: birth date YYMMDD + card expiry year YYYY + the 4-digit security code."""
        return f"{self.birth_date:%y%m%d}{self.card_expiry.year:04d}{self.security_code}"


class CardSurfaceScanner(Protocol):
    """The reader's camera over the printed card face (real readers OCR it; the simulator knows it)."""

    def scan(self) -> PrintedCardFace: ...


class FixedCardSurface:
    """A scanner that 'reads' given printed data: the simulator's stand-in for OCR."""

    def __init__(self, printed: PrintedCardFace) -> None:
        self._printed = printed

    def scan(self) -> PrintedCardFace:
        return self._printed


def _parse_date(value: bytes, what: str) -> date:
    try:
        if len(value) != 8:
            raise ValueError("not 8 characters")
        text = value.decode("ascii")
        return date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadResponseError(f"{what} is not an ASCII YYYYMMDD date") from exc


@dataclass(frozen=True)
class CardFace:
    """The decoded 券面AP EF 0002."""

    birth_date: date
    sex: Sex
    card_expiry: date
    face_photo: bytes  # JPEG 2000, monochrome
    name_image: bytes  # PNG
    address_image: bytes  # PNG
    issuer_public_key_der: bytes  # as stored on the card: do not trust it, check against your own copy
    issuer_signature: bytes
    signed_data: bytes

    def __repr__(self) -> str:  # keep personal data and images out of logs and tracebacks
        return f"CardFace(<{len(self.face_photo)}-byte photo>)"

    def verify_issuer_signature(self, issuer_public_key: rsa.RSAPublicKey) -> bool:
        """True when DF28 is the issuer's RSASSA-PKCS1-v1_5/SHA-256 signature over the card-face data."""
        try:
            issuer_public_key.verify(self.issuer_signature, self.signed_data, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            return False
        return True


def parse_card_face(data: bytes) -> CardFace:
    """Decode FF20 { DF21..DF2A }; BadResponseError on anything malformed or missing."""
    header = parse_header(data)
    if header.tag != CardFaceTag.CONTAINER or header.total_length != len(data):
        raise BadResponseError(f"card-face EF starts with tag {header.tag:X}, expected FF20")
    objects = {item.tag: item for item in parse_tlvs(data[header.header_length:])}
    missing = [f"{tag:X}" for tag in CardFaceTag if tag != CardFaceTag.CONTAINER and tag not in objects]
    if missing:
        raise BadResponseError(f"card-face data lacks {', '.join(missing)}")
    try:
        sex = Sex(int(objects[CardFaceTag.SEX].value.decode("ascii")))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadResponseError("card-face sex is not an ISO 5218 digit") from exc
    return CardFace(
        birth_date=_parse_date(objects[CardFaceTag.BIRTH_DATE].value, "birth date"),
        sex=sex,
        card_expiry=_parse_date(objects[CardFaceTag.EXPIRY_DATE].value, "card expiry"),
        face_photo=objects[CardFaceTag.FACE_PHOTO].value,
        name_image=objects[CardFaceTag.NAME_IMAGE].value,
        address_image=objects[CardFaceTag.ADDRESS_IMAGE].value,
        issuer_public_key_der=objects[CardFaceTag.PUBLIC_KEY].value,
        issuer_signature=objects[CardFaceTag.ISSUER_SIGNATURE].value,
        signed_data=b"".join(objects[tag].encoded for tag in SIGNED_TAGS),
    )


class CardFaceSession:
    """An open card-face AP. The constructor selects it; NotMyNumberCardError when the card has none."""

    def __init__(self, connection: CardConnection | ApduChannel) -> None:
        self.channel = connection if isinstance(connection, ApduChannel) else ApduChannel(connection)
        select_or_not_my_number(self.channel, Aid.CARD_FACE.value)

    def collation_tries_left(self) -> int:
        self.channel.select_file(CardFaceFile.COLLATION_NUMBER_B)
        return query_tries(self.channel, COLLATION_MAX_TRIES)

    def verify_collation_number_b(self, number: str) -> None:
        """VERIFY 照合番号B (14 digits).

        Raises:
            ValueError: not 14 ASCII digits (nothing sent).
            PinBlockedError / WrongPinError: with reference COLLATION_NUMBER_B.
        """
        if len(number) != COLLATION_NUMBER_B_LENGTH or not number.isascii() or not number.isdigit():
            raise ValueError("照合番号B is 14 digits")
        self.channel.select_file(CardFaceFile.COLLATION_NUMBER_B)
        verify_secret(self.channel, number.encode("ascii"), SecretReference.COLLATION_NUMBER_B, COLLATION_MAX_TRIES)

    def read_card_face(self) -> CardFace:
        """Read and decode EF 0002 (needs verify_collation_number_b() first)."""
        self.channel.select_file(CardFaceFile.CARD_FACE)
        return parse_card_face(read_tlv_object(self.channel, quiet=True))


def unlock_and_read_card_face(session: CardFaceSession, scanner: CardSurfaceScanner) -> CardFace:
    """What a face-auth reader does: scan the printed face, derive 照合番号B, unlock and read the chip's face."""
    session.verify_collation_number_b(scanner.scan().collation_number_b)
    return session.read_card_face()

