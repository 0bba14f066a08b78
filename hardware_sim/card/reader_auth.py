"""The card side of the certified-reader authentication (the simulation's model of 特定機関認証).

GET CHALLENGE gives a fresh 8-byte nonce (single use); EXTERNAL AUTHENTICATE carries the reader's certificate (DER)
followed by its signature over `reader_auth_message(nonce)`. The card accepts a certificate issued by the J-LIS
certified-reader CA it holds; afterwards the user-auth key signs without a PIN until the AP is selected again.
"""

from __future__ import annotations

import secrets

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from kiosk.domain.card_interface import CARD_NONCE_LENGTH, StatusWord, reader_auth_message

from .status import CardStatusError


def _der_length(data: bytes) -> int:
    """The size of the DER object at the start of `data` (tag, length and value)."""
    if len(data) < 2:
        raise CardStatusError(StatusWord.WRONG_DATA)
    first = data[1]
    if first < 0x80:
        return 2 + first
    count = first & 0x7F
    if not 1 <= count <= 3 or len(data) < 2 + count:
        raise CardStatusError(StatusWord.WRONG_DATA)
    return 2 + count + int.from_bytes(data[2:2 + count], "big")


class ReaderAuthentication:
    """The security state the authentication sets; cleared like a verified PIN (AP selection, reset)."""

    def __init__(self, reader_ca: x509.Certificate) -> None:
        self._ca = reader_ca
        self._nonce: bytes | None = None
        self.authenticated = False

    def clear(self) -> None:
        self._nonce = None
        self.authenticated = False

    def challenge(self, expected_length: int) -> bytes:
        if expected_length not in (0, CARD_NONCE_LENGTH, 256):
            raise CardStatusError(StatusWord.WRONG_LENGTH)
        self._nonce = secrets.token_bytes(CARD_NONCE_LENGTH)
        return self._nonce

    def authenticate(self, data: bytes) -> None:
        """Raises CardStatusError: 6985-like refusals are all 6982 here (no nonce, bad certificate or signature)."""
        nonce, self._nonce = self._nonce, None  # single use, whatever happens
        self.authenticated = False
        if nonce is None:
            raise CardStatusError(StatusWord.SECURITY_STATUS_NOT_SATISFIED)
        size = _der_length(data)
        certificate_der, signature = data[:size], data[size:]
        try:
            certificate = x509.load_der_x509_certificate(certificate_der)
            certificate.verify_directly_issued_by(self._ca)
            key = certificate.public_key()
            if not isinstance(key, rsa.RSAPublicKey):
                raise TypeError("not an RSA key")
            key.verify(signature, reader_auth_message(nonce), padding.PKCS1v15(), hashes.SHA256())
        except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
            raise CardStatusError(StatusWord.SECURITY_STATUS_NOT_SATISFIED) from None
        self.authenticated = True
