"""Reception services: one small blocking interface per capability the flow's effects need (`ReceptionServices`),
composed in `compose.py`, the effects runner, and the headless driver."""

from __future__ import annotations

from .headless import ConsentPlan, HeadlessOutcome, HeadlessPath, HeadlessPlan, run_headless_reception
from .protocol import ReceptionServices
from .runner import execute_effect

__all__ = [
    "ConsentPlan",
    "HeadlessOutcome",
    "HeadlessPath",
    "HeadlessPlan",
    "ReceptionServices",
    "execute_effect",
    "run_headless_reception",
]
