"""What the kiosk trusts when it reads a card: the J-LIS roots, the card-face issuer keys, its reader credential."""

from __future__ import annotations

from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa

from .reader_auth import ReaderCredential


@dataclass(frozen=True)
class TrustAnchors:
    """The kiosk's own copies of every JPKI user-auth root generation, the card-face issuer keys, and its
    certified-reader credential. No roots: only the card's own CA is checked (a simulation without anchors); no
    issuer keys: the card-face signature is never trusted; no credential: presence is proven only with the PIN."""

    jpki_roots: tuple[x509.Certificate, ...] = ()
    card_face_issuers: tuple[rsa.RSAPublicKey, ...] = ()
    reader_credential: ReaderCredential | None = None
