"""災害時モード for staff: switch it on or off; who switched it is recorded (persisted and audited by the flow)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from kiosk.domain.forms import staff_id_problems

from ..style import Metrics
from ..widgets import make_button, make_label
from .confirm_tap import ConfirmTap


class DisasterPage(QWidget):
    mode_requested = Signal(bool, str)  # on, staff id
    verbal_consent = Signal(bool)  # the waiting patient's answer: given

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.on = False
        self.status = make_label("title", self)
        self.explanation = make_label("note", self)
        self.staff_id = QLineEdit(self)
        self.staff_id.setMaxLength(32)
        self.error = make_label("error", self)
        self.switch_button = make_button(metrics, "danger", self)
        self.consent_note = make_label("warning", self)
        self.consent_given_button = make_button(metrics, "primary", self)
        self.consent_refused_button = make_button(metrics, "", self)
        self.consent_given_button.clicked.connect(lambda: self.verbal_consent.emit(True))
        self.consent_refused_button.clicked.connect(lambda: self.verbal_consent.emit(False))
        layout = QVBoxLayout(self)
        layout.addWidget(self.consent_note)
        consent_row = QHBoxLayout()
        consent_row.addWidget(self.consent_refused_button)
        consent_row.addWidget(self.consent_given_button)
        layout.addLayout(consent_row)
        layout.addWidget(self.status)
        layout.addWidget(self.explanation)
        layout.addWidget(self.staff_id)
        layout.addWidget(self.error)
        layout.addWidget(self.switch_button)
        layout.addStretch(1)
        self.confirm = ConfirmTap(self)  # switching the mode changes every screen: never on one stray tap
        self.switch_button.clicked.connect(self._tapped)
        self.confirm.confirmed.connect(self._switch)
        self.confirm.changed.connect(self.retranslate)
        self.show_consent_waiting(False)
        self.retranslate()

    def show_consent_waiting(self, waiting: bool) -> None:
        """A patient at the kiosk waits for the verbal consent to a lookup without a card."""
        for widget in (self.consent_note, self.consent_given_button, self.consent_refused_button):
            widget.setVisible(waiting)

    def show_mode(self, on: bool) -> None:
        if on != self.on:
            self.confirm.reset()
        self.on = on
        self.retranslate()

    def _tapped(self) -> None:
        if staff_id_problems("staff_id", self.staff_id.text().strip()):
            self.error.setText(self.tr("職員IDを入力してください（英数字32文字まで）"))
            self.confirm.reset()
            return
        self.error.setText("")
        self.confirm.tap()

    def _switch(self) -> None:
        self.mode_requested.emit(not self.on, self.staff_id.text().strip())

    def retranslate(self) -> None:
        self.status.setText(self.tr("災害時モード：実施中") if self.on else self.tr("災害時モード：停止中"))
        self.consent_note.setText(self.tr("患者さんがカードなしの資格確認を待っています。資格情報を確認してよいか、"
                                          "ご本人に口頭でおうかがいし、答えを記録してください"))
        self.consent_given_button.setText(self.tr("口頭で同意を得た"))
        self.consent_refused_button.setText(self.tr("同意が得られない"))
        self.explanation.setText(self.tr(
            "災害時モードでは、カードをお持ちでない方を、口頭での同意のうえ、フリガナと生年月日で資格確認できます。"
            "すべての画面に表示されます。切り替えた職員IDが記録されます"))
        self.staff_id.setPlaceholderText(self.tr("切り替える職員のID"))
        if self.confirm.armed:
            self.switch_button.setText(self.tr("もう一度押すと終了します") if self.on
                                       else self.tr("もう一度押すと災害時モードを開始します"))
        elif self.confirm.lapsed:
            self.switch_button.setText(self.tr("切り替えませんでした（もう一度押してください）"))
        elif self.on:
            self.switch_button.setText(self.tr("災害時モードを終了する"))
        else:
            self.switch_button.setText(self.tr("災害時モードを開始する"))
        self.switch_button.setProperty("role", "primary" if self.on else "danger")
        self.switch_button.style().unpolish(self.switch_button)
        self.switch_button.style().polish(self.switch_button)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
