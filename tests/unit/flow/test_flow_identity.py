"""Face, PIN and staff visual check: retries, fallbacks, tries left, blocking."""

from __future__ import annotations

from kiosk.domain import IdentityMethod
from kiosk.flow import CardReadFailure, FaceFailure, Failure, NextStep, Notice, StaffAlert, State
from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from tests.unit.flow.helpers import BLOCKED_CARD, ONE_TRY_CARD, TO_PIN_ENTRY, VALID_CARD, Harness, reach

FACE = ev.MethodChosen(IdentityMethod.FACE)
PIN = ev.MethodChosen(IdentityMethod.PIN)
STAFF = ev.MethodChosen(IdentityMethod.STAFF)


def test_face_match_goes_to_consent() -> None:
    harness = Harness()
    effects = harness.send(ev.CardInserted(), ev.CardRead(VALID_CARD), FACE)
    assert effects[-1] == fx.StartFace(attempt=1)
    harness.send(ev.FacePrompt("turn_left"))
    assert harness.flow.view.face_prompt == "turn_left"
    harness.send(ev.FaceMatched(0.38))
    assert harness.state is State.CONSENT
    assert harness.flow.view.method is IdentityMethod.FACE


def test_face_is_retried_then_falls_back_to_pin() -> None:
    harness = reach(State.FACE)
    for attempt in (2, 3):
        effects = harness.send(ev.FaceNotMatched(FaceFailure.NOT_MATCHED))
        assert effects == (fx.StartFace(attempt),)
        assert harness.flow.view.notice is Notice.FACE_RETRY
    harness.send(ev.FaceNotMatched(FaceFailure.NO_FACE))
    view = harness.flow.view
    assert view.state is State.PIN_ENTRY
    assert view.notice is Notice.FACE_FAILED_USE_PIN
    assert view.face_available is False
    assert harness.send(FACE) == ()  # face is not offered again
    assert harness.state is State.PIN_ENTRY


def test_lost_camera_falls_back_to_pin_at_once() -> None:
    harness = reach(State.FACE)
    harness.send(ev.CameraLost())
    assert harness.state is State.PIN_ENTRY
    assert harness.flow.view.notice is Notice.CAMERA_LOST_USE_PIN


def test_an_unread_card_front_falls_back_to_pin_saying_so_and_face_is_not_offered_again() -> None:
    harness = reach(State.FACE)
    harness.send(ev.CardFrontUnread())
    view = harness.flow.view
    assert view.state is State.PIN_ENTRY
    assert view.notice is Notice.CARD_FRONT_UNREAD_USE_PIN
    assert view.face_available is False
    assert harness.send(FACE) == ()
    assert harness.state is State.PIN_ENTRY


def test_patient_may_switch_from_face_to_pin_and_the_camera_stops() -> None:
    harness = reach(State.FACE)
    assert harness.send(PIN) == (fx.CancelFace(),)
    assert harness.state is State.PIN_ENTRY


def test_pin_shows_tries_left_and_warns_before_the_last_try() -> None:
    harness = reach(State.PIN_ENTRY)
    assert harness.flow.view.pin_tries_left == 3
    assert harness.flow.view.pin_last_try is False
    harness.send(ev.PinEntered("0000"), ev.PinRejected(tries_left=2))
    assert harness.state is State.PIN_ENTRY
    assert harness.flow.view.notice is Notice.PIN_WRONG
    assert harness.flow.view.pin_tries_left == 2
    harness.send(ev.PinEntered("0000"), ev.PinRejected(tries_left=1))
    assert harness.flow.view.pin_last_try is True
    harness.send(ev.PinEntered("0000"), ev.PinRejected(tries_left=0))
    view = harness.flow.view
    assert view.state is State.PIN_BLOCKED
    assert view.failure is Failure.PIN_BLOCKED
    assert view.next_step is NextStep.RESET_PIN_AT_MUNICIPAL_OFFICE
    assert view.face_available and not view.pin_available


