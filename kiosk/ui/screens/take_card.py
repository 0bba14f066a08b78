"""The reception is over (or cancelled): the card must be taken before the next patient."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ..style import Metrics
from ..widgets import Screen, make_label


class TakeCardScreen(Screen):
    screen_id = "take_card"

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.instruction = make_label("huge", self)
        self.body.addStretch(1)
        self.body.addWidget(self.instruction)
        self.body.addStretch(1)
        self.completed = True
        self.retranslate()

    def set_completed(self, completed: bool) -> None:
        """Thank the patient after a reception; otherwise say it was stopped."""
        self.completed = completed
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("ありがとうございました") if self.completed else self.tr("受付を終了しました"))
        self.instruction.setText(self.tr("カードをお取りください"))
        self.message.setText(self.tr("カードの取り忘れにご注意ください"))
