"""The card is being read: keep it still."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.flow import State

from ..style import Metrics
from ..texts import state_words
from ..widgets import WaitScreen


class ReadingScreen(WaitScreen):
    screen_id = "reading"

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("カードを読み取っています"))
        self.message.setText(state_words(State.READING_CARD))
