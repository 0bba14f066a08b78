"""File system objects: applications (DFs), binary EFs, PIN EFs and key EFs."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric import rsa

from kiosk.domain.card_interface import Aid, StatusWord, verify_failed_status

from .status import CardStatusError

PinFormat = Callable[[str], bool]


def digits(count: int) -> PinFormat:
    """A format check accepting exactly `count` ASCII digits."""
    pattern = re.compile(rf"[0-9]{{{count}}}")
    return lambda value: pattern.fullmatch(value) is not None


def signature_password(value: str) -> bool:
    """6-16 chars A-Z/0-9 with at least one letter and one digit (署名用パスワード)."""
    return (
        re.fullmatch(r"[A-Z0-9]{6,16}", value) is not None
        and re.search(r"[A-Z]", value) is not None
        and re.search(r"[0-9]", value) is not None
    )


@dataclass(frozen=True)
class BinaryFile:
    """A transparent EF; readable freely or after any one of the PINs in `read_requires`."""

    fid: int
    data: bytes
    read_requires: frozenset[int] = frozenset()


@dataclass
class PinFile:
    """A PIN (reference data) with a real retry counter."""

    fid: int
    value: str
    max_tries: int
    tries_left: int
    accepts: PinFormat

    def verify(self, candidate: bytes) -> None:
        """Check `candidate`; on success restore the counter, otherwise spend a try.

        Raises:
            CardStatusError: 6984 (reference data not usable) when blocked, 63Cx after a wrong value.
        """
        if self.tries_left <= 0:
            raise CardStatusError(StatusWord.REFERENCE_DATA_NOT_USABLE)
        if candidate == self.value.encode("ascii"):
            self.tries_left = self.max_tries
            return
        self.tries_left -= 1
        raise CardStatusError(verify_failed_status(self.tries_left))

    def change(self, new_value: bytes) -> None:
        """Replace the reference data.

        Raises:
            CardStatusError: 6A80 when the new value has the wrong format.
        """
        try:
            text = new_value.decode("ascii")
        except UnicodeDecodeError:
            raise CardStatusError(StatusWord.WRONG_DATA) from None
        if not self.accepts(text):
            raise CardStatusError(StatusWord.WRONG_DATA)
        self.value = text


@dataclass(frozen=True)
class KeyFile:
    """A private key usable for signing after its PIN was verified (or, with `certified_reader`, after the
    certified-reader authentication)."""

    fid: int
    key: rsa.RSAPrivateKey
    use_requires: int
    certified_reader: bool = False


CardFile = BinaryFile | PinFile | KeyFile


@dataclass
class Application:
    """A DF selected by AID, holding EFs by FID."""

    aid: Aid
    files: dict[int, CardFile] = field(default_factory=dict)

    def add(self, *files: CardFile) -> Application:
        """Add EFs and return self, for building."""
        for card_file in files:
            self.files[card_file.fid] = card_file
        return self

    def find(self, fid: int) -> CardFile:
        """The EF with `fid`.

        Raises:
            CardStatusError: 6A82 when there is none.
        """
        try:
            return self.files[fid]
        except KeyError:
            raise CardStatusError(StatusWord.FILE_NOT_FOUND) from None

    def pins(self) -> list[PinFile]:
        """Every PIN EF of this application."""
        return [f for f in self.files.values() if isinstance(f, PinFile)]
