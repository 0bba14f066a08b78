"""Self-declarations (被保険者資格申立書) that are never lost: validated, stored durably, then sent exactly once.

`DeclarationSubmitter.submit()` refuses an incomplete form (nothing stored), signs it, writes it to the
declaration outbox (SQLite, WAL, synchronous=FULL; committed before it returns) and only then sends it. When the
backend cannot take it, it stays pending and `replay_pending()` sends it later under the same idempotency key, so
the backend keeps exactly one record even if the kiosk was killed after the backend answered.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from .durable import OutboxState, SubmissionQueue
from .errors import EligibilityError
from .models import Submission
from .paths_models import Declaration, DeclarationForm, DeclarationReceipt, DeferredDeclaration
from .reception import ReplayReport, replay_each

log = logging.getLogger(__name__)

class DeclarationSender(Protocol):
    """What the submitter needs of the client (HttpEligibilityClient is one)."""

    def prepare_declaration(self, declaration: Declaration) -> Submission: ...

    def send_declaration(self, submission: Submission) -> DeclarationReceipt: ...


@dataclass(frozen=True)
class StoredDeclaration:
    """One declaration in the outbox, for staff: the form while it is pending or was refused."""

    idempotency_key: str
    captured_at: str
    state: OutboxState
    attempts: int
    last_code: str | None
    request_id: int | None
    form: DeclarationForm | None  # None once the backend has it (the personal data then lives there only)


class DeclarationOutbox(SubmissionQueue):
    """Every write commits with fsync before it returns; a sent declaration keeps only its key and outcome.

    May share its file with the reception `Outbox` (its own table). A refused declaration keeps its form, so that
    staff can see what the patient typed.
    """

    TABLE = "declaration_outbox"
    RECORD_ID = "request_id"
    KEEP_REJECTED_PAYLOAD = True

    def entries(self) -> list[StoredDeclaration]:
        """Staff view: every declaration this kiosk took, oldest first."""
        rows = self._db.execute("SELECT idempotency_key, captured_at, state, attempts, last_code, request_id, payload"
                                " FROM declaration_outbox ORDER BY created_at").fetchall()
        return [StoredDeclaration(r[0], r[1], OutboxState(r[2]), r[3], r[4], r[5],
                                  DeclarationForm.from_json(json.loads(r[6])) if r[6] else None) for r in rows]

    def entry(self, key: str) -> StoredDeclaration | None:
        return next((e for e in self.entries() if e.idempotency_key == key), None)


class DeclarationSubmitter:
    """`submit()` when the patient confirms the form; `replay_pending()` at start-up and when the network is back."""

    def __init__(self, client: DeclarationSender, outbox: DeclarationOutbox,
                 today: Callable[[], date] = date.today) -> None:
        self._client = client
        self._outbox = outbox
        self._today = today

    def submit(self, declaration: Declaration) -> DeclarationReceipt | DeferredDeclaration:
        """Validate, store, send; kept for later when the backend cannot take it now.

        Raises:
            EligibilityError: INVALID_INPUT with `problems` (nothing stored or sent), or a refusal by the backend
                (not retryable; the form stays in the outbox as REJECTED for staff).
        """
        problems = declaration.form.problems(self._today())
        if problems:
            raise EligibilityError.invalid_input(problems)
        submission = self._client.prepare_declaration(declaration)
        self._outbox.put(submission)  # durable before anything leaves the kiosk
        try:
            return self._deliver(submission)
        except EligibilityError as error:
            if not error.retryable and error.authenticated:
                raise
            log.warning("declaration %s kept in the outbox (%s)", submission.idempotency_key, error.code)
            return DeferredDeclaration(submission.idempotency_key, submission.captured_at, error.category.value)

    def replay_pending(self) -> ReplayReport:
        """Send every kept declaration; one the backend fails on is skipped for the next, and replay stops only
        when the backend cannot be reached at all."""
        def answered(error: EligibilityError, submission: Submission) -> bool:
            if error.retryable or not error.authenticated:
                return False
            log.warning("declaration %s refused: %s", submission.idempotency_key, error.code)
            return True

        return replay_each(self._outbox.pending(), self._deliver, answered)

    def _deliver(self, submission: Submission) -> DeclarationReceipt:
        try:
            receipt = self._client.send_declaration(submission)
        except EligibilityError as error:
            if error.retryable:
                self._outbox.attempt_failed(submission.idempotency_key, error.code)
            elif error.authenticated:  # the backend's own, signed refusal: the form stays for staff
                self._outbox.finish(submission.idempotency_key, OutboxState.REJECTED, error.code)
            else:
                self._outbox.needs_attention(submission.idempotency_key, error.code)
            raise
        self._outbox.finish(submission.idempotency_key, OutboxState.DONE, "OK", receipt.request_id)
        return receipt
