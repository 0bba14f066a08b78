"""The self-declaration as it will be recorded: read it back, then record it (or go back and correct it)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.flow import DeclarationDraft, State

from ..style import Metrics
from ..texts import format_date, state_words
from ..widgets import Screen, make_button, make_label


class DeclarationConfirmScreen(Screen):
    screen_id = "declaration_confirm"
    confirmed = Signal()
    back = Signal()
    cancelled = Signal()

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self._draft = DeclarationDraft()
        self.names = [make_label("", self, centered=False) for _ in range(5)]
        self.values = [make_label("", self, centered=False) for _ in range(5)]
        grid = QGridLayout()
        grid.setHorizontalSpacing(metrics.gap * 2)
        for row, (name, value) in enumerate(zip(self.names, self.values, strict=True)):
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setProperty("role", "note")
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
        grid.setColumnStretch(1, 1)
        self.body.addStretch(1)
        self.body.addLayout(grid)
        self.body.addStretch(1)
        self.cancel_button = make_button(metrics, "danger", self)
        self.back_button = make_button(metrics, "", self)
        self.confirm_button = make_button(metrics, "primary", self)
        for button in (self.cancel_button, self.back_button, self.confirm_button):
            self.action_row.addWidget(button)
        self.cancel_button.clicked.connect(self.cancelled)
        self.back_button.clicked.connect(self.back)
        self.confirm_button.clicked.connect(self.confirmed)
        self.retranslate()

    def show_draft(self, draft: DeclarationDraft | None) -> None:
        self._draft = draft or DeclarationDraft()
        self.retranslate()

    def set_busy(self, busy: bool) -> None:
        for button in (self.cancel_button, self.back_button, self.confirm_button):
            button.setEnabled(not busy)

    def retranslate(self) -> None:
        self.title.setText(self.tr("入力内容の確認"))
        self.message.setText(state_words(State.DECLARATION_CONFIRM))
        d = self._draft
        born: date | None = d.birth_date
        rows = [(self.tr("お名前"), d.name), (self.tr("フリガナ"), d.name_kana),
                (self.tr("生年月日"), format_date(born) if born else ""),
                (self.tr("保険者名・勤務先"), d.insurer_or_employer), (self.tr("電話番号"), d.phone)]
        for (name, value), name_label, value_label in zip(rows, self.names, self.values, strict=True):
            name_label.setText(name)
            value_label.setText(value)
        self.cancel_button.setText(self.tr("やめる"))
        self.back_button.setText(self.tr("修正する"))
        self.confirm_button.setText(self.tr("記録する"))
