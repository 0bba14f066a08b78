"""The My Number card's interface as both sides speak it: status words, instructions, application identifiers.

The reader (`kiosk.reader`) sends these and the virtual card (`hardware_sim.card`) answers with them; the facts
behind every member are in docs/card-interface.md.
"""

from __future__ import annotations

from enum import Enum, IntEnum, unique


@unique
class StatusWord(IntEnum):
    """ISO 7816-4 status words the My Number card and its hosts use, with their ISO meanings."""

    OK = 0x9000
    BYTES_AVAILABLE = 0x6100  # 61xx, low byte: how many bytes GET RESPONSE returns (00 = 256)
    VERIFY_FAILED = 0x63C0  # 63Cx, low nibble: tries left (the empty VERIFY reports the counter this way)
    WRONG_LENGTH = 0x6700
    COMMAND_INCOMPATIBLE = 0x6981  # command incompatible with the file structure (e.g. READ BINARY on a PIN EF)
    SECURITY_STATUS_NOT_SATISFIED = 0x6982
    AUTHENTICATION_METHOD_BLOCKED = 0x6983
    REFERENCE_DATA_NOT_USABLE = 0x6984  # what the My Number card answers to VERIFY with data on a blocked PIN
    NO_CURRENT_EF = 0x6986  # command not allowed: no current EF
    WRONG_DATA = 0x6A80
    FUNCTION_NOT_SUPPORTED = 0x6A81
    FILE_NOT_FOUND = 0x6A82  # also: no such application
    INCORRECT_P1_P2 = 0x6A86
    REFERENCED_DATA_NOT_FOUND = 0x6A88
    WRONG_OFFSET = 0x6B00  # ISO "wrong parameters P1-P2"; for READ BINARY: offset at or past the end of the file
    WRONG_LE = 0x6C00  # 6Cxx, low byte: the right Le
    INS_NOT_SUPPORTED = 0x6D00
    CLA_NOT_SUPPORTED = 0x6E00
    UNKNOWN_ERROR = 0x6F00  # no precise diagnosis

    @staticmethod
    def family(sw: int) -> int:
        """The status word with its count cleared, for 61xx / 6Cxx / 63Cx; any other status word unchanged."""
        if sw & 0xFF00 in (StatusWord.BYTES_AVAILABLE, StatusWord.WRONG_LE):
            return sw & 0xFF00
        if sw & 0xFFF0 == StatusWord.VERIFY_FAILED:
            return int(StatusWord.VERIFY_FAILED)
        return sw


def verify_failed_status(tries_left: int) -> int:
    """The `63Cx` status word reporting `tries_left` (clamped to 0..15)."""
    return StatusWord.VERIFY_FAILED | min(max(tries_left, 0), 0x0F)


@unique
class Instruction(IntEnum):
    """Instruction bytes of the commands hosts send to the card."""

    VERIFY = 0x20
    CHANGE_REFERENCE_DATA = 0x24
    EXTERNAL_AUTHENTICATE = 0x82  # the certified-reader authentication (a model of 特定機関認証, see below)
    GET_CHALLENGE = 0x84
    COMPUTE_DIGITAL_SIGNATURE = 0x2A  # with the proprietary class byte 80
    SELECT = 0xA4
    READ_BINARY = 0xB0
    GET_RESPONSE = 0xC0  # sent by hosts after 61xx; the My Number card itself never answers 61xx


@unique
class Aid(bytes, Enum):
    """Application identifiers of the My Number card."""

    JPKI = bytes.fromhex("D392F000260100000001")  # 公的個人認証 AP
    TEXT = bytes.fromhex("D3921000310001010408")  # 券面事項入力補助AP
    CARD_FACE = bytes.fromhex("D3921000310001010402")  # 券面AP (券面事項確認AP)
    JUKI = bytes.fromhex("D3921000310001010100")  # 住基AP


#: The certified-reader authentication (特定機関認証) is not public: this is the simulation's model of it, shared by
#: the virtual card and the kiosk (docs/card-interface.md). GET CHALLENGE gives an 8-byte card nonce; EXTERNAL
#: AUTHENTICATE carries the reader's certificate (DER, issued by the J-LIS certified-reader CA) followed by its
#: RSASSA-PKCS1-v1_5/SHA-256 signature over `reader_auth_message(nonce)`. Afterwards, until the JPKI AP is selected
#: again or the card is reset, the user-auth key signs without a PIN.
CARD_NONCE_LENGTH = 8


def reader_auth_message(card_nonce: bytes) -> bytes:
    return b"MYNA-READER-AUTH/1\n" + card_nonce
