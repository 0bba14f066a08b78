"""災害時モード for staff: switch it on or off; who switched it is recorded (persisted and audited by the flow)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from ..style import Metrics
from ..widgets import make_button, make_label, scrolling, set_role
from .confirm_tap import ConfirmTap


class DisasterPage(QWidget):
    mode_requested = Signal(bool)  # on; the account signed in is recorded as who switched it
    verbal_consent = Signal(bool)  # the waiting patient's answer: given

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.on = False
        words = QWidget(self)  # what the mode is: scrolls on its own in large text, the buttons stay
        self.status = make_label("title", words)
        self.explanation = make_label("note", words)
        words_layout = QVBoxLayout(words)
        words_layout.setContentsMargins(0, 0, 0, 0)
        words_layout.addWidget(self.status)
        words_layout.addWidget(self.explanation)
        words_layout.addStretch(1)
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
        layout.addWidget(scrolling(words, self), 1)
        layout.addWidget(self.switch_button)
        self.confirm = ConfirmTap(self)  # switching the mode changes every screen: never on one stray tap
        self.switch_button.clicked.connect(self.confirm.tap)
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

    def _switch(self) -> None:
        self.mode_requested.emit(not self.on)

    def retranslate(self) -> None:
        self.status.setText(self.tr("災害時モード：実施中") if self.on else self.tr("災害時モード：停止中"))
        self.consent_note.setText(self.tr("患者さんがカードなしの資格確認を待っています。資格情報を確認してよいか、"
                                          "ご本人に口頭でおうかがいし、答えを記録してください"))
        self.consent_given_button.setText(self.tr("口頭で同意を得た"))
        self.consent_refused_button.setText(self.tr("同意が得られない"))
        self.explanation.setText(self.tr(
            "カードをお持ちでない方を、口頭での同意のうえ、フリガナと生年月日で資格確認できます（全画面に表示）"))
        if self.confirm.armed:
            self.switch_button.setText(self.tr("もう一度押すと終了します") if self.on
                                       else self.tr("もう一度押すと災害時モードを開始します"))
        elif self.confirm.lapsed:
            self.switch_button.setText(self.tr("切り替えませんでした（もう一度押してください）"))
        elif self.on:
            self.switch_button.setText(self.tr("災害時モードを終了する"))
        else:
            self.switch_button.setText(self.tr("災害時モードを開始する"))
        set_role(self.switch_button, "primary" if self.on else "danger")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
