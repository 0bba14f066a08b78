"""The patient's 「文字を大きく」: the whole kiosk's text a third larger, until the next patient."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from .style import Metrics, base_font, stylesheet


class TextSize(QObject):
    """Applies the normal or the larger style sheet and font to the whole application."""

    changed = Signal(bool)  # large

    def __init__(self, app: QApplication, metrics: Metrics, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._metrics = metrics
        self.large = False

    def set_large(self, large: bool) -> None:
        if large == self.large:
            return
        metrics = self._metrics.larger_text() if large else self._metrics
        self._app.setFont(base_font(metrics))
        self._app.setStyleSheet(stylesheet(metrics))
        self.large = large
        self.changed.emit(large)

    def toggle(self) -> None:
        self.set_large(not self.large)
