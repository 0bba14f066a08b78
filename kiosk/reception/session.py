"""The patient at the reader: what the kiosk holds about their card while the reception lasts, nothing longer.

One `PatientSession` is shared by the services that need it (card, face, check, registration); it is the only
per-patient state they have.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import date

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding

from kiosk.domain import IdentityMethod, Sex
from kiosk.eligibility.models import FaceIdentity, Identity, PinIdentity, StaffIdentity
from kiosk.faceauth import ReferenceFace, VerificationOutcome
from kiosk.reader import CardConnection, CardReading, CardSurfaceScanner, JpkiSession
from kiosk.reader.cardface import CardFaceSession, unlock_and_read_card_face

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrustAnchors:
    """The kiosk's own copies of the JPKI user-auth CA and the card-face issuer key."""

    auth_ca: x509.Certificate | None = None
    card_face_issuer: rsa.RSAPublicKey | None = None


@dataclass
class HeldCard:
    """What this kiosk holds about the card on the reader; dropped when the session ends."""

    connection: CardConnection
    reading: CardReading
    jpki: JpkiSession | None = None  # set once the PIN was verified: it signs the check
    photo: bytes | None = field(default=None, repr=False)  # the chip's JPEG 2000 face photo, memory only
    reference: ReferenceFace | None = None
    card_face_signature_valid: bool = False
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
        if method is IdentityMethod.FACE:
            if card.face is None or card.face.distance is None:
                raise RuntimeError("face identity without a face match")
            return FaceIdentity(card.face.distance, card.face.liveness.passed, card.card_face_signature_valid)
        if staff_id is None:
            raise RuntimeError("staff identity without a staff id")
        return StaffIdentity(staff_id)

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
        with self._card_io:
            if card.photo is None:
                face = unlock_and_read_card_face(CardFaceSession(card.connection), self._surface)
                issuer = self._trust.card_face_issuer
                card.card_face_signature_valid = issuer is not None and face.verify_issuer_signature(issuer)
                card.card_face_identity = (face.birth_date, face.sex)
                card.photo = face.face_photo
            return card.photo
