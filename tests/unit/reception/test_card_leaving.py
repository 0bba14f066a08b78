"""The card leaving the reader: placed again it is the same card (its PIN counter does not start over); taken
away while the check is under way, nothing is kept or sent."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx

from kiosk.domain import DEFAULT_ASKED_ITEMS, IdentityMethod
from kiosk.flow import SubmissionRequest
from kiosk.flow import events as ev
from kiosk.reader.apdu import Aid
from kiosk.reader.jpki import JpkiFile
from kiosk.simulation import Simulation


def test_a_pin_blocked_at_the_kiosk_stays_blocked_when_the_card_is_placed_again(tmp_path: Path) -> None:
    with Simulation(tmp_path) as simulation:
        reception = simulation.reception()
        card = reception.services.card
        try:
            simulation.place_card("pin_one_try")
            read = card.read_card()
            assert isinstance(read, ev.CardRead) and read.card.pin_tries_left == 1
            assert isinstance(card.verify_pin("0000"), ev.PinBlocked)  # the last try, used up
            simulation.remove_card()
            simulation.place_card("pin_one_try")  # the patient tries again
            again = card.read_card()
            assert isinstance(again, ev.CardRead) and again.card.pin_tries_left == 0
            assert isinstance(card.verify_pin("0000"), ev.PinBlocked)
        finally:
            reception.close()
    with Simulation(tmp_path) as fresh:  # a new simulation starts from the personas again
        fresh.place_card("pin_one_try")
        assert fresh.card is not None and fresh.card.pin_tries_left(Aid.JPKI, JpkiFile.AUTH_PIN) == 1


def test_card_pulled_while_the_check_is_under_way_keeps_and_sends_nothing(tmp_path: Path) -> None:
    # Staff-confirmed identity: the submission itself needs no card, so only the cancel can stop it.
    request = SubmissionRequest(IdentityMethod.STAFF, dict.fromkeys(DEFAULT_ASKED_ITEMS, True), staff_id="staff-1")
    with Simulation(tmp_path) as simulation:
        reception = simulation.reception()
        services = reception.services
        try:
            simulation.place_card("normal")
            assert isinstance(services.card.read_card(), ev.CardRead)
            asked, release = threading.Event(), threading.Event()
            network = simulation.transport.handle_request

            def slow_network(request: httpx.Request) -> httpx.Response:
                if request.url.path == "/v1/challenges":
                    asked.set()
                    release.wait(10)
                return network(request)

            simulation.transport.handle_request = slow_network  # type: ignore[method-assign]
            answers: list[object] = []
            worker = threading.Thread(target=lambda: answers.append(services.check.check(request)))
            worker.start()
            assert asked.wait(10)  # the check is under way...
            simulation.remove_card()  # ...when the patient takes the card
            services.check.cancel_check()  # what the flow's CancelCheck does at once
            release.set()
            worker.join(10)
            assert answers == [ev.CheckDropped()]
            assert simulation.backend_side.outbox.pending() == []  # not kept for a later replay either
            assert simulation.admin.today_records(simulation.facility_code) == []  # nothing reached the backend
        finally:
            reception.close()


def test_a_new_patient_is_not_cancelled_by_the_last_ones_card_pull(tmp_path: Path) -> None:
    request = SubmissionRequest(IdentityMethod.STAFF, dict.fromkeys(DEFAULT_ASKED_ITEMS, True), staff_id="staff-1")
    with Simulation(tmp_path) as simulation:
        reception = simulation.reception()
        services = reception.services
        try:
            services.check.cancel_check()  # left over from the previous patient
            simulation.place_card("normal")
            assert isinstance(services.card.read_card(), ev.CardRead)
            assert isinstance(services.check.check(request), ev.QualificationChecked)
        finally:
            reception.close()
