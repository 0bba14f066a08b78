"""Consent item by item: two explicit answers per item, 同意する and 同意しない — tapping an answer chooses it,
never its opposite, and nothing is agreed until the patient taps 同意する. The cost ceiling is shown, not asked."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QWidget

from kiosk.domain import ASKABLE_ITEMS, DEFAULT_ASKED_ITEMS, ConsentGroup, ConsentItem
from kiosk.flow import State

from ..language import current_language
from ..style import Metrics
from ..texts import state_words
from ..widgets import Screen, make_button, make_label, scrolling


def group_heading(group: ConsentGroup) -> str:
    headings = {
        ConsentGroup.MEDICAL_INFORMATION: QCoreApplication.translate("Consent", "医療情報"),
        ConsentGroup.ELECTRONIC_RECORDS: QCoreApplication.translate("Consent", "電子カルテ情報共有サービス"),
    }
    return headings[group]


class ConsentItemsScreen(Screen):
    screen_id = "consent_items"
    item_answered = Signal(str, bool)  # a ConsentItem value, agreed
    done = Signal()
    back = Signal()
    cancelled = Signal()

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.offered: tuple[ConsentItem, ...] = DEFAULT_ASKED_ITEMS
        self.agreed: frozenset[ConsentItem] = frozenset()
        self.group_labels: dict[ConsentGroup, QLabel] = {}
        self.item_names: dict[ConsentItem, QLabel] = {}
        self.item_notes: dict[ConsentItem, QLabel] = {}
        # (item, True) is the 同意する button of that item, (item, False) its 同意しない button.
        self.answer_buttons: dict[tuple[ConsentItem, bool], QPushButton] = {}
        rows = QWidget(self)
        grid = QGridLayout(rows)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(metrics.gap)
        row = 0
        for item in ASKABLE_ITEMS:  # catalogue order keeps each group's items together
            if item.group not in self.group_labels:
                self.group_labels[item.group] = make_label("small", rows, centered=False)
                grid.addWidget(self.group_labels[item.group], row, 0, 1, 3)
                row += 1
            self._add_item(metrics, rows, grid, item, row)
            row += 2
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        # The cost-ceiling notice (information only) was read on the first consent screen: here the room goes to
        # the items, so the four usual ones are all in view without scrolling.
        self.items_area = scrolling(rows, self)
        self.body.addWidget(self.items_area, 1)
        self.cancel_button = make_button(metrics, "danger", self)
        self.back_button = make_button(metrics, "", self)
        self.next_button = make_button(metrics, "primary", self)
        self.action_row.addWidget(self.cancel_button)
        self.action_row.addWidget(self.back_button)
        self.action_row.addWidget(self.next_button)
        self.cancel_button.clicked.connect(self.cancelled)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.done)
        self.reset()

    def _add_item(self, metrics: Metrics, rows: QWidget, grid: QGridLayout, item: ConsentItem, row: int) -> None:
        name = make_label("", rows, centered=False)
        note = make_label("small", rows, centered=False)
        grid.addWidget(name, row, 0)
        grid.addWidget(note, row + 1, 0)
        self.item_names[item], self.item_notes[item] = name, note
        for column, agreed in ((1, True), (2, False)):
            button = make_button(metrics, "", rows)
            button.setCheckable(True)
            button.clicked.connect(
                lambda _checked=False, chosen=item, answer=agreed: self._answered(chosen, answer))
            grid.addWidget(button, row, column, 2, 1)
            self.answer_buttons[(item, agreed)] = button

    def reset(self, offered: tuple[ConsentItem, ...] = DEFAULT_ASKED_ITEMS,
              agreed: frozenset[ConsentItem] = frozenset()) -> None:
        """Show the offered items with the current answers."""
        self.offered, self.agreed = offered, agreed & frozenset(offered)
        groups = {item.group for item in offered}
        for group, label in self.group_labels.items():
            label.setVisible(len(groups) > 1 and group in groups)  # headings only where two groups are asked
        for item in ASKABLE_ITEMS:
            shown = item in offered
            self.item_names[item].setVisible(shown)
            self.item_notes[item].setVisible(shown)
            for answer in (True, False):
                button = self.answer_buttons[(item, answer)]
                button.setVisible(shown)
                button.setChecked((item in self.agreed) is answer)
        self.retranslate()

    def _answered(self, item: ConsentItem, agreed: bool) -> None:
        self.reset(self.offered, self.agreed | {item} if agreed else self.agreed - {item})
        self.item_answered.emit(item.value, agreed)

    def retranslate(self) -> None:
        self.title.setText(state_words(State.CONSENT_ITEMS))
        language = current_language()
        for group, label in self.group_labels.items():
            label.setText(group_heading(group))
        for item in ASKABLE_ITEMS:
            words = item.words(language)
            self.item_names[item].setText(words.name)
            self.item_notes[item].setText(words.description)
            for answer, label_text in ((True, self.tr("同意する")), (False, self.tr("同意しない"))):
                button = self.answer_buttons[(item, answer)]
                button.setText(f"✓ {label_text}" if button.isChecked() else label_text)
        self.cancel_button.setText(self.tr("やめる"))
        self.back_button.setText(self.tr("戻る"))
        self.next_button.setText(self.tr("選んだ内容で次へ"))
