"""Whole verifications: the in-process simulated webcam, the real matcher in its process, the real session."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from hardware_sim.camera import ATTACKS, SimulatedCamera
from hardware_sim.personas import get_persona
from kiosk.faceauth import (
    Decision,
    FaceVerificationSession,
    Frame,
    FrameAnalysis,
    LivenessPrompt,
    Phase,
    ReferenceFace,
    VerificationOutcome,
    run_verification,
    scene_clock,
)
from kiosk.faceauth.process_matcher import ProcessFaceMatcher
from tests.fixtures.camera import ProgressLog, fast_config

Verify = Callable[..., tuple[VerificationOutcome, ProgressLog]]


@pytest.fixture
def verify(process_matcher: ProcessFaceMatcher, card_reference: Callable[[str], ReferenceFace]) -> Verify:
    def run(card: str, scenario: str, shown: str | None = None, *, realtime: bool = False,
            **config: object) -> tuple[VerificationOutcome, ProgressLog]:
        # Stepped unless asked: in lock step on the scene's clock, so the decision is the same on a busy CI runner
        # as on an idle machine. Real time: one test here, the pytest-qt face reception and benchmarks/.
        camera = SimulatedCamera(get_persona(shown or card), scenario, seed=7, realtime=realtime)
        log = ProgressLog(camera)
        clock = scene_clock(camera)
        session = FaceVerificationSession(process_matcher, card_reference(card), fast_config(**config),
                                          on_progress=log, clock=clock or time.monotonic)
        return run_verification(camera, session, lockstep=clock is not None), log

    return run


def test_the_card_holder_is_matched_without_a_prompt_when_the_room_stays_still_behind_them(verify: Verify) -> None:
    outcome, log = verify("normal", "live")
    assert outcome.decision is Decision.MATCHED
    assert outcome.liveness.passed and outcome.liveness.passive and outcome.liveness.prompt is None
    assert outcome.liveness.surroundings == "still"
    assert not any(p.prompt for p in log.reports)  # nobody was asked to turn
    assert outcome.seconds < 1.0


def test_a_holder_keeping_still_is_matched_without_a_prompt_once_they_blink(verify: Verify) -> None:
    # Too still for the surroundings to judge; the blink (2.46 s into this seed's scene) decides.
    outcome, log = verify("normal", "live_still")
    assert outcome.decision is Decision.MATCHED
    assert outcome.liveness.passive and outcome.liveness.blinked and outcome.liveness.surroundings != "still"
    assert not any(p.prompt for p in log.reports)
    assert 2.4 < outcome.seconds < 3.0


@pytest.mark.parametrize(
    ("persona", "prompt"),
    # qualification_lost: card and camera show different photos (0.44 apart), so a half-turned confirm frame
    # would be over the tolerance: the confirm step must wait until the face is back.
    [("normal", LivenessPrompt.TURN_LEFT), ("qualification_lost", LivenessPrompt.TURN_RIGHT)],
)
def test_a_holder_keeping_too_still_to_judge_is_asked_to_turn_and_matched(
        verify: Verify, persona: str, prompt: LivenessPrompt) -> None:
    # Staring: still, and no blink in the passive window, so neither passive signal can judge.
    outcome, log = verify(persona, "live_staring", prompt=prompt)
    assert outcome.decision is Decision.MATCHED
    assert outcome.liveness.checked and outcome.liveness.passed and outcome.liveness.prompt is prompt
    assert not outcome.liveness.passive
    assert outcome.distance is not None and outcome.distance < 0.5
    assert [p.phase for p in log.reports if p.phase is Phase.LIVENESS]  # the UI was told to show the prompt
    assert any(p.prompt is prompt for p in log.reports)


def test_without_liveness_the_holder_is_matched_within_a_second(verify: Verify) -> None:
    outcome, log = verify("pin_one_try", "live", realtime=True, liveness=False)
    assert outcome.decision is Decision.MATCHED
    assert outcome.frames_used == 3  # three agreeing frames decide; timing figures are benchmarks/face_latency.py's
    assert outcome.seconds_since_face is not None and outcome.seconds_since_face < 3.0
    assert outcome.frames_dropped > 0  # the camera is faster than the matcher: frames are skipped, not queued
    assert not outcome.liveness.checked
    box_reports = [p for p in log.reports if p.face_box is not None and p.frame_size is not None]
    assert box_reports
    box, (width, height) = box_reports[-1].face_box, box_reports[-1].frame_size  # type: ignore[misc]
    assert box is not None and 0 <= box.left < box.right <= width and 0 <= box.top < box.bottom <= height


@pytest.mark.parametrize(("card", "shown"), [("pin_one_try", "pin_one_try"), ("cert_expired", "cert_expired")])
def test_hopper_and_collins_cards_reject_each_other(verify: Verify, card: str, shown: str) -> None:
    # other_person shows the hardest impostor: Collins in front of Hopper's card and the other way round.
    outcome, _ = verify(card, "other_person", shown)
    assert outcome.decision is Decision.NOT_MATCHED
    assert outcome.distance is not None and outcome.distance > 0.52


def test_an_empty_room_ends_with_no_face(verify: Verify) -> None:
    outcome, _ = verify("normal", "nobody", face_wait_s=2.0)
    assert outcome.decision is Decision.NO_FACE
    assert outcome.distance is None and outcome.frames_used > 5
    assert 2.0 <= outcome.seconds < 3.0


def test_two_people_end_with_several_faces(verify: Verify) -> None:
    outcome, log = verify("normal", "two_people", timeout_s=2.0)
    assert outcome.decision is Decision.SEVERAL_FACES
    assert any(p.faces == 2 for p in log.reports)


@pytest.mark.parametrize("scenario", ATTACKS)
def test_no_picture_of_the_holder_passes_liveness(verify: Verify, scenario: str) -> None:
    # Flat, turned, still, folded down the nose, on a phone, or swapped for somebody else's head: none is matched.
    outcome, _ = verify("normal", scenario, timeout_s=10.0)
    assert outcome.decision is Decision.LIVENESS_FAILED
    assert outcome.liveness.checked and not outcome.liveness.passed
    # Moved about, a picture's surroundings give it away; propped up still, it cannot blink or turn when asked.
    assert outcome.liveness.surroundings == ("unknown" if scenario == "print_still" else "moved_with_face")
    assert not outcome.liveness.blinked  # a picture's eyes never blink, however it is moved
    assert outcome.distance is not None and outcome.distance < 0.52  # the face itself matches: only liveness saves us


def test_without_liveness_the_photo_attack_would_succeed(verify: Verify) -> None:
    outcome, _ = verify("normal", "photo_attack", liveness=False)
    assert outcome.decision is Decision.MATCHED


def test_a_camera_lost_mid_way_ends_the_session(verify: Verify) -> None:
    # Without passive liveness the holder is matched, then asked to turn; the camera goes before they can.
    outcome, _ = verify("normal", "camera_lost", passive_liveness=False)
    assert outcome.decision is Decision.CAMERA_LOST
    assert outcome.seconds < 1.5


def test_a_face_arriving_late_is_still_matched(verify: Verify) -> None:
    outcome, _ = verify("normal", "late_arrival", liveness=False, timeout_s=6.0)
    assert outcome.decision is Decision.MATCHED
    assert outcome.seconds > 2.5
    assert outcome.seconds_since_face is not None and outcome.seconds_since_face < 1.5


def test_cancel_from_another_thread_ends_at_once(
    process_matcher: ProcessFaceMatcher, card_reference: Callable[[str], ReferenceFace]
) -> None:
    camera = SimulatedCamera(get_persona("normal"), "nobody")
    finished: list[VerificationOutcome] = []
    session = FaceVerificationSession(process_matcher, card_reference("normal"), fast_config(timeout_s=30.0),
                                      on_finished=finished.append)
    threading.Timer(0.5, session.cancel).start()
    started = time.monotonic()
    outcome = run_verification(camera, session)
    assert outcome.decision is Decision.CANCELLED
    assert time.monotonic() - started < 1.5  # cancelled at 0.5 s, not left to the 30 s timeout
    assert finished == [outcome]
    assert not session.submit(camera.render(0.0, 0))  # an ended session takes no more frames


def test_the_real_time_simulated_camera_keeps_wall_clock_pace_for_a_slow_reader() -> None:
    # A reader that falls behind (e.g. a matcher stalling its thread) must not slow the patient's head turn down.
    now = [100.0]
    camera = SimulatedCamera(get_persona("normal"), "live", clock=lambda: now[0], sleep=lambda s: None)
    assert camera.read() is not None
    now[0] += 1.0  # the reader was busy for a second
    camera.show_prompt("turn_left")  # asked now: the persona turns 0.5 s after *now*, not after the missed frames
    assert camera.read() is not None
    assert camera.time_s == pytest.approx(1.0 + 1 / 30, abs=0.04)


class _SlowMatcher:
    """The real matcher on a machine several times slower than this one (a busy CI runner, an old kiosk PC)."""

    def __init__(self, inner: ProcessFaceMatcher, delay_s: float) -> None:
        self._inner, self._delay_s = inner, delay_s

    def encode_reference(self, photo: bytes) -> ReferenceFace:
        return self._inner.encode_reference(photo)

    def analyse(self, frame: Frame, *, encode: bool) -> FrameAnalysis:
        time.sleep(self._delay_s)
        return self._inner.analyse(frame, encode=encode)


def test_a_stepped_camera_in_lockstep_decides_the_same_however_slow_the_matcher(
    process_matcher: ProcessFaceMatcher, card_reference: Callable[[str], ReferenceFace]
) -> None:
    # Stepped, every frame is analysed and the session keeps the scene's time: a matcher taking 0.2 s a frame
    # (longer than a real-time camera's whole turn would allow) still sees the prompted head turn in full.
    camera = SimulatedCamera(get_persona("normal"), "live_still", realtime=False, fps=10.0, seed=7)
    clock = scene_clock(camera)
    assert clock is not None
    log = ProgressLog(camera)
    session = FaceVerificationSession(_SlowMatcher(process_matcher, 0.2), card_reference("normal"),
                                      fast_config(prompt=LivenessPrompt.TURN_RIGHT), on_progress=log, clock=clock)
    started = time.monotonic()
    outcome = run_verification(camera, session, lockstep=True)
    wall_s = time.monotonic() - started
    assert outcome.decision is Decision.MATCHED and outcome.liveness.passed
    assert outcome.frames_dropped == 0 and outcome.frames_used == round(camera.time_s * camera.fps)
    assert outcome.seconds == pytest.approx(camera.time_s, abs=0.11)  # the scene's time, not the wall clock's
    assert wall_s > 0.2 * outcome.frames_used > outcome.seconds


def test_only_stepped_sources_offer_a_scene_clock() -> None:
    assert scene_clock(SimulatedCamera(get_persona("normal"), "live")) is None  # real time: the wall clock rules
    stepped = SimulatedCamera(get_persona("normal"), "live", realtime=False)
    clock = scene_clock(stepped)
    assert clock is not None and clock() == 0.0
    stepped.read()
    stepped.read()
    assert clock() == pytest.approx(2 / 30)
