"""The card interface and the user-auth PIN, defined once and spoken by both the reader and the virtual card."""

from __future__ import annotations

import pytest

import hardware_sim.card
import kiosk.reader
from hardware_sim.personas import get_persona
from kiosk.domain.card_interface import Aid, Instruction, StatusWord, verify_failed_status
from kiosk.domain.pin import USER_AUTH_PIN_LENGTH, USER_AUTH_PIN_TRIES, is_last_try, is_well_formed_pin


def test_the_reader_and_the_virtual_card_speak_the_same_vocabulary() -> None:
    assert kiosk.reader.StatusWord is StatusWord is hardware_sim.card.StatusWord
    assert kiosk.reader.Aid is Aid is hardware_sim.card.Aid
    assert hardware_sim.card.Instruction is Instruction


def test_status_words_carry_their_iso_7816_4_meanings() -> None:
    assert StatusWord(0x6983) is StatusWord.AUTHENTICATION_METHOD_BLOCKED
    assert StatusWord(0x6984) is StatusWord.REFERENCE_DATA_NOT_USABLE
    assert StatusWord(0x6986) is StatusWord.NO_CURRENT_EF
    assert StatusWord(0x6B00) is StatusWord.WRONG_OFFSET


@pytest.mark.parametrize(("sw", "family"), [
    (0x63C2, StatusWord.VERIFY_FAILED), (0x63C0, StatusWord.VERIFY_FAILED), (0x6110, StatusWord.BYTES_AVAILABLE),
    (0x6C05, StatusWord.WRONG_LE), (0x6A82, StatusWord.FILE_NOT_FOUND), (0x6984, StatusWord.REFERENCE_DATA_NOT_USABLE),
])
def test_counted_status_words_fall_into_their_family(sw: int, family: StatusWord) -> None:
    assert StatusWord.family(sw) == family


@pytest.mark.parametrize(("tries_left", "sw"), [(3, 0x63C3), (0, 0x63C0), (-1, 0x63C0), (20, 0x63CF)])
def test_the_retry_counter_is_reported_in_the_low_nibble(tries_left: int, sw: int) -> None:
    assert verify_failed_status(tries_left) == sw


@pytest.mark.parametrize(("pin", "well_formed"), [
    ("1234", True), ("0000", True), ("123", False), ("12345", False), ("12a4", False), ("１２３４", False),
    ("١٢٣٤", False), ("", False), (" 123", False),
])
def test_only_four_ascii_digits_make_a_pin(pin: str, well_formed: bool) -> None:
    assert is_well_formed_pin(pin) is well_formed


def test_the_user_auth_pin_is_four_digits_with_three_tries_and_a_warning_before_the_last() -> None:
    assert (USER_AUTH_PIN_LENGTH, USER_AUTH_PIN_TRIES) == (4, 3)
    assert [is_last_try(tries) for tries in (3, 2, 1, 0)] == [False, False, True, False]


def test_the_virtual_card_and_the_reader_count_the_user_auth_pin_like_the_domain_says() -> None:
    card = hardware_sim.card.VirtualCard.for_persona(get_persona("normal"))
    reader = kiosk.reader.InProcessReader()
    reader.insert(card)
    session = kiosk.reader.JpkiSession(reader.connect(reader.name))
    assert session.pin_tries_left() == USER_AUTH_PIN_TRIES
    with pytest.raises(ValueError):
        session.verify_pin("12345")  # one digit too many: refused before the card sees it
    assert card.pin_tries_left(Aid.JPKI, 0x0018) == USER_AUTH_PIN_TRIES
