"""災害時モード: before a lookup without a card, staff ask the patient for consent and record the answer."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ..style import Metrics
from ..widgets import make_button
from .paper_staff_auth import StaffSignInScreen


class DisasterConsentScreen(StaffSignInScreen):
    screen_id = "disaster_consent"
    consent_recorded = Signal(str, str, bool)  # staff ID, password (checked, never kept), consent given

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.refused_button = make_button(metrics, "choice", self)
        self.given_button = make_button(metrics, "primary", self)
        self.action_row.addWidget(self.refused_button)
        self.action_row.addWidget(self.given_button)
        self.given_button.clicked.connect(lambda: self._submit(True))
        self.refused_button.clicked.connect(lambda: self._submit(False))
        self.retranslate()

    def _submit(self, given: bool) -> None:
        credentials = self.take_credentials()
        if credentials is not None:
            self.set_busy(True)
            self.consent_recorded.emit(*credentials, given)

    def retranslate(self) -> None:
        self.title.setText(self.tr("災害時の資格確認"))
        self.message.setText(self.tr("カードがなくても、お名前と生年月日で保険の資格を確認できます。係員がまいります"))
        self.note.setText(self.tr("係員の方：資格情報を確認することについて、ご本人に口頭で同意を確認し、"
                                  "職員IDとパスワードを入力して結果を記録してください"))
        self.refused_button.setText(self.tr("同意が得られない"))
        self.given_button.setText(self.tr("口頭で同意を得た"))
        self.retranslate_fields()
