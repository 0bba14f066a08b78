"""The session's image work: once per frame, outside the session's lock, and only what the configuration uses."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from kiosk.faceauth import (
    Decision,
    FaceVerificationSession,
    Frame,
    Progress,
    ReferenceFace,
    VerificationConfig,
    VerificationOutcome,
    observe,
)
from kiosk.faceauth.passive import SurroundingsTracker
from tests.unit.faceauth.helpers import FLAT, FRAME, NEAR, ScriptedMatcher, face

NO_DECISION = [face(320, 0.0, None)]  # a face every frame, never an encoding: the session keeps going


def _count_calls(monkeypatch: pytest.MonkeyPatch, owner: object, name: str,
                 also: Callable[[], None] | None = None) -> list[int]:
    """Wrap the real `owner.name` so that its calls are counted (and `also` runs inside each call)."""
    real = getattr(owner, name)
    calls: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if also is not None:
            also()
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


def _session(script: ScriptedMatcher, reports: list[Progress] | None = None,
             **config: object) -> FaceVerificationSession:
    options: dict[str, object] = {"timeout_s": 60.0}
    options.update(config)
    return FaceVerificationSession(script, ReferenceFace(NEAR), VerificationConfig(**options),  # type: ignore[arg-type]
                                   on_progress=reports.append if reports is not None else None,
                                   clock=lambda: script.now)


def _feed(session: FaceVerificationSession, frames: int, frame: Frame = FRAME) -> VerificationOutcome:
    for _ in range(frames):
        session.submit(frame)
        session.wait_idle()
    session.cancel()
    outcome = session.wait(5.0)
    session.close()
    assert outcome is not None
    return outcome


def test_each_frame_s_face_quality_is_judged_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_calls(monkeypatch, observe, "face_quality")
    outcome = _feed(_session(ScriptedMatcher(NO_DECISION), liveness=False), 8)
    assert outcome.frames_used == 8
    assert len(calls) == 8  # the first on the new face, then each on the last frame's box, reused for coaching


def test_the_last_frame_s_face_judged_in_this_frame_decides_whether_to_encode() -> None:
    sharp = ScriptedMatcher(NO_DECISION)
    _feed(_session(sharp, liveness=False), 3)
    assert sharp.encode_asked == [True, True, True]  # a sharp, centred, large face: every frame encoded
    blurred = ScriptedMatcher(NO_DECISION)
    _feed(_session(blurred, liveness=False), 3, frame=FLAT)  # flat grey: nothing sharp to encode
    assert blurred.encode_asked == [True, False, False]  # only the first, on trust


@pytest.mark.parametrize(("liveness", "passive"), [(False, False), (True, False), (True, True)])
def test_the_surroundings_and_eyes_are_read_only_for_passive_liveness(
        monkeypatch: pytest.MonkeyPatch, liveness: bool, passive: bool) -> None:
    tracked = _count_calls(monkeypatch, SurroundingsTracker, "update")
    eyes = _count_calls(monkeypatch, observe, "read_eyes")
    _feed(_session(ScriptedMatcher(NO_DECISION), liveness=liveness, passive_liveness=passive), 6)
    assert len(tracked) == (6 if liveness and passive else 0)
    assert len(eyes) == (6 if liveness and passive else 0)


def test_image_work_leaves_the_session_free_to_take_frames(monkeypatch: pytest.MonkeyPatch) -> None:
    # While the worker judges a frame (quality, surroundings), the camera's thread must still be able to offer the
    # next frame: image work under the session's lock would hold up the preview.
    held_up: list[bool] = []
    holder: list[FaceVerificationSession] = []

    def offer_from_another_thread() -> None:
        if not holder or len(held_up) >= 4:  # a few offers; each is analysed in turn, and must not offer forever
            return
        offer = threading.Thread(target=holder[0].submit, args=(FRAME,))
        offer.start()
        offer.join(5.0)  # a guard against a deadlock, not a timing: an unheld lock answers at once
        held_up.append(offer.is_alive())

    _count_calls(monkeypatch, observe, "face_quality", also=offer_from_another_thread)
    _count_calls(monkeypatch, SurroundingsTracker, "update", also=offer_from_another_thread)
    session = _session(ScriptedMatcher(NO_DECISION))
    holder.append(session)
    _feed(session, 4)
    assert held_up and not any(held_up)


def test_frames_offered_from_several_threads_are_each_analysed_or_dropped_once() -> None:
    reports: list[Progress] = []
    session = _session(ScriptedMatcher(NO_DECISION), reports)
    offered_each = 60

    def offer() -> None:
        for _ in range(offered_each):
            session.submit(FRAME)

    threads = [threading.Thread(target=offer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    session.wait_idle()
    session.cancel()
    outcome = session.wait(5.0)
    session.close()
    assert outcome is not None and outcome.decision is Decision.CANCELLED
    assert outcome.frames_used + outcome.frames_dropped == 4 * offered_each
    assert outcome.frames_used >= 1
    analysed = [p for p in reports if p.faces]
    assert len(analysed) == outcome.frames_used  # one progress report per analysed frame, none lost or doubled
