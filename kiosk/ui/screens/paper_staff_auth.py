"""資格確認書 / 資格情報のお知らせ: the patient waits; staff sign in with their ID and the maintenance password.

The password is checked off the UI thread by the controller; this screen only collects it and forgets it at once.
`StaffSignInScreen` is shared with the disaster-mode consent step, which records the patient's verbal consent.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from kiosk.domain.forms import FormProblem, staff_id_problems

from ..form_widgets import TextField, add_row, place_beside_keyboard
from ..keyboard import KeyLayout, TouchKeyboard
from ..style import Metrics
from ..widgets import Screen, make_button, make_label


class StaffSignInScreen(Screen):
    """Staff ID and password beside an on-screen keyboard; subclasses add their buttons and words."""

    cancelled = Signal()

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.keyboard = TouchKeyboard(metrics, (KeyLayout.LATIN, KeyLayout.DIGITS), self)
        self.note = make_label("note", self)
        self.staff_label, self.password_label = make_label("", self), make_label("", self)
        self.staff_id = TextField(self.keyboard, KeyLayout.LATIN, 32, self)
        self.password = TextField(self.keyboard, KeyLayout.LATIN, 128, self, password=True)
        self.error = make_label("error", self)
        grid = QGridLayout()
        grid.setSpacing(self.metrics.gap // 2)
        row = add_row(grid, 0, self.staff_label, self.staff_id)
        add_row(grid, row, self.password_label, self.password)
        left = QVBoxLayout()
        left.addWidget(self.note)
        left.addLayout(grid)
        left.addWidget(self.error)
        left.addStretch(1)
        place_beside_keyboard(self.body, left, self.keyboard, metrics)
        self.cancel_button = make_button(metrics, "danger", self)
        self.action_row.addWidget(self.cancel_button)
        self.cancel_button.clicked.connect(self.cancelled)
        self.staff_id.edit.returnPressed.connect(self.password.edit.setFocus)

    def reset(self) -> None:
        """Empty fields, no message; the keyboard types into the staff ID."""
        self.staff_id.set_text("")
        self.password.set_text("")
        self.error.setText("")
        self.set_busy(False)
        self.staff_id.edit.setFocus()
        self.keyboard.set_target(self.staff_id.edit, KeyLayout.LATIN)

    def take_credentials(self) -> tuple[str, str] | None:
        """(staff ID, password), the password field cleared; None (and a message) when the ID is not usable."""
        staff_id = self.staff_id.text().strip()
        password = self.password.text()
        if staff_id_problems("staff_id", staff_id):
            self.staff_id.error.show_problem(FormProblem.STAFF_ID_INVALID)
            return None
        self.staff_id.error.show_problem(None)
        self.password.set_text("")
        return staff_id, password

    def set_busy(self, busy: bool) -> None:
        if busy:
            self.error.setText(self.tr("確認しています…"))
        for button in self.findChildren(type(self.cancel_button)):
            if button.property("role") in ("primary", "choice"):
                button.setEnabled(not busy)

    def show_refused(self, text: str) -> None:
        self.set_busy(False)
        self.error.setText(text)
        self.password.edit.setFocus()

    def retranslate_fields(self) -> None:
        self.staff_label.setText(self.tr("職員ID"))
        self.password_label.setText(self.tr("パスワード"))
        self.cancel_button.setText(self.tr("やめる"))


class PaperStaffAuthScreen(StaffSignInScreen):
    screen_id = "paper_staff_auth"
    signed_in = Signal(str, str)  # staff ID, password (checked, never kept)

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.sign_in_button = make_button(metrics, "primary", self)
        self.action_row.addWidget(self.sign_in_button)
        self.sign_in_button.clicked.connect(self._submit)
        self.password.edit.returnPressed.connect(self._submit)
        self.retranslate()

    def _submit(self) -> None:
        credentials = self.take_credentials()
        if credentials is not None:
            self.set_busy(True)
            self.signed_in.emit(*credentials)

    def retranslate(self) -> None:
        self.title.setText(self.tr("係員がまいります"))
        self.message.setText(self.tr("資格確認書・資格情報のお知らせの番号は、係員が入力します"))
        self.note.setText(self.tr("係員の方：職員IDとパスワードを入力してください"))
        self.sign_in_button.setText(self.tr("係員ログイン"))
        self.retranslate_fields()
