"""保険証利用登録: the terms of insurance use, and the patient's explicit choice (agree and register, or not)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QScrollArea, QScroller, QWidget

from kiosk.flow import State

from ..style import Metrics
from ..texts import state_words
from ..widgets import Screen, make_button, make_label


class RegisterTermsScreen(Screen):
    screen_id = "register_terms"
    agreed = Signal()
    declined = Signal()

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.version = ""
        self.terms = make_label("terms", self, centered=False)
        self.terms.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.terms_area = QScrollArea(self)
        self.terms_area.setWidget(self.terms)
        self.terms_area.setWidgetResizable(True)
        self.terms_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        QScroller.grabGesture(self.terms_area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        self.version_label = make_label("small", self)
        self.body.addWidget(self.terms_area, 1)
        self.body.addWidget(self.version_label)
        self.decline_button = make_button(metrics, "", self)
        self.agree_button = make_button(metrics, "primary", self)
        self.action_row.addWidget(self.decline_button)
        self.action_row.addWidget(self.agree_button)
        self.agree_button.clicked.connect(self.agreed)
        self.decline_button.clicked.connect(self.declined)
        self.retranslate()

    def show_terms(self, version: str) -> None:
        self.version = version
        self.terms_area.verticalScrollBar().setValue(0)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("保険証として使う登録をします"))
        self.message.setText(state_words(State.REGISTER_TERMS))
        self.terms.setText(self.tr(
            "・このマイナンバーカードを健康保険証として利用できるように登録します。\n"
            "・登録すると、医療機関や薬局で、加入している健康保険の資格を確認できるようになります。\n"
            "・登録は無料です。先ほどの顔認証または暗証番号でご本人であることを確認済みです。\n"
            "・登録した情報は、健康保険の資格確認のためだけに使われます。\n"
            "・登録をやめたい場合は、お住まいの市区町村の窓口またはマイナポータルで手続きできます。\n"
            "・同意しない場合は登録されません。受付窓口で資格情報のお知らせなどをご提示ください。"))
        self.version_label.setText(self.tr("利用規約 第%1版").replace("%1", self.version) if self.version else "")
        self.decline_button.setText(self.tr("同意しない"))
        self.agree_button.setText(self.tr("同意して登録する"))
