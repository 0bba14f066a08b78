"""Reception services: the blocking facade the flow's effects run against, and the headless driver."""

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
