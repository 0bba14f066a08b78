"""Today's receptions: time, identity method, outcome (no PIN, no image, no name)."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from kiosk.flow import Failure
from kiosk.reception_log import ReceptionEntry

from ..screens.guidance import failure_words
from ..style import Metrics
from ..widgets import make_label


class ReceptionsPage(QWidget):
    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[ReceptionEntry] = []
        self.table = QTableWidget(0, 4, self)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.summary = make_label("", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.retranslate()

    def show_entries(self, entries: list[ReceptionEntry]) -> None:
        self.entries = entries
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(reversed(entries)):
            cells = [entry.at.strftime("%H:%M:%S"), self._method(entry.method, entry.path),
                     self._outcome(entry.outcome),
                     self._reason(entry.failure) + (" (" + self.tr("後で確認") + ")" if entry.queued else "")]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        done = sum(1 for entry in entries if entry.outcome in ("completed", "declaration_recorded"))
        self.summary.setText(self.tr("本日の受付：%1 件（完了 %2 件）").replace("%1", str(len(entries)))
                             .replace("%2", str(done)))

    def _method(self, method: str, path: str = "") -> str:
        """The identity method on the card path; otherwise how the reception went without one."""
        methods = {"face": self.tr("顔認証"), "pin": self.tr("暗証番号"), "staff": self.tr("目視確認")}
        paths = {"paper": self.tr("資格確認書（係員入力）"), "declaration": self.tr("申立書"),
                 "disaster": self.tr("災害時（カードなし）")}
        name = methods.get(method, "-")
        if path in paths:
            return paths[path] if name == "-" else f"{name}・{paths[path]}"
        return name

    @staticmethod
    def _reason(failure: str) -> str:
        """The failure as staff read it (the title the patient saw), never the raw code."""
        try:
            return failure_words(Failure(failure))[0]
        except ValueError:
            return failure

    def _outcome(self, outcome: str) -> str:
        names = {
            "completed": self.tr("完了"), "failed": self.tr("失敗"), "cancelled_card_removed": self.tr("カード抜去"),
            "cancelled_by_patient": self.tr("中止"), "timed_out": self.tr("時間切れ"), "failsafe": self.tr("エラー"),
            "declaration_recorded": self.tr("申立書を記録"), "cancelled_by_staff": self.tr("職員が中止"),
        }
        return names.get(outcome, outcome)

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("時刻"), self.tr("本人確認"), self.tr("結果"), self.tr("理由")])
        self.show_entries(self.entries)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
