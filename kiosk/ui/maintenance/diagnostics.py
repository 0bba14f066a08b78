"""Live diagnostics of the devices: reader, card, camera, backend, outbox; and the kiosk's unexpected restarts."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from kiosk.reception.staff_view import DiagnosticItem

from ..style import DANGER, SUCCESS, Metrics
from ..widgets import make_button, make_label


def component_name(component: str) -> str:
    translate = QCoreApplication.translate
    names = {
        "reader": translate("Diagnostics", "カードリーダー"),
        "card": translate("Diagnostics", "カード"),
        "camera": translate("Diagnostics", "カメラ"),
        "card_camera": translate("Diagnostics", "券面読取カメラ"),
        "backend": translate("Diagnostics", "資格確認サーバー"),
        "outbox": translate("Diagnostics", "未送信の記録"),
        "restarts": translate("Diagnostics", "再起動"),
        "face_locks": translate("Diagnostics", "顔認証のロック"),
        "pin_locks": translate("Diagnostics", "暗証番号の回数上限"),
    }
    return names.get(component, component)


class DiagnosticsPage(QWidget):
    refresh_requested = Signal()
    clear_card_locks_requested = Signal()  # staff unlock face auth and the PIN cap (shown only when a card is locked)

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[DiagnosticItem] = []
        self.table = QTableWidget(0, 3, self)
        self.table.verticalHeader().hide()
        # Rows follow their words whenever the columns change width (sized once, before the page was laid out,
        # they stayed as tall as a 100 px column needed).
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.updated = make_label("small", self)
        self.refresh_button = make_button(metrics, "", self)
        self.unlock_cards_button = make_button(metrics, "", self)
        self.unlock_cards_button.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.updated)
        layout.addWidget(self.unlock_cards_button)
        layout.addWidget(self.refresh_button)
        self.refresh_button.clicked.connect(self.refresh_requested)
        self.unlock_cards_button.clicked.connect(self.clear_card_locks_requested)
        self.retranslate()

    def show_items(self, items: list[DiagnosticItem], when: str) -> None:
        self.items = items
        self._when = when
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            status = QTableWidgetItem(self.tr("正常") if item.ok else self.tr("異常"))
            status.setForeground(QColor(SUCCESS if item.ok else DANGER))
            self.table.setItem(row, 0, QTableWidgetItem(component_name(item.component)))
            self.table.setItem(row, 1, status)
            self.table.setItem(row, 2, QTableWidgetItem(item.detail))
        self.updated.setText(self.tr("最終更新：%1").replace("%1", when))
        locked = [self.status_of(component) for component in ("face_locks", "pin_locks")]
        self.unlock_cards_button.setVisible(any(item is not None and not item.ok for item in locked))

    def status_of(self, component: str) -> DiagnosticItem | None:
        return next((item for item in self.items if item.component == component), None)

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("機器"), self.tr("状態"), self.tr("詳細")])
        self.refresh_button.setText(self.tr("更新"))
        self.unlock_cards_button.setText(self.tr("カードのロックを解除する"))
        if self.items:
            self.show_items(self.items, self._when)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
