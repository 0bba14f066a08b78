"""The state of one verification: phase, the current face track's evidence, the decision. Numbers only, no images.

`FaceVerificationSession` keeps one of these under its lock and hands it one `FrameObservation` per analysed frame;
each call is short (no image work), so a caller offering frames is never held up by the worker's analysis.
"""

from __future__ import annotations

import logging
import random
import statistics
from collections import deque

from .liveness import TurnDetector
from .matcher import face_distance
from .model import (
    Decision,
    LivenessPrompt,
    LivenessResult,
    Phase,
    Progress,
    ReferenceFace,
    VerificationConfig,
    VerificationOutcome,
)
from .observe import FrameObservation
from .track import FaceTrack

log = logging.getLogger(__name__)


class VerificationState:
    """Decides from observations: match on one face track, passive liveness first, the prompted turn if unsure."""

    def __init__(self, reference: ReferenceFace, config: VerificationConfig, rng: random.Random,
                 started: float) -> None:
        self._reference = reference
        self.config = config
        self._rng = rng
        self.started = started
        self.phase = Phase.WAITING_FOR_FACE
        self.outcome: VerificationOutcome | None = None
        self.frames_used = 0
        self.frames_dropped = 0
        self._first_face_at: float | None = None
        self._track = FaceTrack()
        self._tracking = False
        self._confirm_distances: list[float] = []
        self._passive_pass = False
        self._recent_faces: deque[int] = deque(maxlen=6)
        self.prompt: LivenessPrompt | None = None
        self._prompted_at = 0.0
        self._detector: TurnDetector | None = None
        self._facing_at: float | None = None  # capture time of the first frame facing the camera after the turn

    # -- what the worker asks before the matcher runs ------------------------------------------------------

    @property
    def wants_quality(self) -> bool:
        """The face's quality is used in this phase (to choose frames to encode, or to coach the patient)."""
        return self.phase in (Phase.WAITING_FOR_FACE, Phase.MATCHING, Phase.CONFIRMING)

    @property
    def wants_encoding(self) -> bool:
        """Encode only where a distance is used: not once the track matched and waits for a liveness verdict
        (cheap frames come faster and the track holds), not during the turn."""
        return self.wants_quality and not (self.phase is Phase.MATCHING and self._track.matched)

    # -- one analysed frame --------------------------------------------------------------------------------

    def apply(self, seen: FrameObservation, now: float, captured_at: float) -> Progress | None:
        """Take one frame's observation; the progress to report, or None once decided."""
        self.frames_used += 1
        self._recent_faces.append(len(seen.faces))
        if seen.faces and self._first_face_at is None:
            self._first_face_at = now  # somebody is at the camera: from now on this try counts
        if seen.generation != self._track.generation:
            self._drop_track(seen.generation)  # the face was lost, jumped or joined by another
        self._tracking = seen.tracking
        if len(seen.faces) >= 2:
            self._drop_track(seen.generation)
        elif seen.box is not None:
            track = self._track
            if track.started_at is None:
                track.started_at = now
            if seen.surroundings is not None:
                track.surroundings.add(seen.surroundings)
            if seen.eyes is not None:
                track.blinks.update(seen.eyes, now)
            self._advance(seen, now, captured_at)
        if self.timed_out(now) or self.outcome is not None:
            return None
        detector = self._detector
        return Progress(
            phase=self.phase, elapsed_s=now - self.started, faces=len(seen.faces), face_box=seen.box,
            frame_size=seen.frame_size, prompt=self.prompt,
            turn_progress=detector.progress if detector is not None else 0.0,
            coaching=seen.coaching if self.phase in (Phase.WAITING_FOR_FACE, Phase.MATCHING) else None,
        )

    def _drop_track(self, generation: int) -> None:
        """The face's evidence is void: back to matching a face from scratch (the prompt, if shown, is withdrawn)."""
        self._track = FaceTrack(generation)
        self._confirm_distances = []
        self._detector = None
        self.prompt = None
        self._facing_at = None
        if self.phase is not Phase.DONE:
            self.phase = Phase.MATCHING if self._first_face_at is not None else Phase.WAITING_FOR_FACE

    def _advance(self, seen: FrameObservation, now: float, captured_at: float) -> None:
        config, track, offset = self.config, self._track, seen.nose_offset
        passive = track.passive_verdict if config.liveness and config.passive_liveness else None
        if passive is False:
            self.finish(Decision.LIVENESS_FAILED, now)  # a picture: no prompt can make it a person
            return
        # A face caught mid-blink is encoded worse (measured: up to 0.1 further off, half-turned): not counted.
        encoding = None if seen.eyes is not None and track.blinks.lids_down else seen.encoding
        if self.phase in (Phase.WAITING_FOR_FACE, Phase.MATCHING):
            self.phase = Phase.MATCHING
            if encoding is not None:
                track.distances.append(face_distance(self._reference, encoding))
                if offset is not None:
                    track.offsets.append(offset)
            verdict = track.match_verdict(config.tolerance, config.frames_required, config.max_match_frames)
            if verdict is None:
                return
            track.matched = verdict
            if not verdict:
                self.finish(Decision.NOT_MATCHED, now)
            elif not config.liveness:
                self.finish(Decision.MATCHED, now)
            elif passive:
                self._passive_pass = True
                self.finish(Decision.MATCHED, now)
            elif not config.passive_liveness or now - (track.started_at or now) >= config.passive_window_s:
                self.prompt = config.prompt or self._rng.choice(list(LivenessPrompt))
                self._detector = TurnDetector(self.prompt, track.baseline_offset(), config.turn_threshold,
                                              config.turn_frames)
                self._prompted_at = now
                self.phase = Phase.LIVENESS
                log.info("liveness prompt: %s", self.prompt)
        elif self.phase is Phase.LIVENESS and self._detector is not None and offset is not None:
            if self._detector.update(offset):
                self.phase = Phase.CONFIRMING
        elif self.phase is Phase.CONFIRMING and self._detector is not None and offset is not None:
            self._detector.update(offset)  # follows the turn to its peak, so "back" is judged against it
            # The last look, once the patient faces the camera again, must be the same person. One frame
            # caught while still half-turned may be far; only `frames_required` such frames reject.
            if self._detector.is_back(offset) and self._facing_at is None:
                self._facing_at = captured_at
            if encoding is not None and self._detector.is_back(offset):
                distance = face_distance(self._reference, encoding)
                track.distances.append(distance)
                self._confirm_distances.append(distance)
                if distance <= config.tolerance:
                    self.finish(Decision.MATCHED, now)
                elif len(self._confirm_distances) >= config.frames_required:
                    self.finish(Decision.NOT_MATCHED, now)

    # -- time and the end ----------------------------------------------------------------------------------

    def timed_out(self, now: float) -> bool:
        """True once decided; decides (and returns True) when a time limit has passed."""
        if self.outcome is not None:
            return True
        if self.phase in (Phase.LIVENESS, Phase.CONFIRMING):
            if now - self._prompted_at > self.config.liveness_timeout_s:
                self.finish(Decision.LIVENESS_FAILED, now)
                return True
        if self._first_face_at is None:
            if now - self.started <= self.config.face_wait_s:
                return False
        elif now - self._first_face_at <= self.config.timeout_s:
            return False
        several = sum(1 for n in self._recent_faces if n >= 2)
        if self.phase in (Phase.LIVENESS, Phase.CONFIRMING):
            decision = Decision.LIVENESS_FAILED
        elif several and several * 2 >= len(self._recent_faces):
            decision = Decision.SEVERAL_FACES
        elif self._first_face_at is None or not any(self._recent_faces):
            decision = Decision.NO_FACE
        else:
            decision = Decision.TIMED_OUT
        self.finish(decision, now)
        return True

    def finish(self, decision: Decision, now: float) -> None:
        if self.outcome is not None:
            return
        detector, track = self._detector, self._track
        liveness = LivenessResult(
            checked=self.config.liveness and (detector is not None or self._passive_pass or self._tracking),
            prompt=self.prompt,
            passed=self._passive_pass or (detector.passed if detector is not None else False),
            passive=self._passive_pass,
            surroundings=track.surroundings.verdict.value,
            blinked=track.blinks.seen,
            best_turn=detector.best_turn if detector is not None else 0.0,
            seconds=max(0.0, self._facing_at - self._prompted_at) if self._facing_at is not None else 0.0,
        )
        self.outcome = VerificationOutcome(
            decision=decision,
            distance=statistics.median(track.distances) if track.distances else None,
            frames_used=self.frames_used,
            seconds=now - self.started,
            seconds_since_face=None if self._first_face_at is None else now - self._first_face_at,
            frames_dropped=self.frames_dropped,
            liveness=liveness,
        )
        self.phase = Phase.DONE
        log.info("face verification: %s after %.2f s, %d frames", decision, self.outcome.seconds, self.frames_used)
