"""Matching never stalls the preview: the caller's thread keeps the camera's pace while dlib works."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from hardware_sim.camera import SimulatedCamera
from hardware_sim.personas import get_persona
from kiosk.faceauth import Decision, FaceVerificationSession, Frame, ReferenceFace, run_verification
from kiosk.faceauth.process_matcher import ProcessFaceMatcher
from tests.fixtures.camera import fast_config


class Replay:
    """Pre-rendered frames at 30 fps, so that the figure measures the session, not the simulator's drawing."""

    def __init__(self, frames: list[Frame], seconds: float) -> None:
        self._frames = frames
        self._count = round(seconds * 30)
        self._index = 0
        self._started = time.monotonic()

    def read(self) -> Frame | None:
        if self._index >= self._count:
            return None
        due = self._started + self._index / 30.0
        time.sleep(max(0.0, due - time.monotonic()))
        frame = self._frames[self._index % len(self._frames)]
        self._index += 1
        return frame

    def close(self) -> None:
        self._frames = []


def test_preview_keeps_its_frame_rate_while_matching(
    process_matcher: ProcessFaceMatcher, card_reference: Callable[[str], ReferenceFace]
) -> None:
    simulator = SimulatedCamera(get_persona("normal"), "other_person", realtime=False)
    camera = Replay([simulator.render(i / 30, i) for i in range(30)], seconds=3.0)
    shown: list[float] = []

    def preview(frame: Frame) -> None:
        shown.append(time.monotonic())

    session = FaceVerificationSession(
        process_matcher, card_reference("normal"), fast_config(timeout_s=2.0, max_match_frames=99,
                                                               frames_required=99)
    )
    outcome = run_verification(camera, session, on_frame=preview)
    assert outcome.decision is Decision.TIMED_OUT  # matched the whole time, never allowed to decide
    assert outcome.frames_used >= 4
    gaps = np.diff(shown)
    fps = (len(shown) - 1) / (shown[-1] - shown[0])
    assert fps >= 20.0, f"preview at {fps:.1f} fps"
    # dlib holds the GIL ~100 ms per encoding: on a thread this would show as gaps that long.
    assert np.percentile(gaps, 95) < 0.08, f"95th percentile gap {np.percentile(gaps, 95) * 1000:.0f} ms"
    assert outcome.frames_dropped > len(shown) / 2
