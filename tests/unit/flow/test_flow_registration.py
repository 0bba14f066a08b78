"""Insurance-use registration on the spot: after face or PIN, explicit terms, then the reception goes on."""

from __future__ import annotations

import pytest

from kiosk.domain import ConsentItem, IdentityMethod
from kiosk.flow import CheckFailure, Failure, NextStep, OutcomeKind, RegistrationFailure, StaffAlert, State
from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from tests.unit.flow.helpers import (
    GRACE_CARD,
    STAFF,
    TO_NOT_REGISTERED,
    TO_REGISTER_TERMS,
    VALID_CARD,
    VALID_RESULT,
    Harness,
    reach,
)

NOT_REGISTERED = ev.QualificationCheckFailed(CheckFailure.NOT_REGISTERED)
IDENTITIES = [
    ("pin", IdentityMethod.PIN, (ev.MethodChosen(IdentityMethod.PIN), ev.PinEntered("1234"), ev.PinVerified())),
    ("face", IdentityMethod.FACE, (ev.MethodChosen(IdentityMethod.FACE), ev.FaceMatched(0.3))),
]


@pytest.mark.parametrize(("name", "method", "identity"), IDENTITIES, ids=[i[0] for i in IDENTITIES])
def test_not_registered_patient_registers_and_the_same_reception_completes(
    name: str, method: IdentityMethod, identity: tuple[ev.Event, ...]
) -> None:
    harness = Harness()
    harness.send(ev.CardInserted(), ev.CardRead(VALID_CARD), *identity)
    harness.send(ev.ConsentByItemAsked(), ev.ConsentChosen(ConsentItem.MEDICATION, True), ev.ConsentDone(),
                 ev.Confirmed(), NOT_REGISTERED)
    view = harness.flow.view
    assert view.state is State.FAILED and view.failure is Failure.NOT_REGISTERED
    assert view.registration_offered is True
    assert view.declaration_offered is True

    harness.send(ev.RegistrationRequested())
    assert harness.state is State.REGISTER_TERMS
    assert harness.flow.view.terms_version == harness.config.registration_terms_version
    assert not any(isinstance(e, fx.Register) for e in harness.effects)  # nothing before the explicit agreement

    effects = harness.send(ev.TermsAgreed())
    assert harness.state is State.REGISTERING
    assert effects == (fx.Register(harness.config.registration_terms_version, method),)

    effects = harness.send(ev.Registered())
    first, again = harness.submits()
    assert effects == (again,)
    assert again.request == first.request  # the consents already chosen, not asked twice
    assert again.request.consents[ConsentItem.MEDICATION] is True
    assert harness.state is State.SUBMITTING

    harness.send(ev.QualificationChecked(VALID_RESULT))
    assert harness.state is State.RESULT
    outcome = harness.flow.last_outcome
    assert outcome is not None and outcome.kind is OutcomeKind.COMPLETED and outcome.method is method


def test_declining_the_terms_returns_to_the_not_registered_guidance() -> None:
    harness = reach(State.REGISTER_TERMS)
    harness.send(ev.TermsDeclined())
    view = harness.flow.view
    assert view.state is State.FAILED and view.failure is Failure.NOT_REGISTERED
    assert view.next_step is NextStep.SHOW_QUALIFICATION_NOTICE_OR_SELF_DECLARATION
    assert view.registration_offered is False
    assert view.declaration_offered is True
    harness.send(ev.RegistrationRequested())
    assert harness.state is State.FAILED
    assert not any(isinstance(e, fx.Register) for e in harness.effects)
    assert len(harness.submits()) == 1


def test_cancel_on_the_terms_screen_is_declining() -> None:
    harness = reach(State.REGISTER_TERMS)
    harness.send(ev.Cancelled())
    assert harness.state is State.FAILED and harness.flow.view.failure is Failure.NOT_REGISTERED


def test_staff_visual_check_cannot_register_a_card() -> None:
    harness = Harness()
    harness.send(ev.CardInserted(), ev.CardRead(VALID_CARD), ev.StaffCheckConfirmed(STAFF), ev.ConsentAllAgreed(),
                 ev.Confirmed(), NOT_REGISTERED)
    assert harness.state is State.FAILED
    assert harness.flow.view.registration_offered is False
    harness.send(ev.RegistrationRequested())
    assert harness.state is State.FAILED


def test_registration_is_offered_once_per_reception() -> None:
    harness = reach(State.REGISTERING)
    harness.send(ev.Registered(), NOT_REGISTERED)  # the service still says not registered
    view = harness.flow.view
    assert view.state is State.FAILED and view.failure is Failure.NOT_REGISTERED
    assert view.registration_offered is False


