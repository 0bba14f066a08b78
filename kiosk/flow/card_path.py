"""The card path: read the card, prove identity (face, PIN or staff), consent, confirm, submit, result."""

from __future__ import annotations

from types import MappingProxyType

from kiosk.domain import CertificateStatus, IdentityMethod, certificate_status, grace_period_end
from kiosk.domain.notices import CertificateNotice, NoticeKind, certificate_notice

from . import effects as fx
from . import events as ev
from .core import Effects, FlowCore
from .model import (
    CardReadFailure,
    CardSummary,
    Failure,
    Notice,
    OutcomeKind,
    StaffAlert,
    State,
    SubmissionRequest,
)


class CardPath(FlowCore):
    def _on_identity_event(self, event: ev.Event) -> Effects | None:
        """Staff check and switching method work the same from every identity state."""
        stop = (fx.CancelFace(),) if self._state is State.FACE else ()
        match event:
            case ev.StaffCheckConfirmed(staff_id=staff_id):
                self._session.method, self._session.staff_id = IdentityMethod.STAFF, staff_id
                return stop + self._identity_confirmed()
            case ev.StaffCheckRequested() | ev.MethodChosen(method=IdentityMethod.STAFF):
                if self._state is State.STAFF_CHECK:
                    return ()
                self._go(State.STAFF_CHECK)
                return (*stop, fx.NotifyStaff(StaffAlert.STAFF_CHECK_REQUESTED))
            case ev.MethodChosen(method=IdentityMethod.FACE) if self._state is not State.FACE:
                return self._start_face(first=True) if self._session.face_available else ()
            case ev.MethodChosen(method=IdentityMethod.PIN) if self._state is not State.PIN_ENTRY:
                return stop + self._to_pin(notice=None)
            case ev.Cancelled():
                return stop + self._end(OutcomeKind.CANCELLED_BY_PATIENT)
        return None

    # -- per state ----------------------------------------------------------------------------------------------

    def _in_reading_card(self, event: ev.Event) -> Effects:
        s = self._session
        match event:
            case ev.CardRead(card=card):
                s.pin_tries_left = card.pin_tries_left
                s.cert_not_after = card.cert_not_after
                today = self._clock.today()
                status = certificate_status(card.cert_not_before, card.cert_not_after, today)
                if status is CertificateStatus.EXPIRED:
                    return self._fail(Failure.CERT_EXPIRED)
                s.in_grace = status is CertificateStatus.GRACE
                s.cert_notice = self._certificate_notice(card, s.in_grace)
                if s.in_grace:
                    s.notice = Notice.CERT_GRACE_NO_CONSENT
                elif s.cert_notice is not None:
                    s.notice = Notice.CERT_EXPIRING_SOON
                self._go(State.CHOOSE_METHOD, keep_notice=True)
            case ev.CardReadFailed(reason=reason):
                return self._fail(
                    Failure.NOT_MY_NUMBER_CARD if reason is CardReadFailure.NOT_MY_NUMBER_CARD
                    else Failure.CARD_UNREADABLE
                )
        return ()

    def _certificate_notice(self, card: CardSummary, in_grace: bool) -> CertificateNotice | None:
        """What the result screen says about the certificate: expiring soon (renew, free), or in the grace window."""
        not_after = card.cert_not_after
        if in_grace:
            return CertificateNotice(NoticeKind.GRACE, not_after, grace_period_end(not_after))
        return certificate_notice(not_after, self._clock.today())

    def _in_face(self, event: ev.Event) -> Effects:
        s = self._session
        match event:
            case ev.FacePrompt(prompt=prompt):
                s.face_prompt = prompt
            case ev.FaceMatched():
                s.method = IdentityMethod.FACE
                return self._identity_confirmed()
            case ev.FaceNotMatched():
                if s.face_attempt < self._config.max_face_attempts:
                    return self._start_face(first=False)
                s.face_exhausted = True
                return self._to_pin(notice=Notice.FACE_FAILED_USE_PIN)
            case ev.CameraLost():
                s.camera_lost = True
                return self._to_pin(notice=Notice.CAMERA_LOST_USE_PIN)
        return ()

    def _in_pin_entry(self, event: ev.Event) -> Effects:
        if isinstance(event, ev.PinEntered):
            if not (len(event.pin) == 4 and event.pin.isascii() and event.pin.isdigit()):
                self._session.notice = Notice.PIN_FORMAT
                return ()
            self._go(State.VERIFYING_PIN, keep_notice=False)
            return (fx.VerifyPin(event.pin),)
        return ()

    def _in_verifying_pin(self, event: ev.Event) -> Effects:
        s = self._session
        match event:
            case ev.PinVerified():
                s.method = IdentityMethod.PIN
                return self._identity_confirmed()
            case ev.PinRejected(tries_left=tries_left):
                s.pin_tries_left = max(0, tries_left)
                return self._to_pin(notice=Notice.PIN_WRONG)
            case ev.PinBlocked():
                s.pin_tries_left = 0
                return self._to_pin(notice=None)
        return ()

    def _in_pin_blocked(self, event: ev.Event) -> Effects:
        return self._end(OutcomeKind.FAILED) if isinstance(event, ev.Acknowledged) else ()

    def _in_staff_check(self, event: ev.Event) -> Effects:
        if isinstance(event, ev.StaffCheckDeclined):
            return self._fail(Failure.IDENTITY_NOT_CONFIRMED)
        return ()

    def _in_consent(self, event: ev.Event) -> Effects:
        s = self._session
        match event:
            case ev.ConsentChosen(item=item, agreed=agreed) if item in s.offered:
                s.consents[item] = agreed
            case ev.ConsentAllAgreed():
                s.consents = dict.fromkeys(s.offered, True)
                self._go(State.CONFIRM)
            case ev.ConsentDone():
                self._go(State.CONFIRM)
            case ev.Cancelled():
                return self._end(OutcomeKind.CANCELLED_BY_PATIENT)
        return ()

    def _in_confirm(self, event: ev.Event) -> Effects:
        s = self._session
        match event:
            case ev.Back() if s.offered:
                self._go(State.CONSENT)
            case ev.Confirmed():
                assert s.method is not None  # noqa: S101 - identity is confirmed before consent
                s.request = SubmissionRequest(
                    s.method, MappingProxyType(dict(s.consents)), s.staff_id, not s.in_grace)
                self._go(State.SUBMITTING)
                return (fx.Submit(s.request),)
            case ev.Cancelled():
                return self._end(OutcomeKind.CANCELLED_BY_PATIENT)
        return ()

    def _in_submitting(self, event: ev.Event) -> Effects:
        match event:
            case ev.Submitted(result=result):
                return self._qualification_answered(result)
            case ev.SubmitFailed(reason=reason, queued=queued):
                return self._qualification_failed(reason, queued=queued)
        return ()

    def _in_result(self, event: ev.Event) -> Effects:
        return self._to_take_card() if isinstance(event, ev.Acknowledged | ev.Cancelled) else ()

    # -- helpers --------------------------------------------------------------------------------------------------

    def _start_face(self, *, first: bool) -> Effects:
        s = self._session
        s.face_attempt += 1
        s.face_prompt = None
        self._go(State.FACE)
        if not first:
            s.notice = Notice.FACE_RETRY
        return (fx.StartFace(s.face_attempt),)

    def _to_pin(self, *, notice: Notice | None) -> Effects:
        s = self._session
        if s.pin_available:
            self._go(State.PIN_ENTRY)
        else:
            self._go(State.PIN_BLOCKED)
            s.failure = Failure.PIN_BLOCKED
        s.notice = notice
        return ()
