"""A card taken off the reader and placed again is the same card: its PIN counter does not start over."""

from __future__ import annotations

from pathlib import Path

from kiosk.flow import events as ev
from kiosk.reader.apdu import Aid
from kiosk.reader.jpki import JpkiFile
from kiosk.simulation import Simulation


def test_a_pin_blocked_at_the_kiosk_stays_blocked_when_the_card_is_placed_again(tmp_path: Path) -> None:
    with Simulation(tmp_path) as simulation:
        services = simulation.services()
        try:
            simulation.place_card("pin_one_try")
            read = services.read_card()
            assert isinstance(read, ev.CardRead) and read.card.pin_tries_left == 1
            assert isinstance(services.verify_pin("0000"), ev.PinBlocked)  # the last try, used up
            simulation.remove_card()
            simulation.place_card("pin_one_try")  # the patient tries again
            again = services.read_card()
            assert isinstance(again, ev.CardRead) and again.card.pin_tries_left == 0
            assert isinstance(services.verify_pin("0000"), ev.PinBlocked)
        finally:
            services.close()
    with Simulation(tmp_path) as fresh:  # a new simulation starts from the personas again
        fresh.place_card("pin_one_try")
        assert fresh.card is not None and fresh.card.pin_tries_left(Aid.JPKI, JpkiFile.AUTH_PIN) == 1
