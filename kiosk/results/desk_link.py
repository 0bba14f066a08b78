"""The kiosk's side of the reception desk: staff calls go out, acknowledgements come back, health and the kiosk's
unsettled self-declarations are reported.

`KioskDeskLink` is the small thread-safe object the composition root wires: `call()` and `answered_at_kiosk()` may be
called from any thread (the UI thread included) and only queue work; its own thread talks to the shared database,
and calls `on_acknowledged` (from that thread) when the desk has acknowledged every open call of this kiosk.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable

from .board import DeskBoard
from .open_items import ItemKind, OpenItem

logger = logging.getLogger(__name__)

Diagnostics = Callable[[], list[tuple[str, bool, str]]]
Declarations = Callable[[], list[OpenItem]]
_ANSWERED = "__answered_at_kiosk__"


class KioskDeskLink:
    def __init__(self, board: DeskBoard, *, diagnostics: Diagnostics | None = None,
                 on_acknowledged: Callable[[], None] = lambda: None, poll_seconds: float = 0.25,
                 health_seconds: float = 5.0, declarations: Declarations | None = None) -> None:
        self.board = board
        self._diagnostics = diagnostics
        self._declarations = declarations
        self._published: list[dict[str, object]] | None = None  # the declarations the desk has now
        self.on_acknowledged = on_acknowledged
        self._poll = poll_seconds
        self._health_every = health_seconds
        self._work: list[str] = []
        self._work_lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._waiting = False  # this kiosk has calls the desk has not acknowledged

    def call(self, alert: str) -> None:
        """The flow needs staff (any thread): the desk will show the call."""
        self._queue(alert)

    def answered_at_kiosk(self) -> None:
        """A staff member signed in at the kiosk (any thread): the calls so far are seen to."""
        self._queue(_ANSWERED)

    def _queue(self, item: str) -> None:
        with self._work_lock:
            self._work.append(item)
        self._wake.set()

    def start(self) -> None:
        """Calls and acknowledgements on one thread; health on its own, so that a slow probe (an unreachable
        backend takes seconds to say so) never holds back a patient's call for staff."""
        if not self._threads:
            self._threads = [threading.Thread(target=self._run, name="desk-link", daemon=True),
                             threading.Thread(target=self._run_health, name="desk-health", daemon=True)]
            for thread in self._threads:
                thread.start()

    def close(self) -> None:
        threads, self._threads = self._threads, []
        self._stop.set()
        self._wake.set()
        for thread in threads:
            thread.join(timeout=5)
        self.board.close()

    def step(self) -> None:
        """Do the queued work and look for acknowledgements once (the thread's loop; tests call it directly)."""
        with self._work_lock:
            work, self._work = self._work, []
        for item in work:
            if item == _ANSWERED:
                self.board.acknowledge(None, "kiosk")
                self._waiting = False
            else:
                self.board.raise_call(item)
                self._waiting = True
        if self._waiting and not self.board.open_calls():
            self._waiting = False
            logger.info("staff calls acknowledged at the desk")
            self.on_acknowledged()
        self.publish_declarations()

    def publish_declarations(self) -> None:
        """The unsettled declarations to the desk, written only when they changed (a write wakes every desk)."""
        if self._declarations is None:
            return
        rows = [item.to_row() for item in self._declarations()]
        if rows != self._published:
            self.board.publish_items(ItemKind.DECLARATION.value, rows)
            self._published = rows

    def report_health(self) -> None:
        if self._diagnostics is None:
            return
        try:
            self.board.report_health(self._diagnostics())
        except Exception as error:  # a diagnostic probe failing must not stop the link
            logger.error("health report failed: %s", type(error).__name__)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.step()
            except sqlite3.Error as error:
                logger.error("desk link: %s", type(error).__name__)
            self._wake.wait(self._poll)
            self._wake.clear()

    def _run_health(self) -> None:
        while not self._stop.is_set():
            self.report_health()
            self._stop.wait(self._health_every)
