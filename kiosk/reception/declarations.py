"""The self-declaration service: the draft in the local store, the confirmed form in the declaration outbox.

The form is personal data: it goes to the local store, the outbox and the backend only; log lines carry
idempotency keys and error codes.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable

from kiosk.eligibility import (
    Declaration,
    DeclarationForm,
    DeclarationOutbox,
    DeclarationReason,
    DeclarationReceipt,
    DeclarationSubmitter,
    DeferredDeclaration,
    EligibilityError,
    ErrorCategory,
    ReplayReport,
    StoredDeclaration,
    new_idempotency_key,
)
from kiosk.flow import DeclarationDraft, Failure
from kiosk.flow import events as ev

from .protocol import DeclarationAnswer
from .store import LocalStore

logger = logging.getLogger(__name__)

_DECLARATION_REASON = {
    Failure.BACKEND_UNAVAILABLE: DeclarationReason.BACKEND_DOWN,
    Failure.REGISTRATION_UNAVAILABLE: DeclarationReason.BACKEND_DOWN,
    Failure.QUALIFICATION_INVALID: DeclarationReason.QUALIFICATION_INVALID,
    Failure.NO_QUALIFICATION: DeclarationReason.QUALIFICATION_INVALID,
    Failure.NOT_MY_NUMBER_CARD: DeclarationReason.CARD_UNUSABLE,
    Failure.CARD_UNREADABLE: DeclarationReason.CARD_UNUSABLE,
    Failure.CERT_EXPIRED: DeclarationReason.CARD_UNUSABLE,
    Failure.CERT_REVOKED: DeclarationReason.CARD_UNUSABLE,
    Failure.NOT_REGISTERED: DeclarationReason.CARD_UNUSABLE,
    Failure.REGISTRATION_FAILED: DeclarationReason.CARD_UNUSABLE,
}


def declaration_reason(failure: Failure | None) -> DeclarationReason:
    return _DECLARATION_REASON.get(failure, DeclarationReason.OTHER) if failure else DeclarationReason.OTHER


class DeclarationDesk:
    """The declaration submitter, one submission or replay at a time (the reception lane and the replay timer)."""

    def __init__(self, submitter: DeclarationSubmitter, outbox: DeclarationOutbox) -> None:
        self._submitter = submitter
        self.outbox = outbox
        self._lock = threading.Lock()

    def submit(self, declaration: Declaration,
               before: Callable[[], None]) -> DeclarationReceipt | DeferredDeclaration:
        """`before()` then the submission, with no replay in between."""
        with self._lock:
            before()
            return self._submitter.submit(declaration)

    def replay(self) -> ReplayReport:
        with self._lock:
            return self._submitter.replay_pending()


class OutboxDeclarationService:
    """`on_backend_success` runs after a declaration reached the backend (send what else waits)."""

    def __init__(self, desk: DeclarationDesk, store: LocalStore, facility_code: str,
                 on_backend_success: Callable[[], None]) -> None:
        self._desk = desk
        self._store = store
        self._facility_code = facility_code
        self._on_backend_success = on_backend_success

    def save_draft(self, draft: DeclarationDraft, reason: Failure | None) -> None:
        """Never raises: the patient keeps typing even if the disk is full (staff see the log)."""
        try:
            self._store.save_draft(draft, reason)
        except sqlite3.Error as error:
            logger.error("declaration draft not saved: %s", type(error).__name__)

    def discard_draft(self) -> None:
        try:
            self._store.discard_draft()
        except sqlite3.Error as error:
            logger.error("declaration draft not discarded: %s", type(error).__name__)

    def submit_declaration(self, draft: DeclarationDraft, reason: Failure | None) -> DeclarationAnswer:
        """Outbox first (fsync), then the draft goes, then the backend; kept for later when it is away."""
        form = DeclarationForm(draft.name, draft.name_kana, draft.birth_date, draft.insurer_or_employer, draft.phone,
                               declaration_reason(reason))
        declaration = Declaration(form, self._facility_code, new_idempotency_key())
        try:
            answer = self._desk.submit(declaration, lambda: self._store.mark_submitting(declaration.idempotency_key))
        except EligibilityError as error:
            if error.category is ErrorCategory.INVALID_INPUT:  # nothing stored: the patient must correct it
                logger.warning("declaration not stored: %s", error.code)
                return ev.DeclarationFailed()
            # Refused by the backend: it stays in the outbox (REJECTED) for staff, who were told.
            logger.warning("declaration %s refused by the backend: %s", declaration.idempotency_key, error.code)
            sent = False
        except sqlite3.Error as error:
            logger.error("declaration not stored: %s", type(error).__name__)
            return ev.DeclarationFailed()
        else:
            sent = not isinstance(answer, DeferredDeclaration)
        try:
            self._store.discard_draft()
        except sqlite3.Error as error:  # start-up drops it: its key is in the outbox
            logger.error("declaration draft not discarded: %s", type(error).__name__)
        logger.info("declaration %s recorded (%s)", declaration.idempotency_key, "sent" if sent else "kept")
        if sent:
            self._on_backend_success()
        return ev.DeclarationRecorded(sent)

    def pending(self) -> list[StoredDeclaration]:
        return self._desk.outbox.entries()
