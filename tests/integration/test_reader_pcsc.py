"""The reader layer through the real pcscd + vpcd, against the virtual card process."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest

from hardware_sim.personas import all_personas, get_persona
from hardware_sim.personas.pki import auth_ca_certificate, user_auth_certificate
from kiosk.reader import (
    BadResponseError,
    CardRemovedError,
    ChainStatus,
    JpkiSession,
    NoCardError,
    NotMyNumberCardError,
    PinBlockedError,
    ReaderUnavailableError,
    WrongPinError,
    read_card,
)
from kiosk.reader.pcsc import PcscReaders
from tests.fixtures.pcsc import READER, CardProcess

StartCard = Callable[..., CardProcess]


@pytest.fixture
def readers() -> Iterator[PcscReaders]:
    with PcscReaders() as context:
        yield context


def _card_status(card: CardProcess) -> dict[str, str]:
    """The card process's own view: `status persona=... inserted pin_tries=N apdus=N`."""
    assert card.process.stdin is not None
    card.process.stdin.write("status\n")
    card.process.stdin.flush()
    line = card.expect("status ")
    return dict(word.split("=", 1) for word in line.split()[1:] if "=" in word)


def swap(card: CardProcess, readers: PcscReaders, persona: str) -> None:
    """Put another persona's card in, following pcscd's events rather than polling opensc-tool."""
    card.command(f"persona {persona}")
    card.persona = persona
    assert readers.wait_for_card(READER, present=False, timeout=5) is not None
    card.expect("inserted")
    assert readers.wait_for_card(READER, present=True, timeout=5) is not None


def test_every_persona_is_read_with_its_certificate_checked_and_its_pin_tries(
    virtual_card: StartCard, readers: PcscReaders,
) -> None:
    keys = sorted(key for key, persona in all_personas().items() if persona.is_my_number_card)
    card = virtual_card(keys[0])
    for key in [*keys, "not_mynumber"]:
        if card.persona != key:
            swap(card, readers, key)
        persona = get_persona(key)
        connection = readers.connect(READER)
        try:
            if not persona.is_my_number_card:
                with pytest.raises(NotMyNumberCardError):
                    read_card(connection)
                continue
            reading = read_card(connection, auth_ca_certificate())
        finally:
            connection.close(reset=True)
        assert reading.certificate == user_auth_certificate(persona), key
        assert reading.chain.status is ChainStatus.VERIFIED, key
        assert reading.pin_tries_left == persona.pin_tries_left, key
        assert reading.atr.hex().upper().startswith("3BDA13FF"), key


def test_card_pulled_out_mid_read_raises_card_removed(virtual_card: StartCard, readers: PcscReaders) -> None:
    card = virtual_card("normal")
    connection = readers.connect(READER)
    session = JpkiSession(connection)
    card.fault("remove B0")
    with pytest.raises(CardRemovedError):
        session.read_auth_certificate()
    # The person takes the card out and puts it back: the next card-present event gives a good read.
    card.remove()
    assert readers.wait_for_card(READER, present=False, timeout=5) is not None
    card.command("insert")
    assert readers.wait_for_card(READER, present=True, timeout=5) is not None
    fresh = readers.connect(READER)
    assert read_card(fresh).pin_tries_left == 3
    fresh.close()


def test_transmit_after_the_card_left_raises_card_removed(virtual_card: StartCard, readers: PcscReaders) -> None:
    card = virtual_card("normal")
    connection = readers.connect(READER)
    session = JpkiSession(connection)
    card.remove()
    with pytest.raises(CardRemovedError):
        session.read_auth_certificate()
    with pytest.raises(NoCardError):
        readers.connect(READER)


def test_truncated_and_malformed_answers_are_bad_responses(virtual_card: StartCard, readers: PcscReaders) -> None:
    card = virtual_card("normal")
    for fault in ("truncate 1 B0", "truncate 100 B0", "sw 6F00 B0", "garble jpki 000A"):
        connection = readers.connect(READER)
        session = JpkiSession(connection)
        session.read_token()
        card.fault(fault)
        with pytest.raises(BadResponseError):
            session.read_auth_certificate()
        connection.close(reset=True)
    card.fault("clear")
    connection = readers.connect(READER)
    assert read_card(connection).pin_tries_left == 3  # the same card reads fine once the faults are gone
    connection.close()


def test_wrong_pins_block_the_card_and_no_fourth_verify_reaches_it(
    virtual_card: StartCard, readers: PcscReaders,
) -> None:
    card = virtual_card("normal")
    connection = readers.connect(READER)
    session = JpkiSession(connection)
    for expected in (2, 1):
        with pytest.raises(WrongPinError) as raised:
            session.verify_pin("0000")
        assert raised.value.tries_left == expected
    with pytest.raises(PinBlockedError):
        session.verify_pin("0000")
    before = _card_status(card)
    assert before["pin_tries"] == "0"
    with pytest.raises(PinBlockedError):
        session.verify_pin(get_persona("normal").pin)
    after = _card_status(card)
    # Only SELECT EF 0018 and the empty retry query reached the card: no VERIFY carrying a PIN.
    assert int(after["apdus"]) - int(before["apdus"]) == 2
    assert after["pin_tries"] == "0"
    connection.close()


def test_insert_and_remove_events_arrive_and_a_wait_can_be_aborted(
    virtual_card: StartCard, readers: PcscReaders,
) -> None:
    card = virtual_card("normal", inserted=False)
    assert readers.wait_for_card(READER, present=True, timeout=0.2) is None
    abort = threading.Event()
    threading.Timer(0.1, abort.set).start()
    started = time.monotonic()
    assert readers.wait_for_card(READER, present=True, timeout=10, abort=abort) is None
    assert time.monotonic() - started < 1
    card.command("insert")
    presence = readers.wait_for_card(READER, present=True, timeout=5)
    assert presence is not None and presence.atr.hex().upper().startswith("3BDA")
    card.command("remove")
    assert readers.wait_for_card(READER, present=False, timeout=5) is not None


def test_an_unknown_reader_is_unavailable(pcscd: object, readers: PcscReaders) -> None:
    assert READER in readers.list_readers()
    with pytest.raises(ReaderUnavailableError):
        readers.connect("Virtual PCD 00 07")
    with pytest.raises(ReaderUnavailableError):
        readers.wait_for_card("Virtual PCD 00 07", timeout=1)
