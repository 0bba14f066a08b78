"""What the kiosk reads from a card the moment it is presented."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from cryptography import x509

from .apdu import ApduChannel
from .card_counts import card_key
from .jpki import ChainCheck, JpkiSession, check_auth_certificate
from .transport import CardConnection


@dataclass(frozen=True)
class CardReading:
    """The card-present read: token, user-auth certificate checked against its CA, PIN tries left."""

    atr: bytes
    token: str
    certificate: x509.Certificate
    ca_certificate: x509.Certificate
    chain: ChainCheck
    pin_tries_left: int
    apdu_count: int

    @property
    def subject(self) -> str:
        return self.certificate.subject.rfc4514_string()

    @property
    def issuer(self) -> str:
        return self.certificate.issuer.rfc4514_string()

    @property
    def serial_number(self) -> int:
        return self.certificate.serial_number

    @property
    def card_key(self) -> str:
        """The card's key in the kiosk's per-card counts (PIN VERIFYs, face failures): `card_counts.card_key`."""
        return card_key(self.certificate)

    @property
    def not_before(self) -> date:
        return self.certificate.not_valid_before_utc.date()

    @property
    def not_after(self) -> date:
        return self.certificate.not_valid_after_utc.date()

    @property
    def pin_blocked(self) -> bool:
        return self.pin_tries_left == 0


def read_card(connection: CardConnection,
              trusted_ca: x509.Certificate | Sequence[x509.Certificate] | None = None) -> CardReading:
    """Select JPKI, check the token, read and CA-check the user-auth certificate, count the PIN tries.

    Sends no PIN. `trusted_ca` is the kiosk's JPKI user-auth CA; without it only the signature by the
    card's own CA certificate is checked.

    Raises:
        NotMyNumberCardError, CardRemovedError, BadResponseError (and other ReaderErrors).
    """
    channel = ApduChannel(connection)
    session = JpkiSession(channel)
    token = session.read_token()
    certificate = session.read_auth_certificate()
    ca_certificate = session.read_auth_ca_certificate()
    tries = session.pin_tries_left()
    return CardReading(
        atr=connection.atr,
        token=token,
        certificate=certificate,
        ca_certificate=ca_certificate,
        chain=check_auth_certificate(certificate, ca_certificate, trusted_ca),
        pin_tries_left=tries,
        apdu_count=channel.apdu_count,
    )
