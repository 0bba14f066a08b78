"""From a finished check to a file in the clinic's folder: kept durably first, delivered when the folder is there.

`ResultDelivery.record()` (called on the check's worker thread) renders the file, keeps it and the desk row in the
kiosk's store in one transaction, and wakes the delivery thread; the thread writes it atomically. When the folder
is away the files wait and the thread retries every `retry_seconds`; each reception id is written once.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .folder import FolderAwayError, ResultFolder, RetentionRule
from .layout import ResultFormat, file_name, render
from .open_items import paper_check_item
from .record import FinishedCheck
from .store import RESULTS_FILE, FileState, ResultStore

logger = logging.getLogger(__name__)


class ReceptionRecorder(Protocol):
    """What the check services tell when a check has finished (never raises)."""

    def record(self, check: FinishedCheck) -> None: ...


class ResultDelivery:
    def __init__(self, store: ResultStore, folder: ResultFolder, fmt: ResultFormat | None = None, *,
                 kiosk: str = "kiosk", retention: RetentionRule | None = None, retry_seconds: float = 5.0,
                 clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.folder = folder
        self.format = fmt or ResultFormat()
        self.kiosk = kiosk
        self.retention = retention or RetentionRule()
        self._retry_seconds = retry_seconds
        self._clock = clock
        self._deliver_lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.folder_away = False

    # -- the check services' side ----------------------------------------------------------------------------------

    def record(self, check: FinishedCheck) -> None:
        """Keep the reception and its file (fsync), then have it delivered; storage trouble is logged."""
        try:
            content = render(check, self.format)
            name = file_name(check)
            item = paper_check_item(check)
            added = self.store.add(check.reception_id, name, content, f"{check.finished_at:%Y-%m-%d}",
                                   check.finished_at.isoformat(), check.desk_row(self.kiosk),
                                   None if item is None else item.to_row())
        except (sqlite3.Error, OSError, ValueError) as error:
            logger.error("result of reception %s not kept: %s", check.reception_id, type(error).__name__)
            return
        if check.outside_jis():
            logger.warning("reception %s: name has characters outside JIS X 0208 (flagged for staff)",
                           check.reception_id)
        if not added:
            logger.info("reception %s already kept: no second file", check.reception_id)
        if self._thread is None:
            self.deliver_pending()
        else:
            self._wake.set()

    # -- delivery --------------------------------------------------------------------------------------------------

    def deliver_pending(self) -> int:
        """Write every owed file the folder can take now; how many are still owed."""
        with self._deliver_lock:
            owed = self.store.owed()
            left = len(owed)
            for entry in owed:
                try:
                    if entry.state is FileState.PENDING:
                        self.folder.write_temporary(entry.file_name, entry.content)
                        self.store.renaming(entry.reception_id)
                    self.folder.publish(entry.file_name)  # False: renamed before a crash, nothing left to do
                    self.store.delivered(entry.reception_id)
                    left -= 1
                except FolderAwayError:
                    if not self.folder_away:
                        logger.warning("result folder %s is away: %d files wait", self.folder.path, left)
                    self.folder_away = True
                    return left
                except OSError as error:
                    logger.error("result file for %s not written: %s", entry.reception_id, type(error).__name__)
                    self.store.failed(entry.reception_id, type(error).__name__)
            if self.folder_away and left == 0:
                logger.info("result folder %s is back: every file delivered", self.folder.path)
            self.folder_away = left > 0 and self.folder_away
            return left

    def sweep(self) -> None:
        """The retention rule: files left in the folder, then the kiosk's own records of old receptions."""
        try:
            self.folder.sweep(self.retention, self._clock)
            self.store.forget_before(self._clock() - self.retention.days * 86400)
        except (OSError, sqlite3.Error) as error:
            logger.error("retention sweep failed: %s", type(error).__name__)

    # -- the thread ------------------------------------------------------------------------------------------------

    def start(self, *, sweep_every: float = 3600.0) -> None:
        """Deliver in the background (what is owed from before a restart first); idempotent."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, args=(sweep_every,), name="result-files", daemon=True)
        self._thread.start()

    def _run(self, sweep_every: float) -> None:
        next_sweep = 0.0
        while not self._stop.is_set():
            self._wake.clear()
            try:
                left = self.deliver_pending()
                if time.monotonic() >= next_sweep:
                    self.sweep()
                    next_sweep = time.monotonic() + sweep_every
            except sqlite3.Error as error:
                logger.error("result delivery: %s", type(error).__name__)
                left = 1
            self._wake.wait(self._retry_seconds if left else max(0.0, next_sweep - time.monotonic()))

    def close(self) -> None:
        """Stop the thread after a last delivery attempt; what is still owed waits for the next start."""
        thread, self._thread = self._thread, None
        if thread is not None:
            self._stop.set()
            self._wake.set()
            thread.join(timeout=10)
        try:
            self.deliver_pending()
        except sqlite3.Error as error:
            logger.error("result delivery at close: %s", type(error).__name__)
        self.store.close()


DEFAULT_FOLDER = "face"


@dataclass(frozen=True)
class ResultSettings:
    """Where and how the kiosk writes result files. `folder` None: `face/` in the kiosk's data folder (created);
    a configured folder (a share) must exist and is never created."""

    folder: Path | None = None
    format: ResultFormat = field(default_factory=ResultFormat)
    retention: RetentionRule = field(default_factory=RetentionRule)
    kiosk: str = "kiosk"  # this kiosk's name on the desk page (several kiosks feed one desk)


def open_result_delivery(data_dir: Path, settings: ResultSettings | None = None) -> ResultDelivery:
    """The delivery for a kiosk whose data folder is `data_dir` (`results.sqlite3` there)."""
    settings = settings or ResultSettings()
    folder = (ResultFolder(settings.folder) if settings.folder is not None
              else ResultFolder(data_dir / DEFAULT_FOLDER, create=True))
    return ResultDelivery(ResultStore(data_dir / RESULTS_FILE), folder, settings.format, kiosk=settings.kiosk,
                          retention=settings.retention)
