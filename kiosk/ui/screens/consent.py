"""Consent to share medical information, first screen: what would be shared, and two ways on — agree to all
(which registers: the list is in view) or answer item by item (`consent_items`). The cost ceiling is shown, never
asked. The items, their order and their words come from the consent catalogue (`kiosk.domain.consent`); the
facility's settings say which are asked."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QWidget

from kiosk.domain import DEFAULT_ASKED_ITEMS, ConsentItem
from kiosk.flow import State
from kiosk.speech.words import consent_item

from ..language import current_language
from ..style import Metrics
from ..texts import state_words, written
from ..widgets import Screen, make_button, make_label, scrolling


def consent_item_name(item: ConsentItem) -> str:
    return item.words(current_language()).name


def cost_ceiling_notice() -> str:
    words = ConsentItem.COST_CEILING.words(current_language())
    separator = QCoreApplication.translate("Consent", "：")
    return f"{words.name}{separator}{words.description}"


class ConsentScreen(Screen):
    """「すべて同意する」 or 「項目ごとに選ぶ」, with every offered item in view: nothing is agreed unseen."""

    screen_id = "consent"
    agree_all = Signal()
    by_item = Signal()
    cancelled = Signal()

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.offered: tuple[ConsentItem, ...] = DEFAULT_ASKED_ITEMS
        self.items = make_label("note", self, centered=False)
        self.items.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.items_area = scrolling(self.items, self)  # many items scroll among themselves: the buttons stay
        self.ceiling = make_label("small", self)
        self.body.addWidget(self.items_area, 1)
        self.body.addWidget(self.ceiling)
        self.cancel_button = make_button(metrics, "danger", self)
        self.by_item_button = make_button(metrics, "", self)
        self.all_button = make_button(metrics, "primary", self)
        self.action_row.addWidget(self.cancel_button)
        self.action_row.addWidget(self.by_item_button)
        self.action_row.addWidget(self.all_button)
        self.cancel_button.clicked.connect(self.cancelled)
        self.by_item_button.clicked.connect(self.by_item)
        self.all_button.clicked.connect(self.agree_all)
        self.retranslate()

    def show_offer(self, offered: tuple[ConsentItem, ...]) -> None:
        self.offered = offered
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(state_words(State.CONSENT))
        bullet = "・" if current_language() == "ja" else "• "
        self.items.setText("\n".join(bullet + written(consent_item(item)) for item in self.offered))
        self.ceiling.setText(cost_ceiling_notice())
        self.cancel_button.setText(self.tr("やめる"))
        self.by_item_button.setText(self.tr("項目ごとに選ぶ"))
        self.all_button.setText(self.tr("すべて同意する"))
