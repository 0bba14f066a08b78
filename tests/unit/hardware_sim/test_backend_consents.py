"""Consents from the catalogue and the prescription choice, from the kiosk's request to the backend's record."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from hardware_sim.backend.store import Store
from kiosk.domain import ConsentCode, ConsentItem, PrescriptionIssue, UnknownConsentItemError, statements
from kiosk.eligibility import (
    CheckRequest,
    ConsentChoices,
    EligibilityError,
    HttpEligibilityClient,
    PinIdentity,
    new_idempotency_key,
)
from tests.fixtures.backend import FACILITY, card_signer, certificate_der


def _request(consents: ConsentChoices, prescription: PrescriptionIssue | None = None, persona: str = "normal",
             key: str | None = None) -> CheckRequest:
    return CheckRequest(certificate_der(persona), PinIdentity(card_signer(persona)), consents, FACILITY,
                        key or new_idempotency_key(), prescription)


def test_choices_cover_every_askable_item_and_refuse_information_only_ones() -> None:
    choices = ConsentChoices.of(ConsentItem.MEDICATION, ConsentItem.TEST_RESULTS)
    assert choices.to_wire() == {item.wire_name: item in (ConsentItem.MEDICATION, ConsentItem.TEST_RESULTS)
                                 for item in ConsentItem if item.asked}
    assert choices[ConsentItem.MEDICATION] and not choices[ConsentItem.SURGERY]
    assert choices == ConsentChoices({ConsentItem.MEDICATION: True, ConsentItem.TEST_RESULTS: True,
                                      ConsentItem.TREATMENT: False})
    assert ConsentChoices(medication=True, test_results=True, cost_ceiling=False) == choices  # by wire name
    with pytest.raises(UnknownConsentItemError):
        ConsentChoices(xray=True)
    assert ConsentChoices.all_given().given() == {item for item in ConsentItem if item.asked}
    assert ConsentChoices.all_given([ConsentItem.SURGERY]).given() == {ConsentItem.SURGERY}
    with pytest.raises(ValueError, match="cost_ceiling is information only"):
        ConsentChoices.of(ConsentItem.COST_CEILING)


def test_the_answer_has_a_code_for_every_catalogue_item(inprocess_client: HttpEligibilityClient) -> None:
    given = (ConsentItem.TREATMENT, ConsentItem.DRUG_ALLERGIES)
    result = inprocess_client.check(_request(ConsentChoices.of(*given)))
    assert set(result.consents) == set(ConsentItem)
    assert {item for item, code in result.consents.items() if code is ConsentCode.GIVEN} \
        == {*given, ConsentItem.COST_CEILING}  # the cost ceiling is shared by law, asked or not
    [record] = inprocess_client.today_records(FACILITY)
    assert record["consents"] == {item.wire_name: int(result.consents[item]) for item in ConsentItem}


def test_the_grace_window_obtains_no_item(inprocess_client: HttpEligibilityClient) -> None:
    result = inprocess_client.check(_request(ConsentChoices.all_given(), persona="cert_grace"))
    assert set(result.consents) == set(ConsentItem)
    assert set(result.consents.values()) == {ConsentCode.NOT_OBTAINED}


@pytest.mark.parametrize("choice", [PrescriptionIssue.ELECTRONIC, PrescriptionIssue.PAPER, None])
def test_the_prescription_choice_is_stored_and_answered(inprocess_client: HttpEligibilityClient,
                                                        choice: PrescriptionIssue | None) -> None:
    request = _request(ConsentChoices(), choice)
    submission = inprocess_client.prepare(request, inprocess_client.issue_challenge())
    assert submission.payload.get("prescription_issue") == (None if choice is None else int(choice))
    assert ("prescription_issue" in submission.payload) is (choice is not None)  # not asked: the old body
    result = inprocess_client.send(submission)
    assert result.prescription is choice
    [record] = inprocess_client.today_records(FACILITY)
    assert record["prescription_issue"] == (None if choice is None else int(choice))


def test_the_same_key_with_another_prescription_choice_conflicts(inprocess_client: HttpEligibilityClient) -> None:
    key = new_idempotency_key()
    inprocess_client.check(_request(ConsentChoices(), PrescriptionIssue.ELECTRONIC, key=key))
    with pytest.raises(EligibilityError) as caught:
        inprocess_client.check(_request(ConsentChoices(), PrescriptionIssue.PAPER, key=key))
    assert caught.value.code == "IDEMPOTENCY_CONFLICT"


def test_the_kiosk_statement_binds_the_prescription_only_when_asked() -> None:
    card = statements.card_statement(idempotency_key="k" * 20, facility_code=FACILITY,
                                     captured_at="2025-01-02T03:04:05Z", certificate_der=b"\x30", challenge_b64=None)
    fields = statements.staff_fields("nurse-1", b"card")
    unasked = statements.kiosk_statement(card, method="staff", method_fields=fields, consents=["surgery"])
    electronic = statements.kiosk_statement(card, method="staff", method_fields=fields, consents=["surgery"],
                                            prescription=1)
    paper = statements.kiosk_statement(card, method="staff", method_fields=fields, consents=["surgery"],
                                       prescription=2)
    assert len({unasked, electronic, paper}) == 3
    assert unasked.endswith(b"consents=surgery")  # statements signed before the choice existed still verify


def test_a_database_from_before_the_prescription_column_gets_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE checks (id INTEGER PRIMARY KEY AUTOINCREMENT, idempotency_key TEXT NOT NULL UNIQUE,"
                   " request_hash TEXT NOT NULL, received_at TEXT NOT NULL, day TEXT NOT NULL, captured_at TEXT NOT"
                   " NULL, facility_code TEXT NOT NULL, kiosk TEXT NOT NULL, identity_method TEXT NOT NULL, staff_id"
                   " TEXT, deferred INTEGER NOT NULL, cert_serial INTEGER, outcome TEXT NOT NULL, http_status INTEGER"
                   " NOT NULL, response TEXT NOT NULL, evidence TEXT NOT NULL DEFAULT '{}')")
    db.close()
    store = Store(path)
    try:
        assert store.records("2025-01-01", None) == []
    finally:
        store.close()
    with sqlite3.connect(path) as db:
        columns = {row[1] for row in db.execute("PRAGMA table_info(checks)")}
    db.close()
    assert "prescription_issue" in columns
