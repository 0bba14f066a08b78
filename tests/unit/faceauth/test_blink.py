"""Blinks: the eyes' openness from the pixels between the eye corners, and a blink only while the face holds still."""

from __future__ import annotations

import random

import numpy as np
import pytest

from hardware_sim.camera.render import load_face_photo, paste_head, room
from hardware_sim.personas import get_persona
from kiosk.faceauth import Decision, FaceBox, ReferenceFace, VerificationConfig, nose_offset
from kiosk.faceauth.blink import BlinkDetector, EyeReading, read_eyes
from kiosk.faceauth.dlib_backend import DlibFaceMatcher
from kiosk.faceauth.observe import FrameObservation
from kiosk.faceauth.state import VerificationState
from tests.unit.faceauth.helpers import FAR, NEAR

OPEN = 0.7


def _eyes(openness: float, *, distance: float = 70.0, x: float = 320.0, offset: float = 0.1) -> EyeReading:
    return EyeReading(openness, distance, (x, 200.0), offset)


def _run(detector: BlinkDetector, readings: list[EyeReading], fps: float = 30.0) -> bool:
    return any([detector.update(reading, i / fps) for i, reading in enumerate(readings)])


def test_a_blink_of_a_face_holding_still_is_seen() -> None:
    readings = [_eyes(OPEN)] * 8 + [_eyes(0.4), _eyes(0.12), _eyes(0.15), _eyes(0.4), _eyes(OPEN)] + [_eyes(OPEN)] * 2
    detector = BlinkDetector()
    assert _run(detector, readings)
    assert detector.seen


def test_open_eyes_with_sensor_noise_are_no_blink() -> None:
    wobble = [OPEN * (1.0 + 0.03 * ((i * 7) % 5 - 2)) for i in range(60)]
    assert not _run(BlinkDetector(), [_eyes(value) for value in wobble])


def test_eyes_kept_closed_are_no_blink() -> None:
    readings = [_eyes(OPEN)] * 8 + [_eyes(0.1)] * 20 + [_eyes(OPEN)] * 3  # closed for 0.67 s: a hand, a look down
    assert not _run(BlinkDetector(), readings)


@pytest.mark.parametrize("moved", [
    {"distance": 58.0},  # a print turned: its eyes foreshortened
    {"x": 360.0},  # a print shaken: the eyes jump
    {"offset": 0.25},  # a folded print turned: the nose moves against the eyes
])
def test_a_dip_while_the_face_moves_is_no_blink(moved: dict[str, float]) -> None:
    readings = [_eyes(OPEN)] * 8 + [_eyes(0.15, **moved), _eyes(0.12, **moved), _eyes(OPEN), _eyes(OPEN)]
    assert not _run(BlinkDetector(), readings)


def test_the_lids_are_down_mid_blink_only() -> None:
    detector = BlinkDetector()
    for i in range(8):
        detector.update(_eyes(OPEN), i / 30)
    assert not detector.lids_down
    detector.update(_eyes(0.3), 8 / 30)
    assert detector.lids_down  # a face caught mid-blink: its encoding is not counted
    detector.update(_eyes(OPEN), 9 / 30)
    assert not detector.lids_down


@pytest.mark.parametrize("persona", ["normal", "pin_one_try", "cert_expired", "qualification_lost"])
def test_a_simulated_blink_closes_the_eyes_the_kiosk_reads(dlib_matcher: DlibFaceMatcher, persona: str) -> None:
    # The simulator's lids against the kiosk's reading, through the real detector's eye corners.
    path = get_persona(persona).live_photo_path
    assert path is not None
    photo = load_face_photo(path)
    openness = []
    for closed in (0.0, 1.0):
        frame = room(640, 480, 0)
        paste_head(frame, photo, yaw_deg=2.0, centre=(320.0, 230.0), face_width=179.0, eyes_closed=closed)
        analysis = dlib_matcher.analyse(frame, encode=False)
        assert analysis.landmarks is not None
        reading = read_eyes(frame, analysis.landmarks, nose_offset(analysis.landmarks))
        assert reading is not None
        openness.append(reading.openness)
    assert openness[1] < 0.5 * openness[0]


def _seen(openness: float, encoding: np.ndarray | None) -> FrameObservation:
    box = FaceBox(230, 140, 410, 320)
    return FrameObservation((box,), (640, 480), 0, True, box, None, encoding, 0.1, None, _eyes(openness))


def test_a_face_caught_mid_blink_is_not_counted_for_matching() -> None:
    # Closed lids push the encoding away from the card photo: three such frames must not reject the holder.
    state = VerificationState(ReferenceFace(NEAR), VerificationConfig(liveness=False), random.Random(0), 0.0)
    frames = [_seen(OPEN, None)] * 6 + [_seen(0.12, FAR)] * 3 + [_seen(OPEN, NEAR)] * 3
    for i, seen in enumerate(frames):
        state.apply(seen, i / 30, i / 30)
    assert state.outcome is not None and state.outcome.decision is Decision.MATCHED
    assert state.outcome.distance == 0.0  # only the open-eyed frames were compared
