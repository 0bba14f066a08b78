"""The masked PIN keypad: tries left, a warning before the last try; the hardware keyboard works too."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.pin import USER_AUTH_PIN_LENGTH, USER_AUTH_PIN_TRIES, is_last_try
from kiosk.flow import Notice, State
from kiosk.speech import words

from ..style import Metrics
from ..texts import state_words, written
from ..widgets import Screen, make_button, make_label, set_role

MASK = "●"
EMPTY = "○"


class PinScreen(Screen):
    """Holds the digits only until they are submitted; never logs or stores them."""

    screen_id = "pin"
    pin_entered = Signal(str)
    digit_pressed = Signal()  # a digit was taken: for the neutral key click (never says which digit)
    use_face = Signal()
    call_staff = Signal()  # forgot the PIN: staff confirm the patient by the visual check instead
    cancelled = Signal()

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self._digits = ""
        self._tries_left: int | None = None
        self._wrong = False
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.display = make_label("pin", self)
        self.tries_label = make_label("", self)
        self.warning = make_label("warning", self)
        self.digit_buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(metrics.gap)
        for index, digit in enumerate("123456789"):
            grid.addWidget(self._digit_button(digit), index // 3, index % 3)
        self.clear_button = make_button(metrics, "", self)
        self.ok_button = make_button(metrics, "primary", self)
        grid.addWidget(self.clear_button, 3, 0)
        grid.addWidget(self._digit_button("0"), 3, 1)
        grid.addWidget(self.ok_button, 3, 2)
        keypad = QWidget(self)
        keypad.setLayout(grid)
        keypad.setMaximumWidth(metrics.touch * 8)
        info = QVBoxLayout()  # side by side with the keypad, so the screen fits a 1280x800 panel
        info.addStretch(1)
        info.addWidget(self.display, 0, Qt.AlignmentFlag.AlignHCenter)
        info.addWidget(self.tries_label)
        info.addWidget(self.warning)
        info.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(metrics.gap * 2)
        row.addLayout(info, 1)
        row.addWidget(keypad, 0, Qt.AlignmentFlag.AlignVCenter)
        self.body.addLayout(row, 1)
        self.cancel_button = make_button(metrics, "danger", self)
        self.face_button = make_button(metrics, "", self)
        self.staff_button = make_button(metrics, "", self)
        self.action_row.addWidget(self.cancel_button)
        self.action_row.addWidget(self.face_button)
        self.action_row.addWidget(self.staff_button)
        self.clear_button.clicked.connect(self.backspace)
        self.ok_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.cancelled)
        self.face_button.clicked.connect(self.use_face)
        self.staff_button.clicked.connect(self.call_staff)
        self.retranslate()

    def _digit_button(self, digit: str) -> QPushButton:
        button = make_button(self.metrics, "", self)
        button.setText(digit)
        button.setMinimumSize(int(self.metrics.touch * 1.6), int(self.metrics.touch * 1.15))
        button.clicked.connect(lambda: self.press_digit(digit))
        self.digit_buttons[digit] = button
        return button

    def reset(self, tries_left: int | None, wrong: bool = False, face_available: bool = True) -> None:
        """Empty keypad, showing how many tries the card has left (and that the last PIN was wrong)."""
        self._digits = ""
        self._tries_left = tries_left
        self._wrong = wrong
        self.face_button.setVisible(face_available)
        self.retranslate()
        self.setFocus()

    @property
    def entered_length(self) -> int:
        return len(self._digits)

    def press_digit(self, digit: str) -> None:
        if len(self._digits) < USER_AUTH_PIN_LENGTH:
            self._digits += digit
            self._refresh_display()
            self.digit_pressed.emit()

    def backspace(self) -> None:
        self._digits = self._digits[:-1]
        self._refresh_display()

    def submit(self) -> None:
        if len(self._digits) != USER_AUTH_PIN_LENGTH:
            return
        digits, self._digits = self._digits, ""
        self._refresh_display()
        self.pin_entered.emit(digits)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if len(text) == 1 and text.isascii() and text.isdigit():
            self.press_digit(text)
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
        elif event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self.backspace()
        elif event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
        else:
            super().keyPressEvent(event)

    def _refresh_display(self) -> None:
        count = len(self._digits)
        self.display.setText(MASK * count + EMPTY * (USER_AUTH_PIN_LENGTH - count))
        self.ok_button.setEnabled(count == USER_AUTH_PIN_LENGTH)
        self.clear_button.setEnabled(count > 0)

    def retranslate(self) -> None:
        self.title.setText(state_words(State.PIN_ENTRY))
        if self._wrong:
            self.message.setText(written(words.NOTICES[Notice.PIN_WRONG]))
        else:
            self.message.setText(self.tr("入力した数字は画面に表示されません"))
        set_role(self.message, "error" if self._wrong else "")
        if self._tries_left is None:
            self.tries_label.setText("")
        else:
            self.tries_label.setText(written(words.TRIES_LEFT[max(0, min(USER_AUTH_PIN_TRIES, self._tries_left))]))
        self.warning.setVisible(self._tries_left is not None and is_last_try(self._tries_left))
        self.warning.setText(written(words.OTHER["pin.last_try"]))
        self.clear_button.setText(self.tr("訂正"))
        self.ok_button.setText(self.tr("確定"))
        self.cancel_button.setText(self.tr("やめる"))
        self.face_button.setText(self.tr("顔認証にする"))
        self.staff_button.setText(self.tr("係員を呼ぶ"))
        self._refresh_display()
