"""Staff login: a staff account and its password (hashed with scrypt elsewhere); shows lockouts."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from kiosk.staff_credentials import ADMIN_ID

from ..form_widgets import place_beside_keyboard
from ..keyboard import KeyLayout, TouchKeyboard, focus_follows
from ..style import Metrics
from ..widgets import Screen, make_button, make_label


class MaintenanceLoginScreen(Screen):
    screen_id = "maintenance_login"
    login_requested = Signal(str, str)  # account id, password
    cancelled = Signal()

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.account = QLineEdit(ADMIN_ID, self)  # the account signed in is who the staff check records
        self.account.setMaximumWidth(metrics.touch * 10)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaximumWidth(metrics.touch * 10)
        self.error = make_label("error", self)
        # Staff may have only the touchscreen: an on-screen keyboard types into the field that has the focus.
        self.keyboard = TouchKeyboard(metrics, (KeyLayout.LATIN, KeyLayout.DIGITS), self)
        focus_follows(self.account, self.keyboard, KeyLayout.LATIN)
        focus_follows(self.password, self.keyboard, KeyLayout.LATIN)
        fields = QVBoxLayout()
        fields.addStretch(1)
        fields.addWidget(self.account)
        fields.addWidget(self.password)
        fields.addWidget(self.error)
        fields.addStretch(1)
        place_beside_keyboard(self, fields, self.keyboard)
        self.cancel_button = make_button(metrics, "", self)
        self.login_button = make_button(metrics, "primary", self)
        self.action_row.addWidget(self.cancel_button)
        self.action_row.addWidget(self.login_button)
        self.cancel_button.clicked.connect(self.cancelled)
        self.login_button.clicked.connect(self._submit)
        self.password.returnPressed.connect(self._submit)
        self.retranslate()

    def reset(self) -> None:
        self.password.clear()
        self.error.setText("")
        self.login_button.setEnabled(True)
        self.password.setFocus()
        self.keyboard.set_target(self.password, KeyLayout.LATIN)

    def _submit(self) -> None:
        password = self.password.text()
        self.password.clear()
        self.login_requested.emit(self.account.text().strip() or ADMIN_ID, password)

    def show_wrong_password(self, tries_left: int) -> None:
        self.error.setText(self.tr("パスワードが違います（あと %n 回でロックされます）", "", tries_left))

    def show_locked(self, seconds_left: float) -> None:
        minutes = max(1, round(seconds_left / 60))
        self.error.setText(self.tr("ロック中です。%n 分後にもう一度お試しください", "", minutes))

    def show_unknown_account(self) -> None:
        self.error.setText(self.tr("職員IDかパスワードが違います"))

    def show_not_configured(self) -> None:
        self.error.setText(self.tr("職員パスワードが設定されていません"))

    def show_busy(self) -> None:
        self.error.setText(self.tr("確認しています…"))

    def retranslate(self) -> None:
        self.title.setText(self.tr("メンテナンスモード"))
        self.message.setText(self.tr("職員用のパスワードを入力してください"))
        self.password.setPlaceholderText(self.tr("パスワード"))
        self.account.setPlaceholderText(self.tr("職員ID"))
        self.cancel_button.setText(self.tr("戻る"))
        self.login_button.setText(self.tr("ログイン"))
