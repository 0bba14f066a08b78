"""The staff visual check (目視確認): compare the card's photo with the patient, then confirm or decline."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ..style import Metrics
from ..widgets import make_button, make_label


class StaffCheckPage(QWidget):
    confirmed = Signal()  # the account signed in is recorded as who checked
    declined = Signal()

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._available = False
        self._photo_side = metrics.touch * 3
        self.status = make_label("", self)
        self.photo = QLabel(self)
        self.photo.setFixedSize(self._photo_side, int(self._photo_side * 4 / 3))
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setStyleSheet("border: 2px solid #111111;")
        self.confirm_button = make_button(metrics, "primary", self)
        self.decline_button = make_button(metrics, "danger", self)
        row = QHBoxLayout()
        row.addWidget(self.decline_button)
        row.addWidget(self.confirm_button)
        controls = QVBoxLayout()
        controls.addWidget(self.status)
        controls.addLayout(row)
        controls.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(controls, 1)
        self.confirm_button.clicked.connect(self.confirmed)
        self.decline_button.clicked.connect(self.declined)
        self.set_patient(False, None)

    def set_patient(self, available: bool, photo: QImage | None) -> None:
        """`available`: a patient at the reader is waiting for identity; `photo`: the chip's face photo."""
        self._available = available
        if photo is not None and not photo.isNull():
            self.photo.setPixmap(QPixmap.fromImage(photo).scaled(
                self.photo.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
        else:
            self.photo.clear()
        self._update_buttons()
        self.retranslate()

    def _update_buttons(self) -> None:
        self.confirm_button.setEnabled(self._available)
        self.decline_button.setEnabled(self._available)

    def retranslate(self) -> None:
        if self._available:
            self.status.setText(self.tr("カードの顔写真とご本人を見比べてください"))
        else:
            self.status.setText(self.tr("確認を待っている患者さんはいません"))
        if self.photo.pixmap().isNull():
            self.photo.setText(self.tr("写真なし"))
        self.confirm_button.setText(self.tr("本人と確認しました"))
        self.decline_button.setText(self.tr("本人と確認できません"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
