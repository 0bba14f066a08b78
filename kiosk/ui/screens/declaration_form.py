"""被保険者資格申立書: the patient types name, kana, birth date, insurer or employer and a phone number.

Every change is sent whole (`edited`) so the flow saves the draft: nothing typed is lost if the kiosk restarts.
Messages appear per field after the first "next" and then follow the typing.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from kiosk.domain.forms import INSURER_OR_EMPLOYER_MAX, KANA_MAX, NAME_MAX, FieldProblem
from kiosk.flow import DeclarationDraft, State

from ..form_widgets import DateField, TextField, add_row, place_beside_keyboard, show_field_problems
from ..keyboard import KeyLayout, TouchKeyboard
from ..style import Metrics
from ..texts import state_words
from ..widgets import Screen, make_button, make_label

FIELDS = ("name", "name_kana", "birth_date", "insurer_or_employer", "phone")


class DeclarationFormScreen(Screen):
    screen_id = "declaration_form"
    edited = Signal(object)  # DeclarationDraft
    next_requested = Signal()
    cancelled = Signal()

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.keyboard = TouchKeyboard(metrics, (KeyLayout.KANA, KeyLayout.DIGITS, KeyLayout.LATIN), self)
        k = self.keyboard
        self.name = TextField(k, KeyLayout.KANA, NAME_MAX, self)
        self.name_kana = TextField(k, KeyLayout.KANA, KANA_MAX, self)
        self.birth_date = DateField(k, metrics, self)
        self.insurer_or_employer = TextField(k, KeyLayout.KANA, INSURER_OR_EMPLOYER_MAX, self)
        self.phone = TextField(k, KeyLayout.DIGITS, 20, self)
        self.labels = {name: make_label("", self) for name in FIELDS}
        grid = QGridLayout()
        grid.setVerticalSpacing(metrics.gap // 4)
        grid.setHorizontalSpacing(metrics.gap // 2)
        row = 0
        for name in FIELDS:
            row = add_row(grid, row, self.labels[name], self.fields[name])
            self.fields[name].edited.connect(self._changed)
        left = QVBoxLayout()
        left.addLayout(grid)
        left.addStretch(1)
        place_beside_keyboard(self, left, self.keyboard)
        self.cancel_button = make_button(metrics, "danger", self)
        self.next_button = make_button(metrics, "primary", self)
        self.action_row.addWidget(self.cancel_button)
        self.action_row.addWidget(self.next_button)
        self.cancel_button.clicked.connect(self.cancelled)
        self.next_button.clicked.connect(self.next_requested)
        self.retranslate()

    @property
    def fields(self) -> dict[str, TextField | DateField]:
        return {"name": self.name, "name_kana": self.name_kana, "birth_date": self.birth_date,
                "insurer_or_employer": self.insurer_or_employer, "phone": self.phone}

    def show_draft(self, draft: DeclarationDraft | None) -> None:
        """On entering the form (also after a restart): put back what was typed; the keyboard starts at the name."""
        d = draft or DeclarationDraft()
        self.name.set_text(d.name)
        self.name_kana.set_text(d.name_kana)
        if any(d.birth_date_typed):  # as typed: in its era (昭和25年), whole or in part
            self.birth_date.set_typed(d.birth_date_typed)
        else:
            self.birth_date.set_value(d.birth_date)
        self.insurer_or_employer.set_text(d.insurer_or_employer)
        self.phone.set_text(d.phone)
        self.show_problems(())
        first_empty = next((f for f in (self.name, self.name_kana) if not f.text()), self.name)
        first_empty.edit.setFocus()
        self.keyboard.set_target(first_empty.edit, KeyLayout.KANA)

    def draft(self) -> DeclarationDraft:
        return DeclarationDraft(self.name.text(), self.name_kana.text(), self.birth_date.value(),
                                self.insurer_or_employer.text(), self.phone.text(), self.birth_date.typed())

    def show_problems(self, problems: tuple[FieldProblem, ...]) -> None:
        show_field_problems(self.fields, problems)

    def _changed(self) -> None:
        self.birth_date.flag_no_such_day()
        self.edited.emit(self.draft())

    def retranslate(self) -> None:
        self.title.setText(self.tr("被保険者資格申立書の記入"))
        self.message.setText(state_words(State.DECLARATION_FORM))
        words = {"name": self.tr("お名前"), "name_kana": self.tr("フリガナ"), "birth_date": self.tr("生年月日"),
                 "insurer_or_employer": self.tr("保険者名・勤務先"), "phone": self.tr("電話番号")}
        for name, label in self.labels.items():
            label.setText(words[name])
        self.name.edit.setPlaceholderText(self.tr("例：山田 太郎（カナでも可）"))
        self.name_kana.edit.setPlaceholderText(self.tr("例：ヤマダ タロウ"))
        self.insurer_or_employer.edit.setPlaceholderText(self.tr("例：○○健康保険組合、△△株式会社"))
        self.phone.edit.setPlaceholderText(self.tr("例：090-1234-5678"))
        self.birth_date.retranslate()
        self.cancel_button.setText(self.tr("やめる"))
        self.next_button.setText(self.tr("確認へ進む"))
