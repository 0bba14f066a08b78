"""A staff call acknowledged on the reception desk page clears the kiosk's 係員を呼んでいます badge."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.flow import StaffAlert
from kiosk.results import DeskBoard

from .conftest import place, wait_for


def test_the_desk_acknowledgement_clears_the_badge(qtbot: QtBot, kiosk: Kiosk) -> None:
    assert kiosk.devices.desk is not None
    desk_side = DeskBoard(kiosk.devices.desk.board.path)  # what `kiosk desk` opens: the same results.sqlite3
    try:
        place(kiosk, "normal")  # a patient at the kiosk asks for the staff check
        wait_for(qtbot, kiosk, kiosk.screens.choose_method)
        kiosk.controller.staff_alert.emit(StaffAlert.STAFF_CHECK_REQUESTED)
        assert kiosk.staff_calls.waiting == 1
        qtbot.waitUntil(lambda: kiosk.window.staff_call.isVisible(), timeout=5000)
        qtbot.waitUntil(lambda: [c.alert for c in desk_side.open_calls()] == ["staff_check_requested"], timeout=5000)
        assert desk_side.acknowledge(None, "suzuki") == 1
        qtbot.waitUntil(lambda: kiosk.staff_calls.waiting == 0, timeout=5000)
        assert not kiosk.window.staff_call.isVisible()
    finally:
        desk_side.close()
