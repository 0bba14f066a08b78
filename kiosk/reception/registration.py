"""The registration service: 保険証利用登録 on the spot, with the evidence of this patient session."""

from __future__ import annotations

import logging
from typing import Protocol

from kiosk.domain import IdentityMethod
from kiosk.eligibility import EligibilityError, ErrorCategory, RegistrationRequest, RegistrationResult
from kiosk.eligibility.models import StaffIdentity
from kiosk.flow import RegistrationFailure
from kiosk.flow import events as ev
from kiosk.reader import CardRemovedError, PinNotVerifiedError

from .protocol import RegisterAnswer
from .session import PatientSession

logger = logging.getLogger(__name__)


class Registrar(Protocol):
    """What registration needs of the eligibility client (HttpEligibilityClient is one)."""

    def register(self, request: RegistrationRequest) -> RegistrationResult: ...


class BackendRegistrationService:
    """Registers the card on the reader; the refused check is then re-sent by the flow with the same evidence.

    PIN: the card signs a fresh challenge for the registration and another for the re-sent check; VERIFY status
    lasts while the JPKI AP stays selected (nothing reselects it between them), so the patient is not asked again.
    Face: the match of this session is re-attested by the kiosk key for each request.
    """

    def __init__(self, session: PatientSession, client: Registrar, facility_code: str) -> None:
        self._session = session
        self._client = client
        self._facility_code = facility_code

    def register(self, terms_version: str, method: IdentityMethod) -> RegisterAnswer:
        identity = self._session.identity(method)
        if isinstance(identity, StaffIdentity):
            raise RuntimeError("a staff visual check cannot register a card")
        if self._session.register_cancelled():
            logger.info("registration cancelled before it was sent")
            return ev.RegistrationFailed(RegistrationFailure.REJECTED)  # the flow has moved on and ignores it
        request = RegistrationRequest(self._session.certificate_der(), identity, terms_version, True,
                                      self._facility_code)
        try:
            self._client.register(request)
        except CardRemovedError:
            return ev.CardRemoved()
        except PinNotVerifiedError:  # the AP was reselected meanwhile: the patient must start again
            return ev.RegistrationFailed(RegistrationFailure.REJECTED)
        except EligibilityError as error:
            if error.category is ErrorCategory.ALREADY_REGISTERED:
                return ev.Registered()
            logger.warning("registration refused: %s (%s)", error.category.value, error.code)
            reason = RegistrationFailure.UNREACHABLE if error.retryable else RegistrationFailure.REJECTED
            return ev.RegistrationFailed(reason)
        logger.info("card registered for insurance use (%s)", request.idempotency_key)
        return ev.Registered()

    def cancel_register(self) -> None:
        self._session.cancel_register()
