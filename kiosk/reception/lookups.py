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
from kiosk.flow import CheckFailure, DisasterCheck, NumberCheck, QualificationSummary
from kiosk.flow import events as ev
from kiosk.results import CheckMethod, FinishedCheck, ReceptionRecorder

from . import recording
from .answers import lookup_failure, summary
from .store import LocalStore

logger = logging.getLogger(__name__)


class Lookups(Protocol):
    """What the lookups need of the eligibility client."""

    def check_by_number(self, request: NumberCheckRequest) -> EligibilityResult: ...

    def disaster_lookup(self, request: DisasterLookupRequest) -> EligibilityResult: ...


LookupAnswer = ev.QualificationChecked | ev.QualificationCheckFailed


def _look_up(send: Callable[[], EligibilityResult], what: str, on_backend_success: Callable[[], None],
             finished: Callable[[EligibilityResult | EligibilityError], None]) -> QualificationSummary | CheckFailure:
    """One lookup: the answer (a summary, also for invalid or several people) or why there is none."""
    try:
        result = send()
    except EligibilityError as error:
        logger.warning("%s refused: %s (%s)", what, error.category.value, error.code)
        finished(error)
        return lookup_failure(error)
    finished(result)
    on_backend_success()
    return summary(result)


class BackendLookups:
    """The checks without a card: by a paper certificate's numbers, and by kana and birth date in disaster mode.

    `on_backend_success` runs after every answer (the backend is back: send what the outboxes kept); every
    finished lookup goes to `recorder` (the result file and the desk).
    """

    def __init__(self, client: Lookups, facility_code: str, on_backend_success: Callable[[], None],
                 recorder: ReceptionRecorder) -> None:
        self._client = client
        self._facility_code = facility_code
        self._on_backend_success = on_backend_success
        self._recorder = recorder

    def by_number(self, check: NumberCheck) -> LookupAnswer:
        paper = check.certificate
        request = NumberCheckRequest(paper.insurer_number, paper.symbol, paper.number, paper.branch,
                                     paper.birth_date, check.staff_id, self._facility_code)
        return self._answer(lambda: self._client.check_by_number(request), "check by number",
                            self._finished(request.idempotency_key, CheckMethod.NUMBER))

    def in_disaster(self, check: DisasterCheck) -> LookupAnswer:
        request = DisasterLookupRequest(check.query.name_kana, check.query.birth_date, check.staff_id, True,
                                        self._facility_code)
        return self._answer(lambda: self._client.disaster_lookup(request), "disaster lookup",
                            self._finished(request.idempotency_key, CheckMethod.DISASTER))

    def _finished(self, key: str, method: CheckMethod) -> Callable[[EligibilityResult | EligibilityError], None]:
        def finished(outcome: EligibilityResult | EligibilityError) -> None:
            check: FinishedCheck = (
                recording.refused(key, method, self._facility_code, outcome) if isinstance(outcome, EligibilityError)
                else recording.answered(key, method, self._facility_code, outcome))
            self._recorder.record(check)
        return finished

    def _answer(self, send: Callable[[], EligibilityResult], what: str,
                finished: Callable[[EligibilityResult | EligibilityError], None]) -> LookupAnswer:
        answer = _look_up(send, what, self._on_backend_success, finished)
        if isinstance(answer, QualificationSummary):
            return ev.QualificationChecked(answer)
        return ev.QualificationCheckFailed(answer)


class StoredDisasterMode:
    """Disaster mode kept in the local store (audited), so it survives a restart."""

    def __init__(self, store: LocalStore) -> None:
        self._store = store

    def record_disaster_mode(self, on: bool, staff_id: str) -> None:
        try:
            if self._store.set_disaster_mode(on, staff_id):
                logger.info("disaster mode %s by %s", "on" if on else "off", staff_id)
        except sqlite3.Error as error:
            logger.error("disaster mode not recorded: %s", type(error).__name__)
