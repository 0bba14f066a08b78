"""Staff opening the chip photo must not cost the patient a reception confirmed by PIN."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kiosk.domain import DEFAULT_ASKED_ITEMS, IdentityMethod
from kiosk.flow import CheckFailure, SubmissionRequest
from kiosk.flow import events as ev
from kiosk.reader import CardFaceSession
from kiosk.reception.compose import Reception
from kiosk.simulation import Simulation

REQUEST = SubmissionRequest(IdentityMethod.PIN, dict.fromkeys(DEFAULT_ASKED_ITEMS, True))


@contextmanager
def normal_card_read(tmp_path: Path) -> Iterator[tuple[Simulation, Reception]]:
    """The simulated kiosk with the normal persona's card placed and read."""
    with Simulation(tmp_path) as simulation:
        reception = simulation.reception()
        try:
            simulation.place_card("normal")
            assert isinstance(reception.services.card.read_card(), ev.CardRead)
            yield simulation, reception
        finally:
            reception.close()


def test_after_a_pin_confirmation_staff_get_no_photo_and_the_check_still_goes_through(tmp_path: Path) -> None:
    with normal_card_read(tmp_path) as (_, reception):
        services = reception.services
        assert services.card.card_photo() is not None  # before the PIN: staff may compare the photo
        assert isinstance(services.card.verify_pin("1234"), ev.PinVerified)
        assert services.card.card_photo() is not None  # already read: no card I/O, the PIN stays verified
        answer = services.check.check(REQUEST)
    assert isinstance(answer, ev.QualificationChecked), answer


def test_photo_read_with_the_card_is_shown_after_the_pin_without_card_io(tmp_path: Path) -> None:
    with normal_card_read(tmp_path) as (_, reception):
        services = reception.services
        assert isinstance(services.card.verify_pin("1234"), ev.PinVerified)
        # The card-face AP was read (and its issuer signature checked) when the card was placed: no card I/O now,
        # so the PIN the check still needs stays verified.
        assert services.card.card_photo() is not None
        answer = services.check.check(REQUEST)
    assert isinstance(answer, ev.QualificationChecked), answer


def test_a_card_that_forgot_the_pin_gives_a_failure_screen_not_the_failsafe(tmp_path: Path) -> None:
    with normal_card_read(tmp_path) as (simulation, reception):
        assert isinstance(reception.services.card.verify_pin("1234"), ev.PinVerified)
        card = reception.session.require_card()  # the card's own connection, as another reader client would use it
        CardFaceSession(card.connection)  # selects the card-face AP: the card clears the verified PIN
        answer = reception.services.check.check(REQUEST)
        records = simulation.admin.today_records(simulation.facility_code)
    assert answer == ev.QualificationCheckFailed(CheckFailure.REJECTED)
    assert records == []  # nothing reached the backend without the card's signature
