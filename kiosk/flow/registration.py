"""Insurance-use registration (保険証利用登録) on the spot, offered on the not-registered screen.

Offered only after face or PIN (a staff visual check cannot register a card), with the card still on the reader,
once per reception. The patient must agree to the terms explicitly; declining returns to the not-registered
guidance. Once registered, the check that was refused is sent again with the consents already chosen (they were
chosen before that check left); if no check had been sent yet, the reception goes on to consent.
"""

from __future__ import annotations

from kiosk.domain import IdentityMethod

from . import effects as fx
from . import events as ev
from .context import Effects, PathHandlers
from .model import Failure, RegistrationFailure, StaffAlert, State

_CAN_REGISTER = frozenset({IdentityMethod.FACE, IdentityMethod.PIN})


class RegistrationPath(PathHandlers):

    def offered(self) -> bool:
        s = self._flow.session
        return (
            self._flow.state is State.FAILED and s.failure is Failure.NOT_REGISTERED and s.method in _CAN_REGISTER
            and self._flow.card_present and not s.registration_tried and not s.registration_declined
        )

    def start(self) -> Effects:
        if not self.offered():
            return ()
        self._flow.go(State.REGISTER_TERMS)
        return ()

    def register_terms(self, event: ev.Event) -> Effects:
        s = self._flow.session
        match event:
            case ev.TermsAgreed():
                assert s.method is not None  # noqa: S101 - only offered after face or PIN
                s.registration_tried = True
                self._flow.go(State.REGISTERING)
                return (fx.Register(self._flow.config.registration_terms_version, s.method),)
            case ev.TermsDeclined() | ev.Cancelled():
                s.registration_declined = True
                return self._flow.fail(Failure.NOT_REGISTERED)
        return ()

    def registering(self, event: ev.Event) -> Effects:
        s = self._flow.session
        match event:
            case ev.Registered():
                s.failure = None
                if s.request is None:
                    return self._flow.identity_confirmed()
                self._flow.go(State.SUBMITTING)
                return (fx.CheckQualification(s.request),)
            case ev.RegistrationFailed(reason=RegistrationFailure.UNREACHABLE):
                failed = self._flow.fail(Failure.REGISTRATION_UNAVAILABLE)
                return (*failed, fx.NotifyStaff(StaffAlert.BACKEND_UNAVAILABLE))
            case ev.RegistrationFailed():
                return self._flow.fail(Failure.REGISTRATION_FAILED)
        return ()
