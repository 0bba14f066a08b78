"""Every screen has words in both languages, every prompt is reached, and no prompt can carry personal data."""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest

from hardware_sim.personas import all_personas
from kiosk.domain import ASKABLE_ITEMS
from kiosk.faceauth.model import Coaching, LivenessPrompt
from kiosk.flow import Failure, FlowView, Notice, Outcome, OutcomeKind, State
from kiosk.speech import LANGUAGES, PROMPTS, Cue, VoiceGuide, screen_prompts
from kiosk.speech.catalogue import face_prompt_id, tries_left_prompt_id
from tests.unit.flow.helpers import reach
from tests.unit.speech.fakes import RecordingPlayer

DIGITS = re.compile(r"[0-9０-９]")
#: Persona fields that describe the test case, not the patient (the key, a summary for testers, photo files).
NOT_PERSONAL = frozenset({"key", "summary", "card_photo", "live_photo"})


def spoken(view: FlowView) -> list[str]:
    ids = screen_prompts(view)
    assert ids, f"{view.state} says nothing"
    return [PROMPTS[prompt_id].text(language) for prompt_id in ids for language in LANGUAGES]


@pytest.mark.parametrize("state", list(State), ids=lambda state: state.value)
def test_every_state_a_patient_sees_has_words_in_japanese_and_english(state: State) -> None:
    """Reached through the real flow, as a patient would reach it."""
    view = reach(state).flow.view if state is not State.IDLE else FlowView(State.IDLE)
    for prompt_id in screen_prompts(view):
        prompt = PROMPTS[prompt_id]
        assert prompt.ja.strip() and prompt.en.strip(), prompt_id
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", prompt.ja), f"{prompt_id}: no Japanese"
        assert prompt.en.isascii(), f"{prompt_id}: English words with other scripts"


@pytest.mark.parametrize("failure", list(Failure), ids=lambda failure: failure.value)
def test_each_failure_speaks_its_own_reason(failure: Failure) -> None:
    ids = screen_prompts(FlowView(State.FAILED, failure=failure))
    assert ids[0] == f"failure.{failure.value}"
    spoken(FlowView(State.FAILED, failure=failure))


def test_the_take_card_reminder_says_how_the_visit_ended() -> None:
    def ending(kind: OutcomeKind) -> str:
        view = FlowView(State.TAKE_CARD, last_outcome=Outcome(kind, State.RESULT))
        return screen_prompts(view)[0]

    assert ending(OutcomeKind.COMPLETED) == "take_card.completed"
    assert ending(OutcomeKind.FAILED) == "take_card.not_done"
    assert ending(OutcomeKind.TIMED_OUT) == "take_card.stopped"
    assert {ending(kind) for kind in OutcomeKind} == {"take_card.completed", "take_card.not_done", "take_card.stopped"}


def test_every_liveness_prompt_of_the_face_step_is_spoken() -> None:
    assert {face_prompt_id(prompt.value) for prompt in LivenessPrompt} <= set(PROMPTS)


def reachable_prompts() -> set[str]:
    """Every prompt id some view or event makes the guide say."""
    views: list[FlowView] = [reach(state).flow.view for state in State if state is not State.IDLE]
    views.append(FlowView(State.IDLE))
    views.append(FlowView(State.CONSENT, consent_offered=ASKABLE_ITEMS))  # any item a facility may ask
    for failure in Failure:
        views += [FlowView(State.FAILED, failure=failure, registration_offered=True, declaration_offered=True),
                  FlowView(State.FAILED, failure=failure, queued_for_later=True)]
    views += [FlowView(State.PIN_ENTRY, notice=notice, pin_tries_left=tries) for notice in [None, *Notice]
              for tries in range(4)]
    views += [FlowView(State.PIN_BLOCKED, face_available=True), FlowView(State.PIN_BLOCKED, face_available=False),
              FlowView(State.RESULT, card_present=True),
              FlowView(State.RESULT, card_present=False)]
    views += [FlowView(State.TAKE_CARD, last_outcome=Outcome(kind, State.RESULT)) for kind in OutcomeKind]
    said = {prompt for view in views for prompt in screen_prompts(view)}
    player = RecordingPlayer()
    guide = VoiceGuide(player)
    guide.show(FlowView(State.FACE), "ja", 0.0)
    for prompt in (*LivenessPrompt, *Coaching):
        guide.show(FlowView(State.FACE, face_prompt=prompt.value), "ja", 0.0)
    guide.show(FlowView(State.FACE, still_there_asked=True), "ja", 0.0)
    guide.staff_called()
    guide.tick(1.0)
    return said | {sound for sound in player.sounds if sound in PROMPTS}


def test_no_prompt_is_kept_for_later_every_one_is_reached() -> None:
    assert set(PROMPTS) - reachable_prompts() == set()


def test_tries_left_is_one_of_four_fixed_prompts_whatever_the_count() -> None:
    assert [tries_left_prompt_id(count) for count in (-1, 0, 1, 2, 3, 7)] == [
        "pin.tries_left.0", "pin.tries_left.0", "pin.tries_left.1", "pin.tries_left.2", "pin.tries_left.3",
        "pin.tries_left.3"]


def persona_words() -> set[str]:
    """Every name, kana, insurer, number and date a persona (or its card) carries, and each part of a name."""
    words: set[str] = set()

    def collect(value: object) -> None:
        if isinstance(value, str) and value.strip():
            words.add(value.strip())
            words.update(part for part in re.split(r"[\s\u3000]+", value) if len(part) >= 2)
        elif isinstance(value, date):
            words.update({value.isoformat(), str(value.year), f"{value.month}月{value.day}日"})
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for item in dataclasses.fields(value):
                if item.name not in NOT_PERSONAL:
                    collect(getattr(value, item.name))
        elif isinstance(value, tuple | list):
            for item in value:
                collect(item)

    for persona in all_personas().values():
        collect(persona)
    return words


def test_the_persona_words_are_really_collected() -> None:
    """The scan below is only as good as this list: it holds names, kana and numbers of the test patients."""
    words = persona_words()
    assert {"山田 太郎", "山田", "タロウ", "全国健康保険協会 大阪支部"} <= words
    assert any(word.isdigit() and len(word) >= 4 for word in words)


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_prompt_holds_a_digit_or_any_persona_word(language: str) -> None:
    # Single-character and common words of the prompts' own vocabulary may appear in a persona's data too.
    words = {word for word in persona_words() if len(word) >= 2} - {"健康保険"}
    for prompt in PROMPTS.values():
        text = prompt.text(language)
        assert not DIGITS.search(text), f"{prompt.id}: a digit in {text!r}"
        found = sorted(word for word in words if word in text)
        assert not found, f"{prompt.id} says {found}"


def test_tones_have_no_language_and_prompts_have_one() -> None:
    player = RecordingPlayer()
    guide = VoiceGuide(player)
    guide.show(FlowView(State.READING_CARD), "en", 0.0)
    guide.show(FlowView(State.CHOOSE_METHOD), "en", 0.1)
    chime, words = player.calls[-1][0]
    assert chime == Cue("tone.chime") and words == Cue("state.choose_method", "en")
