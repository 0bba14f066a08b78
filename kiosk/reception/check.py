"""The check service: the eligibility check of the patient at the reader, with this session's evidence."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from kiosk.eligibility.errors import EligibilityError, ErrorCategory
from kiosk.eligibility.models import CheckRequest, ConsentChoices, DeferredReception, EligibilityResult
from kiosk.eligibility.reception import SubmissionCancelledError
from kiosk.flow import SubmissionRequest, SubmitFailure
from kiosk.flow import events as ev
from kiosk.reader import CardRemovedError, ReaderError

from .answers import SUBMIT_FAILURE, summary
from .protocol import SubmitAnswer
from .session import PatientSession

logger = logging.getLogger(__name__)


class EligibilitySubmitter(Protocol):
    """What the check needs of the eligibility client: `kiosk.eligibility.ReceptionSubmitter` (with outbox)."""

    def submit(self, request: CheckRequest, *,
               cancelled: Callable[[], bool] = ...) -> EligibilityResult | DeferredReception: ...


class BackendCheckService:
    """Signs (PIN), attests (face) or names the staff member, then checks; kept in the outbox when offline."""

    def __init__(self, session: PatientSession, submitter: EligibilitySubmitter, facility_code: str) -> None:
        self._session = session
        self._submitter = submitter
        self._facility_code = facility_code

    def submit(self, request: SubmissionRequest) -> SubmitAnswer:
        check = CheckRequest(self._session.certificate_der(), self._session.identity(request.method, request.staff_id),
                             ConsentChoices(request.consents), self._facility_code,
                             prescription=request.prescription)
        try:
            answer = self._submitter.submit(check, cancelled=self._session.submit_cancelled)
        except (CardRemovedError, SubmissionCancelledError):
            return ev.CardRemoved()  # nothing was kept or sent; the flow has already gone back to idle
        except ReaderError as error:  # the card would not sign (e.g. it forgot the PIN): nothing was sent
            logger.warning("the card could not sign the check: %s", type(error).__name__)
            return ev.SubmitFailed(SubmitFailure.REJECTED)
        except EligibilityError as error:
            logger.warning("eligibility check failed: %s (%s)", error.category.value, error.code)
            if error.category is ErrorCategory.INVALID_QUALIFICATION and error.result is not None:
                return ev.Submitted(summary(error.result))
            return ev.SubmitFailed(SUBMIT_FAILURE.get(error.category, SubmitFailure.REJECTED))
        if isinstance(answer, DeferredReception):
            return ev.SubmitFailed(SubmitFailure.UNREACHABLE, queued=True)
        return ev.Submitted(summary(answer))

    def cancel_submit(self) -> None:
        self._session.cancel_submit()
