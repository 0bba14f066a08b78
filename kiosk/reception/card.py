"""The card service over the reader layer: wait for a card, read it, verify the PIN, show staff the chip photo."""

from __future__ import annotations

import logging
import threading

import cv2
import numpy as np

from kiosk.flow import CardReadFailure, CardSummary
from kiosk.flow import events as ev
from kiosk.reader import (
    ApduError,
    BadResponseError,
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

from .protocol import CardReadAnswer, PinAnswer, PreviewFrame
from .session import ChipPhotoReader, PatientSession, TrustAnchors

logger = logging.getLogger(__name__)


class ReaderCardService:
    """The card in one reader of `readers`; what was read goes to the patient session."""

    def __init__(self, readers: CardReaders, reader_name: str, session: PatientSession, chip_photos: ChipPhotoReader,
                 trust: TrustAnchors) -> None:
        self._readers = readers
        self._reader_name = reader_name
        self._session = session
        self._chip_photos = chip_photos
        self._trust = trust

    def wait_for_card(self, present: bool, timeout: float | None = None,
                      abort: threading.Event | None = None) -> bool:
        return self._readers.wait_for_card(self._reader_name, present, timeout, abort) is not None

    def read_card(self) -> CardReadAnswer:
        self._session.new_patient()
        try:
            connection = self._readers.connect(self._reader_name)
            reading = read_card(connection, self._trust.auth_ca)
        except (NoCardError, CardRemovedError):
            return ev.CardRemoved()
        except NotMyNumberCardError:
            return ev.CardReadFailed(CardReadFailure.NOT_MY_NUMBER_CARD)
        except (BadResponseError, ApduError) as error:
            logger.warning("card unreadable: %s", type(error).__name__)
            return ev.CardReadFailed(CardReadFailure.UNREADABLE)
        if not reading.chain.ok:
            logger.warning("card certificate rejected: %s", reading.chain.status.value)
            connection.close()
            return ev.CardReadFailed(CardReadFailure.UNREADABLE)
        self._session.hold(connection, reading)
        return ev.CardRead(CardSummary(reading.not_before, reading.not_after, reading.pin_tries_left))

    def verify_pin(self, pin: str) -> PinAnswer:
        card = self._session.require_card()
        try:
            session = JpkiSession(card.connection)
            session.verify_pin(pin)
        except WrongPinError as error:
            return ev.PinRejected(error.tries_left)
        except PinBlockedError:
            return ev.PinBlocked()
        except CardRemovedError:
            return ev.CardRemoved()
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
        except (ReaderError, CardRemovedError) as error:
            logger.info("no card photo for the visual check: %s", type(error).__name__)
            return None
        image = cv2.imdecode(np.frombuffer(photo, dtype=np.uint8), cv2.IMREAD_COLOR)
        return None if image is None else np.asarray(image, dtype=np.uint8)

    def end_session(self) -> None:
        self._session.end()
