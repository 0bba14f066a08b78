"""The reception is over (or cancelled): the card must be taken before the next patient."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.flow import OutcomeKind
from kiosk.speech import words
from kiosk.speech.catalogue import take_card_ending

from ..style import Metrics
from ..texts import written
from ..widgets import Screen, make_label


class TakeCardScreen(Screen):
    screen_id = "take_card"

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.instruction = make_label("huge", self)
        self.body.addStretch(1)
        self.body.addWidget(self.instruction)
        self.body.addStretch(1)
        self.outcome: OutcomeKind | None = OutcomeKind.COMPLETED
        self.retranslate()

    def set_outcome(self, outcome: OutcomeKind | None) -> None:
        """How the reception ended decides the words: thanks, not checked in, or stopped."""
        self.outcome = outcome
        self.retranslate()

    def retranslate(self) -> None:
        # "受付を終了しました" read as "checked in": a visit that did not check in says so plainly.
        ending = take_card_ending(self.outcome)
        messages = {"completed": self.tr("カードをお忘れなく"),
                    "not_done": self.tr("カードをお取りになり、受付窓口にお申し出ください"),
                    "stopped": self.tr("もう一度行う場合は、カードを置き直してください")}
        self.title.setText(written(words.TAKE_CARD[ending]))
        self.message.setText(messages[ending])
        self.instruction.setText(self.tr("カードをお取りください"))
