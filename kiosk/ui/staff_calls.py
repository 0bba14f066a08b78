"""Staff calls: what the reception flow asks of staff (a visual check, a paper certificate, a card left behind...)
becomes a chime and a badge in the kiosk's header until a staff member signs in to maintenance mode.

Only the kind of call and its time are kept, in memory: never who the patient is.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from kiosk.flow import StaffAlert

log = logging.getLogger(__name__)

RECENT = 20


class StaffCalls(QObject):
    """The calls not yet answered; `changed(waiting)` whenever that number moves."""

    changed = Signal(int)
    badge = Signal(bool)  # the header's 係員を呼んでいます, for the patient at the kiosk

    def __init__(self, *, chime: Callable[[], None] = QApplication.beep, clock: Callable[[], float] = time.time,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._chime = chime
        self._clock = clock
        self._waiting = 0
        self._badge = False
        self.recent: deque[tuple[float, StaffAlert]] = deque(maxlen=RECENT)

    @property
    def waiting(self) -> int:
        return self._waiting

    def call(self, alert: StaffAlert) -> None:
        """The flow needs staff: chime, and keep the badge up until someone answers."""
        self.recent.append((self._clock(), alert))
        self._waiting += 1  # the controller has logged the alert itself
        self._chime()
        self.changed.emit(self._waiting)
        self._show_badge(True)

    def next_patient(self) -> None:
        """The patient who called has left: the next one is not told staff are coming for them. Staff still see the
        calls (maintenance mode, the desk page) until they answer."""
        self._show_badge(False)

    def _show_badge(self, shown: bool) -> None:
        if shown != self._badge:
            self._badge = shown
            self.badge.emit(shown)

    def answered(self) -> None:
        """A staff member signed in at the kiosk: the calls so far are seen to."""
        if self._waiting:
            log.info("staff calls answered: %d", self._waiting)
            self._waiting = 0
            self.changed.emit(0)
        self._show_badge(False)
