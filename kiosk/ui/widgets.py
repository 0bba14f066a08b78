"""Building blocks shared by the screens: the screen base class, labelled touch buttons, a busy indicator."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from .line_breaks import keep_phrases_whole
from .style import Metrics


class PhraseLabel(QLabel):
    """A label whose Japanese wraps between phrases only (see `line_breaks`); `text()` is the text as given."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._given = ""

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self._given = text
        super().setText(keep_phrases_whole(text) if self.wordWrap() else text)

    def text(self) -> str:
        return self._given


def set_role(widget: QWidget, role: str) -> None:
    """Give a widget another style-sheet role (its `role` property) and restyle it at once."""
    if widget.property("role") == role:
        return
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def scrolling(content: QWidget, parent: QWidget, *, ignore_height: bool = True) -> QScrollArea:
    """`content` scrolling on its own where room is short, so the buttons around it stay in view.

    `ignore_height`: the area asks for no height of its own (it takes what the layout leaves it)."""
    area = QScrollArea(parent)
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    if ignore_height:
        area.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
    return area


def make_label(role: str = "", parent: QWidget | None = None, centered: bool = True) -> QLabel:
    label = PhraseLabel(parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if role:
        label.setProperty("role", role)
    if centered:
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


class TouchButton(QPushButton):
    """A push button at least one touch target square that never grows narrower than its words (a layout short
    of room scrolls instead of cutting 「資格情報のお知らせ」 to 「格情報のお知ら」)."""

    def __init__(self, touch: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.touch = touch
        self.setMinimumHeight(touch)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        words = super().minimumSizeHint()
        return QSize(max(self.touch, words.width()), max(self.touch, words.height()))


def make_button(metrics: Metrics, role: str = "", parent: QWidget | None = None) -> QPushButton:
    button = TouchButton(metrics.touch, parent)
    if role:
        button.setProperty("role", role)
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

    The title and the action row always stay on the screen; the message, notice and body scroll when they need
    more room (large text, a long notice, English), so a screen never grows the window or pushes its buttons off.
    Subclasses set their words in `retranslate()`, which also runs when the language changes.
    """

    screen_id = "screen"

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.metrics = metrics
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a numeric keypad's keys reach the screen
        self.title = make_label("title", self)
        content = QWidget(self)
        content.setObjectName("screenContent")
        self.message = make_label("", content)
        self.notice = make_label("warning", content)
        self.notice.hide()
        self.body = QVBoxLayout()
        self.body.setSpacing(metrics.gap)
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.setSpacing(metrics.gap)
        content_layout.addWidget(self.message)
        content_layout.addWidget(self.notice)
        content_layout.addLayout(self.body, 1)
        self.content_area = scrolling(content, self, ignore_height=False)
        self.action_row = QHBoxLayout()
        self.action_row.setSpacing(metrics.gap * 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(metrics.gap * 3, metrics.gap * 2, metrics.gap * 3, metrics.gap * 2)
        layout.setSpacing(metrics.gap)
        layout.addWidget(self.title)
        # Beside the scrolling content, what must stay in view (an on-screen keyboard) while the content scrolls.
        self.middle = QHBoxLayout()
        self.middle.setSpacing(metrics.gap)
        self.middle.addWidget(self.content_area, 1)
        layout.addLayout(self.middle, 1)
        layout.addLayout(self.action_row)

    def retranslate(self) -> None:
        """Set every visible word (override)."""

    def key_choices(self) -> list[QAbstractButton]:
        """What the keys 1, 2, 3... of a numeric keypad press, in order (override to put the main choices first):
        by default the visible buttons of the body, then of the action row."""
        buttons = [button for button in self.findChildren(QAbstractButton) if button.isVisible()]
        in_row = [item.widget() for i in range(self.action_row.count()) if (item := self.action_row.itemAt(i))]
        return [b for b in buttons if b not in in_row] + [b for b in in_row if isinstance(b, QAbstractButton)
                                                          and b.isVisible()]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A USB numeric keypad (tactile 5) drives the screen: digits choose, Enter takes the main button."""
        text = event.text()
        if len(text) == 1 and text in "123456789":
            choices = self.key_choices()
            if int(text) <= len(choices) and choices[int(text) - 1].isEnabled():
                choices[int(text) - 1].click()
                return
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            primary = [b for b in self.key_choices() if b.property("role") == "primary" and b.isEnabled()]
            if primary:
                primary[-1].click()
                return
        super().keyPressEvent(event)

    def show_notice(self, text: str | None, *, good_news: bool = False) -> None:
        """A one-line hint above the screen's body (e.g. "wrong PIN", or "identity confirmed"), or none."""
        set_role(self.notice, "goodNews" if good_news else "warning")
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
