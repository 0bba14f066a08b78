"""Staff enter the numbers of a 資格確認書 or 資格情報のお知らせ: insurer number, symbol, number, branch, birth date.

Each field has its own message (e.g. a wrong check digit in the insurer number); the flow validates with the
backend's own rules and nothing is sent until every field is right.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.forms import NUMBER_MAX, SYMBOL_MAX, FieldProblem
from kiosk.flow import PaperCertificate, State
from kiosk.flow.model import PaperDocument

from ..form_widgets import DateField, TextField, add_row, place_beside_keyboard, show_field_problems
from ..keyboard import KeyLayout, TouchKeyboard
from ..style import Metrics
from ..texts import state_words
from ..widgets import Screen, make_button, make_label


class PaperFormScreen(Screen):
    screen_id = "paper_form"
    entered = Signal(object)  # PaperCertificate
    cancelled = Signal()

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.staff_id = ""
        self.keyboard = TouchKeyboard(metrics, (KeyLayout.DIGITS, KeyLayout.LATIN, KeyLayout.KANA), self)
        self.document_buttons: dict[PaperDocument, QPushButton] = {}
        documents = QVBoxLayout()  # one above the other: "Eligibility certificate" never cuts "Qualification notice"
        self.staff_label = make_label("small", self)
        self.message.hide()  # the form needs the room; who signed in shows beside the document choice
        for document in PaperDocument:
            button = make_button(metrics, "keyControl", self)
            button.setCheckable(True)
            button.clicked.connect(lambda _checked=False, chosen=document: self.choose_document(chosen))
            self.document_buttons[document] = button
            documents.addWidget(button)
        documents.addWidget(self.staff_label)
        k = self.keyboard
        self.insurer_number = TextField(k, KeyLayout.DIGITS, 8, self)
        self.symbol = TextField(k, KeyLayout.DIGITS, SYMBOL_MAX, self)
        self.number = TextField(k, KeyLayout.DIGITS, NUMBER_MAX, self)
        self.branch = TextField(k, KeyLayout.DIGITS, 2, self)
        self.birth_date = DateField(k, metrics, self)
        self.labels = {name: make_label("", self) for name in
                       ("insurer_number", "symbol", "number", "branch", "birth_date")}
        grid = QGridLayout()
        grid.setVerticalSpacing(metrics.gap // 4)
        grid.setHorizontalSpacing(metrics.gap // 2)
        row = 0
        for name in ("insurer_number", "symbol", "number", "branch", "birth_date"):
            row = add_row(grid, row, self.labels[name], self.fields[name])
        left = QVBoxLayout()
        left.addLayout(documents)
        left.addLayout(grid)
        left.addStretch(1)
        place_beside_keyboard(self, left, self.keyboard)
        self.cancel_button = make_button(metrics, "danger", self)
        self.check_button = make_button(metrics, "primary", self)
        self.action_row.addWidget(self.cancel_button)
        self.action_row.addWidget(self.check_button)
        self.cancel_button.clicked.connect(self.cancelled)
        self.check_button.clicked.connect(self.submit)
        self.document = PaperDocument.ELIGIBILITY_CERTIFICATE
        self.choose_document(self.document)
        self.retranslate()

    @property
    def fields(self) -> dict[str, TextField | DateField]:
        return {"insurer_number": self.insurer_number, "symbol": self.symbol, "number": self.number,
                "branch": self.branch, "birth_date": self.birth_date}

    def choose_document(self, document: PaperDocument) -> None:
        self.document = document
        for each, button in self.document_buttons.items():
            button.setChecked(each is document)

    def show_form(self, certificate: PaperCertificate | None, staff_id: str | None) -> None:
        """On entering the form: what staff entered before (if anything); the insurer number has the keyboard."""
        self.staff_id = staff_id or ""
        c = certificate
        self.choose_document(c.document if c else PaperDocument.ELIGIBILITY_CERTIFICATE)
        self.insurer_number.set_text(c.insurer_number if c else "")
        self.symbol.set_text(c.symbol if c else "")
        self.number.set_text(c.number if c else "")
        self.branch.set_text(c.branch if c else "")
        self.birth_date.set_value(c.birth_date if c else None)
        self.show_problems(())
        self.insurer_number.edit.setFocus()
        self.keyboard.set_target(self.insurer_number.edit, KeyLayout.DIGITS)
        self.retranslate()

    def show_problems(self, problems: tuple[FieldProblem, ...]) -> None:
        show_field_problems(self.fields, problems)

    def certificate(self) -> PaperCertificate:
        return PaperCertificate(self.document, self.insurer_number.text(), self.symbol.text(), self.number.text(),
                                self.branch.text(), self.birth_date.value())

    def submit(self) -> None:
        self.entered.emit(self.certificate())

    def retranslate(self) -> None:
        self.title.setText(state_words(State.PAPER_FORM))  # what the patient waiting beside hears too
        self.staff_label.setText(self.tr("担当：%1").replace("%1", self.staff_id) if self.staff_id else "")
        self.document_buttons[PaperDocument.ELIGIBILITY_CERTIFICATE].setText(self.tr("資格確認書"))
        self.document_buttons[PaperDocument.QUALIFICATION_NOTICE].setText(self.tr("資格情報のお知らせ"))
        words = {"insurer_number": self.tr("保険者番号"), "symbol": self.tr("記号"), "number": self.tr("番号"),
                 "branch": self.tr("枝番"), "birth_date": self.tr("生年月日")}
        for name, label in self.labels.items():
            label.setText(words[name])
        self.insurer_number.edit.setPlaceholderText(self.tr("6桁か8桁"))
        self.branch.edit.setPlaceholderText("00")
        self.birth_date.retranslate()
        self.cancel_button.setText(self.tr("やめる"))
        self.check_button.setText(self.tr("資格を確認する"))
