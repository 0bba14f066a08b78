from __future__ import annotations

import pytest

from kiosk.reader.apdu import TRAFFIC, ApduChannel, Command, Instruction, StatusWord
from kiosk.reader.errors import ApduError, BadResponseError

from .fakes import OK, ScriptedConnection


@pytest.mark.parametrize(
    ("command", "encoded"),
    [
        (Command(0x00, 0xA4, 0x02, 0x0C, b"\x00\x0a"), "00a4020c02000a"),
        (Command(0x00, 0xB0, 0x01, 0x00, le=256), "00b0010000"),
        (Command(0x00, 0xB0, 0x00, 0x00, le=32), "00b0000020"),
        (Command(0x00, 0x20, 0x00, 0x80), "00200080"),
        (Command(0x00, 0xB0, 0x00, 0x00, le=65536), "00b00000000000"),
        (Command(0x00, 0xB0, 0x00, 0x00, le=1200), "00b000000004b0"),
        (Command(0x80, 0x2A, 0x00, 0x80, b"\x01" * 51, le=256), "802a008033" + "01" * 51 + "00"),
        (Command(0x80, 0x2A, 0x00, 0x80, b"\x01" * 300, le=256), "802a008000012c" + "01" * 300 + "0100"),
    ],
)
def test_commands_encode_short_or_extended_as_iso_7816_4(command: Command, encoded: str) -> None:
    assert command.encode().hex() == encoded


def test_61xx_is_followed_with_get_response_and_the_data_joined() -> None:
    card = ScriptedConnection((b"AB", 0x6102), (b"CD", 0x6100), (b"E" * 256, OK))
    channel = ApduChannel(card)
    data = channel.send(Command(0x00, Instruction.READ_BINARY, 0, 0, le=256))
    assert data == b"ABCD" + b"E" * 256
    assert card.sent[1].hex() == "00c0000002"
    assert card.sent[2].hex() == "00c0000000"
    assert channel.apdu_count == 3


def test_6cxx_resends_the_same_command_with_the_le_the_card_asked_for() -> None:
    card = ScriptedConnection((b"", 0x6C20), (b"x" * 32, OK))
    data = ApduChannel(card).send(Command(0x00, Instruction.READ_BINARY, 0, 0, le=256))
    assert data == b"x" * 32
    assert card.sent == [bytes.fromhex("00b0000000"), bytes.fromhex("00b0000020")]


def test_a_card_that_never_stops_answering_61xx_is_a_bad_response() -> None:
    card = ScriptedConnection(*[(b"", 0x6101)] * 10)
    with pytest.raises(BadResponseError):
        ApduChannel(card, max_get_response=5).send(Command(0x00, Instruction.READ_BINARY, 0, 0, le=1))


def test_send_raises_with_the_status_word() -> None:
    with pytest.raises(ApduError) as raised:
        ApduChannel(ScriptedConnection((b"", 0x6A82))).select_file(0x1234)
    assert raised.value.status_word == StatusWord.FILE_NOT_FOUND


def test_traffic_log_shows_apdus_but_never_verify_data(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(TRAFFIC, logger="kiosk.reader.apdu")
    channel = ApduChannel(ScriptedConnection((b"", OK), (b"", 0x63C2)))
    channel.select_file(0x0018)
    channel.transceive(Command(0x00, Instruction.VERIFY, 0x00, 0x80, b"9876"))
    text = caplog.text
    assert "00 A4 02 0C 02 00 18" in text
    assert "00 20 00 80 04 <4 bytes redacted>" in text
    assert "39 38 37 36" not in text and "9876" not in text
    assert "63C2" in text
    assert all(record.levelno == TRAFFIC for record in caplog.records)


def test_status_word_family_strips_counts() -> None:
    assert StatusWord.family(0x63C1) == StatusWord.VERIFY_FAILED
    assert StatusWord.family(0x6110) == StatusWord.BYTES_AVAILABLE
    assert StatusWord.family(0x6C05) == StatusWord.WRONG_LE
    assert StatusWord.family(0x6A82) == StatusWord.FILE_NOT_FOUND
