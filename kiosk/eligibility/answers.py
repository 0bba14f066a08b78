"""Telling the backend's own answers from anything else on the way (proxies, load balancers, a confused server).

The backend signs each answer to a POST with its answer key, bound to the request it answers (see
`kiosk.domain.statements.answer_message`); its certificate is issued by the backend CA the kiosk pins, with the
common name `eligibility answers`. Only an answer that verifies may make the kiosk drop a reception.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from pathlib import Path

import httpx
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from kiosk.domain.statements import answer_message

ANSWER_SIGNER_NAME = "eligibility answers"
SIGNATURE_HEADER = "x-myna-answer-signature"
CERTIFICATE_HEADER = "x-myna-answer-certificate"


class AnswerVerifier:
    """Checks answer signatures against the pinned backend CA (the answer certificate is cached once verified)."""

    def __init__(self, ca_pem: Path) -> None:
        self._ca = x509.load_pem_x509_certificate(ca_pem.read_bytes())
        self._keys: dict[bytes, ec.EllipticCurvePublicKey] = {}

    def _key(self, certificate_der: bytes) -> ec.EllipticCurvePublicKey | None:
        known = self._keys.get(certificate_der)
        if known is not None:
            return known
        try:
            certificate = x509.load_der_x509_certificate(certificate_der)
            certificate.verify_directly_issued_by(self._ca)
            key = certificate.public_key()
        except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
            return None
        names = [str(a.value) for a in certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
        units = certificate.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)
        if names != [ANSWER_SIGNER_NAME] or units or not isinstance(key, ec.EllipticCurvePublicKey):
            return None  # e.g. a kiosk certificate of the same CA: kiosks do not speak for the backend
        if len(self._keys) < 16:
            self._keys[certificate_der] = key
        return key

    def authentic(self, response: httpx.Response) -> bool:
        """Whether the backend itself made this answer to this very request."""
        try:
            signature = base64.b64decode(response.headers.get(SIGNATURE_HEADER, ""), validate=True)
            certificate = base64.b64decode(response.headers.get(CERTIFICATE_HEADER, ""), validate=True)
        except (binascii.Error, ValueError):
            return False
        key = self._key(certificate) if signature and certificate else None
        if key is None:
            return False
        request = response.request
        message = answer_message(request.method, request.url.path, hashlib.sha256(request.content).digest(),
                                 response.status_code, response.content)
        try:
            key.verify(signature, message, ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            return False
        return True