def test_one_try_left_is_warned_from_the_start() -> None:
    harness = Harness()
    harness.send(ev.CardInserted(), ev.CardRead(ONE_TRY_CARD), PIN)
    assert harness.flow.view.pin_last_try is True


def test_blocked_pin_is_never_sent_to_the_card() -> None:
    harness = reach(State.PIN_BLOCKED)
    harness.send(ev.PinEntered("1234"), PIN, ev.PinEntered("1234"))
    assert not any(isinstance(e, fx.VerifyPin) for e in harness.effects)
    assert harness.state is State.PIN_BLOCKED


def test_card_reporting_blocked_during_verify_goes_to_guidance() -> None:
    harness = reach(State.VERIFYING_PIN)
    harness.send(ev.PinBlocked())
    assert harness.state is State.PIN_BLOCKED


def test_blocked_pin_offers_face_which_still_works() -> None:
    harness = reach(State.PIN_BLOCKED)
    assert harness.send(FACE) == (fx.StartFace(1),)
    harness.send(ev.FaceMatched())
    assert harness.state is State.CONSENT


def test_face_exhausted_with_blocked_pin_leaves_only_the_staff_check() -> None:
    harness = Harness()
    harness.send(ev.CardInserted(), ev.CardRead(BLOCKED_CARD), FACE)
    harness.send(*[ev.FaceNotMatched(FaceFailure.NOT_MATCHED)] * 3)
    view = harness.flow.view
    assert view.state is State.PIN_BLOCKED
    assert not view.face_available and not view.pin_available
    assert view.notice is None  # never "use your PIN" on the screen that says the PIN is locked
    assert view.failure is Failure.PIN_BLOCKED
    effects = harness.send(STAFF)
    assert effects == (fx.NotifyStaff(StaffAlert.STAFF_CHECK_REQUESTED),)
    harness.send(ev.StaffCheckConfirmed("staff-7"))
    assert harness.state is State.CONSENT
    assert harness.flow.view.method is IdentityMethod.STAFF


def test_pin_format_is_checked_before_anything_reaches_the_card() -> None:
    harness = reach(State.PIN_ENTRY)
    for bad in ("123", "12345", "12a4", "１２３４"):
        assert harness.send(ev.PinEntered(bad)) == ()
        assert harness.flow.view.notice is Notice.PIN_FORMAT
    assert harness.state is State.PIN_ENTRY


def test_pin_travels_only_inside_the_effect_and_is_not_kept() -> None:
    harness = reach(State.PIN_ENTRY)
    effects = harness.send(ev.PinEntered("7391"))
    assert effects == (fx.VerifyPin("7391"),)
    assert "7391" not in repr(effects)
    assert "7391" not in repr(vars(harness.flow)) + repr(vars(harness.flow._context.session))
    assert "7391" not in repr(harness.flow.view)


def test_staff_check_requested_by_staff_while_patient_struggles_with_pin() -> None:
    harness = reach(State.PIN_ENTRY)
    harness.send(ev.PinEntered("0000"), ev.PinRejected(tries_left=2))
    harness.send(ev.StaffCheckConfirmed("staff-1"))
    view = harness.flow.view
    assert view.state is State.CONSENT
    assert view.method is IdentityMethod.STAFF
    assert view.pin_tries_left == 2  # the visual check does not reset counters


def test_staff_check_confirmed_during_face_stops_the_camera() -> None:
    harness = reach(State.FACE)
    effects = harness.send(ev.StaffCheckConfirmed("staff-1"))
    assert fx.CancelFace() in effects
    assert harness.state is State.CONSENT


def test_staff_check_does_not_give_back_face_attempts() -> None:
    harness = reach(State.FACE)
    harness.send(*[ev.FaceNotMatched(FaceFailure.NOT_MATCHED)] * 3, ev.StaffCheckRequested())
    assert harness.state is State.STAFF_CHECK
    assert harness.flow.view.face_available is False
    assert harness.send(FACE) == ()


