"""災害時モード: the name in katakana and the birth date, to look the patient up without a card."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from kiosk.domain.forms import KANA_MAX, FieldProblem
from kiosk.flow import DisasterQuery, State

from ..form_widgets import DateField, TextField, add_row, place_beside_keyboard, show_field_problems
from ..keyboard import KeyLayout, TouchKeyboard
from ..style import Metrics
from ..texts import state_words
from ..widgets import Screen, make_button, make_label


class DisasterFormScreen(Screen):
    screen_id = "disaster_form"
    entered = Signal(object)  # DisasterQuery
    cancelled = Signal()

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.keyboard = TouchKeyboard(metrics, (KeyLayout.KANA, KeyLayout.DIGITS), self)
        self.name_kana = TextField(self.keyboard, KeyLayout.KANA, KANA_MAX, self)
        self.birth_date = DateField(self.keyboard, metrics, self)
        self.kana_label, self.birth_label = make_label("", self), make_label("", self)
        grid = QGridLayout()
        grid.setVerticalSpacing(metrics.gap // 4)
        grid.setHorizontalSpacing(metrics.gap // 2)
        row = add_row(grid, 0, self.kana_label, self.name_kana)
        add_row(grid, row, self.birth_label, self.birth_date)
        self.note = make_label("note", self)
        left = QVBoxLayout()
        left.addStretch(1)
        left.addLayout(grid)
        left.addWidget(self.note)
        left.addStretch(1)
        place_beside_keyboard(self, left, self.keyboard)
        self.cancel_button = make_button(metrics, "danger", self)
        self.search_button = make_button(metrics, "primary", self)
        self.action_row.addWidget(self.cancel_button)
        self.action_row.addWidget(self.search_button)
        self.cancel_button.clicked.connect(self.cancelled)
        self.search_button.clicked.connect(self.submit)
        self.birth_date.edited.connect(lambda: self.show_problems(()))
        self.retranslate()

    def show_query(self, query: DisasterQuery | None) -> None:
        self.name_kana.set_text(query.name_kana if query else "")
        self.birth_date.set_value(query.birth_date if query else None)
        self.show_problems(())
        self.name_kana.edit.setFocus()
        self.keyboard.set_target(self.name_kana.edit, KeyLayout.KANA)

    def show_problems(self, problems: tuple[FieldProblem, ...]) -> None:
        show_field_problems({"name_kana": self.name_kana, "birth_date": self.birth_date}, problems)

    def submit(self) -> None:
        self.entered.emit(DisasterQuery(self.name_kana.text(), self.birth_date.value()))

    def retranslate(self) -> None:
        self.title.setText(state_words(State.DISASTER_FORM))
        self.kana_label.setText(self.tr("フリガナ"))
        self.birth_label.setText(self.tr("生年月日"))
        self.name_kana.edit.setPlaceholderText(self.tr("例：ヤマダ タロウ"))
        self.note.setText(self.tr("同じお名前の方が複数いる場合は、係員が確認します"))
        self.birth_date.retranslate()
        self.cancel_button.setText(self.tr("やめる"))
        self.search_button.setText(self.tr("資格を確認する"))
