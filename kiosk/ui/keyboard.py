"""An on-screen keyboard for the kiosk's forms: katakana (50-on table), digits and Latin letters.

It types into whichever field it is given (`set_target`); its keys never take the focus, so a hardware keyboard
keeps working in the same field. Nothing typed is kept here.
"""

from __future__ import annotations

import unicodedata
from enum import Enum

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from .style import Metrics
from .widgets import make_button

# The 50-on table, column by column (ア行 .. ワ行), read top to bottom; "" leaves a gap.
KANA_COLUMNS = ("アイウエオ", "カキクケコ", "サシスセソ", "タチツテト", "ナニヌネノ", "ハヒフヘホ", "マミムメモ",
                "ヤ\0ユ\0ヨ", "ラリルレロ", "ワヲンー・")
SMALL_KANA = dict(zip("アイウエオツヤユヨワカケ", "ァィゥェォッャュョヮヵヶ", strict=True))
CONTROLS_PER_ROW = 7  # keys under the table whose words still fit in large English text ("Delete", "Space")
LATIN_ROWS = ("1234567890", "QWERTYUIOP", "ASDFGHJKL-", "ZXCVBNM_.@")
DIGIT_ROWS = ("123", "456", "789", "-0/")


class KeyLayout(Enum):
    KANA = "kana"
    DIGITS = "digits"
    LATIN = "latin"


def add_mark(char: str, mark: str) -> str | None:
    """カ + ゛ -> ガ, ハ + ゜ -> パ; None when the character takes no such mark."""
    combined = unicodedata.normalize("NFC", char + mark)
    return combined if len(combined) == 1 else None


def toggle_small(char: str) -> str | None:
    """ツ <-> ッ, ヤ <-> ャ ...; None when the character has no small form."""
    if char in SMALL_KANA:
        return SMALL_KANA[char]
    large = {small: big for big, small in SMALL_KANA.items()}
    return large.get(char)


