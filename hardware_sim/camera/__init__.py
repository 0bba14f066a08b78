"""The simulated webcam: scripted scenarios, in process or rendered to an MJPG .avi."""

from __future__ import annotations

from .camera import ATTACKS, SCENARIOS, SimulatedCamera, UnknownScenarioError, other_person_photo

__all__ = ["ATTACKS", "SCENARIOS", "SimulatedCamera", "UnknownScenarioError", "other_person_photo"]
