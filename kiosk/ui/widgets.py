"""Building blocks shared by the screens: the screen base class, labelled touch buttons, a busy indicator."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from .style import Metrics


def make_label(role: str = "", parent: QWidget | None = None, centered: bool = True) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        label.setProperty("role", role)
    if centered:
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


def make_button(metrics: Metrics, role: str = "", parent: QWidget | None = None) -> QPushButton:
    button = QPushButton(parent)
    if role:
        button.setProperty("role", role)
    button.setMinimumSize(metrics.touch, metrics.touch)
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the hardware keyboard goes to the screen, not to a button
    return button


def busy_bar(parent: QWidget | None = None) -> QProgressBar:
    """An indeterminate progress bar: shown on every wait so a person sees that something is happening."""
    bar = QProgressBar(parent)
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    return bar


class Screen(QWidget):
    """A full-window page: title, message, a body for the screen's own widgets, and a row of actions.

    Subclasses set their words in `retranslate()`, which also runs when the language changes.
    """

    screen_id = "screen"

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.metrics = metrics
        self.title = make_label("title", self)
        self.message = make_label("", self)
        self.notice = make_label("warning", self)
        self.notice.hide()
        self.body = QVBoxLayout()
        self.body.setSpacing(metrics.gap)
        self.action_row = QHBoxLayout()
        self.action_row.setSpacing(metrics.gap * 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(metrics.gap * 3, metrics.gap * 2, metrics.gap * 3, metrics.gap * 2)
        layout.setSpacing(metrics.gap)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addWidget(self.notice)
        layout.addLayout(self.body, 1)
        layout.addLayout(self.action_row)

    def retranslate(self) -> None:
        """Set every visible word (override)."""

    def show_notice(self, text: str | None) -> None:
        """A one-line hint above the screen's body (e.g. "wrong PIN"), or none."""
        self.notice.setText(text or "")
        self.notice.setVisible(bool(text))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class WaitScreen(Screen):
    """A screen that only waits: title, message and a moving progress bar."""

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.progress = busy_bar(self)
        self.body.addStretch(1)
        self.body.addWidget(self.progress)
        self.body.addStretch(1)
