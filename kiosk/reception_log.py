"""Today's receptions for the staff screen: outcome codes only (no PIN, no image, no name). No Qt, memory only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ReceptionEntry:
    at: datetime
    method: str  # an IdentityMethod value, or "" if none was chosen
    outcome: str  # an OutcomeKind value
    failure: str = ""  # a Failure value
    queued: bool = False  # recorded in the outbox for a later check
    path: str = ""  # a ReceptionPath value: card, paper, declaration, disaster ("" if unknown)


class ReceptionLog:
    """Keeps today's entries; older days are dropped as soon as a new one is added or read."""

    def __init__(self, now: Callable[[], datetime] = datetime.now) -> None:
        self._now = now
        self._entries: list[ReceptionEntry] = []

    def add(self, method: str, outcome: str, failure: str = "", queued: bool = False,
            path: str = "") -> ReceptionEntry:
        entry = ReceptionEntry(self._now(), method, outcome, failure, queued, path)
        self._entries.append(entry)
        self._drop_old()
        return entry

    def today(self) -> list[ReceptionEntry]:
        self._drop_old()
        return list(self._entries)

    def _drop_old(self) -> None:
        today = self._now().date()
        self._entries = [entry for entry in self._entries if entry.at.date() == today]
