"""Worker threads: blocking jobs (card I/O, HTTP, face matching) and the camera loop, off the UI thread.

Results come back through Qt signals to slots of objects living in the UI thread, so no widget is ever touched
from a worker. Every job gets an `AbortToken` for cooperative abort; an aborted job's answer is dropped.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtGui import QImage

log = logging.getLogger(__name__)


class AbortToken:
    """Set by the UI; checked by the job between its steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def abort(self) -> None:
        self._event.set()

    @property
    def event(self) -> threading.Event:
        return self._event

    @property
    def aborted(self) -> bool:
        return self._event.is_set()

    def wait(self, seconds: float) -> bool:
        """Sleep up to `seconds`; True if aborted meanwhile."""
        return self._event.wait(seconds)


Job = Callable[[AbortToken], Any]


class _Task(QObject):
    finished = Signal(int, object)
    errored = Signal(int, object)
    ended = Signal()

    def __init__(self, task_id: int, job: Job, token: AbortToken) -> None:
        super().__init__()
        self.task_id = task_id
        self._job = job
        self.token = token

    @Slot()
    def run(self) -> None:
        try:
            result = self._job(self.token)
        except Exception as error:  # noqa: BLE001 - every failure goes back to the UI thread as `errored`
            if not self.token.aborted:
                self.errored.emit(self.task_id, error)
        else:
            if not self.token.aborted:
                self.finished.emit(self.task_id, result)
        finally:
            self.ended.emit()


class TaskRunner(QObject):
    """Runs each job on its own QThread and calls back in the UI thread; keeps threads alive until they end."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[Callable[[Any], None], Callable[[Exception], None]]] = {}
        self._running: dict[int, tuple[QThread, _Task]] = {}
        self._closed = False

    def start(self, name: str, job: Job, on_finished: Callable[[Any], None],
              on_errored: Callable[[Exception], None]) -> AbortToken:
        task_id = next(self._ids)
        token = AbortToken()
        if self._closed:
            token.abort()  # shutting down: the job never runs
            return token
        thread = QThread()
        thread.setObjectName(name)
        task = _Task(task_id, job, token)
        task.moveToThread(thread)
        thread.started.connect(task.run)
        task.finished.connect(self._finished)
        task.errored.connect(self._errored)
        task.ended.connect(thread.quit)
        thread.finished.connect(lambda: self._forget(task_id))
        self._callbacks[task_id] = (on_finished, on_errored)
        self._running[task_id] = (thread, task)
        thread.start()
        return token

    @property
    def busy(self) -> int:
        return len(self._running)

    @Slot(int, object)
    def _finished(self, task_id: int, result: object) -> None:
        callbacks = self._callbacks.pop(task_id, None)
        if callbacks is not None:
            callbacks[0](result)

    @Slot(int, object)
    def _errored(self, task_id: int, error: object) -> None:
        callbacks = self._callbacks.pop(task_id, None)
        if callbacks is not None:
            assert isinstance(error, Exception)  # noqa: S101 - _Task only emits exceptions
            callbacks[1](error)

    def _forget(self, task_id: int) -> None:
        entry = self._running.pop(task_id, None)
        self._callbacks.pop(task_id, None)
        if entry is not None:
            entry[1].deleteLater()
            entry[0].deleteLater()

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Abort every job, refuse new ones, and wait for the threads (at exit and between tests)."""
        self._closed = True
        for thread, task in list(self._running.values()):
            task.token.abort()
            thread.quit()
        for thread, _task in list(self._running.values()):
            if not thread.wait(timeout_ms):
                log.warning("worker %s did not stop in time", thread.objectName())
        self._running.clear()
        self._callbacks.clear()


def frame_to_qimage(frame: np.ndarray[Any, Any], mirror: bool = False) -> QImage:
    """A BGR uint8 frame as an RGB QImage that owns a copy of the pixels (safe in any thread).

    `mirror` flips it left-right in the same pass (the face preview), so the UI thread does not flip it again.
    """
    height, width = int(frame.shape[0]), int(frame.shape[1])
    rgb = np.ascontiguousarray(frame[:, ::-1, ::-1] if mirror else frame[:, :, ::-1])
    return QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


class FaceRelay(QObject):
    """Carries the face worker's prompts and preview frames to the UI thread.

    A preview frame is converted (and mirrored) and sent only when the UI has shown the previous one, so a busy UI drops
    frames instead of queueing them. Frames live only in memory and only until painted.
    """

    prompt = Signal(str)
    frame = Signal(QImage)
    progress = Signal(object)  # kiosk.reception.protocol.FaceProgress: where the face is, for the guide

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._free = threading.Event()
        self._free.set()

    def send_prompt(self, text: str) -> None:
        self.prompt.emit(text)

    def send_progress(self, progress: object) -> None:
        """Called from the session's thread after every analysed frame."""
        self.progress.emit(progress)

    def send_frame(self, frame: np.ndarray[Any, Any]) -> None:
        """Called from the worker thread for every camera frame."""
        if self._free.is_set():
            self._free.clear()
            self.frame.emit(frame_to_qimage(frame, mirror=True))

    def frame_shown(self) -> None:
        """The UI painted the last frame (UI thread)."""
        self._free.set()


class EventRelay(QObject):
    """Carries objects emitted from a worker thread to a slot in the UI thread (queued)."""

    item = Signal(object)

    def send(self, item: object) -> None:
        self.item.emit(item)
