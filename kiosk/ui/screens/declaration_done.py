"""The self-declaration is recorded: staff will confirm it at the counter."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.flow import State

from ..style import Metrics
from ..texts import state_words
from ..widgets import Screen, make_button, make_label


class DeclarationDoneScreen(Screen):
    screen_id = "declaration_done"
    done = Signal()

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.sent = False
        self.headline = make_label("huge", self)
        self.next_step = make_label("warning", self)
        self.status = make_label("small", self)
        self.body.addStretch(1)
        self.body.addWidget(self.headline)
        self.body.addWidget(self.next_step)
        self.body.addStretch(1)
        self.body.addWidget(self.status)
        self.done_button = make_button(metrics, "primary", self)
        self.action_row.addWidget(self.done_button)
        self.done_button.clicked.connect(self.done)
        self.retranslate()

    def show_recorded(self, sent: bool) -> None:
        self.sent = sent
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(state_words(State.DECLARATION_DONE))
        self.message.setText(self.tr("ご記入ありがとうございました"))
        self.headline.setText(self.tr("受付窓口にお声がけください"))
        self.next_step.setText(self.tr("係員が内容を確認します。今回は通常の窓口負担でお支払いいただけます"))
        self.status.setText(self.tr("申立書は送信済みです") if self.sent
                            else self.tr("申立書は受付機に保存しました。通信が回復したら送信します"))
        self.done_button.setText(self.tr("終了"))
