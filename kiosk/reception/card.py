"""The card service over the reader layer: wait for a card, read it, prove it genuine, verify the PIN, show staff
the chip photo."""

from __future__ import annotations

import logging
import threading

import numpy as np

from kiosk.flow import CardReadFailure, CardSummary
from kiosk.flow import events as ev
from kiosk.reader import (
    CardReaders,
    CardRemovedError,
    JpkiSession,
    NoCardError,
    NotMyNumberCardError,
    PinBlockedError,
    ReaderError,
    WrongPinError,
    read_card,
)
from kiosk.reader.pin_ledger import PinLedger
from kiosk.reader.reader_auth import ReaderNotCertifiedError, holds_certified_key
from kiosk.reader.trust_anchors import TrustAnchors

from .photo_codec import PhotoDecodeError, decode_bgr
from .protocol import CardReadAnswer, PinAnswer, PreviewFrame
from .session import CardFaceForgedError, ChipPhotoReader, HeldCard, PatientSession, presence_signer

logger = logging.getLogger(__name__)


class ReaderCardService:
    """The card in one reader of `readers`; what was read goes to the patient session.

    A card is proven genuine before anything else is asked of the patient: its user-auth certificate chains to a
    configured JPKI root, it signs a fresh challenge with that certificate's key without a PIN (the certified-reader
    authentication, when the kiosk holds that credential), and its card-face data carries a trusted issuer's
    signature. `pins` is this kiosk's own count of PIN VERIFYs per card, kept in its data folder.
    """

    def __init__(self, readers: CardReaders, reader_name: str, session: PatientSession, chip_photos: ChipPhotoReader,
                 trust: TrustAnchors, pins: PinLedger) -> None:
        self._readers = readers
        self._reader_name = reader_name
        self._session = session
        self._chip_photos = chip_photos
        self._trust = trust
        self.pins = pins

    def wait_for_card(self, present: bool, timeout: float | None = None,
                      abort: threading.Event | None = None) -> bool:
        return self._readers.wait_for_card(self._reader_name, present, timeout, abort) is not None

    def read_card(self) -> CardReadAnswer:
        self._session.new_patient()
        try:
            connection = self._readers.connect(self._reader_name)
        except (NoCardError, CardRemovedError):
            return ev.CardRemoved()
        except ReaderError as error:
            logger.warning("card reader unavailable: %s", type(error).__name__)
            return ev.CardReadFailed(CardReadFailure.UNREADABLE)
        try:
            reading = read_card(connection, self._trust.jpki_roots or None)
            if not reading.chain.ok:
                logger.warning("card certificate rejected: %s", reading.chain.status.value)
                connection.close()
                return ev.CardReadFailed(CardReadFailure.UNREADABLE)
            card = self._session.hold(connection, reading)
            if not self._genuine(card):
                self._session.end()
                return ev.CardReadFailed(CardReadFailure.UNREADABLE)
        except (NoCardError, CardRemovedError):
            self._session.end()
            connection.close()
            return ev.CardRemoved()
        except NotMyNumberCardError:
            connection.close()
            return ev.CardReadFailed(CardReadFailure.NOT_MY_NUMBER_CARD)
        except ReaderError as error:
            logger.warning("card unreadable: %s", type(error).__name__)
            self._session.end()
            connection.close()
            return ev.CardReadFailed(CardReadFailure.UNREADABLE)
        tries = self.pins.tries_left(reading.card_key, reading.pin_tries_left)
        return ev.CardRead(CardSummary(reading.not_before, reading.not_after, tries,
                                       presence_provable=card.presence is not None))

    def _genuine(self, card: HeldCard) -> bool:
        """The PIN-less challenge and the card-face issuer signature; False: a clone or a tampered card."""
        credential = self._trust.reader_credential
        if credential is not None:
            signer = presence_signer(card.connection, credential)
            try:
                if not holds_certified_key(signer, card.reading.certificate):
                    logger.warning("card refused: it does not hold the key of its certificate")
                    return False
                card.presence = signer
            except ReaderNotCertifiedError:
                logger.warning("the card refused the certified-reader authentication: face and staff unavailable")
        if self._trust.card_face_issuers:
            try:
                self._chip_photos.photo(card)
            except CardFaceForgedError:
                logger.warning("card refused: its card-face data is not signed by a trusted issuer")
                return False
            except (NoCardError, CardRemovedError):
                raise
            except ReaderError as error:
                # e.g. the printed face could not be scanned or read (no scanner on this kiosk yet): no photo, so
                # no face method; the PIN still works.
                logger.info("card-face AP not read: %s", type(error).__name__)
        return True

    def verify_pin(self, pin: str) -> PinAnswer:
        card = self._session.require_card()
        key = card.reading.card_key
        if not self.pins.may_verify(key):
            logger.warning("PIN not sent: this kiosk already sent the card's maximum of wrong PINs")
            return ev.PinBlocked()
        try:
            session = JpkiSession(card.connection)
            session.verify_pin(pin, before_send=lambda: self.pins.verify_sent(key))
        except WrongPinError as error:
            tries = self.pins.tries_left(key, error.tries_left)
            return ev.PinRejected(tries) if tries > 0 else ev.PinBlocked()
        except PinBlockedError:
            return ev.PinBlocked()
        except CardRemovedError:
            return ev.CardRemoved()
        except ReaderError as error:  # a garbled answer: the PIN may or may not have been counted
            logger.warning("PIN verification answered badly: %s", type(error).__name__)
            tries = self.pins.tries_left(key, self.pins.max_tries)
            return ev.PinRejected(tries) if tries > 0 else ev.PinBlocked()
        self.pins.succeeded(key)
        card.jpki = session
        return ev.PinVerified()

    def card_photo(self) -> PreviewFrame | None:
        """The chip's face photo for the staff visual check, decoded in memory; None if it cannot be read."""
        card = self._session.card
        if card is None:
            return None
        if card.jpki is not None and card.photo is None:
            # Reading the card-face AP deselects the JPKI AP, and the card forgets the verified PIN: the signature
            # the check still needs would then fail. After a PIN confirmation staff have no photo to compare.
            logger.info("no card photo for the visual check: the PIN is already confirmed on this card")
            return None
        try:
            photo = self._chip_photos.photo(card)
            return np.asarray(decode_bgr(photo), dtype=np.uint8)
        except (ReaderError, CardFaceForgedError, PhotoDecodeError) as error:
            logger.info("no card photo for the visual check: %s", type(error).__name__)
            return None

    def end_session(self) -> None:
        self._session.end()
