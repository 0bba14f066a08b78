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
from .core import Effects, FlowCore
from .model import Failure, RegistrationFailure, StaffAlert, State

_CAN_REGISTER = frozenset({IdentityMethod.FACE, IdentityMethod.PIN})


class RegistrationPath(FlowCore):
    def _registration_offered(self) -> bool:
        s = self._session
        return (
            self._state is State.FAILED and s.failure is Failure.NOT_REGISTERED and s.method in _CAN_REGISTER
            and self._card_present and not s.registration_tried and not s.registration_declined
        )

    def _start_registration(self) -> Effects:
        if not self._registration_offered():
            return ()
        self._go(State.REGISTER_TERMS)
        return ()

    def _in_register_terms(self, event: ev.Event) -> Effects:
        s = self._session
        match event:
            case ev.TermsAgreed():
                assert s.method is not None  # noqa: S101 - only offered after face or PIN
                s.registration_tried = True
                self._go(State.REGISTERING)
                return (fx.Register(self._config.registration_terms_version, s.method),)
            case ev.TermsDeclined() | ev.Cancelled():
                s.registration_declined = True
                return self._fail(Failure.NOT_REGISTERED)
        return ()

    def _in_registering(self, event: ev.Event) -> Effects:
        s = self._session
        match event:
            case ev.Registered():
                s.failure = None
                if s.request is None:
                    return self._identity_confirmed()
                self._go(State.SUBMITTING)
                return (fx.Submit(s.request),)
            case ev.RegistrationFailed(reason=RegistrationFailure.UNREACHABLE):
                return (*self._fail(Failure.REGISTRATION_UNAVAILABLE), fx.NotifyStaff(StaffAlert.BACKEND_UNAVAILABLE))
            case ev.RegistrationFailed():
                return self._fail(Failure.REGISTRATION_FAILED)
        return ()
