"""The kiosk window: a header with the language switch, and every screen in one QStackedWidget.

There is no way out of fullscreen for a patient: closing is refused unless maintenance mode allowed it. Staff open
maintenance mode by holding the top-left corner for three seconds, or with Ctrl+Alt+M.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QMouseEvent, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from .maintenance.login import MaintenanceLoginScreen
from .maintenance.panel import MaintenancePanel
from .screens.choose_method import ChooseMethodScreen
from .screens.confirm import ConfirmScreen
from .screens.consent import ConsentScreen
from .screens.consent_items import ConsentItemsScreen
from .screens.declaration_confirm import DeclarationConfirmScreen
from .screens.declaration_done import DeclarationDoneScreen
from .screens.declaration_form import DeclarationFormScreen
from .screens.disaster_consent import DisasterConsentScreen
from .screens.disaster_form import DisasterFormScreen
from .screens.face import FaceScreen
from .screens.failsafe import FailsafeScreen
from .screens.guidance import GuidanceScreen
from .screens.idle import IdleScreen
from .screens.paper_form import PaperFormScreen
from .screens.paper_staff_auth import PaperStaffAuthScreen
from .screens.pin import PinScreen
from .screens.prescription import PrescriptionScreen
from .screens.reading import ReadingScreen
from .screens.register_terms import RegisterTermsScreen
from .screens.result import ResultScreen
from .screens.staff_wait import StaffWaitScreen
from .screens.submitting import SubmittingScreen
from .screens.take_card import TakeCardScreen
from .still_there import StillThereOverlay
from .style import Metrics
from .widgets import make_button, make_label

LONG_PRESS_MS = 3000
MAINTENANCE_SHORTCUT = "Ctrl+Alt+M"


@dataclass
class Screens:
    """Every screen, built once; the controller shows one at a time."""

    idle: IdleScreen
    reading: ReadingScreen
    choose_method: ChooseMethodScreen
    face: FaceScreen
    pin: PinScreen
    guidance: GuidanceScreen
    staff_wait: StaffWaitScreen
    consent: ConsentScreen
    consent_items: ConsentItemsScreen
    prescription: PrescriptionScreen
    confirm: ConfirmScreen
    submitting: SubmittingScreen
    result: ResultScreen
    take_card: TakeCardScreen
    failsafe: FailsafeScreen
    register_terms: RegisterTermsScreen
    paper_staff_auth: PaperStaffAuthScreen
    paper_form: PaperFormScreen
    declaration_form: DeclarationFormScreen
    declaration_confirm: DeclarationConfirmScreen
    declaration_done: DeclarationDoneScreen
    disaster_consent: DisasterConsentScreen
    disaster_form: DisasterFormScreen
    login: MaintenanceLoginScreen
    maintenance: MaintenancePanel

    @classmethod
    def build(cls, metrics: Metrics) -> Screens:
        return cls(
            idle=IdleScreen(metrics), reading=ReadingScreen(metrics), choose_method=ChooseMethodScreen(metrics),
            face=FaceScreen(metrics), pin=PinScreen(metrics), guidance=GuidanceScreen(metrics),
            staff_wait=StaffWaitScreen(metrics), consent=ConsentScreen(metrics),
            consent_items=ConsentItemsScreen(metrics),
            prescription=PrescriptionScreen(metrics), confirm=ConfirmScreen(metrics),
            submitting=SubmittingScreen(metrics), result=ResultScreen(metrics), take_card=TakeCardScreen(metrics),
            failsafe=FailsafeScreen(metrics), register_terms=RegisterTermsScreen(metrics),
            paper_staff_auth=PaperStaffAuthScreen(metrics), paper_form=PaperFormScreen(metrics),
            declaration_form=DeclarationFormScreen(metrics), declaration_confirm=DeclarationConfirmScreen(metrics),
            declaration_done=DeclarationDoneScreen(metrics), disaster_consent=DisasterConsentScreen(metrics),
            disaster_form=DisasterFormScreen(metrics), login=MaintenanceLoginScreen(metrics),
            maintenance=MaintenancePanel(metrics),
        )

    def all(self) -> list[QWidget]:
        return [getattr(self, item.name) for item in fields(self)]


class CornerHotspot(QWidget):
    """An invisible square: holding it for three seconds asks for maintenance mode."""

    long_pressed = Signal()

    def __init__(self, side: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFixedSize(side, side)
        self.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
        self.setStyleSheet("background: transparent;")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(LONG_PRESS_MS)
        self._timer.timeout.connect(self.long_pressed)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._timer.start()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._timer.stop()
        event.accept()


class KioskWindow(QWidget):
    maintenance_requested = Signal()
    language_button_clicked = Signal()
    text_size_button_clicked = Signal()
    repeat_button_clicked = Signal()  # say the screen again
    louder_button_clicked = Signal()

    def __init__(self, metrics: Metrics, screens: Screens, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.metrics = metrics
        self.screens = screens
        self.allow_close = False
        self.setWindowTitle("mynakiosk")
        header = QWidget(self)
        header.setObjectName("header")
        self.hotspot = CornerHotspot(metrics.touch, header)
        self.header_title = make_label("", header)
        self.header_title.setObjectName("headerTitle")
        self.disaster_banner = make_label("", header)
        self.disaster_banner.setObjectName("disasterBanner")
        self.disaster_banner.hide()
        self.staff_call = make_label("", header)
        self.staff_call.setObjectName("staffCall")
        self.staff_call.hide()
        self.repeat_button = make_button(metrics, "language", header)
        self.louder_button = make_button(metrics, "language", header)
        for button in (self.repeat_button, self.louder_button):
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            button.setMinimumWidth(metrics.touch * 2)
        self.text_size_button = make_button(metrics, "language", header)
        self.text_size_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.text_size_button.setMinimumWidth(metrics.touch * 3)
        self.language_button = make_button(metrics, "language", header)
        self.language_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.language_button.setMinimumWidth(metrics.touch * 3)
        header_layout = QHBoxLayout(header)
        header_layout.setContentsMargins(0, metrics.gap // 2, metrics.gap, metrics.gap // 2)
        header_layout.addWidget(self.hotspot)
        header_layout.addWidget(self.header_title, 1)
        header_layout.addWidget(self.disaster_banner, 2)
        header_layout.addWidget(self.staff_call)
        header_layout.addWidget(self.repeat_button)
        header_layout.addWidget(self.louder_button)
        header_layout.addWidget(self.text_size_button)
        header_layout.addWidget(self.language_button)
        self.stack = QStackedWidget(self)
        # A screen that needs more room scrolls inside itself: it never makes the window grow past the display.
        self.stack.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        for screen in screens.all():
            self.stack.addWidget(screen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        layout.addWidget(self.stack, 1)
        self.still_there = StillThereOverlay(metrics, self)
        self.hotspot.long_pressed.connect(self.maintenance_requested)
        self.shortcut = QShortcut(QKeySequence(MAINTENANCE_SHORTCUT), self)
        self.shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self.shortcut.activated.connect(self.maintenance_requested)
        self.language_button.clicked.connect(self.language_button_clicked)
        self.text_size_button.clicked.connect(self.text_size_button_clicked)
        self.repeat_button.clicked.connect(self.repeat_button_clicked)
        self.louder_button.clicked.connect(self.louder_button_clicked)
        self.large_text = False
        self.retranslate()

    def show_screen(self, screen: QWidget) -> None:
        self.stack.setCurrentWidget(screen)
        keyboard = getattr(screen, "keyboard", None)
        if keyboard is not None and keyboard.target is not None:
            keyboard.target.setFocus()  # forms: the hardware keyboard types where the on-screen one does
        else:
            screen.setFocus()  # keys of a numeric keypad (PIN digits, choices) reach the screen

    @property
    def current_screen(self) -> QWidget | None:
        return self.stack.currentWidget()

    def set_disaster_mode(self, on: bool) -> None:
        """The red 災害時モード banner in the header: on every screen while the mode is on."""
        self.disaster_banner.setVisible(on)

    def set_staff_call(self, shown: bool) -> None:
        """The header badge while staff have been called for this patient and nobody has signed in yet."""
        self.staff_call.setVisible(shown)

    @property
    def staff_call_shown(self) -> bool:
        return self.staff_call.isVisibleTo(self)

    @property
    def disaster_banner_shown(self) -> bool:
        return self.disaster_banner.isVisibleTo(self)

    def set_language_label(self, text: str, visible: bool = True) -> None:
        self.language_button.setText(text)
        self.language_button.setVisible(visible)
        for button in (self.text_size_button, self.repeat_button, self.louder_button):
            button.setVisible(visible)  # patient settings: shown wherever the language switch is

    def set_large_text(self, large: bool) -> None:
        self.large_text = large
        self.retranslate()

    def retranslate(self) -> None:
        self.header_title.setText(self.tr("マイナ保険証 受付機"))
        self.disaster_banner.setText(self.tr("災害時モード実施中"))
        self.staff_call.setText(self.tr("係員を呼んでいます"))
        self.text_size_button.setText(self.tr("文字を戻す") if self.large_text else self.tr("文字を大きく"))
        self.repeat_button.setText(self.tr("もう一度聞く"))
        self.louder_button.setText(self.tr("音量"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.allow_close:
            event.accept()
        else:
            event.ignore()  # only maintenance mode ends the kiosk
