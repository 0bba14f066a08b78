"""The services of the paths beside the card check (issue 6): registration, check by number, self-declaration,
disaster mode. Expected failures come back as flow events; storage trouble with a draft is logged, never raised.

Personal data (the declaration, names, numbers) goes to the local store, the declaration outbox and the backend
only: log lines carry effect names, error codes and idempotency keys.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from kiosk.domain import QualificationValidity
from kiosk.eligibility import (
    Declaration,
    DeclarationForm,
    DeclarationOutbox,
    DeclarationReason,
    DeclarationSubmitter,
    DeferredDeclaration,
    DisasterLookupRequest,
    EligibilityError,
    EligibilityResult,
    ErrorCategory,
    FaceIdentity,
    NumberCheckRequest,
    OutboxState,
    PinIdentity,
    RegistrationRequest,
    RegistrationResult,
    ReplayReport,
    StoredDeclaration,
    new_idempotency_key,
)
from kiosk.flow import (
    DeclarationDraft,
    DisasterQuery,
    Failure,
    PaperCertificate,
    QualificationSummary,
    RegistrationFailure,
    SubmitFailure,
)
from kiosk.flow import events as ev

from .protocol import DeclarationAnswer, DisasterAnswer, NumberCheckAnswer, RegisterAnswer
from .store import LocalStore

logger = logging.getLogger(__name__)

DRAFT_MAX_AGE_SECONDS = 30 * 60  # an older draft is dropped at start: its patient has surely gone

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
_LOOKUP_FAILURE = {
    ErrorCategory.PERSON_UNKNOWN: SubmitFailure.NO_RECORD,
    ErrorCategory.DISASTER_NOT_DECLARED: SubmitFailure.DISASTER_NOT_DECLARED,
}


class PathsClient(Protocol):
    """What these paths need of the eligibility client (HttpEligibilityClient is one)."""

    def register(self, request: RegistrationRequest) -> RegistrationResult: ...

    def check_by_number(self, request: NumberCheckRequest) -> EligibilityResult: ...

    def disaster_lookup(self, request: DisasterLookupRequest) -> EligibilityResult: ...


class ReceptionReplayer(Protocol):
    def replay_pending(self) -> ReplayReport: ...


def declaration_reason(failure: Failure | None) -> DeclarationReason:
    return _DECLARATION_REASON.get(failure, DeclarationReason.OTHER) if failure else DeclarationReason.OTHER


def summary(result: EligibilityResult) -> QualificationSummary:
    return QualificationSummary(result.qualification_validity, result.insurer_name, result.burden_ratio_percent,
                                dict(result.consents))


def _lookup_failure(error: EligibilityError) -> QualificationSummary | SubmitFailure:
    """A lookup's refusal as the flow sees it: an answer (invalid, several people) or a failure."""
    if error.category is ErrorCategory.INVALID_QUALIFICATION and error.result is not None:
        return summary(error.result)
    if error.category is ErrorCategory.SEVERAL_CANDIDATES:
        return QualificationSummary(QualificationValidity.SEVERAL_CANDIDATES)  # nobody's data on the kiosk
    if error.retryable:
        return SubmitFailure.UNREACHABLE
    return _LOOKUP_FAILURE.get(error.category, SubmitFailure.REJECTED)


@dataclass
class PathsBackend:
    """Everything the issue-6 paths talk to. `replayers` are the outboxes replayed when the backend is back."""

    client: PathsClient
    declarations: DeclarationSubmitter
    declaration_outbox: DeclarationOutbox
    store: LocalStore
    facility_code: str
    replayers: tuple[ReceptionReplayer, ...] = ()
    clock: Callable[[], float] = time.time
    today: Callable[[], date] = date.today
    draft_max_age_seconds: float = DRAFT_MAX_AGE_SECONDS


