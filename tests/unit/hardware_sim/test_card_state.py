"""Virtual card state across power cycles and restarts, fault injection and traffic logging."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hardware_sim.card import GARBAGE, TRAFFIC, Aid, CardPoweredOffError, CardRemovedError, StatusWord, VirtualCard
from hardware_sim.personas import get_persona
from tests.unit.hardware_sim.test_card_jpki import apdu, select_ap, select_ef, sw, verify


def wrong_pin(card: VirtualCard) -> int:
    card.transmit(select_ap(Aid.JPKI))
    card.transmit(select_ef(0x0018))
    return sw(card.transmit(verify("0000")))


def test_blocked_pin_stays_blocked_after_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    first = VirtualCard.for_persona(get_persona("pin_one_try"), state)
    assert wrong_pin(first) == 0x63C0
    again = VirtualCard.for_persona(get_persona("pin_one_try"), state)
    again.transmit(select_ap(Aid.JPKI))
    again.transmit(select_ef(0x0018))
    assert sw(again.transmit(verify("2580"))) == StatusWord.REFERENCE_DATA_NOT_USABLE
    saved = json.loads(state.read_text())
    assert saved["cards"]["pin_one_try"]["tries_left"]["JPKI/0018"] == 0
    assert "2580" not in state.read_text()  # unchanged PINs are not written out


def test_counters_survive_power_cycles_but_not_the_factory_reset(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    card = VirtualCard.for_persona(get_persona("normal"), state)
    assert wrong_pin(card) == 0x63C2
    card.power_off()
    card.power_on()
    assert wrong_pin(card) == 0x63C1
    card.restore_factory_state()
    assert wrong_pin(card) == 0x63C2
    assert VirtualCard.for_persona(get_persona("normal"), state).pin_tries_left(Aid.JPKI, 0x0018) == 2


def test_without_a_state_file_every_card_starts_fresh(tmp_path: Path) -> None:
    card = VirtualCard.for_persona(get_persona("normal"))
    wrong_pin(card)
    assert VirtualCard.for_persona(get_persona("normal")).pin_tries_left(Aid.JPKI, 0x0018) == 3
    assert list(tmp_path.iterdir()) == []


def test_changed_pin_persists(tmp_path: Path) -> None:
    state = tmp_path / "state.json"
    card = VirtualCard.for_persona(get_persona("normal"), state)
    card.transmit(select_ap(Aid.JPKI))
    card.transmit(select_ef(0x0018))
    card.transmit(verify("1234"))
    assert card.transmit(apdu("00 24 01 80 04") + b"4321") == b"\x90\x00"
    again = VirtualCard.for_persona(get_persona("normal"), state)
    again.transmit(select_ap(Aid.JPKI))
    again.transmit(select_ef(0x0018))
    assert again.transmit(verify("4321")) == b"\x90\x00"


def test_a_powered_off_card_does_not_answer() -> None:
    card = VirtualCard.for_persona(get_persona("normal"))
    card.power_off()
    with pytest.raises(CardPoweredOffError):
        card.transmit(select_ap(Aid.JPKI))
    assert card.power_on() == card.atr
    assert card.transmit(select_ap(Aid.JPKI)) == b"\x90\x00"


def test_fault_truncates_only_the_next_matching_response() -> None:
    card = VirtualCard.for_persona(get_persona("normal"))
    card.faults.truncate_next(10, ins=0xB0)
    card.transmit(select_ap(Aid.JPKI))
    card.transmit(select_ef(0x000A))
    assert card.transmit(apdu("00 B0 00 00 20")) == card.transmit(apdu("00 B0 00 00 20"))[:10]


def test_fault_wrong_status_word_and_garbage_file() -> None:
    card = VirtualCard.for_persona(get_persona("normal"))
    card.faults.status_next(0x6F00)
    assert card.transmit(select_ap(Aid.JPKI)) == b"\x6f\x00"
    card.faults.garble_file(Aid.JPKI, 0x000A)
    card.transmit(select_ap(Aid.JPKI))
    card.transmit(select_ef(0x000A))
    assert card.transmit(apdu("00 B0 00 00 00")) == GARBAGE + b"\x90\x00"
    card.faults.clear()
    assert card.transmit(apdu("00 B0 00 00 04"))[:2] == b"\x30\x82"


def test_fault_removal_mid_read_powers_the_card_off() -> None:
    card = VirtualCard.for_persona(get_persona("normal"))
    card.faults.remove_on_next(ins=0xB0)
    card.transmit(select_ap(Aid.JPKI))
    card.transmit(select_ef(0x000A))
    with pytest.raises(CardRemovedError):
        card.transmit(apdu("00 B0 00 00 04"))
    assert not card.powered


def test_traffic_log_redacts_pins(caplog: pytest.LogCaptureFixture) -> None:
    card = VirtualCard.for_persona(get_persona("normal"))
    with caplog.at_level(TRAFFIC, logger="hardware_sim.card"):
        card.transmit(select_ap(Aid.JPKI))
        card.transmit(select_ef(0x0018))
        card.transmit(verify("1234"))
        card.transmit(select_ap(Aid.TEXT))
        card.transmit(select_ef(0x0011))
        card.transmit(verify("1234"))
        card.transmit(select_ef(0x0001))
        card.transmit(apdu("00 B0 00 00 00"))
    text = caplog.text
    assert "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01" in text  # traffic is logged...
    assert "31 32 33 34" not in text and "1234" not in text  # ...but not the PIN
    assert get_persona("normal").my_number not in text  # nor the My Number it unlocked
    assert any(record.levelno == TRAFFIC for record in caplog.records)
