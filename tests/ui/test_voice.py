"""Voice guidance on the real kiosk: it runs a whole reception with no sound device, and the PIN pad, the
language button and the screens reach the guide through the real widgets."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.config import KioskSettings, VoiceSettings
from kiosk.flow import OutcomeKind, State
from kiosk.speech import AplayPlayer
from kiosk.speech.guide import VoiceGuide
from kiosk.ui.voice import VoiceGuidance
from tests.unit.speech.fakes import RecordingPlayer

from .conftest import click, pin_to_consent, place, remove, wait_for

NO_DEVICE = VoiceSettings(device="headphones", headphones_pcm="no-such-sound-device-for-tests")


def pin_reception(qtbot: QtBot, kiosk: Kiosk) -> None:
    s = kiosk.screens
    pin_to_consent(qtbot, kiosk)
    click(qtbot, s.consent.all_button)  # the list was in view: no second confirmation
    wait_for(qtbot, kiosk, s.result)
    click(qtbot, s.result.done_button)
    wait_for(qtbot, kiosk, s.take_card)
    remove(kiosk)
    wait_for(qtbot, kiosk, s.idle)


def test_with_no_sound_device_the_kiosk_starts_and_runs_a_reception(
        qtbot: QtBot, kiosk_with: Callable[[KioskSettings], Kiosk]) -> None:
    kiosk = kiosk_with(KioskSettings(fullscreen=False, voice=NO_DEVICE))
    outcomes: list[object] = []
    kiosk.controller.outcome_recorded.connect(outcomes.append)
    assert kiosk.voice is not None and isinstance(kiosk.voice.player, AplayPlayer)
    player = kiosk.voice.player
    pin_reception(qtbot, kiosk)
    assert [getattr(outcome, "kind", None) for outcome in outcomes] == [OutcomeKind.COMPLETED]
    assert player.pcm == NO_DEVICE.headphones_pcm
    qtbot.waitUntil(lambda: player.device_failures >= 1)  # it did try, and found nowhere to play
    assert player.started <= 1


def test_the_pin_pad_clicks_and_the_screens_speak_through_the_real_widgets(qtbot: QtBot, kiosk: Kiosk) -> None:
    recorder = RecordingPlayer()
    voice = VoiceGuidance(recorder, parent=kiosk.controller)
    voice.attach(kiosk.controller.view_changed, kiosk.controller.staff_alert, kiosk.screens.pin.digit_pressed,
                 kiosk.language)
    s = kiosk.screens
    place(kiosk, "normal")
    wait_for(qtbot, kiosk, s.choose_method)
    qtbot.waitUntil(lambda: "state.choose_method" in recorder.sounds)
    assert recorder.take()[-2:] == ["tone.chime", "state.choose_method"]
    click(qtbot, s.choose_method.pin_button)
    wait_for(qtbot, kiosk, s.pin)
    qtbot.waitUntil(lambda: "state.pin_entry" in recorder.sounds)
    assert recorder.take() == ["state.pin_entry", "pin.tries_left.3"]
    for digit in "9876":
        click(qtbot, s.pin.digit_buttons[digit])
    click(qtbot, s.pin.digit_buttons["5"])  # a fifth digit is not taken: no click
    assert recorder.take() == ["tone.click"] * 4
    click(qtbot, kiosk.window.language_button)
    qtbot.waitUntil(lambda: bool(recorder.calls))
    assert [(cue.sound, cue.language) for cue in recorder.calls[0][0]] == [
        ("state.pin_entry", "en"), ("pin.tries_left.3", "en")]
    recorder.take()
    click(qtbot, s.pin.ok_button)
    qtbot.waitUntil(lambda: kiosk.controller.flow.state is State.PIN_ENTRY and "notice.pin_wrong" in recorder.sounds,
                    timeout=10000)
    assert recorder.sounds[-3:] == ["tone.error", "notice.pin_wrong", "pin.tries_left.2"]
    assert all(cue.language in ("en", None) for cues, _ in recorder.calls for cue in cues)
    voice.repeat()
    assert recorder.sounds[-2:] == ["notice.pin_wrong", "pin.tries_left.2"]
    voice.volume_down()
    assert recorder.volume == 0.7
    voice.close()
    assert recorder.closed


def test_the_header_says_the_screen_again_and_turns_the_volume_up_for_any_patient(qtbot: QtBot,
                                                                                  kiosk: Kiosk) -> None:
    assert kiosk.voice is not None
    recorder = RecordingPlayer()
    kiosk.voice.player = recorder
    kiosk.voice.guide = VoiceGuide(recorder)
    s = kiosk.screens
    place(kiosk, "normal")
    wait_for(qtbot, kiosk, s.choose_method)
    qtbot.waitUntil(lambda: "state.choose_method" in recorder.sounds)
    recorder.take()
    assert kiosk.window.repeat_button.isVisible() and kiosk.window.repeat_button.text() == "もう一度聞く"
    click(qtbot, kiosk.window.repeat_button)
    assert recorder.take() == ["state.choose_method"]
    before = recorder.volume
    click(qtbot, kiosk.window.louder_button)
    assert recorder.volume > before and recorder.take() == ["state.choose_method"]  # heard at the new level
