"""Self-declaration (被保険者資格申立書): offered when nothing could be confirmed, drafts survive a restart."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from kiosk.domain import IdentityMethod, QualificationValidity
from kiosk.domain.forms import FormProblem
from kiosk.flow import (
    CardReadFailure,
    CheckFailure,
    DeclarationDraft,
    Failure,
    Notice,
    OutcomeKind,
    QualificationSummary,
    ReceptionPath,
    StaffAlert,
    State,
)
from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from tests.unit.flow.helpers import COMPLETE_DRAFT, EXPIRED_CARD, TO_SUBMITTING, VALID_CARD, Harness, reach


def _validity(validity: QualificationValidity) -> ev.QualificationChecked:
    return ev.QualificationChecked(QualificationSummary(validity))


FAILURE_SCREENS = [
    # (name, events from idle, failure, declaration offered)
    ("backend_down", (*TO_SUBMITTING, ev.QualificationCheckFailed(CheckFailure.UNREACHABLE, queued=True)),
     Failure.BACKEND_UNAVAILABLE, True),
    ("invalid", (*TO_SUBMITTING, _validity(QualificationValidity.INVALID)), Failure.QUALIFICATION_INVALID, True),
    ("none", (*TO_SUBMITTING, _validity(QualificationValidity.NO_QUALIFICATION)), Failure.NO_QUALIFICATION, True),
    ("revoked", (*TO_SUBMITTING, ev.QualificationCheckFailed(CheckFailure.CERT_REVOKED)), Failure.CERT_REVOKED, True),
    ("not_registered", (*TO_SUBMITTING, ev.QualificationCheckFailed(CheckFailure.NOT_REGISTERED)),
     Failure.NOT_REGISTERED, True),
    ("cert_expired", (ev.CardInserted(), ev.CardRead(EXPIRED_CARD)), Failure.CERT_EXPIRED, True),
    # A card that was not read (a transit card, a card in its case): place the right card first, or ask staff.
    ("not_my_number", (ev.CardInserted(), ev.CardReadFailed(CardReadFailure.NOT_MY_NUMBER_CARD)),
     Failure.NOT_MY_NUMBER_CARD, False),
    ("unreadable", (ev.CardInserted(), ev.CardReadFailed(CardReadFailure.UNREADABLE)), Failure.CARD_UNREADABLE, False),
    # A qualification exists or staff must look: no self-declaration offered.
    ("superseded", (*TO_SUBMITTING, _validity(QualificationValidity.INVALID_NEWER_EXISTS)),
     Failure.QUALIFICATION_SUPERSEDED, False),
    ("several", (*TO_SUBMITTING, _validity(QualificationValidity.SEVERAL_CANDIDATES)),
     Failure.SEVERAL_CANDIDATES, False),
    ("rejected", (*TO_SUBMITTING, ev.QualificationCheckFailed(CheckFailure.REJECTED)), Failure.BACKEND_REJECTED, False),
]


@pytest.mark.parametrize(("name", "events", "failure", "offered"), FAILURE_SCREENS, ids=[f[0] for f in FAILURE_SCREENS])
def test_self_declaration_is_offered_where_no_qualification_was_confirmed(
    name: str, events: tuple[ev.Event, ...], failure: Failure, offered: bool
) -> None:
    harness = Harness()
    harness.send(*events)
    assert harness.flow.view.failure is failure
    assert harness.flow.view.declaration_offered is offered
    harness.send(ev.DeclarationRequested())
    assert harness.state is (State.DECLARATION_FORM if offered else State.FAILED)
    if offered:
        view = harness.flow.view
        assert view.declaration == DeclarationDraft() and view.declaration_reason is failure


def _start_after_backend_down() -> Harness:
    harness = Harness()
    harness.send(*TO_SUBMITTING, ev.QualificationCheckFailed(CheckFailure.UNREACHABLE, queued=True),
                 ev.DeclarationRequested())
    return harness


def test_declaration_end_to_end_with_the_backend_down() -> None:
    harness = _start_after_backend_down()
    draft = DeclarationDraft()
    for field, value in [("name", "山田 花子"), ("name_kana", "ヤマダ ハナコ"), ("birth_date", date(1950, 7, 7)),
                         ("insurer_or_employer", " 全国健康保険協会 東京支部 "), ("phone", "090-1234-5678")]:
        draft = dataclasses.replace(draft, **{field: value})
        effects = harness.send(ev.DeclarationEdited(draft))
        assert effects == (fx.SaveDraft(draft, Failure.BACKEND_UNAVAILABLE),)  # every change is saved
    harness.send(ev.DeclarationReviewed())
    assert harness.state is State.DECLARATION_CONFIRM
    assert harness.flow.view.declaration == draft

    effects = harness.send(ev.Confirmed())
    assert harness.state is State.DECLARATION_SUBMITTING
    (submit,) = effects
    assert isinstance(submit, fx.SubmitDeclaration)
    assert submit.declaration.insurer_or_employer == "全国健康保険協会 東京支部"
    assert submit.declaration.phone == "09012345678"
    assert submit.reason is Failure.BACKEND_UNAVAILABLE

    effects = harness.send(ev.DeclarationRecorded(sent=False))  # in the outbox, not yet at the backend
    view = harness.flow.view
    assert view.state is State.DECLARATION_DONE and view.declaration_sent is False
    assert fx.NotifyStaff(StaffAlert.DECLARATION_RECORDED) in effects
    assert fx.DiscardDraft() not in harness.effects  # the services move the draft into the outbox themselves
    outcome = harness.flow.last_outcome
    assert outcome is not None and outcome.kind is OutcomeKind.DECLARATION_RECORDED
    assert outcome.failure is Failure.BACKEND_UNAVAILABLE

    harness.send(ev.Acknowledged())
    assert harness.state is State.TAKE_CARD
    harness.send(ev.CardRemoved())
    assert harness.state is State.IDLE
    assert harness.flow.view.declaration is None


BAD_FIELDS = [
    # (name, changes, field, problem)
    ("name_missing", {"name": "  "}, "name", FormProblem.NAME_REQUIRED),
    ("name_too_long", {"name": "山" * 51}, "name", FormProblem.NAME_TOO_LONG),
    ("name_control", {"name": "山田\x07花子"}, "name", FormProblem.NAME_INVALID_CHARACTERS),
    ("kana_missing", {"name_kana": ""}, "name_kana", FormProblem.KANA_REQUIRED),
    ("kana_too_long", {"name_kana": "ア" * 51}, "name_kana", FormProblem.KANA_TOO_LONG),
    ("kana_hiragana", {"name_kana": "やまだ はなこ"}, "name_kana", FormProblem.KANA_NOT_KATAKANA),
    ("birth_date_missing", {"birth_date": None}, "birth_date", FormProblem.BIRTH_DATE_REQUIRED),
    ("birth_date_future", {"birth_date": date(2027, 1, 1)}, "birth_date", FormProblem.BIRTH_DATE_IN_FUTURE),
    ("birth_date_too_old", {"birth_date": date(1899, 1, 1)}, "birth_date", FormProblem.BIRTH_DATE_TOO_OLD),
    ("insurer_missing", {"insurer_or_employer": ""}, "insurer_or_employer", FormProblem.INSURER_OR_EMPLOYER_REQUIRED),
    ("insurer_too_long", {"insurer_or_employer": "会" * 61}, "insurer_or_employer",
     FormProblem.INSURER_OR_EMPLOYER_TOO_LONG),
    ("phone_missing", {"phone": ""}, "phone", FormProblem.PHONE_REQUIRED),
    ("phone_short", {"phone": "03-1234-567"}, "phone", FormProblem.PHONE_INVALID),
    ("phone_no_zero", {"phone": "90-1234-56789"}, "phone", FormProblem.PHONE_INVALID),
]


@pytest.mark.parametrize(("name", "changes", "field", "problem"), BAD_FIELDS, ids=[b[0] for b in BAD_FIELDS])
def test_each_bad_field_is_named_and_the_form_stays(
    name: str, changes: dict[str, Any], field: str, problem: FormProblem
) -> None:
    harness = _start_after_backend_down()
    bad = dataclasses.replace(COMPLETE_DRAFT, **changes)
    harness.send(ev.DeclarationEdited(bad))
    assert harness.flow.view.form_problems == ()  # not shouted at while typing
    harness.send(ev.DeclarationReviewed())
    view = harness.flow.view
    assert view.state is State.DECLARATION_FORM
    assert view.problem(field) is problem
    assert [p.field for p in view.form_problems] == [field]
    harness.send(ev.Confirmed())
    assert not any(isinstance(e, fx.SubmitDeclaration) for e in harness.effects)
    harness.send(ev.DeclarationEdited(COMPLETE_DRAFT))  # the fix clears the message at once
    assert harness.flow.view.form_problems == ()
    harness.send(ev.DeclarationReviewed())
    assert harness.state is State.DECLARATION_CONFIRM


def test_back_from_the_confirmation_keeps_what_was_typed() -> None:
    harness = reach(State.DECLARATION_CONFIRM)
    harness.send(ev.Back())
    assert harness.state is State.DECLARATION_FORM
    assert harness.flow.view.declaration == COMPLETE_DRAFT


def test_a_saved_draft_is_put_back_after_a_restart() -> None:
    harness = Harness()
    effects = harness.send(ev.RestoreDraft(COMPLETE_DRAFT, Failure.CERT_REVOKED))
    view = harness.flow.view
    assert view.state is State.DECLARATION_FORM
    assert view.declaration == COMPLETE_DRAFT and view.declaration_reason is Failure.CERT_REVOKED
    assert view.path is ReceptionPath.DECLARATION
    assert effects == ()  # nothing to save again
    harness.send(ev.DeclarationReviewed(), ev.Confirmed())
    assert harness.effects[-1] == fx.SubmitDeclaration(COMPLETE_DRAFT.cleaned(), Failure.CERT_REVOKED)


def test_restore_is_ignored_during_a_reception() -> None:
    harness = reach(State.CONSENT)
    harness.send(ev.RestoreDraft(COMPLETE_DRAFT))
    assert harness.state is State.CONSENT


@pytest.mark.parametrize("state", [State.DECLARATION_FORM, State.DECLARATION_CONFIRM], ids=lambda s: s.value)
def test_giving_up_discards_the_draft(state: State) -> None:
    harness = reach(state)
    effects = harness.send(ev.Cancelled())
    assert harness.state is State.IDLE
    assert effects[0] == fx.DiscardDraft()
    assert harness.flow.last_outcome is not None
    assert harness.flow.last_outcome.kind is OutcomeKind.CANCELLED_BY_PATIENT


@pytest.mark.parametrize(("state", "discards"), [
    (State.DECLARATION_FORM, True), (State.DECLARATION_CONFIRM, True), (State.DECLARATION_SUBMITTING, False),
], ids=lambda v: v.value if isinstance(v, State) else str(v))
def test_declaration_timeouts(state: State, discards: bool) -> None:
    harness = reach(state)
    effects = harness.wait(harness.config.timeouts[state])
    assert harness.state is State.IDLE
    assert (fx.DiscardDraft() in effects) is discards
    assert harness.flow.last_outcome is not None and harness.flow.last_outcome.kind is OutcomeKind.TIMED_OUT


def test_the_form_times_out_only_after_a_pause_in_typing() -> None:
    harness = reach(State.DECLARATION_FORM)
    timeout = harness.config.timeouts[State.DECLARATION_FORM]
    harness.wait(timeout - 1)
    harness.send(ev.DeclarationEdited(dataclasses.replace(COMPLETE_DRAFT, phone="03-1234-5678")))
    harness.wait(timeout - 1)
    assert harness.state is State.DECLARATION_FORM
    harness.wait(1)
    assert harness.state is State.IDLE


def test_done_screen_moves_on_by_itself() -> None:
    harness = _start_after_backend_down()
    harness.send(ev.DeclarationEdited(COMPLETE_DRAFT), ev.DeclarationReviewed(), ev.Confirmed(),
                 ev.DeclarationRecorded(sent=True))
    assert harness.flow.view.declaration_sent is True
    harness.wait(harness.config.timeouts[State.DECLARATION_DONE])
    assert harness.state is State.TAKE_CARD


def test_taking_the_card_while_filling_in_does_not_lose_the_form() -> None:
    harness = _start_after_backend_down()
    harness.send(ev.DeclarationEdited(COMPLETE_DRAFT))
    effects = harness.send(ev.CardRemoved())
    assert harness.state is State.DECLARATION_FORM
    assert effects == ()
    assert harness.flow.view.declaration == COMPLETE_DRAFT
    harness.send(ev.DeclarationReviewed(), ev.Confirmed(), ev.DeclarationRecorded(), ev.Acknowledged())
    assert harness.state is State.IDLE  # no card to take


def test_outbox_failure_returns_to_the_confirmation_and_tells_staff() -> None:
    harness = reach(State.DECLARATION_SUBMITTING)
    effects = harness.send(ev.DeclarationFailed())
    view = harness.flow.view
    assert view.state is State.DECLARATION_CONFIRM and view.notice is Notice.DECLARATION_NOT_SAVED
    assert view.declaration == COMPLETE_DRAFT
    assert fx.NotifyStaff(StaffAlert.DECLARATION_NOT_SAVED) in effects
    assert fx.DiscardDraft() not in effects
    harness.send(ev.Confirmed(), ev.DeclarationRecorded())
    assert harness.state is State.DECLARATION_DONE


def test_unexpected_error_on_the_form_goes_to_failsafe_and_discards_the_draft() -> None:
    harness = reach(State.DECLARATION_FORM)
    effects = harness.send(ev.UnexpectedError("saving the draft"))
    assert harness.state is State.FAILSAFE
    assert fx.DiscardDraft() in effects


def test_no_pin_reaches_the_draft_the_declaration_or_the_view() -> None:
    names = {f.name for f in dataclasses.fields(DeclarationDraft)}
    assert names == {"name", "name_kana", "birth_date", "birth_date_typed", "insurer_or_employer", "phone"}
    harness = Harness()
    harness.send(ev.CardInserted(), ev.CardRead(VALID_CARD), ev.MethodChosen(IdentityMethod.PIN), ev.PinEntered("8642"),
                 ev.PinVerified(), ev.ConsentAllAgreed(), ev.Confirmed(),
                 ev.QualificationCheckFailed(CheckFailure.UNREACHABLE),
                 ev.DeclarationRequested(), ev.DeclarationEdited(COMPLETE_DRAFT), ev.DeclarationReviewed())
    assert "8642" not in repr(harness.flow.view)
    harness.send(ev.Confirmed(), ev.DeclarationRecorded())
    assert all("8642" not in repr(effect) for effect in harness.effects)
    assert "8642" not in repr(harness.flow.last_outcome)
