"""Head-turn geometry: the nose moves against the eyes only when a 3-D face turns."""

from __future__ import annotations

import math

import pytest

from kiosk.faceauth import FivePoints, LivenessPrompt, nose_offset
from kiosk.faceauth.liveness import TurnDetector


def _points(nose_x: float, *, angle_deg: float = 0.0, scale: float = 1.0, shift: float = 0.0) -> FivePoints:
    """Eyes 60 px apart, nose 40 px below; transformed in the image plane."""
    raw = [(-38.0, 0.0), (-22.0, 0.0), (22.0, 0.0), (38.0, 0.0), (nose_x, 40.0)]
    a = math.radians(angle_deg)
    moved = [(shift + scale * (x * math.cos(a) - y * math.sin(a)), shift + scale * (x * math.sin(a) + y * math.cos(a)))
             for x, y in raw]
    return FivePoints((moved[0], moved[1]), (moved[2], moved[3]), moved[4])


def test_a_centred_nose_has_no_offset() -> None:
    assert nose_offset(_points(0.0)) == pytest.approx(0.0)


def test_offset_is_in_eye_distances_and_positive_towards_image_right() -> None:
    assert nose_offset(_points(12.0)) == pytest.approx(0.2)
    assert nose_offset(_points(-12.0)) == pytest.approx(-0.2)


@pytest.mark.parametrize(("angle", "scale", "shift"), [(25.0, 1.0, 0.0), (-40.0, 0.5, 100.0), (10.0, 2.5, -30.0)])
def test_tilting_moving_or_scaling_a_picture_keeps_the_offset(angle: float, scale: float, shift: float) -> None:
    assert nose_offset(_points(6.0, angle_deg=angle, scale=scale, shift=shift)) == pytest.approx(0.1)


def test_turning_the_prompted_way_for_enough_frames_passes() -> None:
    detector = TurnDetector(LivenessPrompt.TURN_LEFT, baseline=0.05, threshold=0.12, frames=2)
    assert not detector.update(0.20)  # one frame is not enough
    assert detector.update(0.21)
    assert detector.progress == 1.0


def test_a_single_spike_does_not_pass() -> None:
    detector = TurnDetector(LivenessPrompt.TURN_RIGHT, baseline=0.0, threshold=0.12, frames=2)
    assert not detector.update(-0.2)
    assert not detector.update(0.0)
    assert not detector.update(-0.2)
    assert 0.5 < detector.progress < 1.0  # shown as "nearly done" but not passed
    assert not detector.passed


def test_turning_the_wrong_way_does_not_pass() -> None:
    detector = TurnDetector(LivenessPrompt.TURN_LEFT, baseline=0.0, threshold=0.12, frames=2)
    for _ in range(5):
        assert not detector.update(-0.3)
    assert detector.best_turn == 0.0


def test_small_wobbles_of_a_held_photo_do_not_pass() -> None:
    detector = TurnDetector(LivenessPrompt.TURN_LEFT, baseline=0.0, threshold=0.12, frames=2)
    for offset in [0.05, 0.09, 0.11, 0.08, 0.1, 0.11]:
        assert not detector.update(offset)


def test_back_to_the_camera_means_within_half_the_threshold_of_the_start() -> None:
    detector = TurnDetector(LivenessPrompt.TURN_LEFT, baseline=0.1, threshold=0.12, frames=2)
    detector.update(0.35)
    detector.update(0.34)
    assert not detector.is_back(0.2)  # still turned
    assert detector.is_back(0.14)
    assert not detector.is_back(-0.1)  # turned the other way now
