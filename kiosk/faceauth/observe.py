"""The image work of one verification, once per frame, on the session's worker thread and outside its lock.

For each frame: the face's quality (once: on the last frame's box before the matcher runs, which decides whether
to encode, or on the new box when there was none), the face track's continuity, and -- only with passive liveness
on -- the surroundings reading and the eyes' openness. What comes out is numbers (`FrameObservation`); the
session's state takes them under its lock. Only the surroundings tracker keeps pixels (a grey 320-px copy of the
track's first frame), in memory, until the track or the session ends.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from .blink import EyeReading, read_eyes
from .coaching import coaching_for
from .matcher import nose_offset
from .model import Coaching, FaceBox, Frame, FrameAnalysis, VerificationConfig
from .passive import SurroundingsReading, SurroundingsTracker
from .track import FaceFollower, face_quality


@dataclass(frozen=True)
class QualityCheck:
    """The face's quality in this frame, judged on `box` (the last frame's face: detections are reused)."""

    box: FaceBox
    coaching: Coaching | None  # None: good enough to encode

    @property
    def good(self) -> bool:
        return self.coaching is None


@dataclass(frozen=True, eq=False)
class FrameObservation:
    """One analysed frame, its image work done: what the session's state needs, and no pixels."""

    faces: tuple[FaceBox, ...]  # the comparable faces, largest first
    frame_size: tuple[int, int]  # (width, height)
    generation: int  # the face track this frame belongs to (a new number after every break)
    tracking: bool  # a face track is under way (its face may be missed in this frame)
    box: FaceBox | None = None  # the track's face in this frame
    coaching: Coaching | None = None
    encoding: NDArray[np.float64] | None = None
    nose_offset: float | None = None
    surroundings: SurroundingsReading | None = None
    eyes: EyeReading | None = None


class FrameObserver:
    """Owned by the session's worker thread: nothing here is shared, so nothing here needs the session's lock."""

    def __init__(self, config: VerificationConfig, *, card_glasses: bool = False) -> None:
        self.config = config
        self._card_glasses = card_glasses  # the card photo shows glasses: never ask for them off
        self._follower = FaceFollower(config.lost_frames)
        self._surroundings = SurroundingsTracker()
        self._surroundings_generation = -1
        self._passive = config.liveness and config.passive_liveness

    def check_quality(self, frame: Frame) -> QualityCheck | None:
        """Before the matcher runs: the face's quality where the last frame had it (None when no track is under way)."""
        box = self._follower.box
        return None if box is None else QualityCheck(box, face_quality(frame, box, self.config))

    def observe(self, frame: Frame, analysis: FrameAnalysis, quality: QualityCheck | None, *,
                wants_quality: bool) -> FrameObservation:
        faces = self._countable(analysis.faces)
        generation_before = self._follower.generation
        box = self._follower.follow(faces)
        generation = self._follower.generation
        size = (int(frame.shape[1]), int(frame.shape[0]))
        if box is None:
            return FrameObservation(faces, size, generation, self._follower.box is not None)
        offset = nose_offset(analysis.landmarks) if analysis.landmarks is not None else None
        coaching = None
        if quality is not None and generation == generation_before:
            coaching = quality.coaching  # judged on this frame, where the face was a frame ago and still is
        elif quality is None and wants_quality:
            coaching = face_quality(frame, box, self.config)  # a new face: the one check of this frame
        coaching = coaching_for(coaching, analysis, self._card_glasses)
        surroundings = eyes = None
        if self._passive:
            if generation != self._surroundings_generation:
                self._surroundings.reset()
                self._surroundings_generation = generation
            surroundings = self._surroundings.update(frame, box)
            if analysis.landmarks is not None:
                eyes = read_eyes(frame, analysis.landmarks, offset)
        return FrameObservation(faces, size, generation, True, box, coaching, analysis.encoding, offset,
                                surroundings, eyes)

    def close(self) -> None:
        """Release the surroundings tracker's copy of the track's first frame."""
        self._surroundings.reset()

    def _countable(self, faces: tuple[FaceBox, ...]) -> tuple[FaceBox, ...]:
        if not faces:
            return ()
        floor = faces[0].area * self.config.several_faces_area_ratio
        return tuple(face for face in faces if face.area >= floor)