class TouchKeyboard(QWidget):
    """Keys of at least the touch size; the layout switches between katakana, digits and Latin letters."""

    typed = Signal()

    def __init__(self, metrics: Metrics, layouts: tuple[KeyLayout, ...] = tuple(KeyLayout),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.metrics = metrics
        self.target: QLineEdit | None = None
        self.keys: dict[str, QPushButton] = {}
        self.layouts = layouts
        self.pages = QStackedWidget(self)
        self._page_of: dict[KeyLayout, QWidget] = {}
        for layout in layouts:
            page = self._build_page(layout)
            self.pages.addWidget(page)
            self._page_of[layout] = page
        self.mode_buttons: dict[KeyLayout, QPushButton] = {}
        controls = QHBoxLayout()
        controls.setSpacing(metrics.gap // 3)
        for layout in layouts:
            button = self._key_button("", lambda chosen=layout: self.set_layout(chosen), "keyControl")
            button.setCheckable(True)
            self.mode_buttons[layout] = button
            controls.addWidget(button)
        if len(layouts) < 2:
            for button in self.mode_buttons.values():
                button.hide()
        self.mark_buttons: list[QPushButton] = []
        if KeyLayout.KANA in layouts:
            for label, action in (("゛", lambda: self._mark("\u3099")), ("゜", lambda: self._mark("\u309a")),
                                  ("小", self._small)):
                button = self._key_button(label, action, "keyControl")
                self.mark_buttons.append(button)
                controls.addWidget(button)
        self.lower_case = False  # Latin letters: capitals, or small letters (passwords are case-sensitive)
        self.case_button: QPushButton | None = None
        if KeyLayout.LATIN in layouts:
            self.case_button = self._key_button("a/A", self.toggle_case, "keyControl")
            self.case_button.setCheckable(True)
            controls.addWidget(self.case_button)
        self.space_button = self._key_button("", lambda: self._insert("\u3000" if self._kana_mode() else " "),
                                             "keyControl")
        self.back_button = self._key_button("", self._backspace, "keyDelete")
        editing = QHBoxLayout()  # space and delete: on a row of their own when the switches fill the first
        editing.setSpacing(metrics.gap // 3)
        editing.addWidget(self.space_button)
        editing.addWidget(self.back_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(metrics.gap // 3)
        outer.addWidget(self.pages)
        outer.addLayout(controls)
        switches = (len(layouts) if len(layouts) > 1 else 0) + len(self.mark_buttons) + (self.case_button is not None)
        if switches + 2 > CONTROLS_PER_ROW:
            outer.addLayout(editing)
        else:
            controls.addLayout(editing)
        # As wide as the 50-on table, whichever layout shows: the form beside it keeps its place.
        # (A key's style-sheet min-width is its content; its 2 px border comes on top.)
        self.setFixedWidth((metrics.touch + 4) * len(KANA_COLUMNS) + (metrics.gap // 3) * (len(KANA_COLUMNS) - 1))
        self.set_layout(layouts[0])
        self.retranslate()

    def _key_button(self, text: str, action: object, role: str = "key") -> QPushButton:
        button = make_button(self.metrics, role, self)
        button.setText(text)
        button.clicked.connect(lambda _checked=False: action())  # type: ignore[operator]
        return button

    def _build_page(self, layout: KeyLayout) -> QWidget:
        page = QWidget(self)
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(self.metrics.gap // 3)
        if layout is KeyLayout.KANA:
            # Japanese keyboards run right to left: ア行 at the right edge, as on paper 50-on tables.
            for column, letters in enumerate(KANA_COLUMNS):
                for row, char in enumerate(letters):
                    if char != "\0":
                        grid.addWidget(self._char_key(char), row, len(KANA_COLUMNS) - 1 - column)
        else:
            rows = LATIN_ROWS if layout is KeyLayout.LATIN else DIGIT_ROWS
            for row, letters in enumerate(rows):
                for column, char in enumerate(letters):
                    grid.addWidget(self._char_key(char), row, column)
        return page

    def _char_key(self, char: str) -> QPushButton:
        letter = char.isascii() and char.isalpha()
        button = self._key_button(char, lambda: self._insert(char.lower() if letter and self.lower_case else char))
        self.keys.setdefault(char, button)
        return button

    def toggle_case(self) -> None:
        """Latin letters between capitals and small letters; the keys show which they type."""
        self.lower_case = not self.lower_case
        if self.case_button is not None:
            self.case_button.setChecked(self.lower_case)
        for char, button in self.keys.items():
            if char.isascii() and char.isalpha():
                button.setText(char.lower() if self.lower_case else char)

    def set_target(self, edit: QLineEdit | None, layout: KeyLayout | None = None) -> None:
        """Type into `edit` from now on (and show `layout`, if this keyboard has it)."""
        self.target = edit
        # A tap on a key (which never takes the focus) would hand the focus to the nearest ancestor that takes a
        # click, the screen: the field would lose its focus ring, and a USB keypad's next digit would press one of
        # the screen's buttons instead of typing. The keyboard passes such a click's focus on to its field.
        if edit is None:
            self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        else:
            self.setFocusProxy(edit)
            self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        if layout is not None and layout in self._page_of:
            self.set_layout(layout)

    def set_layout(self, layout: KeyLayout) -> None:
        self.pages.setCurrentWidget(self._page_of[layout])
        for each, button in self.mode_buttons.items():
            button.setChecked(each is layout)
        for button in self.mark_buttons:
            button.setVisible(layout is KeyLayout.KANA)

    @property
    def layout_shown(self) -> KeyLayout:
        page = self.pages.currentWidget()
        return next(layout for layout, each in self._page_of.items() if each is page)

    def _kana_mode(self) -> bool:
        return self.layout_shown is KeyLayout.KANA

    def press(self, char: str) -> None:
        """What tapping the key `char` does (tests and the screenshot script use it)."""
        self._insert(char)

    def press_backspace(self) -> None:
        """What tapping 1字消す does."""
        self._backspace()

    def _insert(self, text: str) -> None:
        if self.target is None or self.target.isReadOnly():
            return
        if self.target.maxLength() <= len(self.target.text()) and not self.target.hasSelectedText():
            return
        self.target.insert(text)
        self.typed.emit()

    def _replace_last(self, convert: object) -> None:
        edit = self.target
        if edit is None or edit.isReadOnly():
            return
        position = edit.cursorPosition()
        text = edit.text()
        if position == 0:
            return
        changed = convert(text[position - 1])  # type: ignore[operator]
        if changed:
            edit.setText(text[:position - 1] + changed + text[position:])
            edit.setCursorPosition(position)
            self.typed.emit()

    def _mark(self, mark: str) -> None:
        self._replace_last(lambda char: add_mark(char, mark))

    def _small(self) -> None:
        self._replace_last(toggle_small)

    def _backspace(self) -> None:
        if self.target is not None and not self.target.isReadOnly():
            self.target.backspace()
            self.typed.emit()

    def retranslate(self) -> None:
        names = {KeyLayout.KANA: self.tr("カナ"), KeyLayout.DIGITS: self.tr("数字"), KeyLayout.LATIN: self.tr("英字")}
        for layout, button in self.mode_buttons.items():
            button.setText(names[layout])
        self.space_button.setText(self.tr("空白"))
        self.back_button.setText(self.tr("1字消す"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def focus_follows(edit: QLineEdit, keyboard: TouchKeyboard, layout: KeyLayout) -> None:
    """When `edit` gets the focus (touch or Tab), the keyboard types into it and shows `layout`."""

    class _Watcher(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            # Another field: its own layout. The same field again: the layout the person chose stays.
            if event.type() == QEvent.Type.FocusIn and keyboard.target is not edit:
                keyboard.set_target(edit, layout)
            return False

    edit.installEventFilter(_Watcher(edit))
    edit.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, layout is not KeyLayout.DIGITS)