def test_staff_declining_the_check_is_its_own_failure() -> None:
    harness = reach(State.STAFF_CHECK)
    harness.send(ev.StaffCheckDeclined("staff-1"))
    assert harness.flow.view.failure is Failure.IDENTITY_NOT_CONFIRMED
    assert harness.submits() == []


def test_staff_id_and_method_reach_the_submission() -> None:
    harness = reach(State.STAFF_CHECK)
    harness.send(ev.StaffCheckConfirmed("staff-9"), ev.ConsentAllAgreed(), ev.Confirmed())
    (submit,) = harness.submits()
    assert submit.request.method is IdentityMethod.STAFF
    assert submit.request.staff_id == "staff-9"


def test_cancel_during_identity_asks_for_the_card_back() -> None:
    harness = reach(State.FACE)
    effects = harness.send(ev.Cancelled())
    assert fx.CancelFace() in effects
    assert harness.state is State.TAKE_CARD
    harness.send(ev.CardRemoved())
    assert harness.state is State.IDLE
    assert harness.submits() == []


def test_identity_confirmed_is_said_before_the_next_question() -> None:
    harness = Harness()
    harness.send(*TO_PIN_ENTRY, ev.PinEntered("1234"), ev.PinVerified())
    assert harness.state is State.CONSENT
    harness.send(ev.Tick())
    assert harness.flow.view.notice is Notice.IDENTITY_CONFIRMED  # stays while the patient reads the question
    harness.send(ev.ConsentByItemAsked())
    assert harness.flow.view.notice is None


def test_a_patient_can_call_staff_from_a_failure_screen() -> None:
    harness = Harness()
    harness.send(ev.CardInserted(), ev.CardReadFailed(CardReadFailure.NOT_MY_NUMBER_CARD))
    effects = harness.send(ev.StaffHelpRequested())
    assert effects == (fx.NotifyStaff(StaffAlert.PATIENT_ASKS_FOR_HELP),)
    assert harness.state is State.FAILED and harness.flow.view.notice is Notice.STAFF_CALLED
    assert Harness().send(ev.StaffHelpRequested()) == ()  # nobody at the kiosk: nothing to call for


def test_without_the_cards_pinless_proof_only_the_pin_confirms_identity() -> None:
    """On real hardware without the certified-reader credential, face and staff checks could not be proven."""
    import dataclasses

    harness = Harness()
    card = dataclasses.replace(VALID_CARD, presence_provable=False)
    harness.send(ev.CardInserted(), ev.CardRead(card))
    view = harness.flow.view
    assert not view.face_available and not view.staff_check_available and view.pin_available
    harness.send(ev.MethodChosen(IdentityMethod.FACE))
    assert harness.state is State.CHOOSE_METHOD  # no face attempt is started
    effects = harness.send(ev.StaffCheckRequested())
    assert effects == (fx.NotifyStaff(StaffAlert.PATIENT_ASKS_FOR_HELP),)  # staff come to help, not to confirm
    assert harness.state is State.CHOOSE_METHOD and harness.flow.view.notice is Notice.STAFF_CALLED
    harness.send(ev.StaffCheckConfirmed("staff-01"))
    assert harness.state is State.CHOOSE_METHOD
    harness.send(ev.MethodChosen(IdentityMethod.PIN), ev.PinEntered("1234"), ev.PinVerified())
    assert harness.state is State.CONSENT


def test_a_card_whose_face_auth_is_locked_goes_straight_to_the_pin_saying_why() -> None:
    harness = Harness()
    harness.send(ev.CardInserted(), ev.CardRead(VALID_CARD), FACE, ev.FaceNotMatched(FaceFailure.LOCKED))
    view = harness.flow.view
    assert view.state is State.PIN_ENTRY and view.notice is Notice.FACE_LOCKED_USE_PIN
    assert not view.face_available  # no second face try on this card in this reception
