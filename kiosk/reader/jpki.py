"""The JPKI AP session (公的個人認証): token, user-auth certificate and its CA, PIN, signing."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum, IntEnum

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm

from kiosk.domain.pin import USER_AUTH_PIN_TRIES, is_well_formed_pin

from .apdu import Aid, ApduChannel, Command, Instruction, StatusWord
from .errors import (
    ApduError,
    BadResponseError,
    NotMyNumberCardError,
    PinBlockedError,
    PinNotVerifiedError,
    SecretReference,
    WrongPinError,
)
from .reader_auth import ReaderCredential, authenticate_reader
from .tlv import read_tlv_object
from .transport import CardConnection

TOKEN_PREFIX = b"JPKIAPICCTOKEN"
TOKEN_LENGTH = 32
SIGNATURE_LENGTH = 256
#: DER prefix of a SHA-256 DigestInfo (RFC 8017, 9.2 note 1).
SHA256_DIGEST_INFO_PREFIX = bytes.fromhex("3031300D060960864801650304020105000420")


class JpkiFile(IntEnum):
    TOKEN = 0x0006
    AUTH_CERTIFICATE = 0x000A
    AUTH_CA_CERTIFICATE = 0x000B
    AUTH_KEY = 0x0017
    AUTH_PIN = 0x0018


#: SELECT answers that say "no such application here": the card is something other than a My Number card.
NO_SUCH_APPLICATION = frozenset({StatusWord.FILE_NOT_FOUND, StatusWord.FUNCTION_NOT_SUPPORTED,
                                 StatusWord.INS_NOT_SUPPORTED, StatusWord.CLA_NOT_SUPPORTED})


def select_or_not_my_number(channel: ApduChannel, aid: bytes) -> None:
    """SELECT an AP.

    Raises:
        NotMyNumberCardError: the card has no such application (6A82, or 6A81/6D00/6E00 from a card that does not
            even speak the command): not a My Number card.
        ApduError: any other refusal (e.g. 6F00, 6581): a My Number card that failed this time, to be read again,
            not a patient told their card is the wrong one.
    """
    _, sw = channel.select_application(aid)
    if sw in NO_SUCH_APPLICATION:
        raise NotMyNumberCardError(sw)
    if sw != StatusWord.OK:
        raise ApduError(sw, "SELECT application")


def tries_from_status(sw: int, max_tries: int = 15) -> int | None:
    """Tries left from a VERIFY status word (63Cx clamped to `max_tries`, 6983/6984 → 0); None for anything else."""
    if StatusWord.family(sw) == StatusWord.VERIFY_FAILED:
        return min(sw & 0x0F, max_tries)
    if sw in (StatusWord.AUTHENTICATION_METHOD_BLOCKED, StatusWord.REFERENCE_DATA_NOT_USABLE):
        return 0
    return None


def query_tries(channel: ApduChannel, max_tries: int) -> int:
    """The empty VERIFY against the selected PIN EF (9000: already verified, so the counter is full)."""
    _, sw = channel.transceive(Command(0x00, Instruction.VERIFY, 0x00, 0x80))
    if sw == StatusWord.OK:
        return max_tries
    tries = tries_from_status(sw, max_tries)
    if tries is None:
        raise BadResponseError(f"retry-counter query answered {sw:04X}")
    return tries


def verify_secret(channel: ApduChannel, secret: bytes, reference: SecretReference, max_tries: int,
                  before_send: Callable[[], None] | None = None) -> None:
    """Query the counter, then VERIFY only if the secret is not blocked (`before_send` is told just before)."""
    if query_tries(channel, max_tries) == 0:
        raise PinBlockedError(reference)
    if before_send is not None:
        before_send()
    _, sw = channel.transceive(Command(0x00, Instruction.VERIFY, 0x00, 0x80, secret))
    if sw == StatusWord.OK:
        return
    tries = tries_from_status(sw, max_tries - 1)  # a wrong secret spent a try: never more than max - 1 left
    if tries is None:
        raise BadResponseError(f"VERIFY answered {sw:04X}")
    if tries == 0:
        raise PinBlockedError(reference)
    raise WrongPinError(tries, reference)


class JpkiSession:
    """An open JPKI AP. The constructor selects it; NotMyNumberCardError when the card has none."""

    def __init__(self, connection: CardConnection | ApduChannel) -> None:
        self.channel = connection if isinstance(connection, ApduChannel) else ApduChannel(connection)
        select_or_not_my_number(self.channel, Aid.JPKI.value)

    def _read_file(self, fid: JpkiFile) -> bytes:
        try:
            self.channel.select_file(fid)
        except ApduError as exc:
            raise BadResponseError(f"JPKI EF {fid:04X} cannot be selected ({exc.status_word:04X})") from exc
        return read_tlv_object(self.channel)

    def read_token(self) -> str:
        """The 32-byte token of EF 0006 (e.g. `JPKIAPICCTOKEN2`), checked and with padding stripped."""
        self.channel.select_file(JpkiFile.TOKEN)
        data, sw = self.channel.read_binary(0, TOKEN_LENGTH)
        if sw != StatusWord.OK or len(data) != TOKEN_LENGTH:
            raise BadResponseError(f"token read returned {len(data)} bytes, status {sw:04X}")
        if not data.startswith(TOKEN_PREFIX):
            raise NotMyNumberCardError(StatusWord.OK)
        try:
            return data.rstrip(b" \x00").decode("ascii")
        except UnicodeDecodeError as exc:
            raise BadResponseError("token is not ASCII") from exc

    def read_auth_certificate_der(self) -> bytes:
        return self._read_file(JpkiFile.AUTH_CERTIFICATE)

    def read_auth_ca_certificate_der(self) -> bytes:
        return self._read_file(JpkiFile.AUTH_CA_CERTIFICATE)

    def read_auth_certificate(self) -> x509.Certificate:
        """利用者証明用電子証明書 (EF 000A)."""
        return parse_certificate(self.read_auth_certificate_der(), "user-auth certificate")

    def read_auth_ca_certificate(self) -> x509.Certificate:
        """The CA certificate of the user-auth certificate (EF 000B)."""
        return parse_certificate(self.read_auth_ca_certificate_der(), "user-auth CA certificate")

    def pin_tries_left(self) -> int:
        """Tries left on the user-auth PIN (0: blocked); sends no PIN."""
        self.channel.select_file(JpkiFile.AUTH_PIN)
        return query_tries(self.channel, USER_AUTH_PIN_TRIES)

    def verify_pin(self, pin: str, before_send: Callable[[], None] | None = None) -> None:
        """VERIFY the 4-digit user-auth PIN (`before_send` is called just before the VERIFY carrying it leaves).

        Raises:
            ValueError: not 4 ASCII digits (nothing sent).
            PinBlockedError: the card reports 0 tries left (the PIN is not sent).
            WrongPinError: wrong PIN; carries tries_left.
        """
        if not is_well_formed_pin(pin):
            raise ValueError("the user-auth PIN is 4 digits")
        self.channel.select_file(JpkiFile.AUTH_PIN)
        verify_secret(self.channel, pin.encode("ascii"), SecretReference.USER_AUTH_PIN, USER_AUTH_PIN_TRIES,
                      before_send)

    def authenticate_reader(self, credential: ReaderCredential) -> None:
        """The certified-reader authentication: afterwards sign() works without a PIN, until the AP is selected
        again (see kiosk.reader.reader_auth)."""
        authenticate_reader(self.channel, credential)

    def sign(self, digest_info: bytes) -> bytes:
        """RSA PKCS#1 v1.5 signature by the user-auth key over a DigestInfo; needs verify_pin() or
        authenticate_reader() first."""
        self.channel.select_file(JpkiFile.AUTH_KEY)
        command = Command(0x80, Instruction.COMPUTE_DIGITAL_SIGNATURE, 0x00, 0x80, digest_info, le=256)
        data, sw = self.channel.transceive(command)
        if sw == StatusWord.SECURITY_STATUS_NOT_SATISFIED:
            raise PinNotVerifiedError("the user-auth PIN must be verified before signing")
        if sw != StatusWord.OK:
            raise ApduError(sw, command.describe())
        if len(data) != SIGNATURE_LENGTH:
            raise BadResponseError(f"signature is {len(data)} bytes, expected {SIGNATURE_LENGTH}")
        return data

    def sign_sha256(self, message: bytes) -> bytes:
        """sign() over the SHA-256 DigestInfo of `message` (what PKCS#11 CKM_SHA256_RSA_PKCS sends)."""
        return self.sign(SHA256_DIGEST_INFO_PREFIX + hashlib.sha256(message).digest())


def parse_certificate(der: bytes, what: str) -> x509.Certificate:
    """A certificate whose parts the kiosk uses all parse now (cryptography parses some lazily, later)."""
    try:
        certificate = x509.load_der_x509_certificate(der)
        certificate.subject.rfc4514_string()
        certificate.issuer.rfc4514_string()
        _ = (certificate.not_valid_before_utc, certificate.not_valid_after_utc, certificate.serial_number)
        certificate.public_key()
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise BadResponseError(f"{what} is not valid DER") from exc
    return certificate


class ChainStatus(Enum):
    """How the user-auth certificate stands against its CA."""

    VERIFIED = "verified"  # signed by the CA, and the CA is the trusted one (when a trust anchor was given)
    ISSUER_MISMATCH = "issuer_mismatch"  # the certificate names another issuer
    BAD_SIGNATURE = "bad_signature"  # the CA's key did not sign it
    UNTRUSTED_CA = "untrusted_ca"  # the card's CA is not the kiosk's trust anchor


@dataclass(frozen=True)
class ChainCheck:
    status: ChainStatus
    detail: str = ""
    anchored: bool = False  # the card's CA was compared with the kiosk's trust anchor

    @property
    def ok(self) -> bool:
        return self.status is ChainStatus.VERIFIED


def check_auth_certificate(
    certificate: x509.Certificate, card_ca: x509.Certificate,
    trusted_ca: x509.Certificate | Sequence[x509.Certificate] | None = None,
) -> ChainCheck:
    """Check the user-auth certificate's signature against the CA read from the card.

    With `trusted_ca` (the kiosk's configured JPKI anchors: one, or every root generation) the card's CA is only
    trusted if it is one of them, and the user-auth certificate must have been issued inside that generation's
    validity. Validity dates of the user-auth certificate itself are judged by `kiosk.domain.certificate_status`.
    """
    anchors = [trusted_ca] if isinstance(trusted_ca, x509.Certificate) else list(trusted_ca or ())
    if trusted_ca is not None and card_ca not in anchors:
        return ChainCheck(ChainStatus.UNTRUSTED_CA, f"card CA {card_ca.subject.rfc4514_string()} is not trusted")
    if trusted_ca is not None and not (
            card_ca.not_valid_before_utc <= certificate.not_valid_before_utc <= card_ca.not_valid_after_utc):
        return ChainCheck(ChainStatus.UNTRUSTED_CA, "issued outside the validity of its root generation")
    try:
        certificate.verify_directly_issued_by(card_ca)
    except ValueError as exc:
        return ChainCheck(ChainStatus.ISSUER_MISMATCH, str(exc))
    except (InvalidSignature, TypeError) as exc:
        return ChainCheck(ChainStatus.BAD_SIGNATURE, str(exc) or type(exc).__name__)
    return ChainCheck(ChainStatus.VERIFIED, anchored=trusted_ca is not None)
