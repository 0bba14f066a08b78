"""One face verification: frames in, progress out, a decision at the end. No Qt; driven from any thread.

The caller (a Qt camera worker, or `run_verification`) hands every frame to `submit()`, which never blocks:
the session keeps only the newest frame and its own worker thread analyses it when the matcher is free, so
frames are dropped while the matcher is busy. Callbacks come from the session's worker thread (or from the
thread that calls `submit`/`camera_lost`/`cancel` when that ends the session); a Qt UI re-emits them as
signals. Frames are held in memory only and released when the session ends.
"""

from __future__ import annotations

import logging
import random
import statistics
import threading
import time
from collections import deque
from collections.abc import Callable

from .coaching import coaching_for
from .liveness import TurnDetector
from .matcher import FaceMatcher, face_distance, nose_offset
from .model import (
    Decision,
    FaceAuthError,
    FaceBox,
    Frame,
    FrameAnalysis,
    LivenessPrompt,
    LivenessResult,
    Phase,
    Progress,
    ReferenceFace,
    VerificationConfig,
    VerificationOutcome,
)
from .passive import Surroundings
from .sources import FrameSource
from .track import FaceTrack, face_quality

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
        self._reference = reference
        self.config = config or VerificationConfig()
        self._on_progress = on_progress
        self._on_finished = on_finished
        self._clock = clock
        self._rng = rng or random.SystemRandom()
        self._lock = threading.Condition()
        self._pending: Frame | None = None
        self._pending_at = 0.0
        self._busy = False  # the worker is analysing a frame
        self._facing_at: float | None = None  # capture time of the first frame facing the camera after the turn
        self._outcome: VerificationOutcome | None = None
        self._error: FaceAuthError | None = None
        self._announced = False
        self._started = clock()
        self._phase = Phase.WAITING_FOR_FACE
        self._frames_used = 0
        self._frames_dropped = 0
        self._first_face_at: float | None = None
        self._track = FaceTrack()
        self._confirm_distances: list[float] = []
        self._passive_pass = False
        self._recent_faces: deque[int] = deque(maxlen=6)
        self._prompt: LivenessPrompt | None = None
        self._prompted_at = 0.0
        self._detector: TurnDetector | None = None
        self._thread = threading.Thread(target=self._work, name="face-verification", daemon=True)
        self._thread.start()

    # -- the caller's side -------------------------------------------------------------------------------

    @property
    def done(self) -> bool:
        return self._outcome is not None

    @property
    def outcome(self) -> VerificationOutcome | None:
        return self._outcome

    def submit(self, frame: Frame) -> bool:
        """Offer a frame; returns at once. False if the session has ended. A frame still waiting is replaced."""
        with self._lock:
            if self._outcome is not None:
                return False
            if self._timed_out_locked():
                finished = self._outcome
            else:
                if self._pending is not None:
                    self._frames_dropped += 1
                self._pending = frame.copy()
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
                lambda: self._outcome is not None or (self._pending is None and not self._busy), timeout)

    def wait(self, timeout: float | None = None) -> VerificationOutcome | None:
        """Block until the decision (or `timeout`); re-raises a matcher failure."""
        with self._lock:
            self._lock.wait_for(lambda: self._outcome is not None, timeout)
            if self._error is not None:
                raise self._error
            return self._outcome

    def close(self) -> None:
        """End the session (cancelling it if undecided) and release every frame."""
        self.cancel()
        self._thread.join(timeout=5)

    # -- the worker's side -------------------------------------------------------------------------------

    def _work(self) -> None:
        while True:
            with self._lock:
                while self._pending is None and self._outcome is None:
                    if self._timed_out_locked():
                        break
                    self._lock.wait(0.1)
                if self._outcome is not None:
                    self._pending = None
                    break
                frame, self._pending = self._pending, None
                self._busy = True
                captured_at = self._pending_at
                assert frame is not None  # noqa: S101 - guarded by the wait above
                encode = self._wants_encoding_locked(frame)
            try:
                analysis = self._matcher.analyse(frame, encode=encode)
            except FaceAuthError as error:
                log.error("face matcher failed: %s", error)
                with self._lock:
                    self._busy = False
                    self._error = error
                self._end(Decision.CANCELLED)
                return
            with self._lock:
                progress = None if self._outcome is not None else self._step_locked(frame, analysis, captured_at)
            del frame
            if progress is not None and self._on_progress is not None:
                self._on_progress(progress)
            with self._lock:
                self._busy = False
                self._lock.notify_all()
        self._announce(self._outcome)

    def _wants_encoding_locked(self, frame: Frame) -> bool:
        """Encode only where a distance is used, and only a face the last frame showed good enough (detections are
        reused: the face moves little between frames); a first frame is encoded on trust."""
        if self._phase not in (Phase.WAITING_FOR_FACE, Phase.MATCHING, Phase.CONFIRMING):
            return False
        if self._phase is Phase.MATCHING and self._track.matched:
            return False  # matched, waiting for the passive verdict: cheap frames come faster and the track holds
        box = self._track.box
        return box is None or face_quality(frame, box, self.config) is None

    def _step_locked(self, frame: Frame, analysis: FrameAnalysis, captured_at: float) -> Progress | None:
        now = self._clock()
        self._frames_used += 1
        faces = self._countable(analysis.faces)
        self._recent_faces.append(len(faces))
        box = faces[0] if faces else None
        coaching = None
        if faces and self._first_face_at is None:
            self._first_face_at = now  # somebody is at the camera: from now on this try counts
        if len(faces) >= 2:
            self._drop_track_locked()  # two comparable faces: nobody's evidence counts
        elif box is None:
            if self._track.active:
                self._track.miss(self.config.lost_frames)
                if not self._track.active:
                    self._drop_track_locked()
        else:
            if not self._track.follow(frame, box, now):
                self._drop_track_locked(keep_box=True)
            coaching = coaching_for(frame, box, analysis, self._reference, self.config)
            offset = nose_offset(analysis.landmarks) if analysis.landmarks is not None else None
            self._advance_locked(analysis, offset, now, captured_at)
        if self._outcome is None and self._timed_out_locked():
            return None
        if self._outcome is not None:
            return None
        detector = self._detector
        return Progress(
            phase=self._phase, elapsed_s=now - self._started, faces=len(faces), face_box=box,
            frame_size=(int(frame.shape[1]), int(frame.shape[0])), prompt=self._prompt,
            turn_progress=detector.progress if detector is not None else 0.0,
            coaching=coaching if self._phase in (Phase.WAITING_FOR_FACE, Phase.MATCHING) else None,
        )

    def _drop_track_locked(self, *, keep_box: bool = False) -> None:
        """The face's evidence is void: back to matching a face from scratch (the prompt, if shown, is withdrawn)."""
        if not keep_box:
            self._track.drop()
        self._confirm_distances = []
        self._detector = None
        self._prompt = None
        self._facing_at = None
        if self._phase is not Phase.DONE:
            self._phase = Phase.MATCHING if self._first_face_at is not None else Phase.WAITING_FOR_FACE

    def _countable(self, faces: tuple[FaceBox, ...]) -> tuple[FaceBox, ...]:
        if not faces:
            return ()
        floor = faces[0].area * self.config.several_faces_area_ratio
        return tuple(face for face in faces if face.area >= floor)

    def _advance_locked(self, analysis: FrameAnalysis, offset: float | None, now: float, captured_at: float) -> None:
        config, track = self.config, self._track
        surroundings = track.surroundings.verdict
        if config.liveness and config.passive_liveness and surroundings is Surroundings.MOVED_WITH_FACE:
            self._finish_locked(Decision.LIVENESS_FAILED)  # a picture: no prompt can make it a person
            return
        if self._phase in (Phase.WAITING_FOR_FACE, Phase.MATCHING):
            self._phase = Phase.MATCHING
            if analysis.encoding is not None:
                track.distances.append(face_distance(self._reference, analysis.encoding))
                if offset is not None:
                    track.offsets.append(offset)
            verdict = track.match_verdict(config.tolerance, config.frames_required, config.max_match_frames)
            if verdict is None:
                return
            track.matched = verdict
            if not verdict:
                self._finish_locked(Decision.NOT_MATCHED)
            elif not config.liveness:
                self._finish_locked(Decision.MATCHED)
            elif config.passive_liveness and surroundings is Surroundings.STILL:
                self._passive_pass = True
                self._finish_locked(Decision.MATCHED)
            elif not config.passive_liveness or now - (track.started_at or now) >= config.passive_window_s:
                self._prompt = config.prompt or self._rng.choice(list(LivenessPrompt))
                self._detector = TurnDetector(self._prompt, track.baseline_offset(), config.turn_threshold,
                                              config.turn_frames)
                self._prompted_at = now
                self._phase = Phase.LIVENESS
                log.info("liveness prompt: %s", self._prompt)
        elif self._phase is Phase.LIVENESS and self._detector is not None and offset is not None:
            if self._detector.update(offset):
                self._phase = Phase.CONFIRMING
        elif self._phase is Phase.CONFIRMING and self._detector is not None and offset is not None:
            self._detector.update(offset)  # follows the turn to its peak, so "back" is judged against it
            # The last look, once the patient faces the camera again, must be the same person. One frame
            # caught while still half-turned may be far; only `frames_required` such frames reject.
            if self._detector.is_back(offset) and self._facing_at is None:
                self._facing_at = captured_at
            if analysis.encoding is not None and self._detector.is_back(offset):
                distance = face_distance(self._reference, analysis.encoding)
                track.distances.append(distance)
                self._confirm_distances.append(distance)
                if distance <= config.tolerance:
                    self._finish_locked(Decision.MATCHED)
                elif len(self._confirm_distances) >= config.frames_required:
                    self._finish_locked(Decision.NOT_MATCHED)

    def _timed_out_locked(self) -> bool:
        if self._outcome is not None:
            return True
        now = self._clock()
        if self._phase in (Phase.LIVENESS, Phase.CONFIRMING):
            if now - self._prompted_at > self.config.liveness_timeout_s:
                self._finish_locked(Decision.LIVENESS_FAILED)
                return True
        if self._first_face_at is None:
            if now - self._started <= self.config.face_wait_s:
                return False
        elif now - self._first_face_at <= self.config.timeout_s:
            return False
        several = sum(1 for n in self._recent_faces if n >= 2)
        if self._phase in (Phase.LIVENESS, Phase.CONFIRMING):
            decision = Decision.LIVENESS_FAILED
        elif several and several * 2 >= len(self._recent_faces):
            decision = Decision.SEVERAL_FACES
        elif self._first_face_at is None or not any(self._recent_faces):
            decision = Decision.NO_FACE
        else:
            decision = Decision.TIMED_OUT
        self._finish_locked(decision)
        return True

    def _finish_locked(self, decision: Decision) -> None:
        if self._outcome is not None:
            return
        now = self._clock()
        detector = self._detector
        liveness = LivenessResult(
            checked=self.config.liveness and (detector is not None or self._passive_pass or self._track.active),
            prompt=self._prompt,
            passed=self._passive_pass or (detector.passed if detector is not None else False),
            passive=self._passive_pass,
            surroundings=self._track.surroundings.verdict.value,
            best_turn=detector.best_turn if detector is not None else 0.0,
            seconds=max(0.0, self._facing_at - self._prompted_at) if self._facing_at is not None else 0.0,
        )
        self._outcome = VerificationOutcome(
            decision=decision,
            distance=statistics.median(self._track.distances) if self._track.distances else None,
            frames_used=self._frames_used,
            seconds=now - self._started,
            seconds_since_face=None if self._first_face_at is None else now - self._first_face_at,
            frames_dropped=self._frames_dropped,
            liveness=liveness,
        )
        self._phase = Phase.DONE
        self._pending = None
        self._lock.notify_all()
        log.info("face verification: %s after %.2f s, %d frames", decision, self._outcome.seconds, self._frames_used)

    def _end(self, decision: Decision) -> None:
        with self._lock:
            if self._outcome is not None:
                return
            self._finish_locked(decision)
            finished = self._outcome
        self._announce(finished)

    def _announce(self, outcome: VerificationOutcome | None) -> None:
        with self._lock:
            if outcome is None or self._announced:
                return
            self._announced = True
        if self._on_progress is not None:
            self._on_progress(Progress(phase=Phase.DONE, elapsed_s=outcome.seconds, prompt=self._prompt))
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
