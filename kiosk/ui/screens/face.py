"""Face authentication: live camera preview with a guide frame, the current prompt, and the privacy notice."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.flow import State
from kiosk.speech import words

from ..style import Metrics
from ..texts import state_words, written
from ..widgets import Screen, make_button, make_label

GUIDE_OK = QColor("#1fa83a")
GUIDE_WAIT = QColor("#ffffff")
FACE_OFF = QColor("#ffb000")


class FacePrompt(Enum):
    ALIGN = "align"
    COME_CLOSER = "come_closer"  # coaching from what the camera sees (kiosk.faceauth)
    MORE_LIGHT = "more_light"
    FACE_THE_CAMERA = "face_the_camera"
    REMOVE_MASK = "remove_mask"
    REMOVE_GLASSES = "remove_glasses"
    TURN_LEFT = "turn_left"
    TURN_RIGHT = "turn_right"
    STARTING = "starting"


FACE_PROMPTS: dict[str, FacePrompt] = {prompt.value: prompt for prompt in FacePrompt}


class FacePreview(QWidget):
    """Paints the latest camera frame (mirrored, like a mirror), the oval guide and the detected face box."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self._face: tuple[float, float, float, float] | None = None  # x, y, w, h as fractions of the frame
        self._face_ok = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 240)

    @property
    def has_frame(self) -> bool:
        return self._image is not None

    @property
    def face_box(self) -> tuple[float, float, float, float] | None:
        """The detected face as drawn (x, y, w, h as fractions of the mirrored frame), None if none is shown."""
        return self._face

    @property
    def face_ok(self) -> bool:
        return self._face_ok

    def show_frame(self, image: QImage, face: tuple[float, float, float, float] | None, face_ok: bool) -> None:
        """`image` comes already mirrored (FaceRelay mirrors it off the UI thread); `face` is in camera terms."""
        self._image = image
        self._face = (1.0 - face[0] - face[2], face[1], face[2], face[3]) if face else None
        self._face_ok = face_ok
        self.update()

    def clear(self) -> None:
        self._image = None
        self._face = None
        self.update()

    def _target(self) -> QRectF:
        if self._image is None or self._image.isNull():
            side = min(self.width(), self.height() * 4 / 3)
            return QRectF((self.width() - side) / 2, (self.height() - side * 3 / 4) / 2, side, side * 3 / 4)
        scale = min(self.width() / self._image.width(), self.height() / self._image.height())
        width, height = self._image.width() * scale, self._image.height() * scale
        return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)

    def guide_rect(self) -> QRectF:
        target = self._target()
        width, height = target.width() * 0.36, target.height() * 0.66
        return QRectF(target.center().x() - width / 2, target.center().y() - height / 2, width, height)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        target = self._target()
        painter.fillRect(target, QColor("#222222"))
        if self._image is not None and not self._image.isNull():
            painter.drawImage(target, self._image)
        guide_pen = QPen(GUIDE_OK if self._face_ok else GUIDE_WAIT, 6, Qt.PenStyle.DashLine)
        painter.setPen(guide_pen)
        painter.drawEllipse(self.guide_rect())
        if self._face is not None:
            x, y, w, h = self._face
            painter.setPen(QPen(GUIDE_OK if self._face_ok else FACE_OFF, 4))
            painter.drawRect(QRectF(target.x() + x * target.width(), target.y() + y * target.height(),
                                    w * target.width(), h * target.height()))
        painter.end()


class FaceScreen(Screen):
    screen_id = "face"
    use_pin = Signal()
    call_staff = Signal()
    cancelled = Signal()

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.prompt = FacePrompt.STARTING
        self._attempts_left: int | None = None
        self.preview = FacePreview(self)
        self.prompt_label = make_label("title", self)
        self.attempts_label = make_label("small", self)
        self.privacy = make_label("privacy", self)
        self.body.addWidget(self.preview, 1)
        self.body.addWidget(self.prompt_label)
        self.body.addWidget(self.attempts_label)
        self.body.addWidget(self.privacy)
        self.cancel_button = make_button(metrics, "danger", self)
        self.pin_button = make_button(metrics, "", self)
        self.staff_button = make_button(metrics, "", self)
        self.action_row.addWidget(self.cancel_button)
        self.action_row.addWidget(self.pin_button)
        self.action_row.addWidget(self.staff_button)
        self.cancel_button.clicked.connect(self.cancelled)
        self.pin_button.clicked.connect(self.use_pin)
        self.staff_button.clicked.connect(self.call_staff)
        self.retranslate()

    def reset(self, pin_available: bool = True, attempts_left: int | None = None) -> None:
        self.preview.clear()
        self.pin_button.setVisible(pin_available)
        self._attempts_left = attempts_left
        self.set_prompt(FacePrompt.STARTING)

    def set_attempts_left(self, attempts_left: int | None) -> None:
        self._attempts_left = attempts_left
        self.retranslate()

    def set_prompt(self, prompt: FacePrompt) -> None:
        self.prompt = prompt
        self.retranslate()

    def prompt_text(self, prompt: FacePrompt) -> str:
        # Shown only (the flow never names them, so nothing is said): the camera starting, the frame.
        shown_only = {FacePrompt.STARTING: self.tr("カメラを準備しています"),
                      FacePrompt.ALIGN: self.tr("枠に顔を合わせてください")}
        if prompt in shown_only:
            return shown_only[prompt]
        return written(words.FACE_PROMPTS[prompt.value])  # also said, from the same entry

    def retranslate(self) -> None:
        self.title.setText(self.tr("顔認証"))
        self.message.setText(state_words(State.FACE))
        self.prompt_label.setText(self.prompt_text(self.prompt))
        if self._attempts_left is None:
            self.attempts_label.setText("")
        else:
            self.attempts_label.setText(self.tr("あと %n 回試せます", "", self._attempts_left))
        self.privacy.setText(self.tr("顔写真は保存しません"))
        self.cancel_button.setText(self.tr("やめる"))
        self.pin_button.setText(self.tr("暗証番号にする"))
        self.staff_button.setText(self.tr("係員を呼ぶ"))
