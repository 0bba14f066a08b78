"""Disaster mode (災害時モード): switched by staff, marked on every screen, lookup by kana and birth date."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from kiosk.domain import QualificationValidity
from kiosk.domain.forms import FormProblem
from kiosk.flow import (
    CheckFailure,
    DisasterCheck,
    Failure,
    NextStep,
    OutcomeKind,
    QualificationSummary,
    ReceptionPath,
    ResultSummary,
    StaffAlert,
    State,
)
from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from tests.unit.flow.helpers import RECIPES, STAFF, TO_DISASTER_FORM, VALID_QUERY, VALID_RESULT, Harness, reach

ON = ev.DisasterModeChanged(True, STAFF)
OFF = ev.DisasterModeChanged(False, STAFF)


def test_staff_switch_disaster_mode_on_and_off_and_it_is_recorded() -> None:
    harness = Harness()
    assert harness.flow.view.disaster_mode is False
    assert harness.flow.view.disaster_lookup_offered is False
    assert harness.send(ON) == (fx.RecordDisasterMode(True, STAFF),)
    assert harness.flow.view.disaster_mode is True
    assert harness.flow.view.disaster_lookup_offered is True
    assert harness.send(ON) == ()  # already on: nothing to record
    assert harness.send(OFF) == (fx.RecordDisasterMode(False, STAFF),)
    assert harness.flow.view.disaster_mode is False


@pytest.mark.parametrize("state", [State.CHOOSE_METHOD, State.CONSENT, State.RESULT, State.TAKE_CARD,
                                   State.PAPER_FORM, State.DECLARATION_FORM], ids=lambda s: s.value)
def test_every_screen_is_marked_while_on_and_the_mode_outlives_the_reception(state: State) -> None:
    harness = Harness()
    harness.send(ON, *RECIPES[state])
    assert harness.state is state
    assert harness.flow.view.disaster_mode is True
    assert harness.flow.view.disaster_lookup_offered is False  # only the idle screen offers it
    harness.send(ev.CardRemoved(), ev.Cancelled())
    harness.wait(1000)
    assert harness.state is State.IDLE
    assert harness.flow.view.disaster_mode is True


def test_lookup_without_a_card_end_to_end() -> None:
    harness = Harness()
    harness.send(ON)
    effects = harness.send(ev.DisasterLookupChosen())
    assert harness.state is State.DISASTER_CONSENT
    assert effects == (fx.NotifyStaff(StaffAlert.VERBAL_CONSENT_NEEDED),)
    harness.send(ev.StaffVerbalConsent(STAFF, given=True))
    assert harness.state is State.DISASTER_FORM
    effects = harness.send(ev.DisasterQueryEntered(dataclasses.replace(VALID_QUERY, name_kana=" ヤマダ ハナコ ")))
    assert effects == (fx.CheckQualification(DisasterCheck(VALID_QUERY, STAFF)),)
    assert harness.state is State.DISASTER_LOOKUP
    harness.send(ev.QualificationChecked(VALID_RESULT))
    view = harness.flow.view
    assert view.state is State.RESULT
    assert view.result == ResultSummary(VALID_RESULT.insurer_name, VALID_RESULT.burden_ratio_percent)
    outcome = harness.flow.last_outcome
    assert outcome is not None and outcome.kind is OutcomeKind.COMPLETED and outcome.path is ReceptionPath.DISASTER
    harness.send(ev.Acknowledged())
    assert harness.state is State.IDLE


def test_no_lookup_without_disaster_mode() -> None:
    harness = Harness()
    harness.send(ev.DisasterLookupChosen())
    assert harness.state is State.IDLE and harness.effects == []


@pytest.mark.parametrize("refusal", [ev.StaffVerbalConsent(STAFF, given=False), ev.Cancelled()],
                         ids=["consent_refused", "cancelled"])
def test_no_consent_no_lookup(refusal: ev.Event) -> None:
    harness = reach(State.DISASTER_CONSENT)
    harness.send(refusal)
    assert harness.state is State.IDLE
    assert not any(isinstance(e, fx.CheckQualification) for e in harness.effects)
    assert harness.flow.last_outcome is not None
    assert harness.flow.last_outcome.kind is OutcomeKind.CANCELLED_BY_PATIENT


BAD_QUERIES = [
    ("kana_missing", {"name_kana": " "}, "name_kana", FormProblem.KANA_REQUIRED),
    ("kana_romaji", {"name_kana": "YAMADA"}, "name_kana", FormProblem.KANA_NOT_KATAKANA),
    ("kana_too_long", {"name_kana": "ア" * 51}, "name_kana", FormProblem.KANA_TOO_LONG),
    ("birth_date_missing", {"birth_date": None}, "birth_date", FormProblem.BIRTH_DATE_REQUIRED),
    ("birth_date_future", {"birth_date": date(2026, 3, 16)}, "birth_date", FormProblem.BIRTH_DATE_IN_FUTURE),
    ("birth_date_too_old", {"birth_date": date(1899, 12, 31)}, "birth_date", FormProblem.BIRTH_DATE_TOO_OLD),
]


@pytest.mark.parametrize(("name", "changes", "field", "problem"), BAD_QUERIES, ids=[b[0] for b in BAD_QUERIES])
def test_each_bad_query_is_named_and_nothing_is_looked_up(
    name: str, changes: dict[str, Any], field: str, problem: FormProblem
) -> None:
    harness = reach(State.DISASTER_FORM)
    harness.send(ev.DisasterQueryEntered(dataclasses.replace(VALID_QUERY, **changes)))
    view = harness.flow.view
    assert view.state is State.DISASTER_FORM
    assert view.problem(field) is problem and [p.field for p in view.form_problems] == [field]
    assert view.disaster_query is not None
    assert not any(isinstance(e, fx.CheckQualification) for e in harness.effects)
    harness.send(ev.DisasterQueryEntered(VALID_QUERY))
    assert harness.state is State.DISASTER_LOOKUP


OUTCOMES = [
    # (name, answer, failure, next step, staff alerted for the backend)
    ("several", ev.QualificationChecked(QualificationSummary(QualificationValidity.SEVERAL_CANDIDATES)),
     Failure.SEVERAL_CANDIDATES, NextStep.ASK_STAFF, False),
    ("none", ev.QualificationChecked(QualificationSummary(QualificationValidity.NO_QUALIFICATION)),
     Failure.NO_QUALIFICATION, NextStep.SHOW_QUALIFICATION_NOTICE_OR_SELF_DECLARATION, False),
    ("no_record", ev.QualificationCheckFailed(CheckFailure.NO_RECORD), Failure.NO_QUALIFICATION,
     NextStep.SHOW_QUALIFICATION_NOTICE_OR_SELF_DECLARATION, False),
    ("backend_down", ev.QualificationCheckFailed(CheckFailure.UNREACHABLE), Failure.BACKEND_UNAVAILABLE,
     NextStep.STAFF_WILL_CHECK_LATER, True),
    ("not_declared", ev.QualificationCheckFailed(CheckFailure.DISASTER_NOT_DECLARED), Failure.DISASTER_NOT_DECLARED,
     NextStep.ASK_STAFF, False),
    ("rejected", ev.QualificationCheckFailed(CheckFailure.REJECTED), Failure.BACKEND_REJECTED, NextStep.ASK_STAFF,
     False),
]


@pytest.mark.parametrize(("name", "answer", "failure", "next_step", "alerted"), OUTCOMES, ids=[o[0] for o in OUTCOMES])
def test_each_lookup_outcome(name: str, answer: ev.Event, failure: Failure, next_step: NextStep, alerted: bool) -> None:
    harness = reach(State.DISASTER_LOOKUP)
    effects = harness.send(answer)
    view = harness.flow.view
    assert view.state is State.FAILED and view.failure is failure and view.next_step is next_step
    assert (fx.NotifyStaff(StaffAlert.BACKEND_UNAVAILABLE) in effects) is alerted
    assert view.result is None  # several candidates are never shown on the kiosk


def test_nobody_found_can_fill_in_a_self_declaration() -> None:
    harness = reach(State.DISASTER_LOOKUP)
    harness.send(ev.QualificationChecked(QualificationSummary(QualificationValidity.NO_QUALIFICATION)),
                 ev.DeclarationRequested())
    assert harness.state is State.DECLARATION_FORM


@pytest.mark.parametrize("state", [State.DISASTER_CONSENT, State.DISASTER_FORM, State.DISASTER_LOOKUP],
                         ids=lambda s: s.value)
def test_switching_the_mode_off_ends_a_lookup_in_progress(state: State) -> None:
    harness = reach(state)
    effects = harness.send(OFF)
    assert harness.state is State.IDLE
    assert fx.RecordDisasterMode(False, STAFF) in effects
    assert (fx.CancelCheck() in effects) is (state is State.DISASTER_LOOKUP)
    assert harness.flow.last_outcome is not None
    assert harness.flow.last_outcome.kind is OutcomeKind.CANCELLED_BY_STAFF
    harness.send(ev.QualificationChecked(VALID_RESULT))  # a late answer
    assert harness.state is State.IDLE


@pytest.mark.parametrize("state", [State.DISASTER_CONSENT, State.DISASTER_FORM, State.DISASTER_LOOKUP],
                         ids=lambda s: s.value)
def test_disaster_states_time_out_to_idle_and_the_mode_stays_on(state: State) -> None:
    harness = reach(state)
    effects = harness.wait(harness.config.timeouts[state])
    assert harness.state is State.IDLE
    assert (fx.CancelCheck() in effects) is (state is State.DISASTER_LOOKUP)
    assert harness.flow.view.disaster_mode is True


def test_switching_off_elsewhere_leaves_the_reception_alone() -> None:
    harness = Harness()
    harness.send(ON, *RECIPES[State.CONSENT])
    harness.send(OFF)
    assert harness.state is State.CONSENT


def test_a_card_pulled_during_the_lookup_does_not_cancel_it() -> None:
    harness = Harness()
    harness.send(ev.CardInserted(), ev.CardRemoved(), *TO_DISASTER_FORM)
    harness.send(ev.CardInserted(), ev.CardRemoved())
    assert harness.state is State.DISASTER_FORM


def test_unexpected_error_during_the_lookup_goes_to_failsafe_and_keeps_the_mode() -> None:
    harness = reach(State.DISASTER_LOOKUP)
    effects = harness.send(ev.UnexpectedError("disaster lookup"))
    assert harness.state is State.FAILSAFE and fx.CancelCheck() in effects
    assert harness.flow.view.disaster_mode is True
