"""The qualification result a patient may see: burden ratio and insurer name, not the whole record; and, when the
card's certificate expires soon or is in its grace window, when and where to renew it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.domain.notices import CertificateNotice, NoticeKind
from kiosk.flow import State
from kiosk.speech import words

from ..style import Metrics
from ..texts import format_date, state_words, written
from ..widgets import Screen, make_button, make_label


class ResultScreen(Screen):
    screen_id = "result"
    done = Signal()

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self._ratio_percent: int | None = None
        self._insurer = ""
        self._medical_aid = False
        self._card_present = True
        self._certificate: CertificateNotice | None = None
        self.ratio = make_label("huge", self)
        self.insurer = make_label("", self)
        self.certificate = make_label("warning", self)
        self.certificate.hide()
        self.next_step = make_label("note", self)
        self.body.addStretch(1)
        self.body.addWidget(self.ratio)
        self.body.addWidget(self.insurer)
        self.body.addStretch(1)
        self.body.addWidget(self.certificate)
        self.body.addWidget(self.next_step)
        self.done_button = make_button(metrics, "primary", self)
        self.action_row.addWidget(self.done_button)
        self.done_button.clicked.connect(self.done)
        self.retranslate()

    def show_result(self, burden_ratio_percent: int | None, insurer_name: str,
                    certificate: CertificateNotice | None = None, *, medical_aid: bool = False,
                    card_present: bool = True) -> None:
        self._ratio_percent, self._insurer, self._medical_aid = burden_ratio_percent, insurer_name, medical_aid
        self._certificate = certificate
        self._card_present = card_present
        self.retranslate()

    def _certificate_text(self) -> str:
        notice = self._certificate
        if notice is None:
            return ""
        if notice.kind is NoticeKind.EXPIRING:
            return self.tr("電子証明書の有効期限は %1 です。期限までに、お住まいの市区町村の窓口で更新してください"
                           "（無料）").replace("%1", format_date(notice.not_after))
        until = format_date(notice.grace_until) if notice.grace_until else ""
        return (self.tr("電子証明書の有効期限（%1）が過ぎています。%2 までの猶予期間のため、今回は保険の資格だけを"
                        "確認しました（診療情報などの提供はできません）。市区町村の窓口で更新してください（無料）")
                .replace("%1", format_date(notice.not_after)).replace("%2", until))

    def retranslate(self) -> None:
        self.title.setText(state_words(State.RESULT))
        # Never "go and sit down" with the card still on the reader: first "take your card".
        self.message.setText(written(words.OTHER["result.take_card"]) if self._card_present else "")
        if self._medical_aid:
            self.ratio.setText(self.tr("医療扶助：窓口でのお支払いはありません"))
        elif self._ratio_percent is None:
            self.ratio.setText(self.tr("負担割合：受付でお伝えします"))
        else:
            text = self.tr("負担割合：%1割")  # %1: tenths (3割), %2: percent (30%)
            tenths, percent = str(self._ratio_percent // 10), str(self._ratio_percent)
            self.ratio.setText(text.replace("%1", tenths).replace("%2", percent))
        self.insurer.setText(self.tr("保険者：%1").replace("%1", self._insurer))
        certificate = self._certificate_text()
        self.certificate.setText(certificate)
        self.certificate.setVisible(bool(certificate))
        self.next_step.setText(written(words.OTHER["result.wait"]))
        self.done_button.setText(self.tr("終了"))
