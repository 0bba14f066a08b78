"""Every spoken prompt and tone, as data: an id, Japanese and English words, and which screen or event uses it.

Prompts hold fixed words only: never a name, a PIN, a date or a number read from a card. The one count that is
spoken, the PIN tries left, comes from the flow's counter as one of four fixed prompts (zero to three), written
as number words so that no digit appears in any prompt.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from kiosk.domain.pin import USER_AUTH_PIN_TRIES
from kiosk.flow import Failure, Notice, OutcomeKind, State

from . import words
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

# Each failure: what happened and what to do next, as one utterance (the guidance screen's words, for the ear).
_FAILURES: dict[Failure, tuple[str, str]] = {
    Failure.PIN_BLOCKED: ("暗証番号がロックされています。係員による確認で受付できます。"
                          "ロックの解除は、お住まいの市区町村の窓口で行えます。",
                          "Your PIN is locked. A staff member can confirm your identity instead. "
                          "The lock can be reset at your city office."),
    Failure.CERT_EXPIRED: ("電子証明書の有効期限が切れています。カードをお取りになり、受付窓口にお申し出ください。"
                           "証明書の更新は、市区町村の窓口で行えます。",
                           "The certificate on your card has expired. Please take your card and speak to the "
                           "reception desk. You can renew it at your city office."),
    Failure.CERT_REVOKED: ("このカードはご利用いただけません。カードをお取りになり、受付窓口にお申し出ください。",
                           "This card cannot be used. Please take your card and speak to the reception desk."),
    Failure.NOT_MY_NUMBER_CARD: ("マイナンバーカードではありません。カードをお取りになり、ケースから出して、"
                                 "マイナンバーカードを置き直してください。",
                                 "This is not a My Number card. Please take it, remove your My Number card "
                                 "from its case, and place it again."),
    Failure.CARD_UNREADABLE: ("カードを読み取れませんでした。カードをお取りになり、置き直してください。",
                              "The card could not be read. Please take your card and place it again."),
    Failure.NOT_REGISTERED: ("このカードは、健康保険証として登録されていません。",
                             "This card is not registered for health insurance use."),
    Failure.QUALIFICATION_SUPERSEDED: ("新しい保険の資格があります。受付窓口にお申し出ください。",
                                       "There is a newer insurance record. Please speak to the reception desk."),
    Failure.IDENTITY_NOT_CONFIRMED: ("ご本人の確認ができませんでした。"
                                     "カードをお取りになり、受付窓口にお申し出ください。",
                                     "Your identity could not be confirmed. Please take your card and speak to "
                                     "the reception desk."),
    Failure.BACKEND_REJECTED: ("資格確認ができませんでした。受付窓口にお申し出ください。",
                               "Your insurance could not be checked. Please speak to the reception desk."),
    Failure.SEVERAL_CANDIDATES: ("保険の資格を確定できませんでした。受付窓口にお申し出ください。",
                                 "Your insurance could not be determined. Please speak to the reception desk."),
    Failure.BACKEND_UNAVAILABLE: ("ただいま資格確認ができません。受付窓口にお申し出ください。",
                                  "Insurance checks are not available right now. Please speak to the reception "
                                  "desk."),
    Failure.REGISTRATION_FAILED: ("保険証の利用登録ができませんでした。受付窓口にお申し出ください。",
                                  "The registration did not succeed. Please speak to the reception desk."),
    Failure.REGISTRATION_UNAVAILABLE: ("ただいま利用登録ができません。今回は受付窓口にお申し出ください。",
                                       "Registration is not available right now. Please speak to the reception "
                                       "desk."),
    Failure.DISASTER_NOT_DECLARED: ("カードなしでの資格確認はできません。受付窓口にお申し出ください。",
                                    "Insurance cannot be checked without a card here. Please speak to the "
                                    "reception desk."),
    Failure.NO_QUALIFICATION: ("有効な保険の資格が確認できませんでした。受付窓口にお申し出ください。",
                               "No valid insurance was found. Please speak to the reception desk."),
    Failure.QUALIFICATION_INVALID: ("この保険の資格は無効になっています。受付窓口にお申し出ください。",
                                    "This insurance is no longer valid. Please speak to the reception desk."),
}

# Spoken only: what the failure screens offer, said after the failure (their buttons show the choice).
_OFFERS: dict[str, tuple[str, str]] = {
    "offer.face": ("顔認証でも受付できます。", "You can also use face recognition."),
    "offer.register": ("今すぐ登録する、を押すと、この場で登録して受付を続けられます。"
                       "カードは置いたままにしてください。",
                       "Press Register now to register here and continue. Please leave your card on the reader."),
    "offer.declare": ("申立書を記入する、を押すと、この場で申立書を記入できます。",
                      "Press Fill in a declaration to fill in a self-declaration here."),
    "failure.backend_unavailable.queued": ("資格確認は後ほど行います。受付内容を記録しました。"
                                           "受付窓口にお申し出ください。",
                                           "Your insurance will be checked later; your reception is recorded. "
                                           "Please speak to the reception desk."),
}


def state_prompt_id(state: State) -> str:
    return f"state.{state.value}"


def failure_prompt_id(failure: Failure) -> str:
    return f"failure.{failure.value}"


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


def phrase_for(prompt_id: str) -> Phrase | None:
    """The written and spoken words behind a prompt; None for the few said only (failures, offers)."""
    return _PHRASES.get(prompt_id)


def _phrases() -> dict[str, Phrase]:
    phrases: dict[str, Phrase] = {}
    phrases.update({state_prompt_id(state): phrase for state, phrase in words.STATES.items()})
    phrases.update({notice_prompt_id(notice): phrase for notice, phrase in words.NOTICES.items()})
    phrases.update({face_prompt_id(face): phrase for face, phrase in words.FACE_PROMPTS.items()})
    phrases.update({tries_left_prompt_id(count): phrase for count, phrase in words.TRIES_LEFT.items()})
    phrases.update({f"take_card.{ending}": phrase for ending, phrase in words.TAKE_CARD.items()})
    phrases.update(words.OTHER)
    return phrases


_PHRASES = _phrases()


def _catalogue() -> dict[str, Prompt]:
    prompts = {prompt_id: _spoken(prompt_id, phrase) for prompt_id, phrase in _PHRASES.items()}
    for failure, (ja, en) in _FAILURES.items():
        prompts[failure_prompt_id(failure)] = Prompt(failure_prompt_id(failure), ja, en)
    for prompt_id, (ja, en) in _OFFERS.items():
        prompts[prompt_id] = Prompt(prompt_id, ja, en)
    return prompts


#: Every prompt by id (read-only).
PROMPTS: Mapping[str, Prompt] = MappingProxyType(_catalogue())
