"""`kiosk run` exactly as the unit runs it, inside cage, plus a patient trying to get out once the test asks.

Debian 12's cage 0.1.4 offers neither the virtual-keyboard nor the virtual-pointer protocol (wtype: "Compositor
does not support the virtual keyboard protocol") and the headless backend has no input devices, so nothing outside
can press keys there. The attempts are therefore delivered inside the kiosk at Qt's platform-input level (QTest on
the window's QWindow: the path a key or click from the compositor takes from the Wayland plugin on), plus the two
requests a window manager would send: minimise (Alt+Space → Iconify under openbox) and close (Alt+F4).
Written for tests/integration/test_kiosk_under_cage.py; prints nothing, writes a JSON report.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from kiosk.app import make_application
from kiosk.cli import main


def kiosk_window(app: QApplication) -> QWidget:
    return next(w for w in app.topLevelWidgets() if type(w).__name__ == "KioskWindow" and w.isVisible())


def state(app: QApplication, window: QWidget) -> dict[str, object]:
    current = window.stack.currentWidget()  # type: ignore[attr-defined]
    return {"visible": window.isVisible(), "active": window.isActiveWindow(),
            "state": int(window.windowState().value), "minimised": window.isMinimized(),
            "screen": type(current).__name__, "popup": type(app.activePopupWidget()).__name__,
            "size": [window.width(), window.height()]}


def escape_attempts(app: QApplication, report_path: Path) -> None:
    """Alt+Tab, Alt+Space, Alt+F4, a right-click on the screen, a minimise and a close request."""
    window = kiosk_window(app)
    handle = window.windowHandle()
    report: dict[str, object] = {"pid": os.getpid(), "before": state(app, window)}
    for key in (Qt.Key.Key_Tab, Qt.Key.Key_Space, Qt.Key.Key_F4):
        QTest.keyClick(handle, key, Qt.KeyboardModifier.AltModifier)
    QTest.mouseClick(handle, Qt.MouseButton.RightButton, pos=QPoint(window.width() // 2, window.height() // 2))
    report["popup_after_right_click"] = type(app.activePopupWidget()).__name__
    window.showMinimized()
    window.close()
    QTimer.singleShot(700, lambda: write(report_path, {**report, "after": state(app, window)}))


def right_click_a_text_field(app: QApplication, report_path: Path) -> None:
    """The staff login's password field (Ctrl+Alt+M), right-clicked; then the login is cancelled."""
    window = kiosk_window(app)
    handle = window.windowHandle()
    QTest.keyClick(handle, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    field = next(w for w in window.findChildren(QLineEdit) if w.isVisible())
    QTest.mouseClick(handle, Qt.MouseButton.RightButton, pos=field.mapTo(window, field.rect().center()))
    screen = field.parentWidget()
    while screen is not None and not hasattr(screen, "screen_id"):  # the field sits in the screen's scroll area
        screen = screen.parentWidget()
    report = {"field_on": type(screen).__name__, "popup": type(app.activePopupWidget()).__name__,
              "size_on_login": [window.width(), window.height()]}
    screen.cancel_button.click()  # type: ignore[union-attr]
    QTimer.singleShot(300, lambda: write(report_path, {**report, "after": state(app, window)}))


def write(path: Path, report: dict[str, object]) -> None:
    path.write_text(json.dumps(report))


def watch(app: QApplication, folder: Path) -> None:
    """Each step runs once its file appears in `folder` (the test's cue); its report goes beside it."""
    for step in (escape_attempts, right_click_a_text_field):
        cue = folder / step.__name__
        if cue.exists() and not cue.with_suffix(".json").exists() and not cue.with_suffix(".taken").exists():
            cue.with_suffix(".taken").touch()
            step(app, cue.with_suffix(".json"))
    QTimer.singleShot(50, lambda: watch(app, folder))


if __name__ == "__main__":
    cues = Path(sys.argv[1])
    application = make_application()
    QTimer.singleShot(0, lambda: watch(application, cues))
    sys.exit(main(sys.argv[2:]))
