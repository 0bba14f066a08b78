"""Each start of the kiosk, kept in its data folder, and the runs that did not end cleanly (crash, hang, power cut).

A run marks itself running when it starts and clean when it ends through maintenance mode or a stop request; a
start that finds the mark still set counts the previous run as an unexpected end. The file holds times only.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.atomic_file import write_atomically

KEEP = 20  # unexpected ends remembered with their times (the total is kept as a count)


@dataclass(frozen=True)
class UncleanEnd:
    """A run that ended without saying so: when it had started and when the next start noticed."""

    started_at: str
    noticed_at: str


@dataclass(frozen=True)
class RunHistory:
    starts: int = 0
    unclean_total: int = 0
    recent_unclean: tuple[UncleanEnd, ...] = ()
    running_since: str | None = None
    running: bool = False

    @property
    def last_unclean(self) -> UncleanEnd | None:
        return self.recent_unclean[-1] if self.recent_unclean else None


class RunJournal:
    """The run record in one small JSON file, replaced atomically (temporary file, fsync, rename)."""

    def __init__(self, path: Path, clock: Callable[[], datetime] = datetime.now) -> None:
        self.path = path
        self._clock = clock

    def read(self) -> RunHistory:
        """What the file says now (an unreadable or missing file is an empty history)."""
        raw = self._load()
        recent = tuple(UncleanEnd(str(item.get("started_at", "")), str(item.get("noticed_at", "")))
                       for item in raw.get("unclean", []) if isinstance(item, dict))
        return RunHistory(int(raw.get("starts", 0)), int(raw.get("unclean_total", 0)), recent,
                          raw.get("started_at") if isinstance(raw.get("started_at"), str) else None,
                          bool(raw.get("running", False)))

    def begin(self) -> RunHistory:
        """Record this start; count the previous run as an unexpected end if it never said it ended."""
        raw = self._load()
        now = self._clock().isoformat(timespec="seconds")
        unclean = [item for item in raw.get("unclean", []) if isinstance(item, dict)]
        total = int(raw.get("unclean_total", 0))
        if raw.get("running"):
            unclean.append({"started_at": str(raw.get("started_at", "")), "noticed_at": now})
            total += 1
        self._store({"starts": int(raw.get("starts", 0)) + 1, "running": True, "started_at": now,
                     "unclean_total": total, "unclean": unclean[-KEEP:]})
        return self.read()

    def end(self) -> None:
        """This run ends as intended (maintenance mode's exit, or the service manager's stop)."""
        raw = self._load()
        raw["running"] = False
        self._store(raw)

    def _load(self) -> dict[str, Any]:
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return loaded if isinstance(loaded, dict) else {}

    def _store(self, data: dict[str, Any]) -> None:
        write_atomically(self.path, json.dumps(data).encode("utf-8"))
