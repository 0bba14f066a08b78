"""Every spoken prompt and tone, as data: an id, Japanese and English words, and which screen or event uses it.

Prompts hold fixed words only: never a name, a PIN, a date or a number read from a card. The one count that is
spoken, the PIN tries left, comes from the flow's counter as one of four fixed prompts (zero to three), written
as number words so that no digit appears in any prompt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from kiosk.domain import ASKABLE_ITEMS, ConsentItem
from kiosk.domain.pin import USER_AUTH_PIN_TRIES
from kiosk.flow import Failure, Notice, OutcomeKind, State

from . import words
from .failure_words import FAILURES, failure_key
from .words import Phrase

LANGUAGES = ("ja", "en")


@dataclass(frozen=True)
class Prompt:
    """Words spoken in one of the two screen languages."""

    id: str
    ja: str
    en: str

    def text(self, language: str) -> str:
        return self.en if language == "en" else self.ja


@dataclass(frozen=True)
class Tone:
    """A short synthetic sound: notes played one after another (Hz, seconds), without words."""

    id: str
    notes: tuple[tuple[float, float], ...]
    level: float = 0.35  # peak amplitude, 0..1, before the volume setting


CHIME = Tone("tone.chime", ((880.0, 0.12), (1318.5, 0.22)))  # the card was read
CLICK = Tone("tone.click", ((1500.0, 0.025),), level=0.3)  # a PIN key, the same for every digit
ERROR = Tone("tone.error", ((330.0, 0.18), (262.0, 0.3)))  # a wrong PIN, a failure screen
TONES: tuple[Tone, ...] = (CHIME, CLICK, ERROR)

def consent_item_prompt_id(item: ConsentItem) -> str:
    return f"consent.item.{item.value}"


def state_prompt_id(state: State) -> str:
    return f"state.{state.value}"


def failure_prompt_id(failure: Failure, *, queued: bool = False, face_available: bool = True) -> str:
    """The failure screen's words, said: the same entry of the words table the screen shows."""
    return f"failure.{failure_key(failure, queued=queued, face_available=face_available)}"


def notice_prompt_id(notice: Notice) -> str:
    return f"notice.{notice.value}"


def face_prompt_id(prompt: str) -> str:
    return f"face.{prompt}"


def tries_left_prompt_id(tries_left: int) -> str:
    """The prompt for the flow's own counter, clamped to the PIN's 0..3: never a number from anywhere else."""
    return f"pin.tries_left.{max(0, min(USER_AUTH_PIN_TRIES, tries_left))}"


def take_card_ending(outcome: OutcomeKind | None) -> str:
    """Thanks, not checked in, or stopped (by the patient, staff or time): a key of `words.TAKE_CARD`."""
    if outcome in (OutcomeKind.COMPLETED, OutcomeKind.DECLARATION_RECORDED):
        return "completed"
    if outcome in (OutcomeKind.FAILED, OutcomeKind.FAILSAFE):
        return "not_done"
    return "stopped"


def take_card_prompt_id(outcome: OutcomeKind | None) -> str:
    """The take-card screen's ending, said."""
    return f"take_card.{take_card_ending(outcome)}"


def _spoken(prompt_id: str, phrase: Phrase) -> Prompt:
    return Prompt(prompt_id, phrase.spoken("ja"), phrase.spoken("en"))


def phrase_for(prompt_id: str) -> Phrase:
    """The written and spoken words behind a prompt (a failure: its title, and its title and next step said)."""
    return _PHRASES[prompt_id]


def _phrases() -> dict[str, Phrase]:
    phrases: dict[str, Phrase] = {}
    phrases.update({state_prompt_id(state): phrase for state, phrase in words.STATES.items()})
    phrases.update({notice_prompt_id(notice): phrase for notice, phrase in words.NOTICES.items()})
    phrases.update({face_prompt_id(face): phrase for face, phrase in words.FACE_PROMPTS.items()})
    phrases.update({tries_left_prompt_id(count): phrase for count, phrase in words.TRIES_LEFT.items()})
    phrases.update({f"take_card.{ending}": phrase for ending, phrase in words.TAKE_CARD.items()})
    phrases.update(words.OTHER)
    phrases.update({consent_item_prompt_id(item): words.consent_item(item) for item in ASKABLE_ITEMS})
    phrases.update({f"failure.{key}": entry.as_phrase() for key, entry in FAILURES.items()})
    return phrases


_PHRASES = _phrases()


def _catalogue() -> dict[str, Prompt]:
    return {prompt_id: _spoken(prompt_id, phrase) for prompt_id, phrase in _PHRASES.items()}


#: Every prompt by id (read-only).
PROMPTS: Mapping[str, Prompt] = MappingProxyType(_catalogue())
