"""Prompted head-turn liveness from 5-point landmarks: a flat photo cannot move its nose against its eyes."""

from __future__ import annotations

from .model import LivenessPrompt


def expected_sign(prompt: LivenessPrompt) -> float:
    """+1 when the nose should move towards the image's right (patient turns to their own left)."""
    return 1.0 if prompt is LivenessPrompt.TURN_LEFT else -1.0


class TurnDetector:
    """Passes once the nose offset has moved `threshold` eye distances the prompted way for `frames` frames.

    A turn the other way is ignored (people mix up left and right), not counted as a failure.
    """

    def __init__(self, prompt: LivenessPrompt, baseline: float, threshold: float, frames: int) -> None:
        self.prompt = prompt
        self.baseline = baseline
        self.threshold = threshold
        self.frames = frames
        self.best_turn = 0.0
        self._streak = 0
        self.passed = False

    def turn(self, offset: float) -> float:
        """How far the face has turned the prompted way, in eye distances (negative: the other way)."""
        return (offset - self.baseline) * expected_sign(self.prompt)

    def update(self, offset: float) -> bool:
        turned = self.turn(offset)
        self.best_turn = max(self.best_turn, turned)
        self._streak = self._streak + 1 if turned >= self.threshold else 0
        if self._streak >= self.frames:
            self.passed = True
        return self.passed

    def is_back(self, offset: float) -> bool:
        """The face looks at the camera again: within half the threshold of where it started."""
        return -self.threshold < self.turn(offset) < self.threshold / 2.0

    @property
    def progress(self) -> float:
        return 1.0 if self.passed else max(0.0, min(0.9, self.best_turn / self.threshold))
