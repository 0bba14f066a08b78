"""Submitting receptions so that none is lost: outbox first, then the backend, replayed when it is back."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from .errors import UNREACHABLE, EligibilityError, ErrorCategory
from .http_client import not_valid_error
from .models import CheckRequest, DeferredReception, EligibilityResult, Submission, new_idempotency_key
from .outbox import Outbox, OutboxState
from .protocol import EligibilityClient

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReplayReport:
    sent: int  # answered by the backend (qualification or refusal)
    still_pending: int  # kept: the backend is unreachable, failed on them, or gave an answer that decided nothing


def replay_each(pending: Sequence[Submission], deliver: Callable[[Submission], object],
                answered: Callable[[EligibilityError, Submission], bool]) -> ReplayReport:
    """Send every kept entry in order. Replay stops only when the backend cannot be reached at all; an entry the
    backend fails on is skipped for the next (it stays kept); `answered` says whether a refusal decided an entry."""
    sent = 0
    for index, submission in enumerate(pending):
        try:
            deliver(submission)
        except EligibilityError as error:
            if error.category in UNREACHABLE:
                return ReplayReport(sent, len(pending) - index)
            if not answered(error, submission):
                continue  # kept (pending or for staff's attention): try the next one
        sent += 1
    return ReplayReport(sent, len(pending) - sent)


class SubmissionCancelledError(Exception):
    """The reception was called off (the card was taken away) before anything was kept or sent."""


def _never() -> bool:
    return False


class ReceptionSubmitter:
    """`submit()` for the reception flow, `replay_pending()` at start-up and whenever the network is back.

    At capture the card signs two forms of the reception: the online one with the backend's fresh challenge, and
    the deferred one with the kiosk's next sequence number (what the outbox keeps). The deferred form is sent only
    when the online one never reached a decision; a reception refused online is never re-sent as deferred (and the
    backend answers the deferred form of a reception it decided with that decision). A kept reception is dropped
    only on a refusal the backend signed and documented as final (`EligibilityError.final`); anything else keeps
    it, and an answer that decided nothing marks it for staff's attention.
    """

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
        return self._submit(request, cancelled, fresh_retry=True)

    def _submit(self, request: CheckRequest, cancelled: Callable[[], bool], *,
                fresh_retry: bool) -> EligibilityResult | DeferredReception:
        reason = ErrorCategory.NETWORK_DOWN.value
        try:
            challenge: str | None = self._client.issue_challenge()
        except EligibilityError as error:
            if error.final:
                raise
            challenge = None
            reason = error.category.value
        # The card signs each form once; the deferred one is the reception's durable copy.
        deferred = self._client.prepare(request, None, sequence=self._outbox.next_sequence())
        online = None if challenge is None else self._client.prepare(request, challenge,
                                                                     captured_at=deferred.captured_at)
        if cancelled():
            log.info("reception called off before it was kept: nothing sent")
            raise SubmissionCancelledError
        self._outbox.put(deferred)
        if online is None:
            log.warning("backend unreachable: reception %s kept in the outbox", deferred.idempotency_key)
            return DeferredReception(deferred.idempotency_key, deferred.captured_at, reason)
        try:
            return self._deliver(online)
        except EligibilityError as error:
            if error.final and error.category is ErrorCategory.CHALLENGE_FAILED and fresh_retry:
                # The challenge was refused (e.g. the card took long to sign): once more with a fresh one, as a new
                # reception; the refused one was dropped on the backend's signed word.
                return self._submit(replace(request, idempotency_key=new_idempotency_key()), cancelled,
                                    fresh_retry=False)
            if error.final or error.category is ErrorCategory.INVALID_QUALIFICATION:
                raise
            return DeferredReception(deferred.idempotency_key, deferred.captured_at, error.category.value)

    def replay_pending(self) -> ReplayReport:
        """Send every kept reception in its deferred form. An entry the backend fails on is skipped for the next;
        replay stops only when the backend cannot be reached at all."""
        def answered(error: EligibilityError, submission: Submission) -> bool:
            if error.final:
                log.warning("deferred reception %s refused: %s", submission.idempotency_key, error.code)
            return error.final or error.category is ErrorCategory.INVALID_QUALIFICATION

        return replay_each(self._outbox.pending(), self._deliver, answered)

    def waiting(self) -> int:
        """How many kept receptions a replay would send."""
        return self._outbox.waiting()

    def _deliver(self, submission: Submission) -> EligibilityResult:
        """Send one form; record what the answer means for the kept reception."""
        key = submission.idempotency_key
        try:
            result = self._client.send(submission)
        except EligibilityError as error:
            if error.final:
                self._outbox.finish(key, OutboxState.REJECTED, error.code)
            elif error.retryable:
                self._outbox.attempt_failed(key, error.code)
            else:
                log.warning("reception %s kept for staff: the answer decided nothing (%s)", key, error.code)
                self._outbox.needs_attention(key, error.code)
            raise
        self._outbox.finish(key, OutboxState.DONE, "OK", result.check_id)
        problem = not_valid_error(result)
        if problem is not None:
            raise problem
        return result
