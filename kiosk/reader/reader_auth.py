"""The certified-reader authentication (特定機関認証) from the kiosk's side, and what it proves about a card.

The real mechanism is not public: J-LIS issues certified readers a key pair and the card then lets them use the
user-auth key without a PIN. This is the simulation's model of it (`kiosk.domain.card_interface`); on real hardware
the kiosk needs the credential J-LIS issues and an implementation of the real protocol behind `ReaderCredential`.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from kiosk.domain.card_interface import CARD_NONCE_LENGTH, reader_auth_message

from .apdu import ApduChannel, Command, Instruction, StatusWord
from .errors import ApduError, BadResponseError, ReaderError

POSSESSION_HEADER = b"MYNA-CARD-POSSESSION/1\n"


class ReaderNotCertifiedError(ReaderError):
    """The card refused the kiosk's certified-reader authentication (or the kiosk has no such credential)."""


@dataclass(frozen=True)
class ReaderCredential:
    """The certified-reader certificate (DER) and the signing step of its private key (which may live in an HSM)."""

    certificate_der: bytes
    sign: Callable[[bytes], bytes] = field(repr=False)  # RSASSA-PKCS1-v1_5 / SHA-256

    @classmethod
    def from_key(cls, certificate: x509.Certificate, key: rsa.RSAPrivateKey) -> ReaderCredential:
        from cryptography.hazmat.primitives.serialization import Encoding

        return cls(certificate.public_bytes(Encoding.DER),
                   lambda message: key.sign(message, padding.PKCS1v15(), hashes.SHA256()))


def authenticate_reader(channel: ApduChannel, credential: ReaderCredential) -> None:
    """GET CHALLENGE, then EXTERNAL AUTHENTICATE with the reader certificate and its signature (JPKI AP selected).

    Raises:
        ReaderNotCertifiedError: the card refused it. BadResponseError: a malformed card nonce.
    """
    nonce, sw = channel.transceive(Command(0x00, Instruction.GET_CHALLENGE, 0x00, 0x00, le=CARD_NONCE_LENGTH))
    if sw != StatusWord.OK:
        raise ReaderNotCertifiedError(f"GET CHALLENGE answered {sw:04X}")
    if len(nonce) != CARD_NONCE_LENGTH:
        raise BadResponseError(f"card nonce of {len(nonce)} bytes")
    signature = credential.sign(reader_auth_message(nonce))
    _, sw = channel.transceive(Command(0x00, Instruction.EXTERNAL_AUTHENTICATE, 0x00, 0x00,
                                       credential.certificate_der + signature))
    if sw != StatusWord.OK:
        raise ReaderNotCertifiedError(f"EXTERNAL AUTHENTICATE answered {sw:04X}")


def holds_certified_key(sign_sha256: Callable[[bytes], bytes], certificate: x509.Certificate) -> bool:
    """The PIN-less challenge: the card signs a fresh random message and the certificate's key verifies it.

    A card carrying a copied certificate without its private key (a clone) fails here, before any PIN is sent.
    """
    key = certificate.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        return False
    message = POSSESSION_HEADER + secrets.token_bytes(32)
    try:
        signature = sign_sha256(message)
    except ApduError:
        return False
    try:
        key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError):
        return False
    return True
