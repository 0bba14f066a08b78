"""Consent to share medical information, item by item or all at once; the cost ceiling is shown, not asked."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QWidget

from kiosk.domain import ConsentItem

from ..style import Metrics
from ..widgets import Screen, make_button, make_label


def consent_item_name(item: ConsentItem) -> str:
    names = {
        ConsentItem.TREATMENT: QCoreApplication.translate("Consent", "診療情報"),
        ConsentItem.MEDICATION: QCoreApplication.translate("Consent", "薬剤情報"),
        ConsentItem.HEALTH_CHECKUP: QCoreApplication.translate("Consent", "特定健診等情報"),
        ConsentItem.SURGERY: QCoreApplication.translate("Consent", "手術情報"),
    }
    return names[item]


def consent_item_description(item: ConsentItem) -> str:
    descriptions = {
        ConsentItem.TREATMENT: QCoreApplication.translate("Consent", "過去の診療や検査の記録"),
        ConsentItem.MEDICATION: QCoreApplication.translate("Consent", "処方されたお薬の記録"),
        ConsentItem.HEALTH_CHECKUP: QCoreApplication.translate("Consent", "特定健診などの結果"),
        ConsentItem.SURGERY: QCoreApplication.translate("Consent", "受けた手術の記録"),
    }
    return descriptions[item]


def cost_ceiling_notice() -> str:
    return QCoreApplication.translate(
        "Consent", "限度額情報（高額療養費の上限額）は法律に基づき医療機関に提供されます（同意は不要です）"
    )


class ConsentScreen(Screen):
    screen_id = "consent"
    item_toggled = Signal(str, bool)  # a ConsentItem value, agreed
    agree_all = Signal()
    done = Signal()
    cancelled = Signal()

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.offered: tuple[ConsentItem, ...] = tuple(ConsentItem)
        self.item_buttons: dict[ConsentItem, QPushButton] = {}
        self.item_notes: dict[ConsentItem, QLabel] = {}
        grid = QGridLayout()
        grid.setSpacing(metrics.gap)
        for row, item in enumerate(ConsentItem):
            button = make_button(metrics, "", self)
            button.setCheckable(True)
            button.clicked.connect(lambda checked, chosen=item: self._toggled(chosen, checked))
            note = make_label("small", self, centered=False)
            grid.addWidget(button, row, 0)
            grid.addWidget(note, row, 1)
            grid.setColumnStretch(0, 3)
            grid.setColumnStretch(1, 2)
            self.item_buttons[item] = button
            self.item_notes[item] = note
        self.ceiling = make_label("note", self)
        self.body.addLayout(grid)
        self.body.addWidget(self.ceiling)
        self.body.addStretch(1)
        self.cancel_button = make_button(metrics, "danger", self)
        self.next_button = make_button(metrics, "", self)
        self.all_button = make_button(metrics, "primary", self)
        self.action_row.addWidget(self.cancel_button)
        self.action_row.addWidget(self.next_button)
        self.action_row.addWidget(self.all_button)
        self.cancel_button.clicked.connect(self.cancelled)
        self.next_button.clicked.connect(self.done)
        self.all_button.clicked.connect(self.agree_all)
        self.retranslate()

    def reset(self, offered: tuple[ConsentItem, ...] = tuple(ConsentItem),
              chosen: frozenset[ConsentItem] = frozenset()) -> None:
        """Show the offered items with the current choices (an empty offer: grace period, information only)."""
        self.offered = offered
        for item, button in self.item_buttons.items():
            button.setVisible(item in offered)
            self.item_notes[item].setVisible(item in offered)
            button.blockSignals(True)
            button.setChecked(item in chosen)
            button.blockSignals(False)
        self.retranslate()

    def _toggled(self, item: ConsentItem, agreed: bool) -> None:
        self.retranslate()
        self.item_toggled.emit(item.value, agreed)

    def chosen(self) -> frozenset[ConsentItem]:
        return frozenset(item for item in self.offered if self.item_buttons[item].isChecked())

    def retranslate(self) -> None:
        self.title.setText(self.tr("医療情報の提供への同意"))
        if self.offered:
            self.message.setText(self.tr("医師・薬剤師にあなたの情報を提供してよいか、項目ごとに選んでください"))
        else:
            self.message.setText(
                self.tr("電子証明書の更新期間中のため、今回は保険の資格確認のみ行います（情報提供の同意はできません）")
            )
        for item, button in self.item_buttons.items():
            mark = "✓ " if button.isChecked() else ""
            state = self.tr("同意する") if button.isChecked() else self.tr("同意しない")
            button.setText(f"{mark}{consent_item_name(item)}：{state}")
            self.item_notes[item].setText(consent_item_description(item))
        self.ceiling.setText(cost_ceiling_notice())
        self.cancel_button.setText(self.tr("やめる"))
        self.next_button.setText(self.tr("選んだ内容で次へ") if self.offered else self.tr("次へ"))
        self.all_button.setText(self.tr("すべて同意する"))
        self.all_button.setVisible(bool(self.offered))
