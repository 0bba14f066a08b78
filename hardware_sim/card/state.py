"""Persistent card state: retry counters and changed PINs per persona, in a JSON file written atomically."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.atomic_file import write_atomically

logger = logging.getLogger(__name__)

_VERSION = 1


class StateFileError(RuntimeError):
    """The state file exists but cannot be understood."""


@dataclass
class PinState:
    """What a card remembers of its PINs across power cycles (keys like `JPKI/0018`)."""

    tries_left: dict[str, int] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)


class StateStore:
    """Card state of every persona in one JSON file, or only in memory when `path` is None."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._memory: dict[str, PinState] = {}

    def load(self, persona_key: str) -> PinState | None:
        """The saved state of `persona_key`'s card, or None if it was never saved (or was reset)."""
        if self.path is None:
            return self._memory.get(persona_key)
        entry = self._read().get(persona_key)
        if entry is None:
            return None
        try:
            return PinState(
                {str(k): int(v) for k, v in entry["tries_left"].items()},
                {str(k): str(v) for k, v in entry["values"].items()},
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise StateFileError(f"{self.path}: bad entry for {persona_key!r}") from error

    def save(self, persona_key: str, state: PinState) -> None:
        """Remember `state` for `persona_key` (atomically replacing the file)."""
        if self.path is None:
            self._memory[persona_key] = PinState(dict(state.tries_left), dict(state.values))
            return
        cards = self._read()
        cards[persona_key] = {"tries_left": state.tries_left, "values": state.values}
        self._write(cards)

    def forget(self, persona_key: str) -> None:
        """Drop `persona_key`'s state so its card starts from the persona again."""
        if self.path is None:
            self._memory.pop(persona_key, None)
            return
        cards = self._read()
        if cards.pop(persona_key, None) is not None:
            self._write(cards)

    def _read(self) -> dict[str, Any]:
        assert self.path is not None  # noqa: S101 - callers check
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            raise StateFileError(f"cannot read card state {self.path}: {error}") from error
        if not isinstance(document, dict) or document.get("version") != _VERSION:
            raise StateFileError(f"{self.path} is not a card state file (version {_VERSION})")
        cards = document.get("cards")
        if not isinstance(cards, dict):
            raise StateFileError(f"{self.path}: no cards")
        return cards

    def _write(self, cards: dict[str, Any]) -> None:
        assert self.path is not None  # noqa: S101 - callers check
        text = json.dumps({"version": _VERSION, "cards": cards}, indent=1, sort_keys=True)
        write_atomically(self.path, text.encode("utf-8"))
        logger.debug("card state saved to %s", self.path)
