"""Errors of the reader layer: small, carrying data, never carrying a PIN or 照合番号."""

from __future__ import annotations

from enum import Enum


class SecretReference(Enum):
    """Which secret a VERIFY was about (the value itself is never kept)."""

    USER_AUTH_PIN = "user-auth PIN"
    COLLATION_NUMBER_B = "照合番号B"


class ReaderError(Exception):
    """Base of every error raised by `kiosk.reader`."""


class ReaderUnavailableError(ReaderError):
    """No reader, the reader was unplugged, or the PC/SC service is not running."""

    def __init__(self, reader: str | None, detail: str = "") -> None:
        self.reader = reader
        self.detail = detail
        where = f"reader {reader!r}" if reader else "no card reader"
        super().__init__(f"{where} is not available" + (f": {detail}" if detail else ""))


class NoCardError(ReaderError):
    """The reader is there but holds no card."""

    def __init__(self, reader: str) -> None:
        self.reader = reader
        super().__init__(f"no card in reader {reader!r}")


class CardRemovedError(ReaderError):
    """The card left the reader (or was reset by someone else) while we were talking to it."""


class NotMyNumberCardError(ReaderError):
    """The card answered, but has no JPKI application: it is not a My Number card."""

    def __init__(self, status_word: int) -> None:
        self.status_word = status_word
        super().__init__(f"not a My Number card (SELECT JPKI AP answered {status_word:04X})")


class BadResponseError(ReaderError):
    """The card's answer was malformed: truncated, bad TLV or DER, wrong length, unexpected status word."""


class ApduError(ReaderError):
    """The card answered a command with a status word other than 9000."""

    def __init__(self, status_word: int, command: str) -> None:
        self.status_word = status_word
        self.command = command
        super().__init__(f"{command} failed with status word {status_word:04X}")


class VerificationError(ReaderError):
    """Base of VERIFY failures; `reference` tells which secret."""

    def __init__(self, reference: SecretReference, message: str) -> None:
        self.reference = reference
        super().__init__(message)


class WrongPinError(VerificationError):
    """The PIN (or 照合番号) was wrong; `tries_left` more attempts before it blocks."""

    def __init__(self, tries_left: int, reference: SecretReference = SecretReference.USER_AUTH_PIN) -> None:
        self.tries_left = tries_left
        super().__init__(reference, f"wrong {reference.value}, {tries_left} tries left")


class PinBlockedError(VerificationError):
    """The secret is blocked (0 tries left); nothing was sent to the card."""

    def __init__(self, reference: SecretReference = SecretReference.USER_AUTH_PIN) -> None:
        super().__init__(reference, f"{reference.value} is blocked")


class PinNotVerifiedError(ReaderError):
    """The card refused an operation that needs a verified PIN (6982)."""
