"""One face track carries the evidence: a swap of faces voids it; encodings only of faces good enough to encode."""

from __future__ import annotations

import numpy as np

from kiosk.faceauth import (
    Decision,
    FaceBox,
    FaceVerificationSession,
    FrameAnalysis,
    LivenessPrompt,
    Progress,
    ReferenceFace,
    VerificationConfig,
)
from kiosk.faceauth.model import Coaching
from kiosk.faceauth.track import face_quality
from tests.unit.faceauth.helpers import FAR, FLAT, FRAME, NEAR, ScriptedMatcher, face


def _run(script: ScriptedMatcher, frames: int, **config: object) -> tuple[Decision, list[Progress]]:
    reports: list[Progress] = []
    options: dict[str, object] = {"prompt": LivenessPrompt.TURN_LEFT, "passive_window_s": 0.25, "timeout_s": 5.0}
    options.update(config)
    session = FaceVerificationSession(script, ReferenceFace(NEAR), VerificationConfig(**options),  # type: ignore[arg-type]
                                      on_progress=reports.append, clock=lambda: script.now)
    for _ in range(frames):
        if session.done:
            break
        session.submit(FRAME)
        session.wait_idle()
    outcome = session.wait(1.0)
    session.close()
    assert outcome is not None
    return outcome.decision, reports


def test_the_holders_photo_swapped_for_another_live_head_starts_over_and_is_refused() -> None:
    # The holder's face matches, the prompt is shown; then another face (far) turns as asked, in another place.
    holder = [face(320, 0.0, NEAR)] * 4
    other = [face(120 + 0 * i, 0.25, FAR) for i in range(12)]
    decision, reports = _run(ScriptedMatcher(holder + other), 16)
    assert decision is Decision.NOT_MATCHED
    assert any(p.prompt is LivenessPrompt.TURN_LEFT for p in reports)  # the holder was asked to turn ...
    assert reports[-1].prompt is None  # ... and the prompt was withdrawn when another face took over


def test_the_same_face_that_matched_and_turned_is_accepted() -> None:
    facing, turned = face(320, 0.0, NEAR), face(322, 0.25, NEAR)
    decision, _ = _run(ScriptedMatcher([facing] * 4 + [turned] * 3 + [facing] * 3), 12)
    assert decision is Decision.MATCHED


def test_a_face_too_small_is_not_encoded_and_the_patient_is_told_to_come_closer() -> None:
    small = FrameAnalysis(faces=(FaceBox(300, 200, 350, 250),), landmarks=None, encoding=NEAR)
    script = ScriptedMatcher([small] * 6)
    decision, reports = _run(script, 6, timeout_s=0.45)
    assert decision is Decision.TIMED_OUT  # never decided on faces it would not trust
    assert script.encode_asked[1:] == [False] * (len(script.encode_asked) - 1)  # only the first, on trust
    assert {p.coaching for p in reports if p.faces} == {Coaching.COME_CLOSER}


def test_coaching_says_what_stands_in_the_way() -> None:
    config = VerificationConfig()
    box = FaceBox(240, 140, 400, 330)
    dark = np.full((480, 640, 3), 30, dtype=np.uint8)
    assert face_quality(dark, box, config) is Coaching.MORE_LIGHT
    assert face_quality(FRAME, FaceBox(10, 10, 60, 60), config) is Coaching.COME_CLOSER
    assert face_quality(FLAT, box, config) is Coaching.FACE_THE_CAMERA  # flat grey: nothing sharp to encode
    assert face_quality(FRAME, FaceBox(0, 0, 160, 190), config) is Coaching.FACE_THE_CAMERA  # in a corner
    assert face_quality(FRAME, box, config) is None
