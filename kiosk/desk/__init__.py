"""The reception desk page: a companion service that shows staff today's receptions of one or more kiosks, live."""

from __future__ import annotations

from .app import Desk, DeskConfig, create_app
from .auth import NamedAccountVerifier, SignInRefusedError, StaffVerifier

__all__ = ["Desk", "DeskConfig", "NamedAccountVerifier", "SignInRefusedError", "StaffVerifier", "create_app"]
