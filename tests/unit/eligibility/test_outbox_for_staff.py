"""Receptions the kiosk kept before sequence numbers: held for staff (never replayed: the backend cannot accept
them and the card is gone), listed as needing attention, and discarded only by a named staff member, with an audit
row; and what staff discard never comes back."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from hardware_sim.backend.inprocess import InProcessBackend
from kiosk.eligibility import (
    CheckRequest,
    ConsentChoices,
    DeferredReception,
    HttpEligibilityClient,
    Outbox,
    OutboxState,
    PinIdentity,
    ReceptionSubmitter,
    Submission,
)
from kiosk.simulation import SwitchableTransport
from tests.fixtures.backend import FACILITY, card_signer, certificate_der


def _older_kiosk_kept(client: HttpEligibilityClient, path: Path, challenge: str | None) -> str:
    """What a kiosk from before sequence numbers left in its outbox: a signed reception without one."""
    request = CheckRequest(certificate_der("normal"), PinIdentity(card_signer("normal")), ConsentChoices(), FACILITY)
    made = client.prepare(request, challenge, sequence=None if challenge else 1)
    payload = {k: v for k, v in made.payload.items() if k != "sequence"}
    with Outbox(path) as older:
        older.put(Submission(made.idempotency_key, made.captured_at, payload))
    return made.idempotency_key


def _refusals(backend: InProcessBackend) -> int:
    return len(backend.service.refusals())


@pytest.mark.parametrize("signed_with", ["a challenge", "nothing"])
def test_a_reception_kept_before_sequence_numbers_is_held_for_staff_not_replayed(
        client: HttpEligibilityClient, inprocess_backend: InProcessBackend, tmp_path: Path, signed_with: str) -> None:
    path = tmp_path / "outbox.sqlite3"
    old_key = _older_kiosk_kept(client, path, client.issue_challenge() if signed_with == "a challenge" else None)
    with Outbox(path) as outbox:  # the updated kiosk starts on the old outbox
        submitter = ReceptionSubmitter(client, outbox)
        assert outbox.needing_attention() == [(old_key, outbox.entry(old_key).captured_at, Outbox.NO_SEQUENCE)]  # type: ignore[union-attr]
        assert outbox.entry(old_key).state is OutboxState.HELD  # type: ignore[union-attr]
        assert (submitter.waiting(), outbox.pending()) == (0, [])
        report = submitter.replay_pending()
        assert (report.sent, report.still_pending) == (0, 0)
        assert _refusals(inprocess_backend) == 0  # nothing was sent: the backend could only refuse it
        assert client.today_records() == []
    with Outbox(path) as reopened:  # and it stays held across restarts, with its payload, until staff act
        assert reopened.entry(old_key).state is OutboxState.HELD  # type: ignore[union-attr]
        assert json.loads(sqlite3.connect(path).execute(
            "SELECT payload FROM outbox WHERE idempotency_key = ?", (old_key,)).fetchone()[0])["idempotency_key"] \
            == old_key


def test_staff_discard_a_held_reception_with_an_audit_record(client: HttpEligibilityClient,
                                                             switch: SwitchableTransport, tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    old_key = _older_kiosk_kept(client, path, None)
    switch.online = False
    with Outbox(path, clock=lambda: 1_800_000_000.0) as outbox:
        kept = ReceptionSubmitter(client, outbox).submit(
            CheckRequest(certificate_der("child"), PinIdentity(card_signer("child")), ConsentChoices(), FACILITY))
        assert isinstance(kept, DeferredReception)
        with pytest.raises(ValueError, match="staff id and a reason"):
            outbox.discard(old_key, " ", "checked at the desk")
        assert not outbox.discard(kept.idempotency_key, "staff-7", "pending: not for staff")  # still on its way
        assert outbox.discard(old_key, "staff-7", "patient checked again at the desk")
        assert not outbox.discard(old_key, "staff-7", "twice")
        assert outbox.needing_attention() == []
        assert outbox.entry(old_key).state is OutboxState.DISCARDED  # type: ignore[union-attr]
        assert outbox.discards() == [{"idempotency_key": old_key, "captured_at": outbox.entry(old_key).captured_at,  # type: ignore[union-attr]
                                      "last_code": Outbox.NO_SEQUENCE, "discarded_at": 1_800_000_000.0,
                                      "staff_id": "staff-7", "reason": "patient checked again at the desk"}]
    payload = sqlite3.connect(path).execute("SELECT payload FROM outbox WHERE idempotency_key = ?",
                                            (old_key,)).fetchone()[0]
    assert payload is None  # the certificate and signatures are gone; the audit row stays
    switch.online = True
    with Outbox(path) as restarted:
        assert restarted.entry(old_key).state is OutboxState.DISCARDED  # type: ignore[union-attr]
        assert ReceptionSubmitter(client, restarted).replay_pending().sent == 1  # only the child's reception
    assert len(client.today_records()) == 1


def test_a_technician_lists_and_discards_held_receptions_from_the_command_line(
        client: HttpEligibilityClient, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.cli import main
    from kiosk.reception.compose import OUTBOX_FILE

    old_key = _older_kiosk_kept(client, tmp_path / OUTBOX_FILE, None)
    assert main(["outbox", "--data", str(tmp_path), "list"]) == 0
    listed = capsys.readouterr().out
    assert old_key in listed and "NO_SEQUENCE" in listed and "1 reception(s) kept for staff" in listed
    assert main(["outbox", "--data", str(tmp_path), "discard", old_key, "--staff", "tech-1"]) == 2  # no reason
    assert main(["outbox", "--data", str(tmp_path), "discard", "no-such-key", "--staff", "tech-1",
                 "--reason", "x"]) == 1
    assert main(["outbox", "--data", str(tmp_path), "discard", old_key, "--staff", "tech-1",
                 "--reason", "visit confirmed on paper"]) == 0
    capsys.readouterr()
    assert main(["outbox", "--data", str(tmp_path), "list"]) == 0
    assert "0 reception(s) kept for staff" in capsys.readouterr().out
    with Outbox(tmp_path / OUTBOX_FILE) as outbox:
        assert [(d["staff_id"], d["reason"]) for d in outbox.discards()] == [("tech-1", "visit confirmed on paper")]
