"""Maintenance mode: tabs for diagnostics, the staff visual check, settings and today's receptions; exit."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QTabWidget, QVBoxLayout, QWidget

from ..style import Metrics
from ..widgets import Screen, make_button, make_label
from .accounts import AccountsPage
from .confirm_tap import ConfirmTap
from .declarations import DeclarationsPage
from .diagnostics import DiagnosticsPage
from .disaster import DisasterPage
from .receptions import ReceptionsPage
from .settings_page import SettingsPage
from .staff_check import StaffCheckPage

EXIT_CONFIRM_MS = 5000


class MaintenancePanel(Screen):
    screen_id = "maintenance"
    closed = Signal()
    exit_requested = Signal()

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.tabs = QTabWidget(self)
        self.diagnostics = DiagnosticsPage(metrics, self)
        self.staff_check = StaffCheckPage(metrics, self)
        self.settings = SettingsPage(metrics, self)
        self.receptions = ReceptionsPage(metrics, self)
        self.declarations = DeclarationsPage(metrics, self)
        self.disaster = DisasterPage(metrics, self)
        self.accounts = AccountsPage(metrics, self)
        for page in (self.diagnostics, self.staff_check, self.settings, self.receptions, self.declarations,
                     self.disaster, self.accounts):
            self.tabs.addTab(page, "")
        # One row instead of the title, the message and the bottom row (the tabs need the height: the accounts
        # keyboard's keys are 15 mm): maintenance mode and who signed in — once for every page, since the visual
        # check and disaster mode record that account — beside the exit and back buttons.
        self.status_line = make_label("small", self, centered=False)
        self._account_id = ""
        self.title.hide()
        self.content_area.hide()
        # The tabs sit outside any scrolling: each page fits (or scrolls) on its own, so a page's on-screen
        # keyboard never scrolls away from its fields.
        self.tabs.setDocumentMode(True)
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)  # noqa: S101 - Screen's own layout
        outer.setStretchFactor(self.middle, 0)
        outer.removeItem(self.action_row)
        top = QHBoxLayout()
        top.setSpacing(metrics.gap)
        top.addWidget(self.status_line, 1)
        top.addLayout(self.action_row)
        outer.insertLayout(0, top)
        outer.insertWidget(2, self.tabs, 1)
        self.back_button = make_button(metrics, "primary", self)
        self.exit_button = make_button(metrics, "danger", self)
        self.action_row.addWidget(self.exit_button)
        self.action_row.addWidget(self.back_button)
        self.back_button.clicked.connect(self.closed)
        self.exit_confirm = ConfirmTap(self, confirm_ms=EXIT_CONFIRM_MS)
        self.exit_button.clicked.connect(self.exit_confirm.tap)
        self.exit_confirm.confirmed.connect(self.exit_requested)
        self.exit_confirm.changed.connect(self.retranslate)
        self.retranslate()

    def show_signed_in(self, account_id: str) -> None:
        self._account_id = account_id
        self.retranslate()

    def open_tab(self, page: QWidget) -> None:
        self.tabs.setCurrentWidget(page)

    def retranslate(self) -> None:
        if self._account_id:
            signed_in = self.tr("メンテナンス中（受付停止）・ログイン中：%1")
            self.status_line.setText(signed_in.replace("%1", self._account_id))
        else:
            self.status_line.setText(self.tr("メンテナンス中（受付停止）"))
        names = [self.tr("機器の状態"), self.tr("目視確認"), self.tr("設定"), self.tr("本日の受付"), self.tr("申立書"),
                 self.tr("災害時モード"), self.tr("職員アカウント")]
        for index, text in enumerate(names):
            self.tabs.setTabText(index, text)
        self.back_button.setText(self.tr("受付に戻る"))
        if self.exit_confirm.armed:  # the first tap arms the exit, a second within five seconds ends the kiosk
            self.exit_button.setText(self.tr("もう一度押すと終了します"))
        elif self.exit_confirm.lapsed:
            self.exit_button.setText(self.tr("終了しませんでした（もう一度押すと終了の確認）"))
        else:
            self.exit_button.setText(self.tr("キオスクを終了"))
