"""Which prompt to speak, and when: pure logic over the flow's views, with an injected player and clock time.

The guide never sees a PIN digit, a name or a number from a card: it reads only the flow's state, notice, failure,
outcome, the PIN tries counter (as one of four fixed prompts) and whether the card is on the reader.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from kiosk.flow import Failure, FlowView, Notice, State

from .catalogue import (
    CHIME,
    CLICK,
    ERROR,
    PROMPTS,
    consent_item_prompt_id,
    face_prompt_id,
    failure_prompt_id,
    notice_prompt_id,
    state_prompt_id,
    take_card_prompt_id,
    tries_left_prompt_id,
)

#: Seconds between two "please take your card" while the card stays on the reader.
TAKE_CARD_REMINDER_S = 10.0
#: Screens whose own words already say that staff are coming.
STAFF_ANNOUNCED = frozenset({State.STAFF_CHECK, State.PAPER_STAFF_AUTH, State.DISASTER_CONSENT})
#: Screens entered because something went wrong: an error tone before the words.
ERROR_STATES = frozenset({State.FAILED, State.PIN_BLOCKED, State.FAILSAFE})
#: Where reading the card leads when it went well: a chime before the words.
NOT_A_GOOD_READ = frozenset({State.IDLE, State.FAILSAFE, State.TAKE_CARD}) | ERROR_STATES


@dataclass(frozen=True)
class Cue:
    """One sound to play: a prompt in a language, or a tone (language None)."""

    sound: str
    language: str | None = None


class Player(Protocol):
    """Plays cues one after another, off the caller's thread; never raises for a missing sound device."""

    def play(self, cues: Sequence[Cue], *, interrupt: bool = True) -> None:
        """Queue `cues`; `interrupt` first stops what is playing and drops what was queued."""

    def stop(self) -> None:
        """Stop playing and drop the queue."""


def notice_prompts(view: FlowView) -> tuple[str, ...]:
    """The words for the screen's notice: a wrong PIN says the tries left (from the flow's counter only)."""
    if view.notice is None:
        return ()
    if view.notice is Notice.PIN_WRONG:
        return (notice_prompt_id(Notice.PIN_WRONG), *_tries(view))
    return (notice_prompt_id(view.notice),)


def _tries(view: FlowView) -> tuple[str, ...]:
    if view.pin_tries_left is None:
        return ()
    return (tries_left_prompt_id(view.pin_tries_left), *(("pin.last_try",) if view.pin_last_try else ()))


def _body(view: FlowView) -> tuple[str, ...]:
    match view.state:
        case State.PIN_ENTRY:
            if view.notice is Notice.PIN_WRONG:
                return ()  # the notice already says it all
            return (state_prompt_id(State.PIN_ENTRY), *_tries(view))
        case State.PIN_BLOCKED:
            return (failure_prompt_id(Failure.PIN_BLOCKED, face_available=view.face_available),)
        case State.FAILED:
            failure = view.failure or Failure.BACKEND_REJECTED
            said = failure_prompt_id(failure, queued=view.queued_for_later)
            offers = (("offer.register",) if view.registration_offered else ()) + (
                ("offer.declare",) if view.declaration_offered else ())
            return (said, *offers)
        case State.CONSENT:  # what would be shared, item by item, then the two answers
            items = tuple(consent_item_prompt_id(item) for item in view.consent_offered)
            return (state_prompt_id(State.CONSENT), *items, "consent.answers")
        case State.RESULT:
            return (state_prompt_id(State.RESULT), "result.take_card" if view.card_present else "result.wait")
        case State.TAKE_CARD:
            return (take_card_prompt_id(view.last_outcome.kind if view.last_outcome else None),)
        case state:
            return (state_prompt_id(state),)


def screen_prompts(view: FlowView) -> tuple[str, ...]:
    """What the screen of `view` says aloud on entering it (and on "repeat"): its notice first, then its words."""
    return notice_prompts(view) + _body(view)


