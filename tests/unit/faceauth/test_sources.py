"""OpenCV frame sources: files and image sequences behave like a webcam, and their end is a lost camera."""

from __future__ import annotations

import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.faceauth import CameraOpenError, OpenCVFrameSource


def _frames(count: int) -> list[np.ndarray]:
    frames = []
    for i in range(count):
        frame = np.zeros((120, 160, 3), dtype=np.uint8)
        cv2.putText(frame, str(i), (40, 80), cv2.FONT_HERSHEY_SIMPLEX, 2, (255, 255, 255), 3)
        frames.append(frame)
    return frames


@pytest.fixture
def video(tmp_path: Path) -> Path:
    path = tmp_path / "clip.avi"
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 30.0, (160, 120))
    for frame in _frames(15):
        writer.write(frame)
    writer.release()
    return path


def test_a_video_file_plays_at_its_frame_rate_then_reports_the_camera_lost(video: Path) -> None:
    with OpenCVFrameSource(str(video)) as source:
        started = time.monotonic()
        frames = []
        while (frame := source.read()) is not None:
            frames.append(frame)
        elapsed = time.monotonic() - started
        assert len(frames) == 15
        assert frames[0].shape == (120, 160, 3) and frames[0].dtype == np.uint8
        assert 0.4 < elapsed < 2.0  # 15 frames at 30 fps, like a webcam, not as fast as decoding allows
        assert source.lost
        assert source.read() is None


def test_an_image_sequence_pattern_is_a_camera(tmp_path: Path) -> None:
    for i, frame in enumerate(_frames(4)):
        cv2.imwrite(str(tmp_path / f"{i:03d}.png"), frame)
    source = OpenCVFrameSource(str(tmp_path / "%03d.png"), realtime=False)
    frames = [source.read() for _ in range(5)]
    source.close()
    assert [f is not None for f in frames] == [True, True, True, True, False]


def test_unpaced_reading_is_fast(video: Path) -> None:
    source = OpenCVFrameSource(video.as_posix(), realtime=False)
    started = time.monotonic()
    while source.read() is not None:
        pass
    assert time.monotonic() - started < 0.4


def test_a_missing_camera_cannot_be_opened(tmp_path: Path) -> None:
    with pytest.raises(CameraOpenError) as caught:
        OpenCVFrameSource(str(tmp_path / "nothing.avi"))
    assert "nothing.avi" in caught.value.source
