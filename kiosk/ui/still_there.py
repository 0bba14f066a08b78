"""「まだお使いですか？」: shown over any patient screen in the last 20 s of its time, with one big 「続ける」."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.speech import words

from .style import Metrics
from .texts import written
from .widgets import make_button, make_label


class StillThereOverlay(QFrame):
    """Covers the middle of the window; the patient answers with one tap (any touch also counts as 'still here')."""

    continued = Signal()

    def __init__(self, metrics: Metrics, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("stillThere")
        self.question = make_label("title", self)
        self.detail = make_label("", self)
        self.continue_button = make_button(metrics, "primary", self)
        self.continue_button.clicked.connect(self.continued)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(metrics.gap * 3, metrics.gap * 3, metrics.gap * 3, metrics.gap * 3)
        layout.setSpacing(metrics.gap * 2)
        layout.addWidget(self.question)
        layout.addWidget(self.detail)
        layout.addWidget(self.continue_button)
        self.hide()
        self.retranslate()

    def set_shown(self, shown: bool) -> None:
        if shown == self.isVisible():
            return
        if shown:
            parent = self.parentWidget()
            if parent is not None:
                width, height = parent.width() * 2 // 3, parent.height() // 2
                self.setGeometry((parent.width() - width) // 2, (parent.height() - height) // 2, width, height)
            self.retranslate()
            self.show()
            self.raise_()
        else:
            self.hide()

    def retranslate(self) -> None:
        self.question.setText(written(words.OTHER["still_there"]))
        self.detail.setText(self.tr("続ける場合は「続ける」を押してください。しばらくすると受付を中止します"))
        self.continue_button.setText(self.tr("続ける"))
