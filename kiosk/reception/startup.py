"""At start and when the backend is back: what the last run left (disaster mode, a draft), and the outboxes."""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from typing import Protocol

from kiosk.eligibility import EligibilityError, OutboxState, ReplayReport
from kiosk.flow import events as ev

from .declarations import DeclarationDesk
from .store import LocalStore

logger = logging.getLogger(__name__)

DRAFT_MAX_AGE_SECONDS = 30 * 60  # an older draft is dropped at start: its patient has surely gone


class ReceptionReplayer(Protocol):
    def replay_pending(self) -> ReplayReport: ...


class OutboxReplay:
    """Sends what the outboxes kept: declarations first, then receptions (`kiosk.eligibility.ReceptionSubmitter`)."""

    def __init__(self, declarations: DeclarationDesk, receptions: tuple[ReceptionReplayer, ...] = ()) -> None:
        self._declarations = declarations
        self._receptions = receptions

    def replay_pending(self) -> int:
        """The number still pending (0: all sent)."""
        pending = self._declarations.replay().still_pending
        for replayer in self._receptions:
            pending += replayer.replay_pending().still_pending
        return pending

    def after_backend_success(self) -> None:
        """The backend just answered: send what waits in the declaration outbox (cheap when nothing does)."""
        if not self._declarations.outbox.count(OutboxState.PENDING):
            return
        try:
            self.replay_pending()
        except (sqlite3.Error, EligibilityError) as error:
            logger.warning("replay after success failed: %s", type(error).__name__)


class KioskStartupService:
    def __init__(self, store: LocalStore, declarations: DeclarationDesk, replay: OutboxReplay, *,
                 clock: Callable[[], float] = time.time,
                 draft_max_age_seconds: float = DRAFT_MAX_AGE_SECONDS) -> None:
        self._store = store
        self._declarations = declarations
        self._replay = replay
        self._clock = clock
        self._draft_max_age_seconds = draft_max_age_seconds

    def startup_events(self) -> list[ev.Event]:
        """Events to send the flow at start: the saved disaster mode, then a recent declaration draft."""
        events: list[ev.Event] = []
        try:
            setting = self._store.disaster_mode()
            if setting.on:
                events.append(ev.DisasterModeChanged(True, setting.staff_id or "restored"))
            saved = self._store.load_draft()
            if saved is not None:
                age = self._clock() - saved.saved_at
                keys = {entry.idempotency_key for entry in self._declarations.outbox.entries()}
                if saved.submitting_key is not None and saved.submitting_key in keys:
                    logger.info("draft already in the declaration outbox: dropped")  # crash after the outbox write
                    self._store.discard_draft()
                elif age > self._draft_max_age_seconds:
                    logger.info("declaration draft too old to restore (%.0f s): dropped", age)
                    self._store.discard_draft()
                else:
                    logger.info("declaration draft restored (%.0f s old)", age)
                    events.append(ev.RestoreDraft(saved.draft, saved.reason))
        except sqlite3.Error as error:
            logger.error("local store unreadable at start: %s", type(error).__name__)
        return events

    def replay_pending(self) -> int:
        return self._replay.replay_pending()
