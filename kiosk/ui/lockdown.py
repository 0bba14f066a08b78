"""What keeps a patient inside the kiosk, application-wide: no context menus (the text fields' Undo/Paste menu
included), and a kiosk window that a window manager minimised comes straight back.

Closing is refused by the window itself (`KioskWindow.closeEvent`); under cage there is no window manager at all.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget


class PatientLockdown(QObject):
    """An application event filter: swallows every context-menu request and undoes minimising the kiosk window.

    `may_leave()` is true once maintenance mode has allowed the kiosk to end; then nothing is restored.
    """

    def __init__(self, window: QWidget, may_leave: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._window = window
        self._may_leave = may_leave
        self.refused_context_menus = 0
        self.restored = 0
        self._state = window.windowState()  # the last state that was not minimised (fullscreen, on a kiosk)

    def install(self, app: QApplication) -> None:
        app.installEventFilter(self)

    def remove(self, app: QApplication) -> None:
        app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ContextMenu:
            self.refused_context_menus += 1
            return True
        if kind == QEvent.Type.WindowStateChange and watched is self._window:
            if self._minimised():
                QTimer.singleShot(0, self._restore)
            elif not self._window.windowState() & Qt.WindowState.WindowMinimized:
                self._state = self._window.windowState()
        return False

    def _minimised(self) -> bool:
        return bool(self._window.windowState() & Qt.WindowState.WindowMinimized) and not self._may_leave()

    def _restore(self) -> None:
        if not self._minimised():
            return
        self.restored += 1
        self._window.setWindowState(self._state & ~Qt.WindowState.WindowMinimized)
        self._window.show()
        self._window.raise_()
        self._window.activateWindow()
