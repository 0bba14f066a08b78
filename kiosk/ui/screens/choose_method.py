"""Choose how to prove identity: face, PIN, or ask staff for a visual check."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.domain import IdentityMethod
from kiosk.flow import State

from ..style import Metrics
from ..texts import state_words
from ..widgets import Screen, make_button, make_label


class ChooseMethodScreen(Screen):
    screen_id = "choose_method"
    method_chosen = Signal(str)  # an IdentityMethod value
    cancelled = Signal()

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.face_button = make_button(metrics, "primary", self)
        self.pin_button = make_button(metrics, "primary", self)
        self.face_button.setMinimumHeight(metrics.touch * 3)
        self.pin_button.setMinimumHeight(metrics.touch * 3)
        self.face_note = make_label("small", self)
        self.pin_note = make_label("small", self)
        self.staff_button = make_button(metrics, "", self)
        self.cancel_button = make_button(metrics, "danger", self)
        grid = QGridLayout()
        grid.setSpacing(metrics.gap * 2)
        grid.addWidget(self.face_button, 0, 0)
        grid.addWidget(self.pin_button, 0, 1)
        grid.addWidget(self.face_note, 1, 0)
        grid.addWidget(self.pin_note, 1, 1)
        self.body.addStretch(1)
        self.body.addLayout(grid)
        self.body.addStretch(1)
        self.action_row.addWidget(self.cancel_button)
        self.action_row.addWidget(self.staff_button)
        self.face_button.clicked.connect(lambda: self.method_chosen.emit(IdentityMethod.FACE.value))
        self.pin_button.clicked.connect(lambda: self.method_chosen.emit(IdentityMethod.PIN.value))
        self.staff_button.clicked.connect(lambda: self.method_chosen.emit(IdentityMethod.STAFF.value))
        self.cancel_button.clicked.connect(self.cancelled)
        self._pin_blocked = False
        self._face_available = True
        self.retranslate()

    def set_availability(self, face_available: bool, pin_blocked: bool) -> None:
        self._face_available = face_available
        self._pin_blocked = pin_blocked
        self.face_button.setEnabled(face_available)
        self.pin_button.setEnabled(not pin_blocked)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(state_words(State.CHOOSE_METHOD))
        self.face_button.setText(self.tr("顔認証"))
        self.pin_button.setText(self.tr("暗証番号"))
        self.face_note.setText(
            self.tr("カメラを見るだけです") if self._face_available else self.tr("カメラが使えません")
        )
        self.pin_note.setText(
            self.tr("ロックされているため使えません") if self._pin_blocked else self.tr("数字4桁を入力します")
        )
        self.staff_button.setText(self.tr("係員を呼ぶ"))
        self.cancel_button.setText(self.tr("やめる"))
