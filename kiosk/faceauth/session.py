"""One face verification: frames in, progress out, a decision at the end. No Qt; driven from any thread.

The caller (a Qt camera worker, or `run_verification`) hands every frame to `submit()`, which never blocks:
the session keeps only the newest frame and its own worker thread analyses it when the matcher is free, so
frames are dropped while the matcher is busy. Callbacks come from the session's worker thread (or from the
thread that calls `submit`/`camera_lost`/`cancel` when that ends the session); a Qt UI re-emits them as
signals. Frames are held in memory only and released when the session ends.

The worker does every frame's image work once and outside the lock (`FrameObserver`: quality, track continuity,
surroundings, eyes); the lock guards only the waiting frame and the `VerificationState`, which takes numbers.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable

from .matcher import FaceMatcher
from .model import (
    Decision,
    FaceAuthError,
    Frame,
    Phase,
    Progress,
    ReferenceFace,
    VerificationConfig,
    VerificationOutcome,
)
from .observe import FrameObserver
from .sources import FrameSource
from .state import VerificationState

log = logging.getLogger(__name__)

ProgressCallback = Callable[[Progress], None]
OutcomeCallback = Callable[[VerificationOutcome], None]


class FaceVerificationSession:
    """Verifies that the person in front of the camera is the card's holder (and alive, by default)."""

    def __init__(
        self,
        matcher: FaceMatcher,
        reference: ReferenceFace,
        config: VerificationConfig | None = None,
        *,
        on_progress: ProgressCallback | None = None,
        on_finished: OutcomeCallback | None = None,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
    ) -> None:
        self._matcher = matcher
        self.config = config or VerificationConfig()
        self._on_progress = on_progress
        self._on_finished = on_finished
        self._clock = clock
        self._lock = threading.Condition()
        self._pending: Frame | None = None
        self._pending_at = 0.0
        self._busy = False  # the worker is analysing a frame
        self._error: FaceAuthError | None = None
        self._announced = False
        self._state = VerificationState(reference, self.config, rng or random.SystemRandom(), clock())
        # the worker's alone: never touched under the lock
        self._observer = FrameObserver(self.config, card_glasses=reference.glasses)
        self._thread = threading.Thread(target=self._work, name="face-verification", daemon=True)
        self._thread.start()

    # -- the caller's side -------------------------------------------------------------------------------

    @property
    def done(self) -> bool:
        return self._state.outcome is not None

    @property
    def outcome(self) -> VerificationOutcome | None:
        return self._state.outcome

    def submit(self, frame: Frame) -> bool:
        """Offer a frame; returns at once. False if the session has ended. A frame still waiting is replaced."""
        copied = frame.copy()  # the caller may reuse its buffer; copied before taking the lock
        with self._lock:
            if self._state.outcome is not None:
                return False
            if self._state.timed_out(self._clock()):
                self._lock.notify_all()
                finished = self._state.outcome
            else:
                if self._pending is not None:
                    self._state.frames_dropped += 1
                self._pending = copied
                self._pending_at = self._clock()
                self._lock.notify_all()
                return True
        self._announce(finished)
        return False

    def camera_lost(self) -> None:
        """The frame source has gone: end the session unless it has already decided."""
        self._end(Decision.CAMERA_LOST)

    def cancel(self) -> None:
        """Cooperative cancel: the session ends at once; an analysis under way is discarded."""
        self._end(Decision.CANCELLED)

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until the frame offered last has been analysed (or the session has ended); False on timeout."""
        with self._lock:
            return self._lock.wait_for(
                lambda: self._state.outcome is not None or (self._pending is None and not self._busy), timeout)

    def wait(self, timeout: float | None = None) -> VerificationOutcome | None:
        """Block until the decision (or `timeout`); re-raises a matcher failure."""
        with self._lock:
            self._lock.wait_for(lambda: self._state.outcome is not None, timeout)
            if self._error is not None:
                raise self._error
            return self._state.outcome

    def close(self) -> None:
        """End the session (cancelling it if undecided) and release every frame."""
        self.cancel()
        self._thread.join(timeout=5)

    # -- the worker's side -------------------------------------------------------------------------------

    def _work(self) -> None:
        try:
            while self._analyse_next():
                pass
        finally:
            self._observer.close()
        self._announce(self._state.outcome)

    def _analyse_next(self) -> bool:
        """Analyse the waiting frame; False once the session has ended."""
        with self._lock:
            while self._pending is None and self._state.outcome is None:
                if self._state.timed_out(self._clock()):
                    break
                self._lock.wait(0.1)
            if self._state.outcome is not None:
                self._pending = None
                self._lock.notify_all()
                return False
            frame, self._pending = self._pending, None
            assert frame is not None  # noqa: S101 - guarded by the wait above
            self._busy = True
            captured_at = self._pending_at
            wants_quality, wants_encoding = self._state.wants_quality, self._state.wants_encoding
        # Outside the lock: a frame offered meanwhile waits for the next turn, never for this work.
        # Detections are reused: the last frame's face, judged in this frame, decides whether to encode.
        quality = self._observer.check_quality(frame) if wants_quality else None
        encode = wants_encoding and (quality is None or quality.good)  # a first face is encoded on trust
        try:
            analysis = self._matcher.analyse(frame, encode=encode)
        except FaceAuthError as error:
            log.error("face matcher failed: %s", error)
            with self._lock:
                self._busy = False
                self._error = error
            self._end(Decision.CANCELLED)
            return False
        ended = self.done  # cancelled or timed out meanwhile: the analysis is discarded
        seen = None if ended else self._observer.observe(frame, analysis, quality, wants_quality=wants_quality)
        del frame, analysis
        with self._lock:
            progress = None
            if seen is not None and self._state.outcome is None:
                progress = self._state.apply(seen, self._clock(), captured_at)
        if progress is not None and self._on_progress is not None:
            self._on_progress(progress)
        with self._lock:
            self._busy = False
            self._lock.notify_all()
        return True

    def _end(self, decision: Decision) -> None:
        with self._lock:
            if self._state.outcome is not None:
                return
            self._state.finish(decision, self._clock())
            self._pending = None
            self._lock.notify_all()
            finished = self._state.outcome
        self._announce(finished)

    def _announce(self, outcome: VerificationOutcome | None) -> None:
        with self._lock:
            if outcome is None or self._announced:
                return
            self._announced = True
            prompt = self._state.prompt
        if self._on_progress is not None:
            self._on_progress(Progress(phase=Phase.DONE, elapsed_s=outcome.seconds, prompt=prompt))
        if self._on_finished is not None:
            self._on_finished(outcome)


def run_verification(
    source: FrameSource,
    session: FaceVerificationSession,
    *,
    on_frame: Callable[[Frame], None] | None = None,
    lockstep: bool = False,
) -> VerificationOutcome:
    """Pull frames from `source` into `session` until it decides; `on_frame` sees every frame (the preview).

    `lockstep` waits for each frame's analysis (and its progress callback) before reading the next, for a stepped
    source whose scene clock the session keeps: no frame is dropped and nothing depends on the machine's speed.
    """
    while not session.done:
        frame = source.read()
        if frame is None:
            session.camera_lost()
            break
        if on_frame is not None:
            on_frame(frame)
        session.submit(frame)
        del frame
        if lockstep:
            session.wait_idle()
    outcome = session.wait()
    session.close()
    if outcome is None:  # pragma: no cover - wait() without a timeout returns the outcome
        raise FaceAuthError("verification ended without an outcome")
    return outcome
