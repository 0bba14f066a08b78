"""One face track: the frames of one face, followed without a break, and the evidence gathered on them.

Matching distances, the liveness evidence and the confirming look all come from the same track: when the face is
lost for a few frames, jumps, or a second comparable face appears, the track and all its evidence are dropped.
`FaceFollower` decides where a track breaks (geometry, on the worker's side); `FaceTrack` holds one track's evidence
(numbers only, kept under the session's lock). So
the face that showed liveness is the face that was matched, frame by frame (a photo of the holder swapped for
somebody's live head starts a new track that must match on its own).
"""

from __future__ import annotations

import math
import statistics

import cv2
import numpy as np

from .blink import BlinkDetector
from .model import Coaching, FaceBox, Frame, VerificationConfig
from .passive import Surroundings, SurroundingsVotes


def continues(previous: FaceBox, box: FaceBox) -> bool:
    """The same face as in the last frame: the centre moved less than half a face width, the size within 1.5x."""
    width = max(1, previous.width)
    moved = math.hypot((box.left + box.right - previous.left - previous.right) / 2.0,
                       (box.top + box.bottom - previous.top - previous.bottom) / 2.0)
    ratio = max(1, box.width) / width
    return moved < 0.5 * width and 1 / 1.5 <= ratio <= 1.5


def face_quality(frame: Frame, box: FaceBox, config: VerificationConfig) -> Coaching | None:
    """None when the face is good enough to encode; else what the patient can do about it."""
    height, width = frame.shape[:2]
    if box.width < config.min_face_px:
        return Coaching.COME_CLOSER
    patch = frame[max(0, box.top):box.bottom, max(0, box.left):box.right]
    if patch.size == 0:
        return Coaching.FACE_THE_CAMERA
    gray = cv2.cvtColor(patch, cv2.COLOR_BGR2GRAY)
    if float(gray.mean()) < config.dark_face_level:
        return Coaching.MORE_LIGHT
    centre_x = (box.left + box.right) / 2.0 / width - 0.5
    centre_y = (box.top + box.bottom) / 2.0 / height - 0.5
    if max(abs(centre_x), abs(centre_y)) > config.max_centre_offset:
        return Coaching.FACE_THE_CAMERA
    # Sharpness on a fixed-size copy, so that a large face is not judged sharper for its size alone.
    small = cv2.resize(gray, (96, 96), interpolation=cv2.INTER_AREA)
    if float(cv2.Laplacian(small, cv2.CV_32F).var()) < config.min_sharpness:
        return Coaching.FACE_THE_CAMERA
    return None


class FaceFollower:
    """Which frames belong to one face track, by geometry alone (the worker's, outside the session's lock).

    The track breaks when a second comparable face appears, when the face is missed for more than `lost_frames`
    analysed frames, or when its box jumps; every break starts a new `generation`, whose evidence starts empty.
    """

    def __init__(self, lost_frames: int) -> None:
        self.lost_frames = lost_frames
        self.box: FaceBox | None = None
        self.generation = 0
        self._missed = 0

    def follow(self, faces: tuple[FaceBox, ...]) -> FaceBox | None:
        """This frame's faces (comparable ones, largest first): the track's face, or None."""
        if len(faces) >= 2:
            self._break()  # two comparable faces: nobody's evidence counts
            return None
        if not faces:
            if self.box is not None:
                self._missed += 1  # a few are forgiven (a blink of the detector), more end the track
                if self._missed > self.lost_frames:
                    self._break()
            return None
        box = faces[0]
        if self.box is not None and not continues(self.box, box):
            self._break()
        self.box = box
        self._missed = 0
        return box

    def _break(self) -> None:
        if self.box is not None:
            self.generation += 1
        self.box = None
        self._missed = 0


class FaceTrack:
    """The evidence of the current track: face distances, nose offsets, surroundings votes, blinks (no images)."""

    def __init__(self, generation: int = 0) -> None:
        self.generation = generation
        self.started_at: float | None = None
        self.distances: list[float] = []
        self.offsets: list[float] = []
        self.surroundings = SurroundingsVotes()
        self.blinks = BlinkDetector()
        self.matched = False  # its encodings agreed with the card photo

    def baseline_offset(self) -> float:
        return statistics.median(self.offsets) if self.offsets else 0.0

    @property
    def passive_verdict(self) -> bool | None:
        """True: a person (the room stayed still, or the eyes blinked while nothing said "picture"); False: a
        picture (its surroundings moved with it); None: not yet known."""
        verdict = self.surroundings.verdict
        if verdict is Surroundings.MOVED_WITH_FACE:
            return False
        if verdict is Surroundings.STILL:
            return True
        if self.blinks.seen and self.surroundings.followed_share < 0.5:
            return True
        return None

    def match_verdict(self, tolerance: float, needed: int, cap: int) -> bool | None:
        """True/False once `needed` frames agree and outnumber the others; the median decides at `cap` frames."""
        under = sum(1 for d in self.distances if d <= tolerance)
        over = len(self.distances) - under
        if under >= needed and under > over:
            return True
        if over >= needed and over > under:
            return False
        if len(self.distances) >= cap:
            return float(np.median(self.distances)) <= tolerance
        return None
