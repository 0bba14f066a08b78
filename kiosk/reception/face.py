"""The face service: one verification attempt of the person at the camera against the chip photo."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Protocol, runtime_checkable

from kiosk.faceauth import (
    Decision,
    FaceAuthError,
    FaceVerificationSession,
    FrameSource,
    MatcherUnavailableError,
    Phase,
    Progress,
    ReferenceFace,
    VerificationConfig,
    VerificationOutcome,
    run_verification,
    scene_clock,
)
from kiosk.flow import FaceFailure
from kiosk.flow import events as ev
from kiosk.reader import CardRemovedError, PinBlockedError, ReaderError, WrongPinError
from kiosk.reader.card_surface import CardSurfaceUnreadableError

from .face_lock import FaceLocks
from .face_support import FACE_FAILURE, face_progress, prompt_of
from .matcher import MatcherKeeper
from .protocol import FaceAnswer, FaceProgress, PreviewFrame
from .session import ChipPhotoReader, HeldCard, PatientSession

logger = logging.getLogger(__name__)

_NOT_A_TRY = frozenset({Decision.CAMERA_LOST, Decision.CANCELLED})


@runtime_checkable
class PromptedCamera(Protocol):
    """A frame source that wants to know the liveness prompt (the webcam simulator's live persona obeys it)."""

    def show_prompt(self, prompt: str | None) -> None: ...


class CameraFaceService:
    """Face verification with a fresh camera per attempt; a match is kept in the patient session as evidence.

    `config` may be replaced between attempts (staff change the settings).
    """

    def __init__(self, session: PatientSession, chip_photos: ChipPhotoReader, camera: Callable[[], FrameSource],
                 matchers: MatcherKeeper, config: VerificationConfig | None = None,
                 locks: FaceLocks | None = None) -> None:
        self._session = session
        self._chip_photos = chip_photos
        self._camera_factory = camera
        self._matchers = matchers
        self.config = config or VerificationConfig()
        self.locks = locks
        self._running: FaceVerificationSession | None = None
        self._lock = threading.Lock()
        # Of the last attempt: prompt shown -> first frame facing the camera again, i.e. the patient's prompted
        # head turn and return (benchmarks leave it out; it is the patient's time, not the machine's).
        self.last_liveness_seconds = 0.0

    def verify_face(self, *, on_prompt: Callable[[str], None] | None = None,
                    on_frame: Callable[[PreviewFrame], None] | None = None,
                    on_progress: Callable[[FaceProgress], None] | None = None) -> FaceAnswer:
        card = self._session.require_card()
        key = card.reading.card_key
        if self.locks is not None and self.locks.locked(key):
            # Ten failures in a row: face auth stays off for this card until a staff member clears it.
            logger.info("face auth locked for this card")
            return ev.FaceNotMatched(FaceFailure.LOCKED)
        try:
            reference = self._reference(card)
            matcher = self._matchers.get()
        except CardRemovedError:
            return ev.CardRemoved()
        except (CardSurfaceUnreadableError, WrongPinError, PinBlockedError) as error:
            # The printed front was not read, or the card refused the 照合番号B read from it: the chip photo stays
            # locked (never tried again on this card), and the patient is told why face is not possible.
            logger.warning("no chip photo: the card front was not read (%s)", type(error).__name__)
            return ev.CardFrontUnread()
        except (ReaderError, FaceAuthError) as error:
            # Without the chip photo (or a matcher) there is nothing to compare: the flow falls back to the PIN.
            logger.warning("face verification unavailable: %s", type(error).__name__)
            return ev.CameraLost()
        try:
            camera = self._camera_factory()
        except FaceAuthError:
            return ev.CameraLost()
        shown: list[str | None] = [None]
        self.last_liveness_seconds = 0.0

        def progress(update: Progress) -> None:
            prompt = prompt_of(update, shown[0])
            if prompt != shown[0]:
                shown[0] = prompt
                if isinstance(camera, PromptedCamera):
                    camera.show_prompt(prompt)
                if prompt and on_prompt:
                    on_prompt(prompt)
            if on_progress is not None and update.phase is not Phase.DONE:
                on_progress(face_progress(update))

        # A stepped camera (the simulator for tests) keeps the session on its scene clock, frame by frame.
        stepped = scene_clock(camera)
        session = FaceVerificationSession(matcher, reference, self.config, on_progress=progress,
                                          clock=stepped or time.monotonic)
        with self._lock:
            self._running = session
        try:
            outcome = run_verification(camera, session, on_frame=on_frame, lockstep=stepped is not None)
        except MatcherUnavailableError as error:
            # The matcher process died: start a fresh one for the next patient; this one can use the PIN.
            logger.error("face matcher failed: %s", type(error).__name__)
            self._matchers.replace(matcher)
            return ev.CameraLost()
        finally:
            camera.close()
            with self._lock:
                self._running = None
        self.last_liveness_seconds = outcome.liveness.seconds
        self._count_try(key, outcome)
        if outcome.decision is Decision.MATCHED:
            card.face = outcome
            return ev.FaceMatched(outcome.distance)
        if outcome.decision is Decision.CAMERA_LOST:
            return ev.CameraLost()
        return ev.FaceNotMatched(FACE_FAILURE[outcome.decision])

    def _count_try(self, key: str, outcome: VerificationOutcome) -> None:
        """A match clears the card's failures; a refusal counts only if somebody was at the camera."""
        if self.locks is None:
            return
        if outcome.decision is Decision.MATCHED:
            self.locks.succeeded(key)
        elif outcome.seconds_since_face is not None and outcome.decision not in _NOT_A_TRY:
            if self.locks.failed(key) >= self.locks.limit:
                logger.warning("face auth locked for a card after %d failures in a row", self.locks.limit)

    def cancel_face(self) -> None:
        with self._lock:
            running = self._running
        if running is not None:
            running.cancel()

    def _reference(self, card: HeldCard) -> ReferenceFace:
        """The chip photo's encoding, computed once per card."""
        if card.reference is None:
            card.reference = self._matchers.get().encode_reference(self._chip_photos.photo(card))
        return card.reference
