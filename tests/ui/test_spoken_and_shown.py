"""What a patient hears and what the screen shows come from one table (`kiosk.speech.words`): every patient screen,
reached by the real flow and drawn by the real controller in both languages, has a spoken prompt in each language,
shows the written form of every prompt said for it, and the voice says at least the words shown."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.flow import Failure, FlowConfig, State
from kiosk.speech import words
from kiosk.speech.catalogue import PROMPTS, failure_prompt_id, phrase_for
from kiosk.speech.guide import screen_prompts
from kiosk.speech.words import Phrase, as_heard, for_the_ear
from kiosk.ui.screens.face import FACE_PROMPTS
from kiosk.ui.screens.guidance import Action
from tests.unit.flow.helpers import RECIPES, Harness


def _shown(widget: QWidget) -> list[str]:
    return [w.text() for w in [*widget.findChildren(QLabel), *widget.findChildren(QAbstractButton)]
            if w.isVisible() and w.text()]


def _reach(state: State) -> Harness:
    config = FlowConfig(ask_prescription=state is State.PRESCRIPTION)
    harness = Harness(dataclasses.replace(config))
    harness.send(*RECIPES.get(state, ()))
    assert harness.state is state
    return harness


def _draw(kiosk: Kiosk, harness: Harness, language: str) -> QWidget:
    controller = kiosk.controller
    controller.default_language = language  # the idle screen switches back to it
    controller.flow = harness.flow
    controller.language.set_language(language)
    controller.render(force=True)
    QCoreApplication.processEvents()
    screen = kiosk.window.current_screen
    assert screen is not None
    return screen


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_patient_screen_shows_what_it_says_and_says_what_it_shows(qtbot: QtBot, kiosk: Kiosk,
                                                                         language: str) -> None:
    found: dict[str, list[str]] = {}
    for state in State:
        harness = _reach(state)
        view = harness.flow.view
        screen = _draw(kiosk, harness, language)
        shown = _shown(screen)
        said = screen_prompts(view)
        problems = [] if said else ["no spoken prompt"]
        for prompt_id in said:
            for spoken_in in ("ja", "en"):
                if not PROMPTS[prompt_id].text(spoken_in).strip():
                    problems.append(f"{prompt_id} has no words in {spoken_in}")
            phrase = phrase_for(prompt_id)
            written = phrase.written(language)
            if not any(written in text for text in shown):
                problems.append(f"{prompt_id}: {written!r} is said but not shown (shown: {shown})")
            if as_heard(written, language) not in as_heard(phrase.spoken(language), language):
                problems.append(f"{prompt_id}: the voice ({phrase.spoken(language)!r}) leaves out {written!r}")
        if problems:
            found[state.value] = problems
    kiosk.controller.language.set_language("ja")
    assert not found, found


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_face_prompt_is_shown_in_the_words_it_is_said(qtbot: QtBot, kiosk: Kiosk, language: str) -> None:
    kiosk.controller.language.set_language(language)
    face = kiosk.screens.face
    try:
        for value, phrase in words.FACE_PROMPTS.items():
            face.set_prompt(FACE_PROMPTS[value])
            assert face.prompt_label.text() == phrase.written(language)
            assert as_heard(phrase.written(language), language) in as_heard(PROMPTS[f"face.{value}"].text(language),
                                                                           language)
    finally:
        kiosk.controller.language.set_language("ja")


def test_the_spoken_form_is_derived_for_the_ear_unless_stated() -> None:
    derived = Phrase("暗証番号は数字4桁です。「記録する」を押してください", 'The PIN has 4 digits. Press "Record"')
    assert derived.spoken("ja") == "暗証番号は数字四桁です。記録する、を押してください。"
    assert derived.spoken("en") == "The PIN has four digits. Press Record."
    assert for_the_ear("期限切れ（猶予期間中）", "ja") == "期限切れ、猶予期間中。"
    stated = Phrase("カメラを見てください", "Look at the camera", "顔認証をします。カメラを見てください。")
    assert stated.spoken("ja") == "顔認証をします。カメラを見てください。"
    assert stated.spoken("en") == "Look at the camera."


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_failure_screen_is_said_in_its_own_words(qtbot: QtBot, kiosk: Kiosk, language: str) -> None:
    """Each failure (and the two screens worded apart: a locked PIN with no face left, a check kept for later)."""
    kiosk.controller.language.set_language(language)
    guidance = kiosk.screens.guidance
    cases = [(failure, False, True) for failure in Failure]
    cases += [(Failure.PIN_BLOCKED, False, False), (Failure.BACKEND_UNAVAILABLE, True, True)]
    try:
        for failure, queued, face_available in cases:
            guidance.show_failure(failure, (Action.CALL_STAFF, Action.FINISH), queued=queued,
                                  face_available=face_available)
            said = as_heard(PROMPTS[failure_prompt_id(failure, queued=queued, face_available=face_available)]
                            .text(language), language)
            for label in (guidance.title, guidance.next_step):
                assert as_heard(label.text(), language) in said, (failure, label.text(), said)
    finally:
        kiosk.controller.language.set_language("ja")
