"""Signed answers: the service signs every answer to a POST with its answer key, bound to the request it answers.

A kiosk drops a reception only on a refusal it can prove came from this service (a proxy's or load balancer's error
page, or a refusal made for another request, does not verify). Headers of the answer:

    x-myna-answer-signature:   ECDSA-SHA256 (base64) over answer_message(method, path, request body, status, body)
    x-myna-answer-certificate: the answer certificate (DER, base64) of the service's CA, CN "eligibility answers"
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk.domain.statements import answer_message

SIGNATURE_HEADER = b"x-myna-answer-signature"
CERTIFICATE_HEADER = b"x-myna-answer-certificate"


class AnswerSigner:
    def __init__(self, certificate: Path, key: Path) -> None:
        loaded = serialization.load_pem_private_key(key.read_bytes(), password=None)
        if not isinstance(loaded, ec.EllipticCurvePrivateKey):
            raise TypeError("the answer key must be an EC key")
        self._key = loaded
        der = x509.load_pem_x509_certificate(certificate.read_bytes()).public_bytes(serialization.Encoding.DER)
        self.certificate_b64 = base64.b64encode(der)

    def sign(self, message: bytes) -> bytes:
        return base64.b64encode(self._key.sign(message, ec.ECDSA(hashes.SHA256())))


class SignedAnswers:
    """ASGI middleware: buffers the answer to each POST and adds the signature headers (answers here are small)."""

    def __init__(self, app: ASGIApp, signer: AnswerSigner) -> None:
        self.app = app
        self.signer = signer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        request_body = hashlib.sha256()

        async def receiving() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                request_body.update(message.get("body", b""))
            return message

        start: Message | None = None
        chunks: list[bytes] = []

        async def sending(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(chunks)
            signed = answer_message(scope["method"], scope["path"], request_body.digest(), int(start["status"]), body)
            headers = [*start.get("headers", []), (SIGNATURE_HEADER, self.signer.sign(signed)),
                       (CERTIFICATE_HEADER, self.signer.certificate_b64)]
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receiving, sending)
