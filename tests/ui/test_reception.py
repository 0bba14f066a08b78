"""Complete receptions through the real widgets: PIN, face, wrong PIN, card pulled mid-flow."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.domain import ConsentItem
from kiosk.faceauth import VerificationConfig
from kiosk.ui.screens.guidance import Action

from .conftest import click, place, remove, wait_for


def enter_pin(qtbot: QtBot, kiosk: Kiosk, digits: str) -> None:
    """Types on the hardware keyboard, then presses Enter."""
    pin = kiosk.screens.pin
    qtbot.keyClicks(pin, digits)
    assert pin.display.text() == "●" * len(digits) + "○" * (4 - len(digits))  # masked, never the digits
    qtbot.keyClick(pin, Qt.Key.Key_Return)


def test_idle_screen_tells_the_patient_what_to_do(kiosk: Kiosk) -> None:
    idle = kiosk.screens.idle
    assert idle.instruction.text() == "マイナ保険証を置いてください"
    assert "係員" in idle.paper_note.text()
    assert idle.paper_button.text() == "資格確認書・資格情報のお知らせをお持ちの方"
    assert not idle.disaster_button.isVisible()  # only in disaster mode


def test_pin_reception_shows_burden_ratio_and_insurer_then_asks_for_the_card(qtbot: QtBot, kiosk: Kiosk) -> None:
    s = kiosk.screens
    place(kiosk, "normal")
    wait_for(qtbot, kiosk, s.choose_method)
    click(qtbot, s.choose_method.pin_button)
    wait_for(qtbot, kiosk, s.pin)
    assert s.pin.tries_label.text() == "あと3回入力できます"
    assert not s.pin.warning.isVisible()
    assert not s.pin.ok_button.isEnabled()
    enter_pin(qtbot, kiosk, "1234")
    wait_for(qtbot, kiosk, s.consent)
    click(qtbot, s.consent.by_item_button)
    wait_for(qtbot, kiosk, s.consent_items)
    click(qtbot, s.consent_items.answer_buttons[(ConsentItem.MEDICATION, True)])
    assert s.consent_items.answer_buttons[(ConsentItem.MEDICATION, True)].text() == "✓ 同意する"
    # A patient who taps 同意しない refuses: the tap never turns into "agree", however often it is repeated.
    for _ in range(2):
        click(qtbot, s.consent_items.answer_buttons[(ConsentItem.TREATMENT, False)])
        assert s.consent_items.answer_buttons[(ConsentItem.TREATMENT, False)].text() == "✓ 同意しない"
        assert kiosk.controller.flow.view.consent_choices[ConsentItem.TREATMENT] is False
    # The four usual items are all in view, nothing below the fold (the cost-ceiling notice was on the first screen).
    assert s.consent_items.items_area.verticalScrollBar().maximum() == 0
    assert "限度額情報" in s.consent.ceiling.text()
    click(qtbot, s.consent_items.next_button)
    wait_for(qtbot, kiosk, s.confirm)
    assert "薬剤情報：同意する" in s.confirm.summary.text()
    assert "診療情報：同意しない" in s.confirm.summary.text()
    click(qtbot, s.confirm.confirm_button)
    wait_for(qtbot, kiosk, s.result)
    assert s.result.ratio.text() == "負担割合：3割"
    assert "テスト健康保険組合" in s.result.insurer.text()
    click(qtbot, s.result.done_button)
    wait_for(qtbot, kiosk, s.take_card)
    assert s.take_card.instruction.text() == "カードをお取りください"
    remove(kiosk)
    wait_for(qtbot, kiosk, s.idle)


def test_wrong_pin_shows_tries_left_then_the_last_try_warning(qtbot: QtBot, kiosk: Kiosk) -> None:
    s = kiosk.screens
    place(kiosk, "normal")
    wait_for(qtbot, kiosk, s.choose_method)
    click(qtbot, s.choose_method.pin_button)
    wait_for(qtbot, kiosk, s.pin)
    enter_pin(qtbot, kiosk, "9999")
    qtbot.waitUntil(lambda: s.pin.tries_label.text() == "あと2回入力できます", timeout=10000)
    assert "暗証番号が違います" in s.pin.message.text()
    assert not s.pin.warning.isVisible()
    enter_pin(qtbot, kiosk, "9998")
    qtbot.waitUntil(lambda: s.pin.tries_label.text() == "あと1回入力できます", timeout=10000)
    assert s.pin.warning.isVisible()
    assert "ロック" in s.pin.warning.text()
    enter_pin(qtbot, kiosk, "9997")
    wait_for(qtbot, kiosk, s.guidance)
    assert s.guidance.title.text() == "暗証番号がロックされています"
    assert "市区町村" in s.guidance.next_step.text()
    remove(kiosk)
    wait_for(qtbot, kiosk, s.idle)


def test_a_patient_who_forgot_the_pin_can_call_staff_from_the_keypad(qtbot: QtBot, kiosk: Kiosk) -> None:
    # The last-try warning says "use face auth or staff": the keypad offers both, not only cancel.
    s = kiosk.screens
    place(kiosk, "pin_one_try")
    wait_for(qtbot, kiosk, s.choose_method)
    click(qtbot, s.choose_method.pin_button)
    wait_for(qtbot, kiosk, s.pin)
    assert s.pin.warning.isVisible() and "係員" in s.pin.warning.text()
    assert s.pin.staff_button.text() == "係員を呼ぶ"
    click(qtbot, s.pin.staff_button)
    wait_for(qtbot, kiosk, s.staff_wait)
    remove(kiosk)
    wait_for(qtbot, kiosk, s.idle)


def test_pin_blocked_card_cannot_choose_pin(qtbot: QtBot, kiosk: Kiosk) -> None:
    s = kiosk.screens
    place(kiosk, "pin_blocked")
    wait_for(qtbot, kiosk, s.choose_method)
    assert not s.choose_method.pin_button.isEnabled()
    assert s.choose_method.pin_note.text() == "ロックされているため使えません"
    assert s.choose_method.face_button.isEnabled()


def test_card_pulled_mid_flow_cancels_and_returns_to_idle(qtbot: QtBot, kiosk: Kiosk) -> None:
    s = kiosk.screens
    place(kiosk, "normal")
    wait_for(qtbot, kiosk, s.choose_method)
    click(qtbot, s.choose_method.pin_button)
    wait_for(qtbot, kiosk, s.pin)
    enter_pin(qtbot, kiosk, "1234")
    wait_for(qtbot, kiosk, s.consent)
    remove(kiosk)
    wait_for(qtbot, kiosk, s.idle)
    entries = kiosk.maintenance.reception_log.today()
    assert [entry.outcome for entry in entries] == ["cancelled_card_removed"]


def test_failure_has_its_own_screen_with_the_next_step(qtbot: QtBot, kiosk: Kiosk) -> None:
    s = kiosk.screens
    place(kiosk, "not_mynumber")
    wait_for(qtbot, kiosk, s.guidance)
    assert s.guidance.title.text() == "マイナンバーカードではありません"
    click(qtbot, s.guidance.action_buttons[Action.FINISH])
    wait_for(qtbot, kiosk, s.take_card)
    # Not 「受付を終了しました」, which reads as "checked in": the patient is told plainly it did not happen.
    assert s.take_card.title.text() == "受付はできていません"
    assert "受付窓口" in s.take_card.message.text()


def test_face_match_leads_to_consent_and_no_frame_is_kept(qtbot: QtBot, kiosk: Kiosk) -> None:
    s = kiosk.screens
    kiosk.devices.apply_face_config(VerificationConfig(liveness=False))  # the liveness prompt is timed elsewhere
    place(kiosk, "normal")
    wait_for(qtbot, kiosk, s.choose_method)
    click(qtbot, s.choose_method.face_button)
    wait_for(qtbot, kiosk, s.face)
    assert s.face.privacy.text() == "顔写真は保存しません"
    assert s.face.attempts_label.text() == "あと 3 回試せます"
    qtbot.waitUntil(lambda: s.face.preview.has_frame, timeout=15000)
    assert s.face.prompt_label.text() == "枠に顔を合わせてください"
    wait_for(qtbot, kiosk, s.consent, timeout=30000)
    assert not s.face.preview.has_frame  # no frame outlives the face step


def test_camera_lost_during_face_falls_back_to_pin(qtbot: QtBot, kiosk: Kiosk) -> None:
    s = kiosk.screens
    kiosk.devices.tester["set_scenario"]("camera_lost")
    place(kiosk, "normal")
    wait_for(qtbot, kiosk, s.choose_method)
    click(qtbot, s.choose_method.face_button)
    wait_for(qtbot, kiosk, s.face)
    wait_for(qtbot, kiosk, s.pin, timeout=30000)
    assert s.pin.notice.isVisible()
    assert s.pin.notice.text() == "カメラが使えません。暗証番号で受付できます"
    assert not s.pin.face_button.isVisible()  # the camera is gone: face is no longer offered


def test_face_reception_with_passive_liveness_reaches_the_result_and_back_to_idle(
        qtbot: QtBot, realtime_kiosk: Kiosk) -> None:
    kiosk = realtime_kiosk
    s = kiosk.screens
    assert kiosk.settings.face.liveness  # the default: the patient must be shown to be alive
    place(kiosk, "normal")
    wait_for(qtbot, kiosk, s.choose_method)
    click(qtbot, s.choose_method.face_button)
    wait_for(qtbot, kiosk, s.face)
    # The guide frame shows where the patient's face was found, green when it is the only face.
    qtbot.waitUntil(lambda: s.face.preview.face_box is not None and s.face.preview.face_ok, timeout=15000)
    x, y, w, h = s.face.preview.face_box or (0.0, 0.0, 0.0, 0.0)
    assert 0.15 < w < 0.6 and 0.15 < h < 0.8 and 0.0 <= x and x + w <= 1.0 and 0.0 <= y and y + h <= 1.0
    # Passive liveness: the patient's face moves against the still waiting room. (On a loaded machine too few
    # frames may be analysed in the passive window; the simulated patient then turns as asked: either way, through.)
    wait_for(qtbot, kiosk, s.consent, timeout=15000)
    assert not s.face.preview.has_frame and s.face.preview.face_box is None  # nothing outlives the face step
    click(qtbot, s.consent.all_button)  # the list was in view: no second confirmation
    wait_for(qtbot, kiosk, s.result)
    assert s.result.ratio.text() == "負担割合：3割"
    click(qtbot, s.result.done_button)
    wait_for(qtbot, kiosk, s.take_card)
    remove(kiosk)
    wait_for(qtbot, kiosk, s.idle)
    entries = kiosk.maintenance.reception_log.today()
    assert [(entry.method, entry.outcome) for entry in entries] == [("face", "completed")]
