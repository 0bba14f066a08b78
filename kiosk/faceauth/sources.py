"""Where frames come from: the `FrameSource` protocol and its OpenCV `VideoCapture` implementation."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Protocol, runtime_checkable

import cv2
import numpy as np

from .model import CameraOpenError, Frame

log = logging.getLogger(__name__)


class FrameSource(Protocol):
    """A camera. `read()` blocks at the camera's own pace and returns None once the camera is lost."""

    def read(self) -> Frame | None: ...

    def close(self) -> None: ...


@runtime_checkable
class SteppedFrameSource(FrameSource, Protocol):
    """A source that may run off the wall clock: the webcam simulator stepping frame by frame, a file read as fast
    as it decodes. `scene_time_s` is the time the frames have reached, or None while the source keeps real time.

    A verification on a stepped source analyses every frame and keeps its time on the scene's clock (see
    `scene_clock`), so its outcome does not depend on how busy the machine is.
    """

    @property
    def scene_time_s(self) -> float | None: ...


def scene_clock(source: FrameSource) -> Callable[[], float] | None:
    """The scene's clock of a stepped source, or None for a source in real time (use the wall clock)."""
    if not isinstance(source, SteppedFrameSource) or source.scene_time_s is None:
        return None
    stepped = source

    def now() -> float:
        return stepped.scene_time_s or 0.0

    return now


def _parse_spec(spec: str | int) -> str | int:
    if isinstance(spec, int):
        return spec
    return int(spec) if spec.strip().isdigit() else spec


class OpenCVFrameSource:
    """A `VideoCapture`: device index, video file, image-sequence pattern (`frames/%03d.png`) or stream URL.

    Files and image sequences are paced to their frame rate (`realtime=True`) so that they behave like a
    webcam; a device or stream that fails `max_failures` reads in a row counts as lost, as does the end of a file.
    """

    def __init__(
        self,
        spec: str | int,
        *,
        realtime: bool = True,
        max_failures: int = 10,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.spec = _parse_spec(spec)
        self._capture = cv2.VideoCapture(self.spec)
        if not self._capture.isOpened():
            self._capture.release()
            raise CameraOpenError(str(spec))
        self._is_device = isinstance(self.spec, int)
        self._is_stream = isinstance(self.spec, str) and "://" in self.spec
        fps = float(self._capture.get(cv2.CAP_PROP_FPS) or 0.0)
        self.fps = fps if 1.0 <= fps <= 240.0 else 30.0
        self._pace = realtime and not (self._is_device or self._is_stream)
        self._max_failures = max_failures
        self._sleep = sleep
        self._clock = clock
        self._started: float | None = None
        self._frames = 0
        self._lost = False

    @property
    def lost(self) -> bool:
        return self._lost

    @property
    def scene_time_s(self) -> float | None:
        """A file or image sequence read without pacing: the time of the frames read so far."""
        if self._pace or self._is_device or self._is_stream:
            return None
        return self._frames / self.fps

    def read(self) -> Frame | None:
        if self._lost:
            return None
        if self._pace:
            now = self._clock()
            if self._started is None:
                self._started = now
            due = self._started + self._frames / self.fps
            if due > now:
                self._sleep(due - now)
        failures = 0
        while True:
            ok, frame = self._capture.read()
            if ok and frame is not None:
                self._frames += 1
                return self._as_bgr(np.asarray(frame, dtype=np.uint8))
            failures += 1
            # A file that stops delivering has ended: for the kiosk that is a camera gone.
            if not (self._is_device or self._is_stream) or failures >= self._max_failures:
                level = logging.WARNING if self._is_device or self._is_stream else logging.INFO
                log.log(level, "camera lost after %d frames", self._frames)
                self._lost = True
                return None
            self._sleep(0.02)

    @staticmethod
    def _as_bgr(frame: Frame) -> Frame:
        if frame.ndim == 2:
            return np.asarray(cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR), dtype=np.uint8)
        return frame

    def close(self) -> None:
        self._capture.release()
        self._lost = True

    def __enter__(self) -> OpenCVFrameSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
