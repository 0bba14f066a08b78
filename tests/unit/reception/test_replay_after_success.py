"""A backend success sends whatever the outboxes kept — receptions as well as declarations, pending or kept for
staff's attention — without waiting for the periodic replay, and without holding up the patient's answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.domain import DEFAULT_ASKED_ITEMS, IdentityMethod
from kiosk.eligibility import OutboxState
from kiosk.flow import CheckFailure, SubmissionRequest
from kiosk.flow import events as ev
from kiosk.reception.compose import Reception
from kiosk.simulation import Simulation

STAFF_CHECK = SubmissionRequest(IdentityMethod.STAFF, dict.fromkeys(DEFAULT_ASKED_ITEMS, True), staff_id="staff-1")


def _check(sim: Simulation, reception: Reception, persona: str) -> ev.Event:
    sim.place_card(persona)
    assert isinstance(reception.services.card.read_card(), ev.CardRead)
    answer = reception.services.check.check(STAFF_CHECK)
    reception.services.card.end_session()
    return answer


@pytest.mark.parametrize("kept_as", [OutboxState.PENDING, OutboxState.ATTENTION])
def test_a_card_check_the_backend_answers_sends_the_receptions_that_wait(tmp_path: Path,
                                                                         kept_as: OutboxState) -> None:
    with Simulation(tmp_path) as sim:
        reception = sim.reception()
        outbox = sim.backend_side.outbox
        sim.set_backend_online(False)
        queued = ev.QualificationCheckFailed(CheckFailure.UNREACHABLE, queued=True)
        assert _check(sim, reception, "child") == queued
        assert _check(sim, reception, "elderly") == queued
        if kept_as is OutboxState.ATTENTION:  # e.g. a proxy's page answered them earlier
            for submission in outbox.pending():
                outbox.needs_attention(submission.idempotency_key, "HTTP_403")
        assert outbox.count(kept_as) == 2
        sim.set_backend_online(True)
        answer = _check(sim, reception, "normal")  # the next patient: answered online
        assert isinstance(answer, ev.QualificationChecked)
        assert reception.replay.wait_for_replay_after_success(timeout=30)
        assert outbox.count(OutboxState.DONE) == 3 and outbox.waiting() == 0  # no periodic replay ran
        records = sim.admin.today_records(sim.facility_code)
        assert sorted(record["deferred"] for record in records) == [False, True, True]
        reception.close()

