"""A countdown that any touch, click, key or wheel anywhere in the application starts again."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

_INPUT_EVENTS = frozenset({
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick, QEvent.Type.TouchBegin, QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
})


class InactivityTimer(QObject):
    """Emits `expired` once `ms` pass without input. Watches the whole application while running: events go to the
    touched child widget (or a combo box's pop-up), which a filter on one screen would not see."""

    expired = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._expire)
        self._watching = False

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self, ms: int) -> None:
        """Count `ms` from now (again, if already running), and from every input after that."""
        self._timer.start(ms)
        self._watch(True)

    def stop(self) -> None:
        self._timer.stop()
        self._watch(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and self._timer.isActive():
            self._timer.start()  # restarts the countdown with the current interval
        return False

    def _expire(self) -> None:
        self._watch(False)
        self.expired.emit()

    def _watch(self, on: bool) -> None:
        app = QCoreApplication.instance()
        if app is None or on == self._watching:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._watching = on


class ActivityRelay(QObject):
    """Emits `active` when a person touches, clicks, types or scrolls anywhere in the application (at most once
    per `interval_ms`): the flow then gives the patient the screen's time again."""

    active = Signal()

    def __init__(self, interval_ms: int = 1000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.setInterval(interval_ms)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS and not self._quiet.isActive():
            self._quiet.start()
            self.active.emit()
        return False

    def stop(self) -> None:
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
