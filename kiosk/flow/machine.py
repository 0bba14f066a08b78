"""The reception state machine: `Flow.handle(event) -> effects`. Pure Python: no Qt, no I/O.

One class made of one part per path (each its own module); they share the skeleton in `core`.
"""

from __future__ import annotations

from . import events as ev
from .card_path import CardPath
from .core import CARDLESS_STATES, END_STATES, IDENTITY_STATES, Effects
from .declaration import DeclarationPath
from .disaster import DisasterPath
from .paper import PaperPath
from .registration import RegistrationPath

__all__ = ["CARDLESS_STATES", "END_STATES", "IDENTITY_STATES", "Flow"]


class Flow(CardPath, RegistrationPath, PaperPath, DeclarationPath, DisasterPath):
    """One kiosk's reception flow. Feed it events; run the effects it returns; read `view` to draw the screen."""

    def _in_idle(self, event: ev.Event) -> Effects:
        """Receptions that start without a card (a card placed on the reader starts the card path)."""
        match event:
            case ev.PaperCertificateChosen():
                return self._start_paper()
            case ev.DisasterLookupChosen():
                return self._start_disaster_lookup()
            case ev.RestoreDraft(draft=draft, reason=reason):
                return self._restore_declaration(draft, reason)
        return ()

    def _in_failed(self, event: ev.Event) -> Effects:
        """A failure screen: register now (not registered), fill in a self-declaration, or finish."""
        match event:
            case ev.RegistrationRequested():
                return self._start_registration()
            case ev.DeclarationRequested():
                return self._start_declaration()
        return self._in_result(event)
