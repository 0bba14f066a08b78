"""処方箋の発行方法: the patient chooses an electronic prescription (電子処方箋) or a paper one."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.domain import PrescriptionIssue
from kiosk.flow import State

from ..style import Metrics
from ..texts import state_words
from ..widgets import Screen, make_button, make_label


class PrescriptionScreen(Screen):
    screen_id = "prescription"
    chosen = Signal(int)  # a PrescriptionIssue value
    back = Signal()
    cancelled = Signal()

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.choice: PrescriptionIssue | None = None
        self.electronic_button = make_button(metrics, "", self)
        self.electronic_note = make_label("small", self)
        self.paper_button = make_button(metrics, "", self)
        self.paper_note = make_label("small", self)
        for widget in (self.electronic_button, self.electronic_note, self.paper_button, self.paper_note):
            self.body.addWidget(widget)
        self.body.addStretch(1)
        self.cancel_button = make_button(metrics, "danger", self)
        self.back_button = make_button(metrics, "", self)
        self.action_row.addWidget(self.cancel_button)
        self.action_row.addWidget(self.back_button)
        self.electronic_button.clicked.connect(lambda: self.chosen.emit(int(PrescriptionIssue.ELECTRONIC)))
        self.paper_button.clicked.connect(lambda: self.chosen.emit(int(PrescriptionIssue.PAPER)))
        self.back_button.clicked.connect(self.back)
        self.cancel_button.clicked.connect(self.cancelled)
        self.retranslate()

    def show_choice(self, choice: PrescriptionIssue | None, can_go_back: bool) -> None:
        """The patient's earlier answer is marked (after "back" from the confirmation)."""
        self.choice = choice
        self.back_button.setVisible(can_go_back)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("処方箋の受け取り方"))
        self.message.setText(state_words(State.PRESCRIPTION))
        electronic, paper = self.tr("電子処方箋"), self.tr("紙の処方箋")
        self.electronic_button.setText(f"✓ {electronic}" if self.choice is PrescriptionIssue.ELECTRONIC else electronic)
        self.paper_button.setText(f"✓ {paper}" if self.choice is PrescriptionIssue.PAPER else paper)
        self.electronic_note.setText(self.tr("薬局にデータで届きます。処方内容の控えをお渡しします"))
        self.paper_note.setText(self.tr("これまでどおり紙の処方箋をお渡しします"))
        self.cancel_button.setText(self.tr("やめる"))
        self.back_button.setText(self.tr("戻る"))
