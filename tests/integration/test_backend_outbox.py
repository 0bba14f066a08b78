"""Backend down, kiosk killed: receptions survive in the outbox and reach the backend exactly once."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.domain import ConsentItem
from kiosk.eligibility import (
    CheckRequest,
    ConsentChoices,
    DeferredReception,
    Outbox,
    OutboxState,
    PinIdentity,
    ReceptionSubmitter,
)
from tests.fixtures.backend import FACILITY, BackendProcess, card_signer, certificate_der, kill_9_kiosk_mid_request


def _request(persona: str = "normal") -> CheckRequest:
    return CheckRequest(certificate_der(persona), PinIdentity(card_signer(persona)),
                        ConsentChoices.of(ConsentItem.TREATMENT), FACILITY)


def test_backend_down_then_back_records_once(backend_process: BackendProcess, tmp_path: Path) -> None:
    backend_process.start()
    backend_process.stop()  # same port and database when it comes back
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    client = backend_process.client(attempts=2, backoff_seconds=0.01)
    submitter = ReceptionSubmitter(client, outbox)
    outcome = submitter.submit(_request())
    assert isinstance(outcome, DeferredReception)
    backend_process.start()
    assert submitter.replay_pending().sent == 1
    submitter.replay_pending()
    records = client.today_records()
    assert [(r["outcome"], r["deferred"], r["consents"]["treatment"]) for r in records] == [("OK", True, 1)]
    assert outbox.count(OutboxState.DONE) == 1
    outbox.close()
    client.close()


SUBMIT_RECEPTION = """
    from tests.fixtures.backend import FACILITY, card_signer, certificate_der
    request = CheckRequest(certificate_der("normal"), PinIdentity(card_signer("normal")), ConsentChoices(), FACILITY)
    ReceptionSubmitter(client, Outbox(Path(outbox_path))).submit(request)
"""


@pytest.mark.parametrize("mode", ["before", "after"])  # killed before the request left / after the answer came
def test_kill_9_mid_submission_loses_nothing(backend_server: BackendProcess, tmp_path: Path, mode: str) -> None:
    outbox_path = tmp_path / "outbox.sqlite3"
    with backend_server.client() as counting:
        before = len(counting.today_records())
    kill_9_kiosk_mid_request(backend_server, outbox_path, "/v1/checks", mode, SUBMIT_RECEPTION)
    client = backend_server.client()
    after_kill = len(client.today_records()) - before
    assert after_kill == (1 if mode == "after" else 0)
    with Outbox(outbox_path) as outbox:  # the kiosk restarts
        assert len(outbox.pending()) == 1
        assert ReceptionSubmitter(client, outbox).replay_pending().sent == 1
        assert len(client.today_records()) - before == 1
        assert outbox.pending() == []
    client.close()
