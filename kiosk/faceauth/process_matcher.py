"""Runs a `FaceMatcher` in a child process.

dlib holds the GIL while it detects and encodes (measured: 100 ms stalls of every other thread), so a
matcher on a thread would freeze the preview. The child owns the real matcher; this proxy sends it frames
over a pipe (memory only) and waits without holding the GIL.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from .matcher import FaceMatcher
from .model import Frame, FrameAnalysis, MatcherUnavailableError, ReferenceFace, ReferenceFaceError

log = logging.getLogger(__name__)


def _serve(conn: Connection, factory: Callable[[], FaceMatcher]) -> None:
    matcher = factory()
    conn.send(("ready", None))
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        if request is None:
            return
        method, args, kwargs = request
        try:
            conn.send(("ok", getattr(matcher, method)(*args, **kwargs)))
        except ReferenceFaceError as error:
            conn.send(("reference", (error.reason, error.faces_found)))
        except Exception as error:  # noqa: BLE001 - reported to the parent, which raises it there
            conn.send(("error", f"{type(error).__name__}: {error}"))


class ProcessFaceMatcher:
    """`FaceMatcher` proxy to a matcher built by `factory` (picklable, e.g. a class) in a spawned process."""

    def __init__(self, factory: Callable[[], FaceMatcher], *, start_timeout_s: float = 60.0) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child_conn = context.Pipe()
        self._process = context.Process(target=_serve, args=(child_conn, factory), name="face-matcher", daemon=True)
        self._process.start()
        child_conn.close()
        self._lock = threading.Lock()
        self._closed = False
        if not self._conn.poll(start_timeout_s):
            self.close()
            raise MatcherUnavailableError("the matcher process did not start")
        self._receive()

    def _receive(self) -> Any:
        try:
            kind, payload = self._conn.recv()
        except (EOFError, OSError) as error:
            self._closed = True
            raise MatcherUnavailableError("the matcher process has gone") from error
        if kind == "reference":
            raise ReferenceFaceError(*payload)
        if kind == "error":
            raise MatcherUnavailableError(payload)
        return payload

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            if self._closed:
                raise MatcherUnavailableError("the matcher is closed")
            try:
                self._conn.send((method, args, kwargs))
            except (OSError, ValueError) as error:
                self._closed = True
                raise MatcherUnavailableError("the matcher process has gone") from error
            return self._receive()

    def encode_reference(self, photo: bytes) -> ReferenceFace:
        result: ReferenceFace = self._call("encode_reference", photo)
        return result

    def analyse(self, frame: Frame, *, encode: bool) -> FrameAnalysis:
        result: FrameAnalysis = self._call("analyse", frame, encode=encode)
        return result

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                try:
                    self._conn.send(None)
                except (OSError, ValueError):
                    pass
            self._conn.close()
        self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()

    def __enter__(self) -> ProcessFaceMatcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def default_matcher() -> ProcessFaceMatcher:
    """The kiosk's matcher: dlib in a child process (~2 s to start), so face encoding never stalls this process.

    dlib holds the GIL while it encodes (~100 ms); on a thread in the kiosk it would freeze the camera and the
    preview. Build it once and reuse it (`LayeredReceptionServices.start_matcher()` does so in the background);
    a script that builds it needs the `if __name__ == "__main__":` guard (the child is spawned).
    """
    from .dlib_backend import DlibFaceMatcher

    return ProcessFaceMatcher(DlibFaceMatcher)
