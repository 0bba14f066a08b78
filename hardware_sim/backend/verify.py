"""Certificate and signature checks, with the parsed CA, CRL and recently seen certificates cached."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TypeVar

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from .errors import ApiError, ErrorCode
from .tls_pki import kiosk_facility

_CACHE_LIMIT = 4096
T = TypeVar("T")


@dataclass(frozen=True)
class UserCertificate:
    """A parsed user-auth certificate; `trusted` is False when it does not chain to the JPKI CA."""

    serial: int
    certificate: x509.Certificate
    public_key: rsa.RSAPublicKey | None
    trusted: bool
    sha256: str


@dataclass(frozen=True)
class KioskCertificate:
    kiosk_id: str
    facility_code: str
    public_key: ec.EllipticCurvePublicKey


class Verifier:
    """Trusts one JPKI user-auth CA (with its CRL) for cards and one test CA for kiosks."""

    def __init__(self, jpki_ca: x509.Certificate, crl_der: bytes, kiosk_ca: x509.Certificate) -> None:
        self._jpki_ca = jpki_ca
        self._kiosk_ca = kiosk_ca
        crl = x509.load_der_x509_crl(crl_der)
        ca_key = jpki_ca.public_key()
        if crl.issuer != jpki_ca.subject or not isinstance(ca_key, rsa.RSAPublicKey) \
                or not crl.is_signature_valid(ca_key):
            raise ValueError("the CRL is not signed by the JPKI CA")
        self.crl_der = crl_der
        self._revoked = frozenset(entry.serial_number for entry in crl)
        self._users: dict[bytes, UserCertificate] = {}
        self._kiosks: dict[bytes, KioskCertificate] = {}

    def user_certificate(self, der: bytes) -> UserCertificate:
        """Parse and chain-check a user-auth certificate.

        Raises:
            ApiError: INVALID_CERTIFICATE when the bytes are not a DER certificate.
        """
        cached = self._users.get(der)
        if cached is not None:
            return cached
        try:
            cert = x509.load_der_x509_certificate(der)
            serial = cert.serial_number
            key = cert.public_key()  # parsed lazily: an unknown key algorithm only shows here
        except (ValueError, UnsupportedAlgorithm) as error:
            raise ApiError(ErrorCode.INVALID_CERTIFICATE, "user-auth certificate") from error
        trusted = isinstance(key, rsa.RSAPublicKey) and self._issued_by(cert, self._jpki_ca)
        parsed = UserCertificate(serial, cert, key if isinstance(key, rsa.RSAPublicKey) else None, trusted,
                                 hashlib.sha256(der).hexdigest())
        self._remember(self._users, der, parsed)
        return parsed

    def is_revoked(self, serial: int) -> bool:
        return serial in self._revoked

    @staticmethod
    def card_signature_valid(key: rsa.RSAPublicKey, signature: bytes, message: bytes) -> bool:
        """SHA256-RSA-PKCS1v1.5, as the card makes it with its user-auth key."""
        try:
            key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
        except (InvalidSignature, ValueError):
            return False
        return True

    def kiosk_identity(self, der: bytes) -> KioskCertificate:
        """The kiosk a certificate names, with the facility it is bound to.

        Raises:
            ApiError: INVALID_CERTIFICATE for bytes that are not DER, ATTESTATION_INVALID for a certificate not
                issued by the kiosk CA or bound to no facility.
        """
        kiosk = self._kiosks.get(der)
        if kiosk is not None:
            return kiosk
        try:
            cert = x509.load_der_x509_certificate(der)
            names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
            key = cert.public_key()
        except (ValueError, UnsupportedAlgorithm) as error:
            raise ApiError(ErrorCode.INVALID_CERTIFICATE, "kiosk certificate") from error
        facility = kiosk_facility(cert)
        if not isinstance(key, ec.EllipticCurvePublicKey) or not self._issued_by(cert, self._kiosk_ca) \
                or facility is None:
            raise ApiError(ErrorCode.ATTESTATION_INVALID, "not a kiosk certificate of the kiosk CA bound to a facility")
        kiosk = KioskCertificate(str(names[0].value) if names else "?", facility, key)
        self._remember(self._kiosks, der, kiosk)
        return kiosk

    def kiosk(self, der: bytes, signature: bytes, message: bytes) -> KioskCertificate:
        """The kiosk whose client key signed `message`.

        Raises:
            ApiError: INVALID_CERTIFICATE for bytes that are not DER, ATTESTATION_INVALID for an untrusted
                kiosk certificate or a signature that does not verify.
        """
        kiosk = self.kiosk_identity(der)
        try:
            kiosk.public_key.verify(signature, message, ec.ECDSA(hashes.SHA256()))
        except (InvalidSignature, ValueError) as error:
            raise ApiError(ErrorCode.ATTESTATION_INVALID, "kiosk signature") from error
        return kiosk

    @staticmethod
    def _issued_by(cert: x509.Certificate, ca: x509.Certificate) -> bool:
        try:
            cert.verify_directly_issued_by(ca)
        except (ValueError, TypeError, InvalidSignature):
            return False
        return True

    @staticmethod
    def _remember(cache: dict[bytes, T], key: bytes, value: T) -> None:
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        cache[key] = value
