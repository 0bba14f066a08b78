"""The tester's panel (simulate mode only): place or remove persona cards, choose the camera scenario, pull the
network cable, declare a disaster for the facility at the backend. Shortcuts work from the kiosk window too:
F5 places the chosen card, F6 removes it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QPushButton, QWidget


class TesterPanel(QWidget):
    def __init__(
        self, personas: dict[str, str], scenarios: dict[str, str], *, place: Callable[[str], None],
        remove: Callable[[], None], set_scenario: Callable[[str], None], set_online: Callable[[bool], None],
        set_disaster_declared: Callable[[bool], None] | None = None, parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Tool)
        self.setWindowTitle("mynakiosk tester")
        self.persona = QComboBox(self)
        for key, summary in personas.items():
            self.persona.addItem(f"{key} — {summary}", key)
        self.scenario = QComboBox(self)
        for key, summary in scenarios.items():
            self.scenario.addItem(f"{key} — {summary}", key)
        self.place_button = QPushButton("Place card (F5)", self)
        self.remove_button = QPushButton("Remove card (F6)", self)
        self.online = QCheckBox("backend reachable", self)
        self.online.setChecked(True)
        form = QFormLayout(self)
        form.addRow("persona", self.persona)
        form.addRow("", self.place_button)
        form.addRow("", self.remove_button)
        form.addRow("camera", self.scenario)
        form.addRow("network", self.online)
        # The national system's side of 災害時モード; staff still switch the kiosk's own mode in maintenance.
        self.disaster = QCheckBox("disaster declared for this facility (backend)", self)
        if set_disaster_declared is not None:
            form.addRow("backend", self.disaster)
            self.disaster.toggled.connect(set_disaster_declared)
        else:
            self.disaster.hide()
        self.place_button.clicked.connect(lambda: place(str(self.persona.currentData())))
        self.remove_button.clicked.connect(remove)
        self.scenario.currentIndexChanged.connect(lambda _index: set_scenario(str(self.scenario.currentData())))
        self.online.toggled.connect(set_online)
        for key, button in (("F5", self.place_button), ("F6", self.remove_button)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)  # also while the kiosk window has focus
            shortcut.activated.connect(button.click)
