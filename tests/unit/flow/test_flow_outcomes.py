"""Card-read checks, consent, confirmation, results, and one outcome per domain failure."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk.domain import DEFAULT_ASKED_ITEMS, ConsentCode, ConsentItem, IdentityMethod, QualificationValidity
from kiosk.flow import (
    CardReadFailure,
    CheckFailure,
    Failure,
    NextStep,
    Notice,
    OutcomeKind,
    QualificationSummary,
    RegistrationFailure,
    ResultSummary,
    StaffAlert,
    State,
)
from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from tests.unit.flow.helpers import (
    EXPIRED_CARD,
    EXPIRING_CARD,
    GRACE_CARD,
    RECIPES,
    TO_CONSENT,
    TO_SUBMITTING,
    VALID_CARD,
    VALID_RESULT,
    Harness,
    reach,
)

PIN = ev.MethodChosen(IdentityMethod.PIN)
CHECK_ANSWERS = ev.QualificationChecked | ev.QualificationCheckFailed

FAILURES = [
    # (name, events after the card is inserted, failure, next step)
    ("not_my_number", [ev.CardReadFailed(CardReadFailure.NOT_MY_NUMBER_CARD)], Failure.NOT_MY_NUMBER_CARD,
     NextStep.ASK_STAFF),
    ("unreadable", [ev.CardReadFailed(CardReadFailure.UNREADABLE)], Failure.CARD_UNREADABLE, NextStep.ASK_STAFF),
    ("cert_expired_on_card", [ev.CardRead(EXPIRED_CARD)], Failure.CERT_EXPIRED,
     NextStep.RENEW_CERTIFICATE_AT_MUNICIPAL_OFFICE),
    ("cert_expired_at_backend", [ev.QualificationCheckFailed(CheckFailure.CERT_EXPIRED)], Failure.CERT_EXPIRED,
     NextStep.RENEW_CERTIFICATE_AT_MUNICIPAL_OFFICE),
    ("revoked", [ev.QualificationCheckFailed(CheckFailure.CERT_REVOKED)], Failure.CERT_REVOKED,
     NextStep.USE_ELIGIBILITY_CERTIFICATE_OR_SELF_DECLARATION),
    ("not_registered", [ev.QualificationCheckFailed(CheckFailure.NOT_REGISTERED)], Failure.NOT_REGISTERED,
     NextStep.SHOW_QUALIFICATION_NOTICE_OR_SELF_DECLARATION),
    ("invalid", [ev.QualificationChecked(QualificationSummary(QualificationValidity.INVALID))],
     Failure.QUALIFICATION_INVALID, NextStep.SHOW_QUALIFICATION_NOTICE_OR_SELF_DECLARATION),
    ("superseded", [ev.QualificationChecked(QualificationSummary(QualificationValidity.INVALID_NEWER_EXISTS))],
     Failure.QUALIFICATION_SUPERSEDED, NextStep.ASK_STAFF),
    ("none", [ev.QualificationChecked(QualificationSummary(QualificationValidity.NO_QUALIFICATION))],
     Failure.NO_QUALIFICATION, NextStep.SHOW_QUALIFICATION_NOTICE_OR_SELF_DECLARATION),
    ("several", [ev.QualificationChecked(QualificationSummary(QualificationValidity.SEVERAL_CANDIDATES))],
     Failure.SEVERAL_CANDIDATES, NextStep.ASK_STAFF),
    ("backend_down", [ev.QualificationCheckFailed(CheckFailure.UNREACHABLE, queued=True)], Failure.BACKEND_UNAVAILABLE,
     NextStep.STAFF_WILL_CHECK_LATER),
    ("backend_rejected", [ev.QualificationCheckFailed(CheckFailure.REJECTED)], Failure.BACKEND_REJECTED,
     NextStep.ASK_STAFF),
]


@pytest.mark.parametrize(("name", "events", "failure", "next_step"), FAILURES, ids=[f[0] for f in FAILURES])
def test_each_failure_has_its_own_outcome_and_next_step(
    name: str, events: list[ev.Event], failure: Failure, next_step: NextStep
) -> None:
    harness = Harness()
    prefix = TO_SUBMITTING if isinstance(events[0], CHECK_ANSWERS) else (ev.CardInserted(),)
    harness.send(*prefix, *events)
    view = harness.flow.view
    assert view.state is State.FAILED
    assert view.failure is failure
    assert view.next_step is next_step
    assert view.result is None
    outcome = harness.flow.last_outcome
    assert outcome is not None and outcome.kind is OutcomeKind.FAILED and outcome.failure is failure
    harness.send(ev.Acknowledged())
    assert harness.state is State.TAKE_CARD


def test_every_failure_kind_has_a_next_step() -> None:
    assert all(isinstance(failure.next_step, NextStep) for failure in Failure)


def test_expired_certificate_is_stopped_before_identity_and_never_submitted() -> None:
    harness = Harness()
    harness.send(ev.CardInserted(), ev.CardRead(EXPIRED_CARD), PIN, ev.PinEntered("1234"))
    assert harness.state is State.FAILED
    assert not any(isinstance(e, fx.VerifyPin | fx.CheckQualification) for e in harness.effects)


def test_backend_down_is_recorded_for_later_and_staff_are_told() -> None:
    harness = reach(State.SUBMITTING)
    effects = harness.send(ev.QualificationCheckFailed(CheckFailure.UNREACHABLE, queued=True))
    assert fx.NotifyStaff(StaffAlert.BACKEND_UNAVAILABLE) in effects
    assert harness.flow.view.queued_for_later is True


def test_consent_per_item_reaches_the_submission() -> None:
    harness = Harness()
    harness.send(*TO_CONSENT)
    view = harness.flow.view
    assert view.consent_offered == DEFAULT_ASKED_ITEMS
    assert set(view.consent_choices.values()) == {False}
    assert view.information_only == (ConsentItem.COST_CEILING,)
    assert ConsentItem.COST_CEILING not in view.consent_offered
    harness.send(ev.ConsentByItemAsked(), ev.ConsentChosen(ConsentItem.MEDICATION, True),
                 ev.ConsentChosen(ConsentItem.SURGERY, True))
    harness.send(ev.ConsentChosen(ConsentItem.SURGERY, False), ev.ConsentDone())
    assert harness.state is State.CONFIRM
    assert harness.flow.view.consent_choices[ConsentItem.MEDICATION] is True
    harness.send(ev.Confirmed())
    (submit,) = harness.submits()
    assert dict(submit.request.consents) == {
        ConsentItem.TREATMENT: False, ConsentItem.MEDICATION: True,
        ConsentItem.HEALTH_CHECKUP: False, ConsentItem.SURGERY: False,
    }
    assert submit.request.method is IdentityMethod.PIN
    assert submit.request.medical_consent_offered is True


def test_items_answered_then_back_to_change_one_item() -> None:
    harness = Harness()
    harness.send(*TO_CONSENT, ev.ConsentByItemAsked(), ev.ConsentChosen(ConsentItem.TREATMENT, True),
                 ev.ConsentChosen(ConsentItem.MEDICATION, True), ev.ConsentDone())
    harness.send(ev.Back(), ev.ConsentChosen(ConsentItem.TREATMENT, False), ev.ConsentDone(), ev.Confirmed())
    assert harness.submits()[0].request.consents[ConsentItem.TREATMENT] is False
    assert harness.submits()[0].request.consents[ConsentItem.MEDICATION] is True


def test_grace_window_offers_no_medical_consent() -> None:
    harness = Harness()
    harness.send(ev.CardInserted(), ev.CardRead(GRACE_CARD))
    assert harness.flow.view.in_grace_period is True
    assert harness.flow.view.notice is Notice.CERT_GRACE_NO_CONSENT
    harness.send(ev.MethodChosen(IdentityMethod.PIN), ev.PinEntered("1234"), ev.PinVerified())
    view = harness.flow.view
    assert view.state is State.CONFIRM
    assert view.consent_offered == ()
    harness.send(ev.ConsentAllAgreed(), ev.ConsentChosen(ConsentItem.TREATMENT, True), ev.Back(), ev.Confirmed())
    (submit,) = harness.submits()
    assert dict(submit.request.consents) == {}
    assert submit.request.medical_consent_offered is False


def test_certificate_expiring_soon_is_mentioned() -> None:
    harness = Harness()
    harness.send(ev.CardInserted(), ev.CardRead(EXPIRING_CARD))
    assert harness.state is State.CHOOSE_METHOD
    assert harness.flow.view.notice is Notice.CERT_EXPIRING_SOON


def test_result_shows_only_what_a_patient_may_see_then_take_card_then_idle() -> None:
    harness = Harness()
    full = dataclasses.replace(VALID_RESULT, consents={ConsentItem.TREATMENT: ConsentCode.GIVEN})
    harness.send(*TO_SUBMITTING, ev.QualificationChecked(full))
    view = harness.flow.view
    assert view.state is State.RESULT
    assert view.result == ResultSummary("テスト健康保険組合", 30)
    shown = [f.name for f in dataclasses.fields(ResultSummary)]
    assert shown == ["insurer_name", "burden_ratio_percent", "medical_aid"]
    harness.send(ev.Acknowledged())
    assert harness.state is State.TAKE_CARD
    assert harness.flow.view.result is None
    effects = harness.send(ev.CardRemoved())
    assert harness.state is State.IDLE
    assert effects == (fx.EndSession(),)
    outcome = harness.flow.last_outcome
    assert outcome is not None and outcome.kind is OutcomeKind.COMPLETED
    assert outcome.result == full


def test_result_moves_on_to_take_card_by_itself() -> None:
    harness = reach(State.RESULT)
    harness.wait(harness.config.timeouts[State.RESULT])
    assert harness.state is State.TAKE_CARD


def test_patient_taking_the_card_on_the_result_screen_ends_cleanly() -> None:
    harness = reach(State.RESULT)
    harness.send(ev.CardRemoved())
    assert harness.state is State.IDLE
    assert harness.flow.last_outcome is not None
    assert harness.flow.last_outcome.kind is OutcomeKind.COMPLETED


def test_submission_happens_once_even_if_confirmed_twice() -> None:
    harness = Harness()
    harness.send(*TO_SUBMITTING, ev.Confirmed(), ev.Confirmed())
    assert len(harness.submits()) == 1


# Every failure the flow can name, with one way to reach it (FAILURES above, and the paths beside the card check).
REACHING: dict[Failure, tuple[ev.Event, ...]] = {
    **{failure: (*(TO_SUBMITTING if isinstance(events[0], CHECK_ANSWERS) else (ev.CardInserted(),)),
                 *events) for _, events, failure, _ in FAILURES},
    Failure.PIN_BLOCKED: RECIPES[State.PIN_BLOCKED],
    Failure.IDENTITY_NOT_CONFIRMED: (ev.CardInserted(), ev.CardRead(VALID_CARD), ev.StaffCheckRequested(),
                                     ev.StaffCheckDeclined("staff-01")),
    Failure.REGISTRATION_FAILED: (*RECIPES[State.REGISTERING], ev.RegistrationFailed(RegistrationFailure.REJECTED)),
    Failure.REGISTRATION_UNAVAILABLE: (*RECIPES[State.REGISTERING],
                                       ev.RegistrationFailed(RegistrationFailure.UNREACHABLE)),
    Failure.DISASTER_NOT_DECLARED: (*RECIPES[State.DISASTER_LOOKUP],
                                    ev.QualificationCheckFailed(CheckFailure.DISASTER_NOT_DECLARED)),
}


def test_every_failure_of_the_vocabulary_is_reached_by_a_path() -> None:
    assert set(REACHING) == set(Failure)
    for failure, events in REACHING.items():
        harness = Harness()
        harness.send(*events)
        assert harness.flow.view.failure is failure, failure
        assert harness.state in (State.FAILED, State.PIN_BLOCKED), failure
