"""Card reader layer: transport -> APDU -> applet sessions (JPKI, card-face).

The PC/SC backend lives in `kiosk.reader.pcsc` and is not imported here, so that importing the
package never loads pyscard.
"""

from __future__ import annotations

from .apdu import TRAFFIC, Aid, ApduChannel, Command, StatusWord
from .cardface import CardFace, CardFaceSession, CardSurfaceScanner, FixedCardSurface, PrintedCardFace
from .errors import (
    ApduError,
    BadResponseError,
    CardRemovedError,
    NoCardError,
    NotMyNumberCardError,
    PinBlockedError,
    PinNotVerifiedError,
    ReaderError,
    ReaderUnavailableError,
    SecretReference,
    VerificationError,
    WrongPinError,
)
from .inprocess import InProcessReader, SimulatedCard
from .jpki import ChainCheck, ChainStatus, JpkiSession, check_auth_certificate
from .reading import CardReading, read_card
from .transport import VIRTUAL_READER, CardConnection, CardPresence, CardReaders

__all__ = [
    "TRAFFIC", "VIRTUAL_READER", "Aid", "ApduChannel", "ApduError", "BadResponseError", "CardConnection", "CardFace",
    "CardFaceSession", "CardPresence", "CardReaders", "CardReading", "CardRemovedError", "CardSurfaceScanner",
    "ChainCheck", "ChainStatus", "Command", "FixedCardSurface", "InProcessReader", "JpkiSession", "NoCardError",
    "NotMyNumberCardError", "PinBlockedError", "PinNotVerifiedError", "PrintedCardFace", "ReaderError",
    "ReaderUnavailableError", "SecretReference", "SimulatedCard", "StatusWord", "VerificationError",
    "WrongPinError", "check_auth_certificate", "read_card",
]
