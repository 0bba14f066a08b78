"""Every failure of the flow gets its own words: what happened and what the patient should do next."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

from kiosk.flow import Failure
from kiosk.speech import words
from kiosk.speech.failure_words import FAILURES, failure_key

from ..style import Metrics
from ..texts import written
from ..widgets import Screen, busy_bar, make_button, make_label


class Action(Enum):
    """What the patient can choose on a guidance screen."""

    FACE = "face"
    STAFF = "staff"  # the staff visual check of identity (PIN-blocked screen)
    CALL_STAFF = "call_staff"  # 係員を呼ぶ: help on a failure screen
    REGISTER = "register"  # 保険証利用登録 now (not-registered screen)
    DECLARE = "declare"  # fill in a self-declaration (被保険者資格申立書)
    FINISH = "finish"


def failure_words(failure: Failure, queued: bool = False, face_available: bool = True) -> tuple[str, str, str]:
    """(title, what happened, what to do next) for one of the flow's failures, from the words table (the voice says
    the title and the next step from the same entry).

    `queued`: the check could not reach the backend and waits in the outbox (said differently from "down").
    `face_available`: on the PIN-blocked screen, whether face authentication is still offered.
    """
    entry = FAILURES[failure_key(failure, queued=queued, face_available=face_available)]
    return written(entry.title), written(entry.happened), written(entry.next_step)


class GuidanceScreen(Screen):
    screen_id = "guidance"
    action_chosen = Signal(str)  # an Action value

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.failure = Failure.CARD_UNREADABLE
        self.queued = False
        self.face_available = True
        self.offered: tuple[Action, ...] = ()
        self.next_step = make_label("warning", self)
        self.progress = busy_bar(self)
        self.body.addStretch(1)
        self.body.addWidget(self.next_step)
        self.body.addStretch(1)
        self.body.addWidget(self.progress)
        self.action_buttons: dict[Action, QPushButton] = {}
        for action in Action:
            primary = action in (Action.FINISH, Action.REGISTER)
            button = make_button(metrics, "primary" if primary else "", self)
            button.clicked.connect(lambda _checked=False, chosen=action: self.action_chosen.emit(chosen.value))
            self.action_row.addWidget(button)
            self.action_buttons[action] = button
        self.show_failure(Failure.CARD_UNREADABLE, ())

    def show_failure(self, failure: Failure, actions: tuple[Action, ...], *, queued: bool = False,
                     face_available: bool = True, waiting: bool = False) -> None:
        """`actions` are the buttons offered; `waiting` shows a progress bar (the screen moves on by itself)."""
        self.failure, self.queued, self.face_available = failure, queued, face_available
        self.offered = actions
        for action, button in self.action_buttons.items():
            button.setVisible(action in actions)
        self.progress.setVisible(waiting or not actions)
        self.retranslate()

    def retranslate(self) -> None:
        title, happened, next_step = failure_words(self.failure, self.queued, self.face_available)
        # Where the screen itself offers the way on, it says so first: "take your card" would end the session
        # (and with it the register and declaration buttons) before the patient could press them.
        if Action.REGISTER in self.offered:
            next_step = written(words.OTHER["offer.register"])
        elif Action.DECLARE in self.offered:
            next_step = written(words.OTHER["offer.declare"])
        self.title.setText(title)
        self.message.setText(happened)
        self.next_step.setText(next_step)
        labels = {
            Action.FACE: self.tr("顔認証にする"),
            Action.STAFF: self.tr("係員を呼ぶ"),
            Action.CALL_STAFF: self.tr("係員を呼ぶ"),
            Action.REGISTER: self.tr("今すぐ登録する"),
            Action.DECLARE: self.tr("申立書を記入する"),
            Action.FINISH: self.tr("終了"),
        }
        for action, button in self.action_buttons.items():
            button.setText(labels[action])
