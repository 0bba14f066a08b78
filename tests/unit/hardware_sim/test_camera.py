"""The simulated webcam: what a person watching its output would see."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from hardware_sim.camera import SCENARIOS, SimulatedCamera, UnknownScenarioError, other_person_photo
from hardware_sim.camera.cli import main as camera_cli
from hardware_sim.camera.eyelids import BlinkSchedule
from hardware_sim.personas import get_persona
from hardware_sim.personas.model import FACES_DIR
from kiosk.faceauth import nose_offset
from kiosk.faceauth.dlib_backend import DlibFaceMatcher


def _camera(scenario: str, persona: str = "normal", **options: object) -> SimulatedCamera:
    return SimulatedCamera(get_persona(persona), scenario, realtime=False, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_every_scenario_gives_webcam_frames(scenario: str) -> None:
    frame = _camera(scenario).read()
    assert frame is not None and frame.shape == (480, 640, 3) and frame.dtype == np.uint8


def test_same_seed_same_video_and_sensor_noise_changes_every_frame() -> None:
    a, b = _camera("live", seed=3), _camera("live", seed=3)
    first, second = a.read(), a.read()
    assert first is not None and second is not None
    assert np.array_equal(first, b.read())
    noise = np.abs(first.astype(int) - second.astype(int))
    assert 1.0 < noise.mean() < 10.0  # noisy, but the picture is the same


def test_the_light_dims_for_a_while() -> None:
    camera = _camera("nobody")
    assert camera.render(3.5, 0).mean() < camera.render(2.0, 0).mean() - 15


def test_the_camera_is_lost_after_one_second() -> None:
    camera = _camera("camera_lost")
    frames = 0
    while camera.read() is not None:
        frames += 1
    assert frames == 30
    assert camera.read() is None


def test_real_time_pace() -> None:
    camera = SimulatedCamera(get_persona("normal"), "nobody", fps=30.0)
    started = time.monotonic()
    for _ in range(16):
        assert camera.read() is not None
    assert 0.45 < time.monotonic() - started < 1.5


def test_the_hardest_impostor_is_chosen_for_other_person() -> None:
    assert other_person_photo(FACES_DIR / "hopper_1984.jpg").name == "collins_nasa.jpg"
    assert other_person_photo(FACES_DIR / "obama_2012_portrait.jpg").stem.startswith("biden")


def test_unknown_scenario_is_refused() -> None:
    with pytest.raises(UnknownScenarioError, match="known: live"):
        _camera("dancing")


def _offsets(matcher: DlibFaceMatcher, camera: SimulatedCamera, times: list[float]) -> list[float]:
    out = []
    for i, t in enumerate(times):
        analysis = matcher.analyse(camera.render(t, i), encode=False)
        assert analysis.landmarks is not None, f"no face at {t:.1f} s"
        out.append(nose_offset(analysis.landmarks))
    return out


@pytest.mark.parametrize(("prompt", "sign"), [("turn_left", 1.0), ("turn_right", -1.0)])
def test_the_live_persona_turns_the_way_the_prompt_asks(
    dlib_matcher: DlibFaceMatcher, prompt: str, sign: float
) -> None:
    camera = _camera("live")
    before = _offsets(dlib_matcher, camera, [0.0, 0.2, 0.4])
    camera.show_prompt(prompt)  # asked at t = 0; turned fully from 0.9 s to 1.5 s
    during = _offsets(dlib_matcher, camera, [1.0, 1.2, 1.4])
    after = _offsets(dlib_matcher, camera, [2.4, 2.6])
    turn = sign * (statistics.median(during) - statistics.median(before))
    assert turn > 0.12, f"nose moved {turn:.3f} eye distances"
    assert abs(statistics.median(after) - statistics.median(before)) < 0.06  # faces the camera again


def test_a_held_photo_never_moves_its_nose_like_a_head(dlib_matcher: DlibFaceMatcher) -> None:
    camera = _camera("photo_attack")
    offsets = _offsets(dlib_matcher, camera, [i * 0.2 for i in range(11)])  # a full turn of the print each way
    assert max(offsets) - min(offsets) < 0.2
    assert all(abs(o - statistics.median(offsets)) < 0.12 for o in offsets)


def test_the_command_line_renders_an_avi_that_opencv_plays(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "late.avi"
    assert camera_cli(["--persona", "normal", "--scenario", "late_arrival", "--out", str(out), "--seconds", "3"]) == 0
    assert "90 frames" in capsys.readouterr().out
    capture = cv2.VideoCapture(str(out))
    assert capture.isOpened() and capture.get(cv2.CAP_PROP_FPS) == pytest.approx(30.0)
    frames = []
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        frames.append(frame)
    capture.release()
    assert len(frames) == 90 and frames[0].shape == (480, 640, 3)
    # Nobody at first, somebody at the end: the picture changes a lot once the persona steps in.
    assert np.abs(frames[-1].astype(int) - frames[0].astype(int)).mean() > 10


def test_the_command_line_refuses_an_unknown_persona(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert camera_cli(["--persona", "nobody_at_all", "--scenario", "live", "--out", str(tmp_path / "x.avi")]) == 2
    assert "unknown persona" in capsys.readouterr().err
    assert not (tmp_path / "x.avi").exists()


def test_a_card_without_a_face_photo_has_no_camera_scenario() -> None:
    with pytest.raises(ValueError, match="no face photo"):
        _camera("live", persona="not_mynumber")


def test_live_heads_blink_every_few_seconds_at_irregular_intervals() -> None:
    starts = BlinkSchedule(seed=3).blinks_before(120.0)
    gaps = np.diff(starts)
    assert 20 <= len(starts) <= 50  # 10-25 a minute, as people blink
    assert gaps.min() >= 0.8 - 1e-9 and gaps.std() > 0.5


def test_a_blink_closes_the_still_persona_s_eyes_and_a_staring_one_keeps_them_open() -> None:
    still, staring = _camera("live_still", seed=4), _camera("live_staring", seed=4)
    blink = next(t for t in still._live_blinks.blinks_before(20.0) if t > 0.2)  # noqa: SLF001 - the scene's script
    mid = blink + 0.1  # the lids are down 80-120 ms into a blink
    closed = still.render(mid, 0).astype(int)
    assert np.abs(closed - staring.render(mid, 0).astype(int)).max() > 60  # the lids cover the eyes
    assert np.abs(still.render(blink + 1.0, 0).astype(int) - staring.render(blink + 1.0, 0).astype(int)).max() < 10
