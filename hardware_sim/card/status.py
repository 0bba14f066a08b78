"""Status words, instructions and application identifiers the virtual card speaks."""

from __future__ import annotations

from enum import Enum, IntEnum, unique


@unique
class StatusWord(IntEnum):
    """ISO 7816-4 status words used by the My Number card."""

    OK = 0x9000
    WRONG_LENGTH = 0x6700
    COMMAND_INCOMPATIBLE = 0x6981
    SECURITY_STATUS_NOT_SATISFIED = 0x6982
    AUTHENTICATION_METHOD_BLOCKED = 0x6984
    NO_CURRENT_EF = 0x6986
    WRONG_DATA = 0x6A80
    FILE_NOT_FOUND = 0x6A82
    INCORRECT_P1_P2 = 0x6A86
    REFERENCED_DATA_NOT_FOUND = 0x6A88
    WRONG_OFFSET = 0x6B00
    INS_NOT_SUPPORTED = 0x6D00
    CLA_NOT_SUPPORTED = 0x6E00
    UNKNOWN_ERROR = 0x6F00


def retries_status(tries_left: int) -> int:
    """The `63Cx` status word reporting `tries_left`."""
    return 0x63C0 | min(max(tries_left, 0), 0x0F)


class CardStatusError(Exception):
    """A handler's way of answering with a status word and no data."""

    def __init__(self, status: int) -> None:
        super().__init__(f"{status:04X}")
        self.status = status


@unique
class Instruction(IntEnum):
    """Instruction bytes the card understands."""

    VERIFY = 0x20
    CHANGE_REFERENCE_DATA = 0x24
    COMPUTE_DIGITAL_SIGNATURE = 0x2A
    SELECT = 0xA4
    READ_BINARY = 0xB0


@unique
class Aid(bytes, Enum):
    """Application identifiers of the My Number card."""

    JPKI = bytes.fromhex("D392F000260100000001")  # 公的個人認証 AP
    TEXT = bytes.fromhex("D3921000310001010408")  # 券面事項入力補助AP
    CARD_FACE = bytes.fromhex("D3921000310001010402")  # 券面AP (券面事項確認AP)
    JUKI = bytes.fromhex("D3921000310001010100")  # 住基AP


MY_NUMBER_AIDS = (Aid.JPKI, Aid.TEXT, Aid.CARD_FACE, Aid.JUKI)

CONTACT_ATR = bytes.fromhex("3BDA13FF8131FB468012392F31C173C601C03B")
# PC/SC part 3 ATR a contactless reader synthesises for a FeliCa (transit) card.
FELICA_ATR = bytes.fromhex("3B8F8001804F0CA00000030611003B0000000042")
