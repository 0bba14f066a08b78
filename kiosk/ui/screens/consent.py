"""Consent to share medical information, item by item or all at once; the cost ceiling is shown, not asked."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QScrollArea, QWidget

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
    """Two explicit answers per item, 同意する and 同意しない: tapping an answer chooses it, never its opposite."""

    screen_id = "consent"
    item_answered = Signal(str, bool)  # a ConsentItem value, agreed
    agree_all = Signal()
    done = Signal()
    cancelled = Signal()

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.offered: tuple[ConsentItem, ...] = tuple(ConsentItem)
        self.agreed: frozenset[ConsentItem] = frozenset()
        self.item_names: dict[ConsentItem, QLabel] = {}
        self.item_notes: dict[ConsentItem, QLabel] = {}
        # (item, True) is the 同意する button of that item, (item, False) its 同意しない button.
        self.answer_buttons: dict[tuple[ConsentItem, bool], QPushButton] = {}
        rows = QWidget(self)
        grid = QGridLayout(rows)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(metrics.gap)
        for row, item in enumerate(ConsentItem):
            name = make_label("", rows, centered=False)
            note = make_label("small", rows, centered=False)
            grid.addWidget(name, 2 * row, 0)
            grid.addWidget(note, 2 * row + 1, 0)
            self.item_names[item], self.item_notes[item] = name, note
            for column, agreed in ((1, True), (2, False)):
                button = make_button(metrics, "", rows)
                button.setCheckable(True)
                button.clicked.connect(
                    lambda _checked=False, chosen=item, answer=agreed: self._answered(chosen, answer))
                grid.addWidget(button, 2 * row, column, 2, 1)
                self.answer_buttons[(item, agreed)] = button
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        self.items_area = QScrollArea(self)
        self.items_area.setWidget(rows)
        self.items_area.setWidgetResizable(True)
        self.items_area.setFrameShape(QFrame.Shape.NoFrame)
        self.ceiling = make_label("note", self)
        self.body.addWidget(self.items_area, 1)
        self.body.addWidget(self.ceiling)
        self.cancel_button = make_button(metrics, "danger", self)
        self.next_button = make_button(metrics, "", self)
        self.all_button = make_button(metrics, "primary", self)
        self.action_row.addWidget(self.cancel_button)
        self.action_row.addWidget(self.next_button)
        self.action_row.addWidget(self.all_button)
        self.cancel_button.clicked.connect(self.cancelled)
        self.next_button.clicked.connect(self.done)
        self.all_button.clicked.connect(self.agree_all)
        self.reset()

    def reset(self, offered: tuple[ConsentItem, ...] = tuple(ConsentItem),
              agreed: frozenset[ConsentItem] = frozenset()) -> None:
        """Show the offered items with the current answers (an empty offer: grace period, information only)."""
        self.offered, self.agreed = offered, agreed & frozenset(offered)
        for item in ConsentItem:
            shown = item in offered
            self.item_names[item].setVisible(shown)
            self.item_notes[item].setVisible(shown)
            for answer in (True, False):
                button = self.answer_buttons[(item, answer)]
                button.setVisible(shown)
                button.setChecked((item in self.agreed) is answer)
        self.items_area.setVisible(bool(offered))
        self.retranslate()

    def _answered(self, item: ConsentItem, agreed: bool) -> None:
        self.reset(self.offered, self.agreed | {item} if agreed else self.agreed - {item})
        self.item_answered.emit(item.value, agreed)

    def chosen(self) -> frozenset[ConsentItem]:
        return self.agreed

    def retranslate(self) -> None:
        self.title.setText(self.tr("医療情報の提供への同意"))
        if self.offered:
            self.message.setText(self.tr("医師・薬剤師にあなたの情報を提供してよいか、項目ごとに選んでください"))
        else:
            self.message.setText(
                self.tr("電子証明書の更新期間中のため、今回は保険の資格確認のみ行います（情報提供の同意はできません）")
            )
        for item in ConsentItem:
            self.item_names[item].setText(consent_item_name(item))
            self.item_notes[item].setText(consent_item_description(item))
            for answer, words in ((True, self.tr("同意する")), (False, self.tr("同意しない"))):
                button = self.answer_buttons[(item, answer)]
                button.setText(f"✓ {words}" if button.isChecked() else words)
        self.ceiling.setText(cost_ceiling_notice())
        self.cancel_button.setText(self.tr("やめる"))
        self.next_button.setText(self.tr("選んだ内容で次へ") if self.offered else self.tr("次へ"))
        self.all_button.setText(self.tr("すべて同意する"))
        self.all_button.setVisible(bool(self.offered))