class CardlessPaths:
    """Mixed into the reception services: the effects that need no card, and registration's backend half."""

    def __init__(self, paths: PathsBackend | None) -> None:
        self._paths = paths
        self._paths_lock = threading.Lock()  # one declaration submission or replay at a time
        self._register_cancelled = threading.Event()

    def _require_paths(self) -> PathsBackend:
        if self._paths is None:
            raise RuntimeError("these services were built without the issue-6 paths (PathsBackend)")
        return self._paths

    # -- at start and when the backend is back ------------------------------------------------------------------

    def startup_events(self) -> list[ev.Event]:
        """Events to send the flow at start: the saved disaster mode, then a recent declaration draft."""
        paths = self._paths
        if paths is None:
            return []
        events: list[ev.Event] = []
        try:
            setting = paths.store.disaster_mode()
            if setting.on:
                events.append(ev.DisasterModeChanged(True, setting.staff_id or "restored"))
            saved = paths.store.load_draft()
            if saved is not None:
                age = paths.clock() - saved.saved_at
                keys = {entry.idempotency_key for entry in paths.declaration_outbox.entries()}
                if saved.submitting_key is not None and saved.submitting_key in keys:
                    logger.info("draft already in the declaration outbox: dropped")  # crash after the outbox write
                    paths.store.discard_draft()
                elif age > paths.draft_max_age_seconds:
                    logger.info("declaration draft too old to restore (%.0f s): dropped", age)
                    paths.store.discard_draft()
                else:
                    logger.info("declaration draft restored (%.0f s old)", age)
                    events.append(ev.RestoreDraft(saved.draft, saved.reason))
        except sqlite3.Error as error:
            logger.error("local store unreadable at start: %s", type(error).__name__)
        return events

    def replay_pending(self) -> int:
        """Send what the outboxes kept while the backend was away; the number still pending (0: all sent)."""
        paths = self._paths
        if paths is None:
            return 0
        with self._paths_lock:
            pending = paths.declarations.replay_pending().still_pending
        for replayer in paths.replayers:
            pending += replayer.replay_pending().still_pending
        return pending

    def pending_declarations(self) -> list[StoredDeclaration]:
        """Staff view (maintenance): every declaration this kiosk took, with the form while not yet delivered."""
        return self._require_paths().declaration_outbox.entries()

    # -- insurance-use registration -------------------------------------------------------------------------

    def cancel_register(self) -> None:
        self._register_cancelled.set()

    def _send_registration(self, certificate_der: bytes, identity: PinIdentity | FaceIdentity,
                           terms_version: str) -> RegisterAnswer:
        paths = self._require_paths()
        if self._register_cancelled.is_set():
            logger.info("registration cancelled before it was sent")
            return ev.RegistrationFailed(RegistrationFailure.REJECTED)  # the flow has moved on and ignores it
        request = RegistrationRequest(certificate_der, identity, terms_version, True, paths.facility_code)
        try:
            paths.client.register(request)
        except EligibilityError as error:
            if error.category is ErrorCategory.ALREADY_REGISTERED:
                return ev.Registered()
            logger.warning("registration refused: %s (%s)", error.category.value, error.code)
            reason = RegistrationFailure.UNREACHABLE if error.retryable else RegistrationFailure.REJECTED
            return ev.RegistrationFailed(reason)
        logger.info("card registered for insurance use (%s)", request.idempotency_key)
        return ev.Registered()

    # -- paper certificate ---------------------------------------------------------------------------------

    def check_by_number(self, certificate: PaperCertificate, staff_id: str) -> NumberCheckAnswer:
        paths = self._require_paths()
        request = NumberCheckRequest(certificate.insurer_number, certificate.symbol, certificate.number,
                                     certificate.branch, certificate.birth_date, staff_id, paths.facility_code)
        try:
            result = paths.client.check_by_number(request)
        except EligibilityError as error:
            logger.warning("check by number refused: %s (%s)", error.category.value, error.code)
            answer = _lookup_failure(error)
            if isinstance(answer, QualificationSummary):
                return ev.NumberChecked(answer)
            return ev.NumberCheckFailed(answer)
        self._replay_after_success()
        return ev.NumberChecked(summary(result))

    # -- self-declaration --------------------------------------------------------------------------------------

    def save_draft(self, draft: DeclarationDraft, reason: Failure | None) -> None:
        """Never raises: the patient keeps typing even if the disk is full (staff see the log)."""
        try:
            self._require_paths().store.save_draft(draft, reason)
        except (sqlite3.Error, RuntimeError) as error:
            logger.error("declaration draft not saved: %s", type(error).__name__)

    def discard_draft(self) -> None:
        try:
            self._require_paths().store.discard_draft()
        except (sqlite3.Error, RuntimeError) as error:
            logger.error("declaration draft not discarded: %s", type(error).__name__)

    def submit_declaration(self, draft: DeclarationDraft, reason: Failure | None) -> DeclarationAnswer:
        """Outbox first (fsync), then the draft goes, then the backend; kept for later when it is away."""
        paths = self._require_paths()
        form = DeclarationForm(draft.name, draft.name_kana, draft.birth_date, draft.insurer_or_employer, draft.phone,
                               declaration_reason(reason))
        declaration = Declaration(form, paths.facility_code, new_idempotency_key())
        with self._paths_lock:
            try:
                paths.store.mark_submitting(declaration.idempotency_key)
                answer = paths.declarations.submit(declaration)
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
                paths.store.discard_draft()
            except sqlite3.Error as error:  # start-up drops it: its key is in the outbox
                logger.error("declaration draft not discarded: %s", type(error).__name__)
        logger.info("declaration %s recorded (%s)", declaration.idempotency_key, "sent" if sent else "kept")
        if sent:
            self._replay_after_success()
        return ev.DeclarationRecorded(sent)

    # -- disaster mode ----------------------------------------------------------------------------------------

    def record_disaster_mode(self, on: bool, staff_id: str) -> None:
        try:
            if self._require_paths().store.set_disaster_mode(on, staff_id):
                logger.info("disaster mode %s by %s", "on" if on else "off", staff_id)
        except (sqlite3.Error, RuntimeError) as error:
            logger.error("disaster mode not recorded: %s", type(error).__name__)

    def disaster_lookup(self, query: DisasterQuery, staff_id: str) -> DisasterAnswer:
        paths = self._require_paths()
        request = DisasterLookupRequest(query.name_kana, query.birth_date, staff_id, True, paths.facility_code)
        try:
            result = paths.client.disaster_lookup(request)
        except EligibilityError as error:
            logger.warning("disaster lookup refused: %s (%s)", error.category.value, error.code)
            answer = _lookup_failure(error)
            if isinstance(answer, QualificationSummary):
                return ev.DisasterLookedUp(answer)
            return ev.DisasterLookupFailed(answer)
        self._replay_after_success()
        return ev.DisasterLookedUp(summary(result))

    def cancel_disaster_lookup(self) -> None:
        """The lookup is one blocking request; the flow ignores its late answer."""

    def _replay_after_success(self) -> None:
        """The backend just answered: send what waits in the declaration outbox (cheap when nothing does)."""
        paths = self._paths
        if paths is None or not paths.declaration_outbox.count(OutboxState.PENDING):
            return
        try:
            self.replay_pending()
        except (sqlite3.Error, EligibilityError) as error:
            logger.warning("replay after success failed: %s", type(error).__name__)
