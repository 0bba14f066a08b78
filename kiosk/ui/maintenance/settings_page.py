"""Settings staff may change: face tolerance, liveness, timeouts, language, backend URL (saved to the file)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kiosk.config import MAX_TOLERANCE, MIN_TOLERANCE, KioskSettings, with_changes

from ..language import LANGUAGE_NAMES
from ..style import Metrics
from ..widgets import make_button, make_label, set_role

TIMEOUT_FIELDS = ("screen", "pin_entry", "face_capture", "result", "failsafe")


def with_steppers(box: QAbstractSpinBox, metrics: Metrics) -> QWidget:
    """A number with big − and + buttons beside it (a spin box's own arrows are ~3 mm: no target for a finger)."""
    # Its own arrows take no room (NoButtons would do, but with a style sheet Qt then squeezes the number to 1 px).
    box.setStyleSheet("QAbstractSpinBox::up-button, QAbstractSpinBox::down-button { width: 0px; border: none; }")
    row = QWidget(box.parentWidget())
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for text, step in (("−", -1), ("+", 1)):
        button = make_button(metrics, "key", row)
        button.setText(text)
        button.setAutoRepeat(True)  # held down, it keeps stepping
        button.clicked.connect(lambda _checked=False, by=step: box.stepBy(by))
        layout.addWidget(button)
    layout.insertWidget(1, box, 1)
    return row


class SettingsPage(QWidget):
    save_requested = Signal(object)  # KioskSettings

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._settings = KioskSettings()
        self.tolerance = QDoubleSpinBox(self)
        self.tolerance.setRange(MIN_TOLERANCE, MAX_TOLERANCE)
        self.tolerance.setSingleStep(0.01)
        self.tolerance.setDecimals(2)
        self.liveness = QCheckBox(self)
        self.timeouts: dict[str, QSpinBox] = {}
        for name in TIMEOUT_FIELDS:
            box = QSpinBox(self)
            box.setRange(5, 600)
            box.setSuffix(" s")
            self.timeouts[name] = box
        self.language = QComboBox(self)
        for code, name in LANGUAGE_NAMES.items():
            self.language.addItem(name, code)
        self.backend_url = QLineEdit(self)
        self.form = QFormLayout()
        self.labels: dict[str, QLabel] = {}
        for key, widget in [("tolerance", self.tolerance), ("liveness", self.liveness),
                            *[(f"timeouts.{name}", box) for name, box in self.timeouts.items()],
                            ("language", self.language), ("backend_url", self.backend_url)]:
            label = make_label("", self, centered=False)
            self.labels[key] = label
            self.form.addRow(label, with_steppers(widget, metrics) if isinstance(widget, QAbstractSpinBox) else widget)
        self.status = make_label("", self)
        self.save_button = make_button(metrics, "primary", self)
        form_holder = QWidget(self)
        form_holder.setLayout(self.form)
        scroll = QScrollArea(self)  # many rows: scroll rather than grow past the panel
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_holder)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.save_button)
        self.save_button.clicked.connect(self._save)
        self.retranslate()

    def load(self, settings: KioskSettings) -> None:
        self._settings = settings
        self.tolerance.setValue(settings.face.tolerance)
        self.liveness.setChecked(settings.face.liveness)
        for name, box in self.timeouts.items():
            box.setValue(round(getattr(settings.timeouts, name)))
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.backend_url.setText(settings.hardware.backend_url)
        self.status.setText("")

    def edited(self) -> KioskSettings:
        """The settings as edited; raises ConfigError if a value is out of range."""
        changes: dict[str, object] = {
            "language": self.language.currentData(),
            "face.tolerance": round(self.tolerance.value(), 2),
            "face.liveness": self.liveness.isChecked(),
            "hardware.backend_url": self.backend_url.text().strip(),
        }
        changes.update({f"timeouts.{name}": float(box.value()) for name, box in self.timeouts.items()})
        return with_changes(self._settings, **changes)

    def _save(self) -> None:
        try:
            settings = self.edited()
        except ValueError as error:
            self.show_status(False, str(error))
            return
        self.save_requested.emit(settings)

    def show_status(self, ok: bool, detail: str = "") -> None:
        set_role(self.status, "" if ok else "error")
        text = self.tr("保存しました（サーバーURLは再起動後に反映されます）") if ok else self.tr("保存できません")
        self.status.setText(f"{text} {detail}".strip())

    def retranslate(self) -> None:
        names = {
            "tolerance": self.tr("顔照合のしきい値（小さいほど厳しい）"),
            "liveness": self.tr("生体検知（写真や画面でないことの確認）"),
            "timeouts.screen": self.tr("画面の待ち時間"),
            "timeouts.pin_entry": self.tr("暗証番号入力の待ち時間"),
            "timeouts.face_capture": self.tr("顔認証の待ち時間"),
            "timeouts.result": self.tr("結果の表示時間"),
            "timeouts.failsafe": self.tr("エラー画面の表示時間"),
            "language": self.tr("最初に表示する言語"),
            "backend_url": self.tr("資格確認サーバーのURL"),
        }
        for key, label in self.labels.items():
            label.setText(names[key])
        self.liveness.setText(self.tr("使う"))
        self.save_button.setText(self.tr("設定を保存"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
