"""Submitting receptions so that none is lost: outbox first, then the backend, replayed when it is back."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from .errors import EligibilityError, ErrorCategory
from .http_client import not_valid_error
from .models import CheckRequest, DeferredReception, EligibilityResult, Submission
from .outbox import Outbox, OutboxState
from .protocol import EligibilityClient

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReplayReport:
    sent: int  # answered by the backend (qualification or refusal)
    still_pending: int  # the backend is still unreachable


class SubmissionCancelledError(Exception):
    """The reception was called off (the card was taken away) before anything was kept or sent."""


def _never() -> bool:
    return False


class ReceptionSubmitter:
    """`submit()` for the reception flow, `replay_pending()` at start-up and whenever the network is back."""

    def __init__(self, client: EligibilityClient, outbox: Outbox) -> None:
        self._client = client
        self._outbox = outbox

    def submit(self, request: CheckRequest, *,
               cancelled: Callable[[], bool] = _never) -> EligibilityResult | DeferredReception:
        """Check now, or keep the reception for later when the backend cannot be reached.

        The outbox write is the point of no return: `cancelled()` is asked just before it, and a reception called
        off by then is neither kept nor sent. After it, the reception reaches the backend whatever happens.

        Raises:
            SubmissionCancelledError: `cancelled()` said so before the reception was kept.
            EligibilityError: the backend refused the reception, or answered without a valid qualification
                (INVALID_QUALIFICATION, with the answer in `result`).
        """
        try:
            challenge: str | None = self._client.issue_challenge()
        except EligibilityError as error:
            if not error.retryable:
                raise
            challenge = None
            reason = error.category.value
        # The card signs once; the same evidence serves the online check and, if needed, the deferred one.
        submission = self._client.prepare(request, challenge)
        if cancelled():
            log.info("reception called off before it was kept: nothing sent")
            raise SubmissionCancelledError
        self._outbox.put(submission)
        if challenge is None:
            log.warning("backend unreachable: reception %s kept in the outbox", submission.idempotency_key)
            return DeferredReception(submission.idempotency_key, submission.captured_at, reason)
        try:
            return self._deliver(submission, deferred=False)
        except EligibilityError as error:
            if error.category is ErrorCategory.CHALLENGE_FAILED:  # e.g. the patient was slow: check it deferred
                return self._deliver_or_keep(submission)
            if not error.retryable:
                raise
            self._outbox.attempt_failed(submission.idempotency_key, error.code)
            return DeferredReception(submission.idempotency_key, submission.captured_at, error.category.value)

    def replay_pending(self) -> ReplayReport:
        """Send every pending reception as deferred; stops at the first sign that the backend is still down."""
        pending = self._outbox.pending()
        sent = 0
        for index, submission in enumerate(pending):
            try:
                self._deliver(submission, deferred=True)
            except EligibilityError as error:
                if error.retryable:
                    self._outbox.attempt_failed(submission.idempotency_key, error.code)
                    return ReplayReport(sent, len(pending) - index)
                if error.category is ErrorCategory.INVALID_QUALIFICATION:
                    sent += 1
                    continue
                log.warning("deferred reception %s refused: %s", submission.idempotency_key, error.code)
            sent += 1
        return ReplayReport(sent, 0)

    def _deliver_or_keep(self, submission: Submission) -> EligibilityResult | DeferredReception:
        try:
            return self._deliver(submission, deferred=True)
        except EligibilityError as error:
            if not error.retryable:
                raise
            self._outbox.attempt_failed(submission.idempotency_key, error.code)
            return DeferredReception(submission.idempotency_key, submission.captured_at, error.category.value)

    def _deliver(self, submission: Submission, *, deferred: bool) -> EligibilityResult:
        try:
            result = self._client.send(submission, deferred=deferred)
        except EligibilityError as error:
            if not error.retryable and error.category is not ErrorCategory.CHALLENGE_FAILED:
                self._outbox.finish(submission.idempotency_key, OutboxState.REJECTED, error.code)
            raise
        self._outbox.finish(submission.idempotency_key, OutboxState.DONE, "OK", result.check_id)
        problem = not_valid_error(result)
        if problem is not None:
            raise problem
        return result
