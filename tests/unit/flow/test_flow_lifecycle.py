"""Timeouts from every state, the card pulled in every state, and the failsafe."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kiosk.flow import Flow, FlowConfig, ManualClock, Notice, OutcomeKind, StaffAlert, State
from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from tests.unit.flow.helpers import CARD_STATES, NON_IDLE_STATES, RECIPES, VALID_CARD, Harness, reach

# States whose natural end is the "please take your card" screen rather than idle.
SHOWS_TAKE_CARD_FIRST = {State.RESULT, State.FAILED}


def test_every_state_has_exactly_one_handler_in_the_table() -> None:
    assert Flow(ManualClock()).handled_states == frozenset(State)


def test_the_flow_finds_no_handler_by_building_its_name() -> None:
    flow_sources = (Path(__file__).resolve().parents[3] / "kiosk" / "flow").glob("*.py")
    for path in flow_sources:
        assert "getattr(" not in path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize("state", NON_IDLE_STATES, ids=lambda s: s.value)
def test_every_state_has_a_recipe(state: State) -> None:
    assert state in RECIPES
    reach(state)


@pytest.mark.parametrize("state", NON_IDLE_STATES, ids=lambda s: s.value)
def test_state_stays_until_its_timeout_then_asks_for_the_card_or_returns_to_idle(state: State) -> None:
    harness = reach(state)
    timeout = harness.config.timeouts[state]
    assert harness.flow.view.seconds_left == pytest.approx(timeout)
    harness.wait(timeout - 0.5)
    assert harness.state is state
    harness.wait(0.5)
    if harness.flow.view.card_present:
        # Never "place your card" while a card is on the reader: the patient is asked to take it, again and again.
        assert harness.state is State.TAKE_CARD
        for _ in range(3):
            harness.wait(harness.config.timeouts[State.TAKE_CARD])
            assert harness.state is State.TAKE_CARD
        harness.send(ev.CardRemoved())
    assert harness.state is State.IDLE
    assert isinstance(harness.effects[-1], fx.EndSession)


def test_timeouts_are_configurable() -> None:
    config = FlowConfig(timeouts={**FlowConfig().timeouts, State.PIN_ENTRY: 5.0})
    harness = reach(State.PIN_ENTRY, config)
    harness.wait(4.9)
    assert harness.state is State.PIN_ENTRY
    harness.wait(0.1)
    assert harness.state is State.TAKE_CARD


def test_reading_screens_give_at_least_two_minutes() -> None:
    timeouts = FlowConfig().timeouts
    for state in (State.CHOOSE_METHOD, State.PIN_ENTRY, State.PIN_BLOCKED, State.CONSENT, State.PRESCRIPTION,
                  State.CONFIRM, State.FAILED, State.REGISTER_TERMS):
        assert timeouts[state] >= 120, state


def test_every_touch_gives_the_patient_the_screen_s_time_again() -> None:
    harness = reach(State.CONSENT)
    timeout = harness.config.timeouts[State.CONSENT]
    for _ in range(5):  # a slow reader who taps now and then never runs out of time
        harness.wait(timeout - 1)
        harness.send(ev.PatientActive())
        assert harness.state is State.CONSENT
    assert harness.flow.view.seconds_left == pytest.approx(timeout)


def test_twenty_seconds_before_the_end_the_screen_asks_whether_the_patient_is_still_there() -> None:
    harness = reach(State.CONFIRM)
    timeout = harness.config.timeouts[State.CONFIRM]
    harness.wait(timeout - 20.5)
    assert harness.flow.view.still_there_asked is False
    harness.wait(0.5)
    assert harness.flow.view.still_there_asked is True
    harness.send(ev.PatientActive())  # 「続ける」
    assert harness.flow.view.still_there_asked is False
    assert harness.state is State.CONFIRM


def test_waiting_screens_are_not_extended_by_touches() -> None:
    harness = reach(State.SUBMITTING)
    harness.wait(harness.config.timeouts[State.SUBMITTING] - 1)
    harness.send(ev.PatientActive())
    harness.wait(1)
    assert harness.state is State.TAKE_CARD
    assert harness.flow.view.still_there_asked is False


def test_idle_never_times_out() -> None:
    harness = Harness()
    harness.wait(10_000)
    assert harness.state is State.IDLE
    assert harness.effects == []


def test_abandoned_reception_tells_staff_a_card_is_left_on_the_reader() -> None:
    harness = reach(State.CONSENT)
    effects = harness.wait(harness.config.timeouts[State.CONSENT])
    assert harness.state is State.TAKE_CARD
    assert fx.NotifyStaff(StaffAlert.CARD_LEFT_ON_READER) not in effects  # the patient is asked first
    assert harness.flow.last_outcome is not None
    assert harness.flow.last_outcome.kind is OutcomeKind.TIMED_OUT
    effects = harness.wait(harness.config.timeouts[State.TAKE_CARD])
    assert fx.NotifyStaff(StaffAlert.CARD_LEFT_ON_READER) in effects
    effects = harness.wait(harness.config.timeouts[State.TAKE_CARD])
    assert fx.NotifyStaff(StaffAlert.CARD_LEFT_ON_READER) not in effects  # staff are told once
    assert harness.state is State.TAKE_CARD
    assert harness.submits() == []


def test_face_timeout_stops_the_camera() -> None:
    harness = reach(State.FACE)
    effects = harness.wait(harness.config.timeouts[State.FACE])
    assert fx.CancelFace() in effects


@pytest.mark.parametrize("state", [s for s in CARD_STATES if s is not State.FAILSAFE], ids=lambda s: s.value)
def test_pulling_the_card_returns_to_idle_and_submits_nothing_new(state: State) -> None:
    harness = reach(state)
    submitted_before = len(harness.submits())
    effects = harness.send(ev.CardRemoved())
    if state is State.SUBMITTING:  # the services say whether the check was dropped or had already been kept
        assert effects == (fx.CancelCheck(),)
        effects = harness.send(ev.CheckDropped())
    assert harness.state is State.IDLE
    assert len(harness.submits()) == submitted_before
    assert fx.EndSession() in effects
    assert harness.flow.view.card_present is False
    if state is State.FACE:
        assert fx.CancelFace() in effects
    outcome = harness.flow.last_outcome
    if state not in (State.RESULT, State.FAILED, State.TAKE_CARD):
        assert outcome is not None and outcome.kind is OutcomeKind.CANCELLED_CARD_REMOVED
        assert harness.flow.view.consent_choices == {}


@pytest.mark.parametrize(
    "state", [s for s in NON_IDLE_STATES if not reach(s).submits()], ids=lambda s: s.value
)
def test_card_pulled_before_confirmation_never_submits(state: State) -> None:
    harness = reach(state)
    harness.send(ev.CardRemoved())
    assert harness.submits() == []


def test_late_answers_after_the_card_was_pulled_are_ignored() -> None:
    harness = reach(State.FACE)
    harness.send(ev.CardRemoved())
    harness.send(ev.PinVerified(), ev.FaceMatched(), ev.CheckDropped())
    harness.send(ev.QualificationChecked(RECIPES[State.RESULT][-1].result))  # type: ignore[attr-defined]
    assert harness.state is State.IDLE
    assert harness.flow.view.result is None


def test_card_pulled_after_confirm_a_check_already_kept_is_shown_to_the_patient() -> None:
    harness = reach(State.SUBMITTING)
    harness.send(ev.CardRemoved())
    assert harness.state is State.SUBMITTING  # not silently back to idle: the check may already be on its way
    harness.send(ev.QualificationChecked(RECIPES[State.RESULT][-1].result))  # type: ignore[attr-defined]
    assert harness.state is State.RESULT
    outcome = harness.flow.last_outcome
    assert outcome is not None and outcome.kind is OutcomeKind.COMPLETED
    harness.wait(harness.config.timeouts[State.RESULT])
    assert harness.state is State.IDLE  # no card to take


def test_card_pulled_after_confirm_and_the_check_dropped_says_cancelled() -> None:
    harness = reach(State.SUBMITTING)
    harness.send(ev.CardRemoved(), ev.CheckDropped())
    assert harness.state is State.IDLE
    outcome = harness.flow.last_outcome
    assert outcome is not None and outcome.kind is OutcomeKind.CANCELLED_CARD_REMOVED


def test_card_pulled_on_failsafe_screen_still_waits_for_its_timeout() -> None:
    harness = reach(State.FAILSAFE)
    harness.send(ev.CardRemoved())
    assert harness.state is State.FAILSAFE
    harness.wait(harness.config.timeouts[State.FAILSAFE])
    assert harness.state is State.IDLE


@pytest.mark.parametrize("state", NON_IDLE_STATES, ids=lambda s: s.value)
def test_unexpected_service_error_shows_failsafe_then_idle(state: State) -> None:
    harness = reach(state)
    effects = harness.send(ev.UnexpectedError("somewhere"))
    assert harness.state is State.FAILSAFE
    assert fx.NotifyStaff(StaffAlert.FAILSAFE) in effects
    assert fx.EndSession() in effects
    if state is State.FACE:
        assert fx.CancelFace() in effects
    harness.wait(harness.config.timeouts[State.FAILSAFE])
    if harness.flow.view.card_present:
        assert harness.state is State.TAKE_CARD
        harness.send(ev.CardRemoved())
    assert harness.state is State.IDLE


class _BrokenCalendar:
    """A clock whose calendar fails: the flow's own code raises while handling a card."""

    def monotonic(self) -> float:
        return 0.0

    def today(self) -> date:
        raise RuntimeError("calendar unavailable")


