"""A scripted matcher for session tests: one analysis per frame, and a clock that steps 0.1 s per analysis."""

from __future__ import annotations

import math

import numpy as np

from kiosk.faceauth import FaceBox, FivePoints, Frame, FrameAnalysis, ReferenceFace

# Sharp enough to encode, and the same every frame: nothing moves, so the surroundings stay "unknown".
FRAME = np.random.default_rng(0).integers(60, 200, (480, 640, 3), dtype=np.uint8)
FLAT = np.full((480, 640, 3), 128, dtype=np.uint8)
NEAR = np.zeros(128)
FAR = np.full(128, 0.9 / math.sqrt(128))  # 0.9 from the reference


def face(centre_x: float, offset: float, encoding: np.ndarray | None) -> FrameAnalysis:
    """A 180-px face centred at `centre_x`, its nose `offset` eye distances from the middle of the eyes."""
    box = FaceBox(round(centre_x - 90), 150, round(centre_x + 90), 330)
    eyes_y, half = 220.0, 35.0
    points = FivePoints(((centre_x - half - 15, eyes_y), (centre_x - half + 15, eyes_y)),
                        ((centre_x + half - 15, eyes_y), (centre_x + half + 15, eyes_y)),
                        (centre_x + offset * 2 * half, eyes_y + 40))
    return FrameAnalysis(faces=(box,), landmarks=points, encoding=encoding)


class ScriptedMatcher:
    """A matcher that answers from a script, one analysis per frame (the last repeats), and steps `now` 0.1 s."""

    def __init__(self, analyses: list[FrameAnalysis]) -> None:
        self._analyses = analyses
        self.encode_asked: list[bool] = []
        self.now = 0.0

    def encode_reference(self, photo: bytes) -> ReferenceFace:
        return ReferenceFace(NEAR)

    def analyse(self, frame: Frame, *, encode: bool) -> FrameAnalysis:
        self.encode_asked.append(encode)
        self.now += 0.1
        step = self._analyses[min(len(self.encode_asked) - 1, len(self._analyses) - 1)]
        return step if encode or step.encoding is None else FrameAnalysis(step.faces, step.landmarks, None)
