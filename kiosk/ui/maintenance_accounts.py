"""The staff-accounts tab's work: list, add and remove named accounts as the signed-in admin, off the UI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject

from kiosk.staff_credentials import (
    AccountError,
    CredentialError,
    Role,
    StaffAccount,
    StaffCredentialStore,
    WeakPasswordError,
)

from .maintenance.accounts import AccountsPage
from .workers import TaskRunner

log = logging.getLogger(__name__)


def refusal(error: Exception) -> str:
    """Why an account change was refused, for staff (never a password)."""
    translate = QCoreApplication.translate
    if isinstance(error, WeakPasswordError):
        return translate("Accounts", "パスワードは%1文字以上にしてください").replace("%1", str(error.minimum))
    if isinstance(error, AccountError):
        return translate("Accounts", "できませんでした：%1").replace("%1", str(error))
    return translate("Accounts", "保存できませんでした。もう一度お試しください")


class AccountsController(QObject):
    """Keeps the page's list current and carries out an admin's changes (scrypt: a worker thread)."""

    def __init__(self, page: AccountsPage, credentials: StaffCredentialStore, runner: TaskRunner,
                 signed_in: Callable[[], StaffAccount | None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.page = page
        self.credentials = credentials
        self.runner = runner
        self.signed_in = signed_in
        page.add_requested.connect(self.add)
        page.remove_requested.connect(self.remove)

    def refresh(self) -> None:
        account = self.signed_in()
        self.page.set_admin(account is not None and account.role is Role.ADMIN)
        self.runner.start("staff-accounts", lambda _token: self.credentials.accounts(), self._listed,
                          lambda error: log.error("staff accounts unreadable: %s", type(error).__name__))

    def add(self, account_id: str, name: str, role: str, password: str) -> None:
        admin = self.signed_in()
        if admin is None:
            return

        def job(_token: object) -> None:
            self.credentials.add_account(admin, account_id, name, Role(role), password)

        self._change("staff-account-add", job, QCoreApplication.translate("Accounts", "追加しました：%1")
                     .replace("%1", account_id))

    def remove(self, account_id: str) -> None:
        admin = self.signed_in()
        if admin is None:
            return
        self._change("staff-account-remove", lambda _token: self.credentials.remove_account(admin, account_id),
                     QCoreApplication.translate("Accounts", "削除しました：%1").replace("%1", account_id))

    def _change(self, name: str, job: Callable[[object], None], done_words: str) -> None:
        def done(_result: object) -> None:
            self.page.show_status(done_words)
            self.page.account_id.clear()
            self.page.name.clear()
            self.refresh()

        def failed(error: Exception) -> None:
            if not isinstance(error, CredentialError):
                log.error("staff account change failed: %s", type(error).__name__)
            self.page.show_status(refusal(error))

        self.runner.start(name, job, done, failed)

    def _listed(self, accounts: object) -> None:
        if isinstance(accounts, list):
            self.page.show_accounts([a for a in accounts if isinstance(a, StaffAccount)])
