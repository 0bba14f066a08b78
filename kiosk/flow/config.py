"""Timeouts, limits and the injected clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from kiosk.domain import DEFAULT_ASKED_ITEMS, ConsentItem

from .model import State


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def today(self) -> date: ...


class ManualClock:
    """A clock that moves only when told to (tests, headless runs)."""

    def __init__(self, start: float = 0.0, today: date | None = None) -> None:
        self._now = start
        self._today = today or date.today()

    def monotonic(self) -> float:
        return self._now

    def today(self) -> date:
        return self._today

    def advance(self, seconds: float) -> None:
        self._now += seconds


def _default_timeouts() -> dict[State, float]:
    return {
        State.READING_CARD: 15.0,
        State.CHOOSE_METHOD: 120.0,
        State.FACE: 45.0,
        State.PIN_ENTRY: 120.0,
        State.VERIFYING_PIN: 15.0,
        State.PIN_BLOCKED: 120.0,
        State.STAFF_CHECK: 300.0,
        State.CONSENT: 120.0,
        State.CONSENT_ITEMS: 180.0,
        State.PRESCRIPTION: 120.0,
        State.CONFIRM: 120.0,
        State.SUBMITTING: 45.0,
        State.RESULT: 30.0,  # then "please take your card"
        State.FAILED: 120.0,  # then "please take your card"
        State.TAKE_CARD: 60.0,  # asked again while the card stays; staff are told once
        State.FAILSAFE: 10.0,
        State.REGISTER_TERMS: 180.0,  # the terms take a while to read
        State.REGISTERING: 45.0,
        State.PAPER_STAFF_AUTH: 300.0,
        State.PAPER_FORM: 300.0,
        State.PAPER_CHECKING: 45.0,
        State.DECLARATION_FORM: 300.0,  # counted from the last keystroke
        State.DECLARATION_CONFIRM: 120.0,
        State.DECLARATION_SUBMITTING: 30.0,
        State.DECLARATION_DONE: 30.0,  # then "please take your card" (or idle)
        State.DISASTER_CONSENT: 300.0,
        State.DISASTER_FORM: 300.0,
        State.DISASTER_LOOKUP: 45.0,
    }


@dataclass(frozen=True)
class FlowConfig:
    """Seconds each state may last, how often face auth is tried before falling back to PIN, and what the facility
    asks: the consent items (from the catalogue in `kiosk.domain.consent`) and the prescription choice."""

    timeouts: dict[State, float] = field(default_factory=_default_timeouts)
    max_face_attempts: int = 3
    registration_terms_version: str = "2024-12"  # the insurance-use terms shown and agreed to
    consent_items: tuple[ConsentItem, ...] = DEFAULT_ASKED_ITEMS  # none: the consent screen is skipped
    ask_prescription: bool = False  # 電子処方箋 or 紙の処方箋, asked after consent

    def __post_init__(self) -> None:
        shown_only = [item.value for item in self.consent_items if not item.asked]
        if shown_only:
            raise ValueError(f"information-only items cannot be asked: {', '.join(shown_only)}")

    def timeout(self, state: State) -> float | None:
        return None if state is State.IDLE else self.timeouts.get(state, 60.0)
