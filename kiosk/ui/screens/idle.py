"""The start screen: place the card; or, without a usable card, a paper certificate (staff enter it), or in
disaster mode a lookup without a card."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.flow import State

from ..style import Metrics
from ..texts import state_words
from ..widgets import Screen, make_button, make_label


class IdleScreen(Screen):
    screen_id = "idle"
    paper_chosen = Signal()
    disaster_lookup_chosen = Signal()

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.instruction = make_label("huge", self)
        self.paper_note = make_label("note", self)
        self.privacy = make_label("small", self)
        self.paper_button = make_button(metrics, "", self)
        self.disaster_button = make_button(metrics, "danger", self)
        self.disaster_button.hide()
        choices = QVBoxLayout()  # one above the other: long words in large text never squeeze each other
        choices.setSpacing(metrics.gap)
        choices.addWidget(self.paper_button)
        choices.addWidget(self.disaster_button)
        self.body.addStretch(1)
        self.body.addWidget(self.instruction)
        self.body.addWidget(self.privacy)
        self.body.addStretch(1)
        self.body.addWidget(self.paper_note)
        self.body.addLayout(choices)
        self.paper_button.clicked.connect(self.paper_chosen)
        self.disaster_button.clicked.connect(self.disaster_lookup_chosen)
        self.retranslate()

    def set_disaster_lookup(self, offered: bool) -> None:
        self.disaster_button.setVisible(offered)

    def retranslate(self) -> None:
        self.title.setText(self.tr("受付"))
        self.instruction.setText(state_words(State.IDLE))
        self.paper_note.setText(self.tr("紙の資格確認書などの方は、下のボタンを押してください。係員がまいります"))
        self.paper_button.setText(self.tr("資格確認書・資格情報のお知らせをお持ちの方"))
        self.disaster_button.setText(self.tr("カードをお持ちでない方（災害時）"))
        self.privacy.setText(self.tr("受付が終わるまで置いたままにしてください"))
