"""What a facility asks: the consent items from the catalogue, the prescription choice, and validity 6 as a result."""

from __future__ import annotations

import pytest

from kiosk.domain import ConsentItem, PrescriptionIssue, QualificationValidity
from kiosk.flow import FlowConfig, OutcomeKind, QualificationSummary, State
from kiosk.flow import events as ev
from tests.unit.flow.helpers import GRACE_CARD, TO_CONSENT, TO_PIN_ENTRY, Harness

ELECTRONIC_RECORDS = (ConsentItem.DIAGNOSIS_NAMES, ConsentItem.DRUG_ALLERGIES)


def test_the_consent_screen_offers_exactly_what_the_facility_asks() -> None:
    harness = Harness(FlowConfig(consent_items=(ConsentItem.MEDICATION, *ELECTRONIC_RECORDS)))
    harness.send(*TO_CONSENT)
    assert harness.flow.view.consent_offered == (ConsentItem.MEDICATION, *ELECTRONIC_RECORDS)
    harness.send(ev.ConsentByItemAsked(), ev.ConsentChosen(ConsentItem.DRUG_ALLERGIES, True),
                 ev.ConsentChosen(ConsentItem.SURGERY, True), ev.ConsentDone(), ev.Confirmed())
    (submit,) = harness.submits()
    assert dict(submit.request.consents) == {
        ConsentItem.MEDICATION: False, ConsentItem.DIAGNOSIS_NAMES: False, ConsentItem.DRUG_ALLERGIES: True}


def test_a_facility_that_asks_no_consent_goes_straight_to_the_confirmation() -> None:
    harness = Harness(FlowConfig(consent_items=()))
    harness.send(*TO_CONSENT)
    assert harness.state is State.CONFIRM
    harness.send(ev.Back())
    assert harness.state is State.CONFIRM  # there is no consent screen to go back to
    harness.send(ev.Confirmed())
    (submit,) = harness.submits()
    assert dict(submit.request.consents) == {}


def test_agreeing_to_all_on_the_first_screen_registers_every_offered_item_at_once() -> None:
    harness = Harness()
    harness.send(*TO_CONSENT, ev.ConsentAllAgreed())
    assert harness.state is State.SUBMITTING  # the first screen listed the items: no second confirmation
    (submit,) = harness.submits()
    assert dict(submit.request.consents) == dict.fromkeys(harness.flow.view.consent_offered, True)


def test_item_by_item_each_answer_is_the_one_tapped_and_the_confirmation_follows() -> None:
    harness = Harness()
    harness.send(*TO_CONSENT, ev.ConsentByItemAsked())
    assert harness.state is State.CONSENT_ITEMS
    offered = harness.flow.view.consent_offered
    assert not any(harness.flow.view.consent_choices.values())  # nothing agreed until the patient says so
    harness.send(ev.ConsentChosen(ConsentItem.MEDICATION, True), ev.ConsentChosen(ConsentItem.TREATMENT, False),
                 ev.ConsentChosen(ConsentItem.TREATMENT, False), ev.ConsentDone())
    assert harness.state is State.CONFIRM
    assert harness.submits() == []
    harness.send(ev.Back())
    assert harness.state is State.CONSENT_ITEMS  # back to the answers, which are kept
    assert harness.flow.view.consent_choices[ConsentItem.MEDICATION] is True
    harness.send(ev.ConsentDone(), ev.Confirmed())
    (submit,) = harness.submits()
    assert dict(submit.request.consents) == {item: item is ConsentItem.MEDICATION for item in offered}


def test_from_the_items_back_leads_to_the_first_consent_screen_and_cancel_sends_nothing() -> None:
    harness = Harness()
    harness.send(*TO_CONSENT, ev.ConsentByItemAsked(), ev.Back())
    assert harness.state is State.CONSENT
    harness.send(ev.ConsentByItemAsked(), ev.Cancelled())
    assert harness.state is State.TAKE_CARD
    assert harness.submits() == []


def test_information_only_items_can_never_be_asked() -> None:
    with pytest.raises(ValueError, match="cost_ceiling"):
        FlowConfig(consent_items=(ConsentItem.TREATMENT, ConsentItem.COST_CEILING))


def test_the_prescription_choice_follows_consent_and_reaches_the_submission() -> None:
    harness = Harness(FlowConfig(ask_prescription=True))
    harness.send(*TO_CONSENT, ev.ConsentAllAgreed())
    assert harness.state is State.PRESCRIPTION
    assert harness.flow.view.prescription_asked and harness.flow.view.prescription is None
    harness.send(ev.Confirmed())
    assert harness.state is State.PRESCRIPTION  # no confirmation before the choice
    harness.send(ev.PrescriptionChosen(PrescriptionIssue.PAPER))
    assert harness.state is State.CONFIRM
    assert harness.flow.view.prescription is PrescriptionIssue.PAPER
    harness.send(ev.Back())
    assert harness.state is State.PRESCRIPTION
    harness.send(ev.Back())
    assert harness.state is State.CONSENT
    harness.send(ev.ConsentAllAgreed(), ev.PrescriptionChosen(PrescriptionIssue.ELECTRONIC), ev.Confirmed())
    (submit,) = harness.submits()
    assert submit.request.prescription is PrescriptionIssue.ELECTRONIC


def test_without_the_prescription_question_nothing_is_sent_for_it() -> None:
    harness = Harness()
    harness.send(*TO_CONSENT, ev.ConsentAllAgreed())
    (submit,) = harness.submits()
    assert submit.request.prescription is None


def test_in_the_grace_window_the_prescription_is_still_asked_but_no_consent() -> None:
    harness = Harness(FlowConfig(ask_prescription=True))
    harness.send(ev.CardInserted(), ev.CardRead(GRACE_CARD), *TO_PIN_ENTRY[2:], ev.PinEntered("1234"), ev.PinVerified())
    assert harness.state is State.PRESCRIPTION
    assert harness.flow.view.consent_offered == ()
    harness.send(ev.Back())
    assert harness.state is State.PRESCRIPTION


def test_cancel_on_the_prescription_screen_sends_nothing() -> None:
    harness = Harness(FlowConfig(ask_prescription=True))
    harness.send(*TO_CONSENT, ev.ConsentAllAgreed(), ev.Cancelled())
    assert harness.state is State.TAKE_CARD
    assert harness.submits() == []


def test_validity_6_medical_aid_is_a_result_not_a_failure() -> None:
    harness = Harness()
    harness.send(*TO_CONSENT, ev.ConsentAllAgreed(),
                 ev.QualificationChecked(
                     QualificationSummary(QualificationValidity.VALID_MEDICAL_AID_UNREGISTERED, "", 0)))
    assert harness.state is State.RESULT
    outcome = harness.flow.last_outcome
    assert outcome is not None and outcome.kind is OutcomeKind.COMPLETED
