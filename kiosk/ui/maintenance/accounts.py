"""職員アカウント: an admin adds and removes the clinic's named staff accounts (roles staff and admin).

Everything is typed on the on-screen keyboard (the kiosk may have only its touchscreen). The password is handed on
once and the field is cleared at once; hashing runs off the UI thread (`AccountsController`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.staff_credentials import Role, StaffAccount

from ..keyboard import KeyLayout, TouchKeyboard, focus_follows
from ..style import Metrics
from ..widgets import make_button, make_label
from .confirm_tap import ConfirmTap


class AccountsPage(QWidget):
    add_requested = Signal(str, str, str, str)  # account id, name, role, password (handed on, never kept)
    remove_requested = Signal(str)  # account id

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.accounts: list[StaffAccount] = []
        self.table = QTableWidget(0, 3, self)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.keyboard = TouchKeyboard(metrics, (KeyLayout.LATIN, KeyLayout.KANA, KeyLayout.DIGITS), self)
        self.account_id, self.name, self.password = QLineEdit(self), QLineEdit(self), QLineEdit(self)
        self.account_id.setMaxLength(32)
        self.name.setMaxLength(40)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        for field, keys in ((self.account_id, KeyLayout.LATIN), (self.name, KeyLayout.KANA),
                            (self.password, KeyLayout.LATIN)):
            focus_follows(field, self.keyboard, keys)
        self.role_buttons: dict[Role, QPushButton] = {}
        roles = QHBoxLayout()
        for role in (Role.STAFF, Role.ADMIN):
            button = make_button(metrics, "key", self)
            button.setCheckable(True)
            button.clicked.connect(lambda _checked=False, chosen=role: self._choose(chosen))
            self.role_buttons[role] = button
            roles.addWidget(button)
        self.role = Role.STAFF
        self.add_button = make_button(metrics, "primary", self)
        self.remove_button = make_button(metrics, "danger", self)
        self.remove_confirm = ConfirmTap(self)
        self.status = make_label("", self)
        form = QGridLayout()
        form.addWidget(self.account_id, 0, 0)
        form.addWidget(self.name, 0, 1)
        form.addWidget(self.password, 1, 0)
        form.addLayout(roles, 1, 1)
        left = QVBoxLayout()
        left.addWidget(self.table, 1)
        left.addLayout(form)
        left.addWidget(self.add_button)  # one above the other: their words never squeeze the form beside the keys
        left.addWidget(self.remove_button)
        left.addWidget(self.status)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, layout.contentsMargins().top(), 0, 0)  # every pixel for the 15 mm keys
        layout.addLayout(left, 1)
        layout.addWidget(self.keyboard)
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self.remove_confirm.tap)
        self.remove_confirm.confirmed.connect(self._remove)
        self.remove_confirm.changed.connect(self.retranslate)
        self._choose(Role.STAFF)

    def show_accounts(self, accounts: list[StaffAccount]) -> None:
        self.accounts = accounts
        self.table.setRowCount(len(accounts))
        for row, account in enumerate(accounts):
            role = self.tr("管理者") if account.role is Role.ADMIN else self.tr("職員")
            for column, text in enumerate((account.account_id, account.name, role)):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def show_status(self, text: str) -> None:
        self.status.setText(text)

    def set_admin(self, admin: bool) -> None:
        """Only an admin manages accounts; others see the list."""
        for widget in (self.add_button, self.remove_button, self.account_id, self.name, self.password,
                       *self.role_buttons.values()):
            widget.setEnabled(admin)
        self.show_status("" if admin else self.tr("アカウントの追加と削除は管理者だけができます"))

    def _choose(self, role: Role) -> None:
        self.role = role
        for each, button in self.role_buttons.items():
            button.setChecked(each is role)
        self.retranslate()

    def _add(self) -> None:
        password = self.password.text()
        self.password.clear()
        self.add_requested.emit(self.account_id.text().strip(), self.name.text().strip(), self.role.value, password)

    def _remove(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.accounts):
            self.remove_requested.emit(self.accounts[row].account_id)
        else:
            self.show_status(self.tr("削除するアカウントを一覧から選んでください"))

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("職員ID"), self.tr("名前"), self.tr("役割")])
        self.account_id.setPlaceholderText(self.tr("新しい職員ID（英数字）"))
        self.name.setPlaceholderText(self.tr("名前"))
        self.password.setPlaceholderText(self.tr("パスワード（8文字以上）"))
        self.role_buttons[Role.STAFF].setText(self.tr("職員"))
        self.role_buttons[Role.ADMIN].setText(self.tr("管理者"))
        self.add_button.setText(self.tr("追加する"))
        self.remove_button.setText(self.tr("もう一度押すと削除します") if self.remove_confirm.armed
                                   else self.tr("選んだアカウントを削除"))
        self.show_accounts(self.accounts)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
