"""The check service: every qualification check — the patient at the reader (with this session's evidence), by a
paper certificate's numbers, or in disaster mode — behind one method and one cancel."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from kiosk.eligibility.errors import EligibilityError, ErrorCategory
from kiosk.eligibility.models import CheckRequest, ConsentChoices, DeferredReception, EligibilityResult
from kiosk.eligibility.reception import SubmissionCancelledError
from kiosk.flow import CheckFailure, DisasterCheck, NumberCheck, QualificationQuery, SubmissionRequest
from kiosk.flow import events as ev
from kiosk.reader import CardRemovedError, ReaderError
from kiosk.results import CheckMethod, ReceptionRecorder

from . import recording
from .answers import CHECK_FAILURE, summary
from .lookups import BackendLookups
from .protocol import CheckAnswer
from .session import PatientSession

logger = logging.getLogger(__name__)


class EligibilitySubmitter(Protocol):
    """What the check needs of the eligibility client: `kiosk.eligibility.ReceptionSubmitter` (with outbox)."""

    def submit(self, request: CheckRequest, *,
               cancelled: Callable[[], bool] = ...) -> EligibilityResult | DeferredReception: ...


class BackendCheckService:
    """A card check signs (PIN), attests (face) or names the staff member, then checks (kept in the outbox when
    offline); the checks without a card go to `lookups`. Every finished check goes to `recorder` (the result
    file and the desk) before its answer goes back to the flow; `on_backend_success` runs after a card check the
    backend answered."""

    def __init__(self, session: PatientSession, submitter: EligibilitySubmitter, facility_code: str,
                 lookups: BackendLookups, recorder: ReceptionRecorder,
                 on_backend_success: Callable[[], None] = lambda: None) -> None:
        self._session = session
        self._on_backend_success = on_backend_success
        self._submitter = submitter
        self._facility_code = facility_code
        self._lookups = lookups
        self._recorder = recorder

    def check(self, request: QualificationQuery) -> CheckAnswer:
        match request:
            case NumberCheck():
                return self._lookups.by_number(request)
            case DisasterCheck():
                return self._lookups.in_disaster(request)
            case SubmissionRequest():
                return self._check_card(request)

    def cancel_check(self) -> None:
        """A card check not yet kept in the outbox is neither kept nor sent; a lookup is one blocking request,
        whose late answer the flow ignores."""
        self._session.cancel_submit()

    def _check_card(self, request: SubmissionRequest) -> CheckAnswer:
        try:
            identity = self._session.identity(request.method, request.staff_id)
        except RuntimeError as error:  # e.g. face or staff without the certified-reader credential: nothing to send
            logger.warning("no proof of the card for this method: %s", error)
            return ev.QualificationCheckFailed(CheckFailure.REJECTED)
        check = CheckRequest(self._session.certificate_der(), identity, ConsentChoices(request.consents),
                             self._facility_code, prescription=request.prescription)
        key, method, code = check.idempotency_key, CheckMethod(request.method.value), self._facility_code
        card = recording.card_identity(self._session)
        try:
            answer = self._submitter.submit(check, cancelled=self._session.submit_cancelled)
        except (CardRemovedError, SubmissionCancelledError):
            return ev.CheckDropped()  # nothing was kept or sent
        except ReaderError as error:  # the card would not sign (e.g. it forgot the PIN): nothing was sent
            logger.warning("the card could not sign the check: %s", type(error).__name__)
            self._recorder.record(recording.not_signed(key, method, code))
            return ev.QualificationCheckFailed(CheckFailure.REJECTED)
        except EligibilityError as error:
            logger.warning("eligibility check failed: %s (%s)", error.category.value, error.code)
            self._recorder.record(recording.refused(key, method, code, error, card))
            if error.category is ErrorCategory.INVALID_QUALIFICATION and error.result is not None:
                return ev.QualificationChecked(summary(error.result))
            return ev.QualificationCheckFailed(CHECK_FAILURE.get(error.category, CheckFailure.REJECTED))
        if isinstance(answer, DeferredReception):
            self._recorder.record(recording.deferred(answer, method, code, card))
            return ev.QualificationCheckFailed(CheckFailure.UNREACHABLE, queued=True)
        self._recorder.record(recording.answered(key, method, code, answer, card))
        self._on_backend_success()  # the backend is there: what the outboxes kept goes too (in the background)
        return ev.QualificationChecked(summary(answer))
