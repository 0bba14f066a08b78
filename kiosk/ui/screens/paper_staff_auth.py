"""A patient waiting for staff: the paper certificate (資格確認書 / 資格情報のお知らせ) and the disaster-mode lookup.

No staff password is ever asked on a patient screen (a patient could lock staff out by guessing): staff come, open
maintenance mode with the hidden gesture (the top-left corner held 3 s) and sign in with their own account there;
the kiosk then goes on with that account's id recorded.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.flow import State

from ..style import Metrics
from ..texts import state_words
from ..widgets import Screen, busy_bar, make_button, make_label


class StaffComingScreen(Screen):
    """"Staff are coming" for the patient, how to go on for staff, and a way out; subclasses set the words."""

    cancelled = Signal()

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.waiting = make_label("huge", self)
        self.staff_note = make_label("note", self)
        self.progress = busy_bar(self)
        self.body.addStretch(1)
        self.body.addWidget(self.waiting)
        self.body.addWidget(self.progress)
        self.body.addStretch(1)
        self.body.addWidget(self.staff_note)
        self.cancel_button = make_button(metrics, "danger", self)
        self.action_row.addWidget(self.cancel_button)
        self.cancel_button.clicked.connect(self.cancelled)

    def retranslate_common(self) -> None:
        self.waiting.setText(self.tr("係員をお呼びしました。そのままお待ちください"))
        self.cancel_button.setText(self.tr("やめる"))


class PaperStaffAuthScreen(StaffComingScreen):
    screen_id = "paper_staff_auth"

    def __init__(self, metrics: Metrics, parent: QWidget | None = None) -> None:
        super().__init__(metrics, parent)
        self.retranslate()

    def retranslate(self) -> None:
        self.retranslate_common()
        self.title.setText(self.tr("資格確認書・資格情報のお知らせで受付します"))
        self.message.setText(state_words(State.PAPER_STAFF_AUTH))
        self.staff_note.setText(self.tr("係員の方：画面左上を3秒押し、ご自分のアカウントでログインすると入力画面になります"))
