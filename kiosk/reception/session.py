"""The patient at the reader: what the kiosk holds about their card while the reception lasts, nothing longer.

One `PatientSession` is shared by the services that need it (card, face, check, registration); it is the only
per-patient state they have.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import date

from cryptography.hazmat.primitives.serialization import Encoding

from kiosk.domain import IdentityMethod, Sex
from kiosk.eligibility.models import CardSigner, FaceIdentity, Identity, PinIdentity, StaffIdentity
from kiosk.faceauth import ReferenceFace, VerificationOutcome
from kiosk.reader import (
    BadResponseError,
    CardConnection,
    CardReading,
    CardRemovedError,
    CardSurfaceScanner,
    JpkiSession,
    NoCardError,
    ReaderError,
)
from kiosk.reader.cardface import CardFaceSession, unlock_and_read_card_face
from kiosk.reader.reader_auth import ReaderCredential, ReaderNotCertifiedError
from kiosk.reader.trust_anchors import TrustAnchors

from .photo_codec import PhotoDecodeError, as_png

logger = logging.getLogger(__name__)


@dataclass
class HeldCard:
    """What this kiosk holds about the card on the reader; dropped when the session ends."""

    connection: CardConnection
    reading: CardReading
    jpki: JpkiSession | None = None  # set once the PIN was verified: it signs the check
    photo: bytes | None = field(default=None, repr=False)  # the chip's face photo (as PNG), memory only
    photo_error: ReaderError | None = None  # why the photo could not be read: never tried again on this card
    reference: ReferenceFace | None = None
    card_face_signature_valid: bool = False
    presence: CardSigner | None = field(default=None, repr=False)  # PIN-less signer (certified reader), if any
    face: VerificationOutcome | None = None  # set once the face matched
    card_face_identity: tuple[date, Sex] | None = None  # birth date and sex from the card-face AP, once read


class PatientSession:
    """The current patient's card and identity evidence, and whether their check or registration was called off."""

    def __init__(self) -> None:
        self._card: HeldCard | None = None
        self._submit_cancelled = threading.Event()  # the card left while the check was under way
        self._register_cancelled = threading.Event()

    def new_patient(self) -> None:
        """Forget the last patient, their card and their cancellations, before a card is read."""
        self.end()
        self._submit_cancelled.clear()
        self._register_cancelled.clear()

    def hold(self, connection: CardConnection, reading: CardReading) -> HeldCard:
        """The card just read is this patient's."""
        self._card = HeldCard(connection, reading)
        return self._card

    def end(self) -> None:
        """Forget the card (and close its connection)."""
        card, self._card = self._card, None
        if card is not None:
            card.connection.close()

    @property
    def card(self) -> HeldCard | None:
        return self._card

    def require_card(self) -> HeldCard:
        if self._card is None:
            raise RuntimeError("no card has been read in this session")
        return self._card

    def certificate_der(self) -> bytes:
        return self.require_card().reading.certificate.public_bytes(Encoding.DER)

    def identity(self, method: IdentityMethod, staff_id: str | None = None) -> Identity:
        """The evidence this session holds for `method`.

        Raises:
            RuntimeError: there is none (the flow asked for a method that was not confirmed).
        """
        card = self.require_card()
        if method is IdentityMethod.PIN:
            if card.jpki is None:
                raise RuntimeError("PIN identity without a verified PIN")
            return PinIdentity(sign=card.jpki.sign_sha256)
        if card.presence is None:
            raise RuntimeError("face or staff identity without the card's PIN-less signature (no certified reader)")
        if method is IdentityMethod.FACE:
            if card.face is None or card.face.distance is None:
                raise RuntimeError("face identity without a face match")
            return FaceIdentity(card.face.distance, card.face.liveness.passed, card.card_face_signature_valid,
                                card.presence)
        if staff_id is None:
            raise RuntimeError("staff identity without a staff id")
        return StaffIdentity(staff_id, card.presence)

    def cancel_submit(self) -> None:
        self._submit_cancelled.set()

    def submit_cancelled(self) -> bool:
        return self._submit_cancelled.is_set()

    def cancel_register(self) -> None:
        self._register_cancelled.set()

    def register_cancelled(self) -> bool:
        return self._register_cancelled.is_set()


class ChipPhotoReader:
    """Reads the chip's face photo once per card: the card-face AP unlocked with the scanned 照合番号B, the issuer
    signature checked. Card and face services both ask for it (the reception lane and the staff page)."""

    def __init__(self, surface: CardSurfaceScanner, trust: TrustAnchors) -> None:
        self._surface = surface
        self._trust = trust
        self._card_io = threading.Lock()

    def photo(self, card: HeldCard) -> bytes:
        """Raises the reader layer's errors; a failure is kept and raised again, so the card-front scan and the
        照合番号B VERIFY (which spends one of the card's tries) run at most once per card."""
        with self._card_io:
            if card.photo_error is not None:
                raise card.photo_error
            if card.photo is None:
                try:
                    card.photo = self._read(card)
                except (NoCardError, CardRemovedError):
                    raise  # the session ends with the card
                except ReaderError as error:
                    card.photo_error = error
                    raise
            return card.photo

    def _read(self, card: HeldCard) -> bytes:
        face = unlock_and_read_card_face(CardFaceSession(card.connection), self._surface)
        card.card_face_signature_valid = any(face.verify_issuer_signature(key) for key in self._trust.card_face_issuers)
        if not card.card_face_signature_valid:
            raise CardFaceForgedError("the card-face data does not carry a trusted issuer's signature")
        card.card_face_identity = (face.birth_date, face.sex)
        try:
            return as_png(face.face_photo)  # decoded in memory: no decoder writes it to disk later
        except PhotoDecodeError as error:
            raise BadResponseError("the chip's face photo cannot be decoded") from error


class CardFaceForgedError(ReaderError):
    """The card-face AP's data is not signed by a trusted issuer: a tampered or cloned card (or no issuer key)."""


def presence_signer(connection: CardConnection, credential: ReaderCredential) -> CardSigner:
    """Signs with the card's user-auth key without a PIN: the JPKI AP selected afresh, the certified-reader
    authentication, then the signature (each time: reading the card-face AP in between deselects the JPKI AP).

    Raises (when called): ReaderNotCertifiedError, and the reader layer's errors.
    """

    def sign(message: bytes) -> bytes:
        session = JpkiSession(connection)
        session.authenticate_reader(credential)
        return session.sign_sha256(message)

    return sign


__all__ = ["CardFaceForgedError", "ChipPhotoReader", "HeldCard", "PatientSession", "ReaderNotCertifiedError",
           "presence_signer"]