def test_an_exception_inside_the_flow_goes_to_failsafe_not_up_the_stack() -> None:
    flow = Flow(_BrokenCalendar())
    flow.handle(ev.CardInserted())
    effects = flow.handle(ev.CardRead(VALID_CARD))
    assert flow.state is State.FAILSAFE
    assert fx.EndSession() in effects
    assert flow.last_outcome is not None and flow.last_outcome.kind is OutcomeKind.FAILSAFE


def test_events_that_do_not_fit_the_state_change_nothing() -> None:
    harness = reach(State.CONSENT)
    before = harness.flow.view
    harness.send(ev.PinVerified(), ev.FaceMatched(), ev.CardRead(VALID_CARD), ev.CardInserted(), ev.Acknowledged())
    assert harness.flow.view == before


def test_a_new_card_starts_a_fresh_reception() -> None:
    harness = reach(State.TAKE_CARD)
    harness.send(ev.CardRemoved())
    effects = harness.send(ev.CardInserted())
    assert harness.state is State.READING_CARD
    assert effects == (fx.ReadCard(),)
    assert harness.flow.view.method is None


def test_a_pulled_card_is_said_on_the_start_screen_for_a_moment() -> None:
    harness = reach(State.CONSENT)
    harness.send(ev.CardRemoved())
    assert harness.state is State.IDLE
    assert harness.flow.view.notice is Notice.CANCELLED_CARD_REMOVED  # not back to the start without a word
    harness.wait(14.0)
    assert harness.flow.view.notice is Notice.CANCELLED_CARD_REMOVED
    harness.wait(1.0)
    assert harness.flow.view.notice is None  # the next patient does not read it