class VoiceGuide:
    """Turns views, PIN key presses, staff calls and the passing of time into cues for the player."""

    def __init__(self, player: Player, *, reminder_s: float = TAKE_CARD_REMINDER_S, enabled: bool = True) -> None:
        self._player = player
        self._reminder_s = reminder_s
        self._enabled = enabled
        self._view: FlowView | None = None
        self._language = "ja"
        self._next_reminder: float | None = None
        self._staff_call_pending = False

    @property
    def enabled(self) -> bool:
        return self._enabled

    def set_enabled(self, enabled: bool) -> None:
        self._enabled = enabled
        if not enabled:
            self._player.stop()

    def show(self, view: FlowView, language: str, now: float) -> None:
        """The flow's view changed (seconds_left is ignored): speak what is new on the screen."""
        previous, self._view, self._language = self._view, view, language
        if view.notice is Notice.STAFF_CALLED and (previous is None or previous.notice is not Notice.STAFF_CALLED):
            self._staff_call_pending = False  # the screen's own notice (係員を呼んでいます) says it: not twice
        if previous is None or previous.state is not view.state:
            self._next_reminder = now + self._reminder_s if view.state is State.TAKE_CARD else None
            self._entered(previous, view)
        elif view.still_there_asked and not previous.still_there_asked:
            self._say(("still_there",))
        elif view.notice is not None and view.notice != previous.notice:
            self._say(notice_prompts(view), tone=ERROR.id if view.notice is Notice.PIN_WRONG else None)
        elif view.face_prompt != previous.face_prompt and view.face_prompt is not None:
            if face_prompt_id(view.face_prompt) in PROMPTS:
                self._say((face_prompt_id(view.face_prompt),))
        elif view.state is State.PIN_ENTRY and view.pin_tries_left != previous.pin_tries_left:
            self._say(screen_prompts(view))
        self._speak_staff_call()

    def _entered(self, previous: FlowView | None, view: FlowView) -> None:
        tone = None
        if view.state in ERROR_STATES or view.notice is Notice.PIN_WRONG:
            tone = ERROR.id
        elif previous is not None and previous.state is State.READING_CARD and view.state not in NOT_A_GOOD_READ:
            tone = CHIME.id
        words = screen_prompts(view)
        if self._staff_call_pending and view.state not in STAFF_ANNOUNCED:
            words += ("staff.called",)
        self._staff_call_pending = False
        if view.still_there_asked:
            words = ("still_there",)
        self._say(words, tone=tone)

    def tick(self, now: float) -> None:
        """Time passed: the take-card reminder while the card stays, and a staff call no screen change carried."""
        self._speak_staff_call()
        if self._view is None or self._view.state is not State.TAKE_CARD or self._next_reminder is None:
            return
        if now >= self._next_reminder:
            self._next_reminder = now + self._reminder_s
            self._say(_body(self._view))

    def staff_called(self) -> None:
        """The flow called staff; said with the next screen's words, or alone at the next tick."""
        self._staff_call_pending = True

    def _speak_staff_call(self) -> None:
        if self._staff_call_pending:
            self._staff_call_pending = False
            if self._view is None or self._view.state not in STAFF_ANNOUNCED:
                self._say(("staff.called",), interrupt=False)

    def digit_pressed(self) -> None:
        """A PIN key: the same neutral click for every digit."""
        if self._enabled:
            self._player.play((Cue(CLICK.id),), interrupt=True)

    def repeat(self) -> None:
        """Say the current screen again."""
        if self._view is not None:
            self._say(screen_prompts(self._view))

    def set_language(self, language: str) -> None:
        """The patient switched the screen language: say the screen again in it."""
        if language != self._language:
            self._language = language
            self.repeat()

    def _say(self, words: Sequence[str], *, tone: str | None = None, interrupt: bool = True) -> None:
        if not self._enabled or not (words or tone):
            return
        cues = ([Cue(tone)] if tone else []) + [Cue(word, self._language) for word in words]
        self._player.play(cues, interrupt=interrupt)
