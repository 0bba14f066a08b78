"""災害時モード: before a lookup without a card, staff ask the patient for consent and record the answer (in
maintenance mode, signed in with their own account: see `paper_staff_auth`)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.flow import State

from ..style import Metrics
from ..texts import state_words
from .paper_staff_auth import StaffComingScreen


class DisasterConsentScreen(StaffComingScreen):
    screen_id = "disaster_consent"

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.retranslate()

    def retranslate(self) -> None:
        self.retranslate_common()
        self.title.setText(self.tr("災害時の資格確認"))
        self.message.setText(state_words(State.DISASTER_CONSENT))
        self.staff_note.setText(self.tr("係員の方：画面左上を3秒押してログインし、「災害時モード」で同意の有無を記録してください"))
