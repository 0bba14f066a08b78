"""The qualification check is under way (or the PIN is being checked by the card)."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QWidget

from ..style import Metrics
from ..widgets import WaitScreen


class Stage(Enum):
    CHECKING_PIN = "checking_pin"
    MATCHING_FACE = "matching_face"
    CHECKING_ELIGIBILITY = "checking_eligibility"
    REGISTERING = "registering"
    CHECKING_NUMBER = "checking_number"
    SAVING_DECLARATION = "saving_declaration"
    DISASTER_LOOKUP = "disaster_lookup"


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
        titles = {
            Stage.CHECKING_PIN: self.tr("暗証番号を確認しています"),
            Stage.MATCHING_FACE: self.tr("顔写真を照合しています"),
            Stage.CHECKING_ELIGIBILITY: self.tr("保険の資格を確認しています"),
            Stage.REGISTERING: self.tr("保険証の利用登録をしています"),
            Stage.CHECKING_NUMBER: self.tr("保険の資格を確認しています"),
            Stage.SAVING_DECLARATION: self.tr("申立書を記録しています"),
            Stage.DISASTER_LOOKUP: self.tr("保険の資格を確認しています"),
        }
        self.title.setText(titles[self.stage])
        if self.stage in (Stage.CHECKING_NUMBER, Stage.SAVING_DECLARATION, Stage.DISASTER_LOOKUP):
            self.message.setText(self.tr("しばらくお待ちください"))
        else:
            self.message.setText(self.tr("しばらくお待ちください。カードはそのまま置いておいてください"))