def test_other_failures_do_not_offer_registration() -> None:
    harness = Harness()
    harness.send(*TO_NOT_REGISTERED[:-1], ev.QualificationCheckFailed(CheckFailure.CERT_REVOKED))
    assert harness.flow.view.registration_offered is False
    harness.send(ev.RegistrationRequested())
    assert harness.state is State.FAILED


REGISTRATION_FAILURES = [
    ("unreachable", RegistrationFailure.UNREACHABLE, Failure.REGISTRATION_UNAVAILABLE,
     NextStep.TRY_REGISTRATION_LATER, True),
    ("rejected", RegistrationFailure.REJECTED, Failure.REGISTRATION_FAILED, NextStep.ASK_STAFF, False),
]


@pytest.mark.parametrize(("name", "reason", "failure", "next_step", "alerts"), REGISTRATION_FAILURES,
                         ids=[f[0] for f in REGISTRATION_FAILURES])
def test_registration_failure_has_its_own_outcome(
    name: str, reason: RegistrationFailure, failure: Failure, next_step: NextStep, alerts: bool
) -> None:
    harness = reach(State.REGISTERING)
    effects = harness.send(ev.RegistrationFailed(reason))
    view = harness.flow.view
    assert view.state is State.FAILED and view.failure is failure and view.next_step is next_step
    assert (fx.NotifyStaff(StaffAlert.BACKEND_UNAVAILABLE) in effects) is alerts
    assert view.declaration_offered is True
    assert view.registration_offered is False
    assert len(harness.submits()) == 1  # the check is not re-sent
    outcome = harness.flow.last_outcome
    assert outcome is not None and outcome.kind is OutcomeKind.FAILED and outcome.failure is failure


def test_backend_down_on_the_check_after_registering() -> None:
    harness = reach(State.REGISTERING)
    effects = harness.send(ev.Registered(), ev.QualificationCheckFailed(CheckFailure.UNREACHABLE, queued=True))
    assert harness.flow.view.failure is Failure.BACKEND_UNAVAILABLE
    assert harness.flow.view.queued_for_later is True
    assert fx.NotifyStaff(StaffAlert.BACKEND_UNAVAILABLE) in effects


@pytest.mark.parametrize("state", [State.REGISTER_TERMS, State.REGISTERING], ids=lambda s: s.value)
def test_card_pulled_during_registration_cancels_and_a_late_answer_is_ignored(state: State) -> None:
    harness = reach(state)
    effects = harness.send(ev.CardRemoved())
    assert harness.state is State.IDLE
    assert (fx.CancelRegister() in effects) is (state is State.REGISTERING)
    assert fx.EndSession() in effects
    harness.send(ev.Registered(), ev.QualificationChecked(VALID_RESULT))
    assert harness.state is State.IDLE
    assert len(harness.submits()) == 1
    outcome = harness.flow.last_outcome
    assert outcome is not None and outcome.kind is OutcomeKind.CANCELLED_CARD_REMOVED


@pytest.mark.parametrize("state", [State.REGISTER_TERMS, State.REGISTERING], ids=lambda s: s.value)
def test_registration_states_time_out_and_tell_staff_about_the_card(state: State) -> None:
    harness = reach(state)
    effects = harness.wait(harness.config.timeouts[state])
    assert harness.state is State.TAKE_CARD  # the card is still on the reader
    assert (fx.CancelRegister() in effects) is (state is State.REGISTERING)
    assert harness.flow.last_outcome is not None and harness.flow.last_outcome.kind is OutcomeKind.TIMED_OUT
    effects = harness.wait(harness.config.timeouts[State.TAKE_CARD])
    assert harness.state is State.TAKE_CARD
    assert fx.NotifyStaff(StaffAlert.CARD_LEFT_ON_READER) in effects


def test_registration_in_the_grace_window_resubmits_without_medical_consent() -> None:
    harness = Harness()
    harness.send(ev.CardInserted(), ev.CardRead(GRACE_CARD), ev.MethodChosen(IdentityMethod.PIN),
                 ev.PinEntered("1234"), ev.PinVerified(), ev.Confirmed(), NOT_REGISTERED,
                 ev.RegistrationRequested(), ev.TermsAgreed(), ev.Registered())
    resent = harness.submits()[-1].request
    assert resent.medical_consent_offered is False and dict(resent.consents) == {}


def test_unexpected_error_while_registering_goes_to_failsafe() -> None:
    harness = reach(State.REGISTERING)
    effects = harness.send(ev.UnexpectedError("registering"))
    assert harness.state is State.FAILSAFE
    assert fx.CancelRegister() in effects and fx.NotifyStaff(StaffAlert.FAILSAFE) in effects


def test_terms_screen_is_reached_from_the_not_registered_screen_only() -> None:
    harness = Harness()
    harness.send(*TO_REGISTER_TERMS[:4], ev.RegistrationRequested())  # identity screen: ignored
    assert harness.state is not State.REGISTER_TERMS
