"""The qualification check is under way (or the PIN is being checked by the card)."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QWidget

from kiosk.flow import State

from ..style import Metrics
from ..texts import state_words
from ..widgets import WaitScreen


class Stage(Enum):
    CHECKING_PIN = "checking_pin"
    CHECKING_ELIGIBILITY = "checking_eligibility"
    REGISTERING = "registering"
    CHECKING_NUMBER = "checking_number"
    SAVING_DECLARATION = "saving_declaration"
    DISASTER_LOOKUP = "disaster_lookup"


# Each stage is the wait of one state, in that state's words.
_WAITING_IN = {Stage.CHECKING_PIN: State.VERIFYING_PIN, Stage.CHECKING_ELIGIBILITY: State.SUBMITTING,
               Stage.REGISTERING: State.REGISTERING, Stage.CHECKING_NUMBER: State.PAPER_CHECKING,
               Stage.SAVING_DECLARATION: State.DECLARATION_SUBMITTING, Stage.DISASTER_LOOKUP: State.DISASTER_LOOKUP}


class SubmittingScreen(WaitScreen):
    screen_id = "submitting"

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.stage = Stage.CHECKING_ELIGIBILITY
        self.retranslate()

    def show_stage(self, stage: Stage) -> None:
        self.stage = stage
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(state_words(_WAITING_IN[self.stage]))
        if self.stage in (Stage.CHECKING_NUMBER, Stage.SAVING_DECLARATION, Stage.DISASTER_LOOKUP):
            self.message.setText(self.tr("しばらくお待ちください"))
        else:
            self.message.setText(self.tr("しばらくお待ちください。カードはそのまま置いておいてください"))
