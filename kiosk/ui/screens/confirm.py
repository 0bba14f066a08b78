"""Confirmation: the consent choices (and the prescription choice, where asked) listed before they are registered."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.domain import DEFAULT_ASKED_ITEMS, ConsentItem, PrescriptionIssue
from kiosk.flow import State

from ..style import Metrics
from ..texts import state_words
from ..widgets import Screen, make_button, make_label
from .consent import consent_item_name, cost_ceiling_notice


class ConfirmScreen(Screen):
    screen_id = "confirm"
    confirmed = Signal()
    back = Signal()

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.offered: tuple[ConsentItem, ...] = DEFAULT_ASKED_ITEMS
        self.chosen: frozenset[ConsentItem] = frozenset()
        self.prescription: PrescriptionIssue | None = None
        self.summary = make_label("note", self, centered=False)
        self.ceiling = make_label("small", self)
        self.body.addWidget(self.summary)
        self.body.addWidget(self.ceiling)
        self.body.addStretch(1)
        self.back_button = make_button(metrics, "", self)
        self.confirm_button = make_button(metrics, "primary", self)
        self.action_row.addWidget(self.back_button)
        self.action_row.addWidget(self.confirm_button)
        self.back_button.clicked.connect(self.back)
        self.confirm_button.clicked.connect(self.confirmed)
        self.retranslate()

    def show_choices(self, offered: tuple[ConsentItem, ...], chosen: frozenset[ConsentItem],
                     prescription: PrescriptionIssue | None = None) -> None:
        self.offered, self.chosen, self.prescription = offered, chosen, prescription
        # Nothing to go back to when neither consent nor the prescription choice was asked.
        self.back_button.setVisible(bool(offered) or prescription is not None)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(state_words(State.CONFIRM))
        agreed, refused = self.tr("同意する"), self.tr("同意しない")
        separator = self.tr("：")
        lines = [f"{consent_item_name(item)}{separator}{agreed if item in self.chosen else refused}"
                 for item in self.offered]
        if not self.offered:
            lines.append(self.tr("情報提供の同意：今回はありません"))
        if self.prescription is not None:
            how = self.tr("電子処方箋") if self.prescription is PrescriptionIssue.ELECTRONIC else self.tr("紙の処方箋")
            label = self.tr("処方箋")
            lines.append(f"{label}{separator}{how}")
        self.summary.setText("\n".join(lines))
        self.ceiling.setText(cost_ceiling_notice())
        self.back_button.setText(self.tr("戻る"))
        self.confirm_button.setText(self.tr("登録する"))
