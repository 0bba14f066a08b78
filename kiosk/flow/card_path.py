"""The card path: read the card, prove identity (face, PIN or staff), consent, confirm, submit, result."""

from __future__ import annotations

from types import MappingProxyType

from kiosk.domain import CertificateStatus, IdentityMethod, certificate_status, grace_period_end
from kiosk.domain.notices import CertificateNotice, NoticeKind, certificate_notice
from kiosk.domain.pin import is_well_formed_pin

from . import effects as fx
from . import events as ev
from .context import Effects, PathHandlers
from .model import (
    CardReadFailure,
    CardSummary,
    FaceFailure,
    Failure,
    Notice,
    OutcomeKind,
    ReceptionPath,
    StaffAlert,
    State,
    SubmissionRequest,
)
from .session import Session


class CardPath(PathHandlers):

    def identity_event(self, event: ev.Event) -> Effects | None:
        """Staff check and switching method work the same from every identity state."""
        stop = (fx.CancelFace(),) if self._flow.state is State.FACE else ()
        match event:
            case ev.StaffCheckConfirmed(staff_id=staff_id) if self._flow.session.staff_check_available:
                self._flow.session.method, self._flow.session.staff_id = IdentityMethod.STAFF, staff_id
                return stop + self._flow.identity_confirmed()
            case ev.StaffCheckRequested() | ev.MethodChosen(method=IdentityMethod.STAFF) if (
                    not self._flow.session.staff_check_available):
                # Without the card's PIN-less proof staff cannot confirm identity here: they are called to help.
                self._flow.session.notice = Notice.STAFF_CALLED
                return (fx.NotifyStaff(StaffAlert.PATIENT_ASKS_FOR_HELP),)
            case ev.StaffCheckRequested() | ev.MethodChosen(method=IdentityMethod.STAFF):
                if self._flow.state is State.STAFF_CHECK:
                    return ()
                self._flow.go(State.STAFF_CHECK)
                return (*stop, fx.NotifyStaff(StaffAlert.STAFF_CHECK_REQUESTED))
            case ev.MethodChosen(method=IdentityMethod.FACE) if self._flow.state is not State.FACE:
                return self._start_face(first=True) if self._flow.session.face_available else ()
            case ev.MethodChosen(method=IdentityMethod.PIN) if self._flow.state is not State.PIN_ENTRY:
                return stop + self._to_pin(notice=None)
            case ev.Cancelled():
                return stop + self._flow.end(OutcomeKind.CANCELLED_BY_PATIENT)
        return None

    def inserted(self) -> Effects:
        """A card on the reader: it starts a reception from idle; elsewhere it is only noted."""
        flow = self._flow
        flow.card_present = True
        if flow.state is State.IDLE:
            flow.session = Session(path=ReceptionPath.CARD)
            flow.go(State.READING_CARD)
            return (fx.ReadCard(),)
        return ()

    # -- per state ----------------------------------------------------------------------------------------------

    def reading_card(self, event: ev.Event) -> Effects:
        s = self._flow.session
        match event:
            case ev.CardRead(card=card):
                s.pin_tries_left = card.pin_tries_left
                s.cert_not_after = card.cert_not_after
                s.presence_provable = card.presence_provable
                today = self._flow.clock.today()
                status = certificate_status(card.cert_not_before, card.cert_not_after, today)
                if status is CertificateStatus.EXPIRED:
                    return self._flow.fail(Failure.CERT_EXPIRED)
                s.in_grace = status is CertificateStatus.GRACE
                s.cert_notice = self._certificate_notice(card, s.in_grace)
                if s.in_grace:
                    s.notice = Notice.CERT_GRACE_NO_CONSENT
                elif s.cert_notice is not None:
                    s.notice = Notice.CERT_EXPIRING_SOON
                self._flow.go(State.CHOOSE_METHOD, keep_notice=True)
            case ev.CardReadFailed(reason=reason):
                return self._flow.fail(
                    Failure.NOT_MY_NUMBER_CARD if reason is CardReadFailure.NOT_MY_NUMBER_CARD
                    else Failure.CARD_UNREADABLE
                )
        return ()

    def _certificate_notice(self, card: CardSummary, in_grace: bool) -> CertificateNotice | None:
        """What the result screen says about the certificate: expiring soon (renew, free), or in the grace window."""
        not_after = card.cert_not_after
        if in_grace:
            return CertificateNotice(NoticeKind.GRACE, not_after, grace_period_end(not_after))
        return certificate_notice(not_after, self._flow.clock.today())

    def face(self, event: ev.Event) -> Effects:
        s = self._flow.session
        match event:
            case ev.FacePrompt(prompt=prompt):
                s.face_prompt = prompt
            case ev.FaceMatched():
                s.method = IdentityMethod.FACE
                return self._flow.identity_confirmed()
            case ev.FaceNotMatched(reason=FaceFailure.LOCKED):
                s.face_exhausted = True  # no more tries for this card: straight to the PIN, saying why
                return self._to_pin(notice=Notice.FACE_LOCKED_USE_PIN)
            case ev.FaceNotMatched():
                if s.face_attempt < self._flow.config.max_face_attempts:
                    return self._start_face(first=False)
                s.face_exhausted = True
                return self._to_pin(notice=Notice.FACE_FAILED_USE_PIN)
            case ev.CameraLost():
                s.camera_lost = True
                return self._to_pin(notice=Notice.CAMERA_LOST_USE_PIN)
            case ev.CardFrontUnread():
                s.camera_lost = True  # the chip photo stays locked for this card: face is not offered again
                return self._to_pin(notice=Notice.CARD_FRONT_UNREAD_USE_PIN)
        return ()

    def pin_entry(self, event: ev.Event) -> Effects:
        if isinstance(event, ev.PinEntered):
            if not is_well_formed_pin(event.pin):
                self._flow.session.notice = Notice.PIN_FORMAT
                return ()
            self._flow.go(State.VERIFYING_PIN, keep_notice=False)
            return (fx.VerifyPin(event.pin),)
        return ()

    def verifying_pin(self, event: ev.Event) -> Effects:
        s = self._flow.session
        match event:
            case ev.PinVerified():
                s.method = IdentityMethod.PIN
                return self._flow.identity_confirmed()
            case ev.PinRejected(tries_left=tries_left):
                s.pin_tries_left = max(0, tries_left)
                return self._to_pin(notice=Notice.PIN_WRONG)
            case ev.PinBlocked():
                s.pin_tries_left = 0
                return self._to_pin(notice=None)
        return ()

    def pin_blocked(self, event: ev.Event) -> Effects:
        return self._flow.end(OutcomeKind.FAILED) if isinstance(event, ev.Acknowledged) else ()

    def staff_check(self, event: ev.Event) -> Effects:
        if isinstance(event, ev.StaffCheckDeclined):
            return self._flow.fail(Failure.IDENTITY_NOT_CONFIRMED)
        return ()

    def consent(self, event: ev.Event) -> Effects:
        """The first consent screen lists every item: agreeing to all is itself the confirmation (as on the
        national system's readers); the per-item answers are confirmed on the confirmation screen."""
        s = self._flow.session
        match event:
            case ev.ConsentAllAgreed():
                s.consents = dict.fromkeys(s.offered, True)
                if self._flow.config.ask_prescription:
                    return self._flow.consent_given()
                return self._submit()
            case ev.ConsentByItemAsked():
                self._flow.go(State.CONSENT_ITEMS)
            case ev.Cancelled():
                return self._flow.end(OutcomeKind.CANCELLED_BY_PATIENT)
        return ()

    def consent_items(self, event: ev.Event) -> Effects:
        s = self._flow.session
        match event:
            case ev.ConsentChosen(item=item, agreed=agreed) if item in s.offered:
                s.consents[item] = agreed
            case ev.ConsentDone():
                return self._flow.consent_given()
            case ev.Back():
                self._flow.go(State.CONSENT)
            case ev.Cancelled():
                return self._flow.end(OutcomeKind.CANCELLED_BY_PATIENT)
        return ()

    def prescription(self, event: ev.Event) -> Effects:
        s = self._flow.session
        match event:
            case ev.PrescriptionChosen(choice=choice):
                s.prescription = choice
                self._flow.go(State.CONFIRM)
            case ev.Back() if s.offered:
                self._flow.go(State.CONSENT)
            case ev.Cancelled():
                return self._flow.end(OutcomeKind.CANCELLED_BY_PATIENT)
        return ()

    def confirm(self, event: ev.Event) -> Effects:
        s = self._flow.session
        match event:
            case ev.Back() if self._flow.config.ask_prescription:
                self._flow.go(State.PRESCRIPTION)
            case ev.Back() if s.offered:
                self._flow.go(State.CONSENT_ITEMS)
            case ev.Confirmed():
                return self._submit()
            case ev.Cancelled():
                return self._flow.end(OutcomeKind.CANCELLED_BY_PATIENT)
        return ()

    def result(self, event: ev.Event) -> Effects:
        return self._flow.to_take_card() if isinstance(event, ev.Acknowledged | ev.Cancelled) else ()

    # -- helpers --------------------------------------------------------------------------------------------------

    def _submit(self) -> Effects:
        s = self._flow.session
        assert s.method is not None  # noqa: S101 - identity is confirmed before consent
        s.request = SubmissionRequest(
            s.method, MappingProxyType(dict(s.consents)), s.staff_id, not s.in_grace, s.prescription)
        self._flow.go(State.SUBMITTING)
        return (fx.CheckQualification(s.request),)

    def _start_face(self, *, first: bool) -> Effects:
        s = self._flow.session
        s.face_attempt += 1
        s.face_prompt = None
        self._flow.go(State.FACE)
        if not first:
            s.notice = Notice.FACE_RETRY
        return (fx.StartFace(s.face_attempt),)

    def _to_pin(self, *, notice: Notice | None) -> Effects:
        s = self._flow.session
        if s.pin_available:
            self._flow.go(State.PIN_ENTRY)
            s.notice = notice
        else:
            # No "use your PIN" under "your PIN is locked": the blocked screen says what is left (face or staff).
            self._flow.go(State.PIN_BLOCKED)
            s.failure = Failure.PIN_BLOCKED
        return ()
