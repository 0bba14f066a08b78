"""Two taps for a consequential staff action: the first arms it and says so, a second within a few seconds does it;
when the time runs out the button says the action was not taken (it never lapses silently)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

CONFIRM_MS = 5000


class ConfirmTap(QObject):
    """`confirmed` on the second tap; `changed` whenever the words to show change (armed, lapsed, idle)."""

    confirmed = Signal()
    changed = Signal()

    def __init__(self, parent: QObject | None = None, *, confirm_ms: int = CONFIRM_MS) -> None:
        super().__init__(parent)
        self.armed = False
        self.lapsed = False  # the last arming ran out without a second tap
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(confirm_ms)
        self._timer.timeout.connect(self._lapse)

    def tap(self) -> None:
        if self.armed:
            self._timer.stop()
            self.armed = False
            self.changed.emit()
            self.confirmed.emit()
            return
        self.armed, self.lapsed = True, False
        self._timer.start()
        self.changed.emit()

    def reset(self) -> None:
        self._timer.stop()
        self.armed = self.lapsed = False
        self.changed.emit()

    def _lapse(self) -> None:
        self.armed, self.lapsed = False, True
        self.changed.emit()
