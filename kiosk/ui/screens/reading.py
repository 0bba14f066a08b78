"""The card is being read: keep it still."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ..style import Metrics
from ..widgets import WaitScreen


class ReadingScreen(WaitScreen):
    screen_id = "reading"

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("カードを読み取っています"))
        self.message.setText(self.tr("カードを動かさないでください"))
