"""Self-declarations (被保険者資格申立書) this kiosk took: pending ones and refused ones with what was typed, for
staff to confirm at the counter. Shown on screen only; never logged."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from kiosk.reception.staff_view import DeclarationEntry

from ..style import Metrics
from ..widgets import make_button, make_label


class DeclarationsPage(QWidget):
    refresh_requested = Signal()

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[DeclarationEntry] = []
        self.summary = make_label("", self)
        self.table = QTableWidget(0, 6, self)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.refresh_button = make_button(metrics, "", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.refresh_button)
        self.refresh_button.clicked.connect(self.refresh_requested)
        self.retranslate()

    def show_entries(self, entries: list[DeclarationEntry]) -> None:
        """Pending and refused first (staff act on those); sent ones keep only their time and state."""
        self.entries = entries
        shown = sorted(entries, key=lambda e: (e.state == "done", e.captured_at), reverse=False)
        self.table.setRowCount(len(shown))
        for row, entry in enumerate(shown):
            cells = [entry.captured_at[11:16] or entry.captured_at, self._state(entry.state),
                     f"{entry.name}（{entry.name_kana}）" if entry.name else "-",
                     entry.birth_date or "-", entry.insurer_or_employer or "-", entry.phone or "-"]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        pending = sum(1 for e in entries if e.state == "pending")
        refused = sum(1 for e in entries if e.state == "rejected")
        self.summary.setText(self.tr("申立書：未送信 %1 件、受付拒否 %2 件、送信済み %3 件")
                             .replace("%1", str(pending)).replace("%2", str(refused))
                             .replace("%3", str(len(entries) - pending - refused)))

    def _state(self, state: str) -> str:
        names = {"pending": self.tr("未送信"), "rejected": self.tr("受付拒否"), "done": self.tr("送信済み")}
        return names.get(state, state)

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("時刻"), self.tr("状態"), self.tr("お名前"), self.tr("生年月日"),
                                              self.tr("保険者名・勤務先"), self.tr("電話番号")])
        self.refresh_button.setText(self.tr("最新の状態にする"))
        self.show_entries(self.entries)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
