"""Something unexpected went wrong: say so plainly, point to the counter, then return to the start."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.flow import State

from ..style import Metrics
from ..texts import state_words
from ..widgets import Screen, busy_bar, make_label


class FailsafeScreen(Screen):
    screen_id = "failsafe"

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.instruction = make_label("warning", self)
        self.detail = make_label("small", self)
        self.progress = busy_bar(self)
        self.body.addStretch(1)
        self.body.addWidget(self.instruction)
        self.body.addWidget(self.detail)
        self.body.addStretch(1)
        self.body.addWidget(self.progress)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("申し訳ありません"))
        self.message.setText(state_words(State.FAILSAFE))
        self.instruction.setText(self.tr("カードをお取りになり、受付窓口にお声がけください"))
        self.detail.setText(self.tr("まもなく最初の画面に戻ります"))
