"""At start and when the backend is back: what the last run left (disaster mode, a draft), and the outboxes."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from typing import Protocol

from kiosk.eligibility import ReplayReport
from kiosk.flow import events as ev

from .declarations import DeclarationDesk
from .store import LocalStore

logger = logging.getLogger(__name__)

DRAFT_MAX_AGE_SECONDS = 30 * 60  # an older draft is dropped at start: its patient has surely gone


class ReceptionReplayer(Protocol):
    def replay_pending(self) -> ReplayReport: ...

    def waiting(self) -> int: ...


class OutboxReplay:
    """Sends what the outboxes kept: declarations first, then receptions (`kiosk.eligibility.ReceptionSubmitter`).

    One replay at a time: the periodic one (`replay_pending`) waits for a running one; the one after a backend
    success is skipped while another runs.
    """

    def __init__(self, declarations: DeclarationDesk, receptions: tuple[ReceptionReplayer, ...] = ()) -> None:
        self._declarations = declarations
        self._receptions = receptions
        self._running = threading.Lock()
        self._after_success: threading.Thread | None = None

    def replay_pending(self) -> int:
        """The number still pending (0: all sent)."""
        with self._running:
            return self._replay()

    def _replay(self) -> int:
        pending = self._declarations.replay().still_pending
        for replayer in self._receptions:
            pending += replayer.replay_pending().still_pending
        return pending

    def waiting(self) -> int:
        """Entries a replay would send: declarations and receptions, pending or kept for staff's attention."""
        return self._declarations.outbox.waiting() + sum(replayer.waiting() for replayer in self._receptions)

    def after_backend_success(self) -> None:
        """The backend just answered: send whatever waits, on a thread of its own so that the patient's answer does
        not wait for it (nothing to do when nothing waits or a replay is running)."""
        try:
            if not self.waiting():
                return
        except sqlite3.Error as error:
            logger.warning("outbox unreadable after a backend success: %s", type(error).__name__)
            return
        if not self._running.acquire(blocking=False):
            return
        self._after_success = threading.Thread(target=self._replay_then_release, name="replay-after-success",
                                               daemon=True)
        self._after_success.start()

    def _replay_then_release(self) -> None:
        try:
            self._replay()
        except Exception as error:  # noqa: BLE001 - a background replay never crashes; the periodic one retries
            logger.warning("replay after success failed: %s", type(error).__name__)
        finally:
            self._running.release()

    def wait_for_replay_after_success(self, timeout: float) -> bool:
        """True once no replay started by a backend success is running (tests, shutdown)."""
        thread = self._after_success
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True


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
