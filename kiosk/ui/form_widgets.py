"""Form fields for the touchscreen forms: a labelled line edit or a birth date, each with its own message line.

The messages come from `kiosk.domain.forms` problem codes: each code has its own words, so the patient (or staff)
reads exactly what is wrong with which field.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QSizePolicy,
    QWidget,
)

from kiosk.domain.forms import BIRTH_DATE_DIGITS, FieldProblem, FormProblem
from kiosk.domain.wareki import ERA_YEAR_DIGITS, Era, birth_date_from_typed, join_typed_year, split_typed_year

from .keyboard import KeyLayout, TouchKeyboard, focus_follows
from .style import Metrics
from .widgets import Screen, make_button, make_label

INVALID_DATE = "INVALID_DATE"  # the UI's own: digits typed, but no such day (e.g. 2月30日)


def problem_words(problem: FormProblem | str) -> str:
    """What is wrong, in words for the person typing; one text per problem code."""
    translate = QCoreApplication.translate
    words: dict[str, str] = {
        FormProblem.NAME_REQUIRED: translate("FormProblem", "お名前を入力してください"),
        FormProblem.NAME_TOO_LONG: translate("FormProblem", "お名前は50文字までです"),
        FormProblem.NAME_INVALID_CHARACTERS: translate("FormProblem", "お名前に使えない文字が含まれています"),
        FormProblem.KANA_REQUIRED: translate("FormProblem", "フリガナを入力してください"),
        FormProblem.KANA_TOO_LONG: translate("FormProblem", "フリガナは50文字までです"),
        FormProblem.KANA_NOT_KATAKANA: translate("FormProblem", "フリガナはカタカナで入力してください"),
        FormProblem.BIRTH_DATE_REQUIRED: translate("FormProblem", "生年月日を入力してください"),
        FormProblem.BIRTH_DATE_IN_FUTURE: translate("FormProblem", "生年月日が今日より後になっています"),
        FormProblem.BIRTH_DATE_TOO_OLD: translate("FormProblem", "生年月日は1900年以降の日付です"),
        INVALID_DATE: translate("FormProblem", "この日付はありません。年・月・日を確かめてください"),
        FormProblem.INSURER_OR_EMPLOYER_REQUIRED: translate("FormProblem", "保険者名または勤務先を入力してください"),
        FormProblem.INSURER_OR_EMPLOYER_TOO_LONG: translate("FormProblem", "保険者名または勤務先は60文字までです"),
        FormProblem.PHONE_REQUIRED: translate("FormProblem", "電話番号を入力してください"),
        FormProblem.PHONE_INVALID: translate("FormProblem", "電話番号は0から始まる10桁か11桁の数字です"),
        FormProblem.INSURER_NUMBER_FORMAT: translate("FormProblem", "保険者番号は6桁か8桁の数字です"),
        FormProblem.INSURER_NUMBER_CHECK_DIGIT: translate(
            "FormProblem", "保険者番号の最後の数字（検証番号）が合いません。番号を確かめてください"),
        FormProblem.SYMBOL_INVALID: translate("FormProblem", "記号を入力してください（20文字まで、前後の空白なし）"),
        FormProblem.NUMBER_INVALID: translate("FormProblem", "番号は英数字20文字までです"),
        FormProblem.BRANCH_INVALID: translate("FormProblem", "枝番は2桁の数字です（例：00）"),
        FormProblem.STAFF_ID_INVALID: translate("FormProblem", "職員IDは英数字32文字までです"),
        FormProblem.VERBAL_CONSENT_MISSING: translate("FormProblem", "ご本人の同意が記録されていません"),
    }
    return words.get(str(problem), translate("FormProblem", "入力内容を確かめてください"))


class FieldError(QLabel):
    """The one-line message under a field. Its room is kept while empty, so fields never jump under a finger as
    messages come and go."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "fieldError")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.setSizePolicy(policy)
        self.hide()

    def show_problem(self, problem: FormProblem | str | None) -> None:
        self.setText(problem_words(problem) if problem is not None else "")
        self.setVisible(problem is not None)


class TextField(QWidget):
    """A line edit the on-screen keyboard types into; `edited` on every change (touch or hardware keyboard)."""

    edited = Signal()

    def __init__(self, keyboard: TouchKeyboard, layout: KeyLayout, max_length: int,
                 parent: QWidget | None = None, *, password: bool = False) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setMaxLength(max_length)
        if password:
            self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = FieldError(self)
        focus_follows(self.edit, keyboard, layout)
        self.edit.textChanged.connect(lambda _text: self.edited.emit())
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.edit)

    def text(self) -> str:
        return self.edit.text()

    def set_text(self, text: str) -> None:
        self.edit.blockSignals(True)
        self.edit.setText(text)
        self.edit.blockSignals(False)


ERA_CHOICES: tuple[Era | None, ...] = (None, Era.SHOWA, Era.HEISEI, Era.REIWA, Era.TAISHO)


