"""The services that look a person up without a card: by a paper certificate's numbers, and in disaster mode.

Log lines carry effect names and error codes, never names or numbers.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from typing import Protocol

from kiosk.eligibility import (
    DisasterLookupRequest,
    EligibilityError,
    EligibilityResult,
    NumberCheckRequest,
)
from kiosk.flow import DisasterQuery, PaperCertificate, QualificationSummary, SubmitFailure
from kiosk.flow import events as ev

from .answers import lookup_failure, summary
from .protocol import DisasterAnswer, NumberCheckAnswer
from .store import LocalStore

logger = logging.getLogger(__name__)


class NumberChecker(Protocol):
    def check_by_number(self, request: NumberCheckRequest) -> EligibilityResult: ...


class DisasterLookups(Protocol):
    def disaster_lookup(self, request: DisasterLookupRequest) -> EligibilityResult: ...


def _look_up(send: Callable[[], EligibilityResult], what: str,
             on_backend_success: Callable[[], None]) -> QualificationSummary | SubmitFailure:
    """One lookup: the answer (a summary, also for invalid or several people) or why there is none."""
    try:
        result = send()
    except EligibilityError as error:
        logger.warning("%s refused: %s (%s)", what, error.category.value, error.code)
        return lookup_failure(error)
    on_backend_success()
    return summary(result)


class BackendPaperService:
    """`on_backend_success` runs after every answer (the backend is back: send what the outboxes kept)."""

    def __init__(self, client: NumberChecker, facility_code: str, on_backend_success: Callable[[], None]) -> None:
        self._client = client
        self._facility_code = facility_code
        self._on_backend_success = on_backend_success

    def check_by_number(self, certificate: PaperCertificate, staff_id: str) -> NumberCheckAnswer:
        request = NumberCheckRequest(certificate.insurer_number, certificate.symbol, certificate.number,
                                     certificate.branch, certificate.birth_date, staff_id, self._facility_code)
        answer = _look_up(lambda: self._client.check_by_number(request), "check by number", self._on_backend_success)
        if isinstance(answer, QualificationSummary):
            return ev.NumberChecked(answer)
        return ev.NumberCheckFailed(answer)


class BackendDisasterService:
    """Disaster mode kept in the local store (audited), and the lookup by kana and birth date."""

    def __init__(self, store: LocalStore, client: DisasterLookups, facility_code: str,
                 on_backend_success: Callable[[], None]) -> None:
        self._store = store
        self._client = client
        self._facility_code = facility_code
        self._on_backend_success = on_backend_success

    def record_disaster_mode(self, on: bool, staff_id: str) -> None:
        try:
            if self._store.set_disaster_mode(on, staff_id):
                logger.info("disaster mode %s by %s", "on" if on else "off", staff_id)
        except sqlite3.Error as error:
            logger.error("disaster mode not recorded: %s", type(error).__name__)

    def disaster_lookup(self, query: DisasterQuery, staff_id: str) -> DisasterAnswer:
        request = DisasterLookupRequest(query.name_kana, query.birth_date, staff_id, True, self._facility_code)
        answer = _look_up(lambda: self._client.disaster_lookup(request), "disaster lookup", self._on_backend_success)
        if isinstance(answer, QualificationSummary):
            return ev.DisasterLookedUp(answer)
        return ev.DisasterLookupFailed(answer)

    def cancel_disaster_lookup(self) -> None:
        """The lookup is one blocking request; the flow ignores its late answer."""
