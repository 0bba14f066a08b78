"""Waiting for staff to compare the card photo with the patient (目視確認)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.flow import State

from ..style import Metrics
from ..texts import state_words
from ..widgets import WaitScreen, make_button, make_label


class StaffWaitScreen(WaitScreen):
    screen_id = "staff_wait"
    cancelled = Signal()

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.note = make_label("note", self)
        self.body.insertWidget(0, self.note)
        self.cancel_button = make_button(metrics, "danger", self)
        self.action_row.addWidget(self.cancel_button)
        self.cancel_button.clicked.connect(self.cancelled)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("係員が確認します"))
        self.message.setText(state_words(State.STAFF_CHECK))
        self.note.setText(self.tr("係員がカードの顔写真とご本人を見比べて確認します"))
        self.cancel_button.setText(self.tr("やめる"))