class DateField(QWidget):
    """Birth date as year, month and day (digits only), the year in 西暦 or 和暦 (昭和25年); `value()` is None until
    the boxes name a real day."""

    edited = Signal()

    def __init__(self, keyboard: TouchKeyboard, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.error = FieldError(self)
        self.era: Era | None = None
        # One button before the year: each tap goes to the next era (西暦 → 昭和 → 平成 → 令和 → 大正 → 西暦).
        self.era_button = make_button(metrics, "key", self)  # no focus: the keyboard keeps typing into the year
        self.era_button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.era_button.clicked.connect(self.next_era)
        self.year, self.month, self.day = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        # A tap on the era button (or between the boxes) puts the focus in the year, not on the scrolling form.
        self.setFocusProxy(self.year)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.units: list[QLabel] = []
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(metrics.gap // 5)  # the unit (年月日) sits close to its box
        box.addWidget(self.era_button)
        for edit, length in zip((self.year, self.month, self.day), BIRTH_DATE_DIGITS, strict=True):
            edit.setMaxLength(length)
            edit.setValidator(QRegularExpressionValidator(rf"\d{{0,{length}}}", edit))
            edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
            edit.setMinimumWidth(int(metrics.touch * (1.3 if length == 4 else 1.0)))
            focus_follows(edit, keyboard, KeyLayout.DIGITS)
            edit.textChanged.connect(lambda _text: self.edited.emit())
            unit = make_label("small", self, centered=False)
            self.units.append(unit)
            box.addWidget(edit, 2 if length == 4 else 1)
            box.addWidget(unit)
        self.set_era(None)

    def next_era(self) -> None:
        self.set_era(ERA_CHOICES[(ERA_CHOICES.index(self.era) + 1) % len(ERA_CHOICES)])

    def set_era(self, era: Era | None) -> None:
        """西暦 (None) or a 和暦 era: the year box takes 4 or 2 digits."""
        changed = era is not self.era
        self.era = era
        length = BIRTH_DATE_DIGITS[0] if era is None else ERA_YEAR_DIGITS
        self.year.setMaxLength(length)
        self.year.setValidator(QRegularExpressionValidator(rf"\d{{0,{length}}}", self.year))
        self.retranslate()
        if changed:
            self.edited.emit()

    def retranslate(self) -> None:
        for unit, text in zip(self.units, (self.tr("年"), self.tr("月"), self.tr("日")), strict=True):
            unit.setText(text)
        names = {None: self.tr("西暦"), Era.SHOWA: self.tr("昭和"), Era.HEISEI: self.tr("平成"),
                 Era.REIWA: self.tr("令和"), Era.TAISHO: self.tr("大正")}
        self.era_button.setText(names[self.era])
        self.year.setPlaceholderText(names[self.era])

    def value(self) -> date | None:
        return birth_date_from_typed(self.era, self.year.text(), self.month.text(), self.day.text())

    def typed_but_invalid(self) -> bool:
        """All three parts typed, yet no such day (2月30日) or a year of fewer than 4 digits."""
        parts = (self.year.text(), self.month.text(), self.day.text())
        return all(parts) and self.value() is None

    def flag_no_such_day(self) -> None:
        """Say so under the date once all three parts are typed yet make no real day."""
        if self.typed_but_invalid():
            self.error.show_problem(INVALID_DATE)

    def set_value(self, value: date | None) -> None:
        """A real day, in 西暦 (a draft's typed parts keep the patient's own era: see `set_typed`)."""
        self.set_typed((f"{value.year:04d}", str(value.month), str(value.day)) if value else ("", "", ""))

    def typed(self) -> tuple[str, str, str]:
        """The digits in the three boxes as they stand (the year with its era's letter), day or not yet."""
        return join_typed_year(self.era, self.year.text()), self.month.text(), self.day.text()

    def set_typed(self, parts: tuple[str, str, str]) -> None:
        era, year = split_typed_year(parts[0])
        self.blockSignals(True)
        self.set_era(era)
        self.blockSignals(False)
        for edit, text in zip((self.year, self.month, self.day), (year, parts[1], parts[2]), strict=True):
            edit.blockSignals(True)
            edit.setText(text)
            edit.blockSignals(False)


def add_row(grid: QGridLayout, row: int, label: QLabel, field: TextField | DateField) -> int:
    """Label on the left, the field and its message on the right; returns the next free row."""
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    # A long label (保険者名・勤務先, "Insurer or employer") wraps rather than push the keyboard off the display.
    label.setWordWrap(True)
    label.setMinimumWidth(label.fontMetrics().horizontalAdvance("フリガナ") + 4)  # never squeezed below 4 characters
    grid.addWidget(label, row, 0)
    grid.addWidget(field, row, 1)
    grid.addWidget(field.error, row + 1, 1)
    grid.setColumnStretch(1, 1)
    return row + 2


def show_field_problems(fields: Mapping[str, TextField | DateField], problems: tuple[FieldProblem, ...]) -> None:
    """Each field's own message (or none) from the flow's problems; a date that is no real day says so too."""
    for name, field in fields.items():
        field.error.show_problem(next((p.problem for p in problems if p.field == name), None))
        if isinstance(field, DateField):
            field.flag_no_such_day()


def place_beside_keyboard(screen: Screen, form: QLayout, keyboard: TouchKeyboard) -> None:
    """The form takes the room on the left and scrolls when long; the on-screen keyboard sits at the bottom on the
    right, outside the scrolling, so every key stays in view whichever field is being typed."""
    screen.body.addLayout(form, 1)
    screen.middle.addWidget(keyboard, 0, Qt.AlignmentFlag.AlignBottom)
