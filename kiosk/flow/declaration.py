"""Self-declaration (被保険者資格申立書) when no qualification could be confirmed.

The patient fills the form on the touchscreen; every change is saved as a draft (SaveDraft) so a restart loses
nothing, and at start the services may put it back (RestoreDraft). "Next" validates every field with
`kiosk.domain.forms`; the confirmation lists it; Confirm hands it to the services, which store it durably in the
outbox (and delete the draft) before anything else. The card is not needed: pulling it does not cancel the form.
Giving up (cancel, timeout, failsafe) discards the draft.
"""

from __future__ import annotations

from kiosk.domain.forms import validate_declaration

from . import effects as fx
from . import events as ev
from .context import Effects, PathHandlers
from .model import (
    DECLARATION_FAILURES,
    DeclarationDraft,
    Failure,
    Notice,
    OutcomeKind,
    ReceptionPath,
    StaffAlert,
    State,
)


class DeclarationPath(PathHandlers):

    def start(self) -> Effects:
        s = self._flow.session
        if self._flow.state is not State.FAILED or s.failure not in DECLARATION_FAILURES:
            return ()
        s.declaration, s.declaration_reason = DeclarationDraft(), s.failure
        s.declaration_reviewed, s.problems = False, ()
        self._flow.go(State.DECLARATION_FORM)
        return ()

    def restore(self, draft: DeclarationDraft, reason: Failure | None) -> Effects:
        self._flow.start_path(ReceptionPath.DECLARATION, State.DECLARATION_FORM)
        self._flow.session.declaration, self._flow.session.declaration_reason = draft, reason
        return ()

    def _declaration_problems(self) -> None:
        draft = self._flow.session.declaration or DeclarationDraft()
        self._flow.session.problems = tuple(validate_declaration(
            name=draft.name, name_kana=draft.name_kana, birth_date=draft.birth_date,
            insurer_or_employer=draft.insurer_or_employer, phone=draft.phone, today=self._flow.clock.today(),
        ))

    def _give_up_declaration(self) -> Effects:
        return (fx.DiscardDraft(), *self._flow.end(OutcomeKind.CANCELLED_BY_PATIENT))

    def form(self, event: ev.Event) -> Effects:
        s = self._flow.session
        match event:
            case ev.DeclarationEdited(draft=draft):
                s.declaration = draft
                if s.declaration_reviewed:  # once shown, problems follow the typing (a fix clears its message)
                    self._declaration_problems()
                self._flow.go(State.DECLARATION_FORM)  # the timeout counts from the last change
                return (fx.SaveDraft(draft, s.declaration_reason),)
            case ev.DeclarationReviewed():
                s.declaration_reviewed = True
                self._declaration_problems()
                if not s.problems:
                    self._flow.go(State.DECLARATION_CONFIRM)
            case ev.Cancelled():
                return self._give_up_declaration()
        return ()

    def confirm(self, event: ev.Event) -> Effects:
        s = self._flow.session
        match event:
            case ev.Back():
                self._flow.go(State.DECLARATION_FORM)
            case ev.Confirmed():
                self._declaration_problems()  # never let a half-filled record out
                if s.problems or s.declaration is None:
                    self._flow.go(State.DECLARATION_FORM)
                    return ()
                self._flow.go(State.DECLARATION_SUBMITTING)
                return (fx.SubmitDeclaration(s.declaration.cleaned(), s.declaration_reason),)
            case ev.Cancelled():
                return self._give_up_declaration()
        return ()

    def submitting(self, event: ev.Event) -> Effects:
        s = self._flow.session
        match event:
            case ev.DeclarationRecorded(sent=sent):
                s.declaration_sent = sent
                self._flow.go(State.DECLARATION_DONE)
                self._flow.record(OutcomeKind.DECLARATION_RECORDED)
                return (fx.NotifyStaff(StaffAlert.DECLARATION_RECORDED),)
            case ev.DeclarationFailed():
                self._flow.go(State.DECLARATION_CONFIRM)
                s.notice = Notice.DECLARATION_NOT_SAVED
                return (fx.NotifyStaff(StaffAlert.DECLARATION_NOT_SAVED),)
        return ()

    def done(self, event: ev.Event) -> Effects:
        return self._flow.to_take_card() if isinstance(event, ev.Acknowledged | ev.Cancelled) else ()
