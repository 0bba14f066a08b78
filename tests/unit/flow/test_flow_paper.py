"""Paper eligibility certificate (資格確認書) / 資格情報のお知らせ: staff sign in, enter the numbers, check."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from kiosk.domain import QualificationValidity
from kiosk.domain.forms import FormProblem
from kiosk.flow import (
    CheckFailure,
    Failure,
    NextStep,
    NumberCheck,
    OutcomeKind,
    PaperDocument,
    QualificationSummary,
    ReceptionPath,
    ResultSummary,
    StaffAlert,
    State,
)
from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from tests.unit.flow.helpers import STAFF, TO_PAPER_FORM, VALID_PAPER, VALID_RESULT, Harness, reach


def test_paper_certificate_reception_end_to_end_without_a_card() -> None:
    harness = Harness()
    effects = harness.send(ev.PaperCertificateChosen())
    assert harness.state is State.PAPER_STAFF_AUTH
    assert effects == (fx.NotifyStaff(StaffAlert.PAPER_CERTIFICATE),)
    assert harness.flow.view.path is ReceptionPath.PAPER

    harness.send(ev.StaffAuthenticated(STAFF))
    assert harness.state is State.PAPER_FORM
    assert harness.flow.view.paper_staff_id == STAFF

    padded = dataclasses.replace(VALID_PAPER, symbol=" 1234 ", number="5678 ")
    effects = harness.send(ev.PaperCertificateEntered(padded))
    assert effects == (fx.CheckQualification(NumberCheck(VALID_PAPER, STAFF)),)
    assert harness.state is State.PAPER_CHECKING

    harness.send(ev.QualificationChecked(VALID_RESULT))
    view = harness.flow.view
    assert view.state is State.RESULT
    assert view.result == ResultSummary(VALID_RESULT.insurer_name, VALID_RESULT.burden_ratio_percent)
    assert view.consent_offered == ()
    outcome = harness.flow.last_outcome
    assert outcome is not None and outcome.kind is OutcomeKind.COMPLETED and outcome.path is ReceptionPath.PAPER

    effects = harness.send(ev.Acknowledged())
    assert harness.state is State.IDLE  # no card to take
    assert fx.EndSession() in effects


def test_qualification_notice_document_is_sent_as_entered() -> None:
    harness = reach(State.PAPER_FORM)
    notice = dataclasses.replace(VALID_PAPER, document=PaperDocument.QUALIFICATION_NOTICE)
    harness.send(ev.PaperCertificateEntered(notice))
    assert harness.effects[-1] == fx.CheckQualification(NumberCheck(notice, STAFF))


def _paper(**changes: Any) -> ev.PaperCertificateEntered:
    return ev.PaperCertificateEntered(dataclasses.replace(VALID_PAPER, **changes))


BAD_ENTRIES = [
    # (name, changes, field, problem)
    ("insurer_check_digit", {"insurer_number": VALID_PAPER.insurer_number[:-1]
                             + str((int(VALID_PAPER.insurer_number[-1]) + 1) % 10)},
     "insurer_number", FormProblem.INSURER_NUMBER_CHECK_DIGIT),
    ("insurer_seven_digits", {"insurer_number": "0613001"}, "insurer_number", FormProblem.INSURER_NUMBER_FORMAT),
    ("insurer_letters", {"insurer_number": "06A30013"}, "insurer_number", FormProblem.INSURER_NUMBER_FORMAT),
    ("insurer_missing", {"insurer_number": ""}, "insurer_number", FormProblem.INSURER_NUMBER_FORMAT),
    ("symbol_missing", {"symbol": ""}, "symbol", FormProblem.SYMBOL_INVALID),
    ("symbol_too_long", {"symbol": "1" * 21}, "symbol", FormProblem.SYMBOL_INVALID),
    ("number_missing", {"number": ""}, "number", FormProblem.NUMBER_INVALID),
    ("number_punctuation", {"number": "56-78"}, "number", FormProblem.NUMBER_INVALID),
    ("branch_one_digit", {"branch": "1"}, "branch", FormProblem.BRANCH_INVALID),
    ("branch_letters", {"branch": "0a"}, "branch", FormProblem.BRANCH_INVALID),
    ("birth_date_missing", {"birth_date": None}, "birth_date", FormProblem.BIRTH_DATE_REQUIRED),
    ("birth_date_future", {"birth_date": date(2030, 1, 1)}, "birth_date", FormProblem.BIRTH_DATE_IN_FUTURE),
    ("birth_date_too_old", {"birth_date": date(1899, 12, 31)}, "birth_date", FormProblem.BIRTH_DATE_TOO_OLD),
]


@pytest.mark.parametrize(("name", "changes", "field", "problem"), BAD_ENTRIES, ids=[b[0] for b in BAD_ENTRIES])
def test_each_bad_entry_is_named_and_nothing_is_sent(
    name: str, changes: dict[str, Any], field: str, problem: FormProblem
) -> None:
    harness = reach(State.PAPER_FORM)
    harness.send(_paper(**changes))
    view = harness.flow.view
    assert view.state is State.PAPER_FORM
    assert view.problem(field) is problem
    assert [p.field for p in view.form_problems] == [field]
    assert view.paper_certificate is not None  # staff see what they typed
    assert not any(isinstance(e, fx.CheckQualification) for e in harness.effects)
    harness.send(ev.PaperCertificateEntered(VALID_PAPER))  # corrected
    assert harness.state is State.PAPER_CHECKING


OUTCOMES = [
    # (name, answer, failure, next step, staff alerted)
    ("invalid", ev.QualificationChecked(QualificationSummary(QualificationValidity.INVALID)),
     Failure.QUALIFICATION_INVALID, NextStep.SHOW_QUALIFICATION_NOTICE_OR_SELF_DECLARATION, False),
    ("none", ev.QualificationChecked(QualificationSummary(QualificationValidity.NO_QUALIFICATION)),
     Failure.NO_QUALIFICATION, NextStep.SHOW_QUALIFICATION_NOTICE_OR_SELF_DECLARATION, False),
    ("several", ev.QualificationChecked(QualificationSummary(QualificationValidity.SEVERAL_CANDIDATES)),
     Failure.SEVERAL_CANDIDATES, NextStep.ASK_STAFF, False),
    ("no_record", ev.QualificationCheckFailed(CheckFailure.NO_RECORD), Failure.NO_QUALIFICATION,
     NextStep.SHOW_QUALIFICATION_NOTICE_OR_SELF_DECLARATION, False),
    ("backend_down", ev.QualificationCheckFailed(CheckFailure.UNREACHABLE, queued=True), Failure.BACKEND_UNAVAILABLE,
     NextStep.STAFF_WILL_CHECK_LATER, True),
    ("rejected", ev.QualificationCheckFailed(CheckFailure.REJECTED), Failure.BACKEND_REJECTED, NextStep.ASK_STAFF,
     False),
]


@pytest.mark.parametrize(("name", "answer", "failure", "next_step", "alerted"), OUTCOMES, ids=[o[0] for o in OUTCOMES])
def test_each_check_by_number_failure_has_its_outcome(
    name: str, answer: ev.Event, failure: Failure, next_step: NextStep, alerted: bool
) -> None:
    harness = reach(State.PAPER_CHECKING)
    effects = harness.send(answer)
    view = harness.flow.view
    assert view.state is State.FAILED and view.failure is failure and view.next_step is next_step
    assert (fx.NotifyStaff(StaffAlert.BACKEND_UNAVAILABLE) in effects) is alerted
    outcome = harness.flow.last_outcome
    assert outcome is not None and outcome.kind is OutcomeKind.FAILED and outcome.path is ReceptionPath.PAPER
    harness.send(ev.Acknowledged())
    assert harness.state is State.IDLE


@pytest.mark.parametrize("state", [State.PAPER_STAFF_AUTH, State.PAPER_FORM], ids=lambda s: s.value)
def test_cancel_before_the_check_sends_nothing(state: State) -> None:
    harness = reach(state)
    harness.send(ev.Cancelled())
    assert harness.state is State.IDLE
    assert not any(isinstance(e, fx.CheckQualification) for e in harness.effects)
    assert harness.flow.last_outcome is not None
    assert harness.flow.last_outcome.kind is OutcomeKind.CANCELLED_BY_PATIENT


@pytest.mark.parametrize("state", [State.PAPER_STAFF_AUTH, State.PAPER_FORM, State.PAPER_CHECKING],
                         ids=lambda s: s.value)
def test_paper_states_time_out_to_idle(state: State) -> None:
    harness = reach(state)
    effects = harness.wait(harness.config.timeouts[state])
    assert harness.state is State.IDLE
    assert (fx.CancelCheck() in effects) is (state is State.PAPER_CHECKING)
    assert fx.NotifyStaff(StaffAlert.CARD_LEFT_ON_READER) not in effects  # there is no card
    harness.send(ev.QualificationChecked(VALID_RESULT))  # a late answer
    assert harness.state is State.IDLE


def test_a_card_placed_and_pulled_meanwhile_does_not_disturb_staff() -> None:
    harness = reach(State.PAPER_FORM)
    harness.send(ev.CardInserted())
    assert harness.state is State.PAPER_FORM
    harness.send(ev.CardRemoved())
    assert harness.state is State.PAPER_FORM
    harness.send(ev.CardInserted(), ev.PaperCertificateEntered(VALID_PAPER), ev.QualificationChecked(VALID_RESULT),
                 ev.Acknowledged())
    assert harness.state is State.TAKE_CARD  # a card is left on the reader


def test_paper_path_starts_only_from_idle() -> None:
    harness = reach(State.CONSENT)
    harness.send(ev.PaperCertificateChosen())
    assert harness.state is State.CONSENT


def test_unexpected_error_while_checking_goes_to_failsafe() -> None:
    harness = reach(State.PAPER_CHECKING)
    effects = harness.send(ev.UnexpectedError("check by number"))
    assert harness.state is State.FAILSAFE
    assert fx.CancelCheck() in effects


def test_the_form_keeps_the_staff_member_who_signed_in() -> None:
    harness = Harness()
    harness.send(*TO_PAPER_FORM, ev.PaperCertificateEntered(VALID_PAPER))
    check = harness.effects[-1]
    assert isinstance(check, fx.CheckQualification) and isinstance(check.request, NumberCheck)
    assert check.request.staff_id == STAFF
