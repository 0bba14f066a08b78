"""Test patients: the one source of truth for the card, camera and backend simulators."""

from __future__ import annotations

from datetime import date

from .catalogue import build_personas
from .model import CardFacePrint, ElderlyRecipientInfo, InsuranceRecord, Persona


class UnknownPersonaError(KeyError):
    """No persona has that name."""

    def __init__(self, key: str, known: list[str]) -> None:
        super().__init__(key)
        self.key = key
        self.known = known

    def __str__(self) -> str:
        return f"unknown persona {self.key!r}; known: {', '.join(self.known)}"


def all_personas(today: date | None = None) -> dict[str, Persona]:
    """Every persona by key, with certificate dates relative to `today` (default: the real today)."""
    return build_personas(today or date.today())


def get_persona(key: str, today: date | None = None) -> Persona:
    personas = all_personas(today)
    try:
        return personas[key]
    except KeyError:
        raise UnknownPersonaError(key, sorted(personas)) from None


__all__ = [
    "CardFacePrint",
    "ElderlyRecipientInfo",
    "InsuranceRecord",
    "Persona",
    "UnknownPersonaError",
    "all_personas",
    "get_persona",
]
