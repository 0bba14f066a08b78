"""Small helpers of the face half of the reception services."""

from __future__ import annotations

from kiosk.faceauth import Decision, FaceMatcher, Phase, Progress
from kiosk.flow import FaceFailure

from .protocol import FaceProgress

FACE_FAILURE = {
    Decision.NOT_MATCHED: FaceFailure.NOT_MATCHED,
    Decision.NO_FACE: FaceFailure.NO_FACE,
    Decision.SEVERAL_FACES: FaceFailure.SEVERAL_FACES,
    Decision.LIVENESS_FAILED: FaceFailure.LIVENESS_FAILED,
    Decision.TIMED_OUT: FaceFailure.TIMED_OUT,
    Decision.CANCELLED: FaceFailure.TIMED_OUT,
}


def close_matcher(matcher: FaceMatcher | None) -> None:
    closer = getattr(matcher, "close", None)
    if callable(closer):
        closer()


ALIGN = "align"  # the screen's default guidance: look into the oval


def prompt_of(update: Progress, shown: str | None) -> str | None:
    """The prompt the patient should see now: the liveness action, else coaching (come_closer, more_light,
    remove_mask, remove_glasses, face_the_camera), else back to `align` once coaching that was shown no longer
    applies."""
    if update.prompt is not None:
        return update.prompt.value
    if update.phase is Phase.DONE:
        return shown
    if update.coaching is not None:
        return update.coaching.value
    return ALIGN if shown is not None else None


def face_progress(update: Progress) -> FaceProgress:
    """The session's progress as the screen draws it: the face box as fractions of the frame (no pixels)."""
    box, size = update.face_box, update.frame_size
    face = None
    if box is not None and size is not None and size[0] > 0 and size[1] > 0:
        width, height = size
        face = (box.left / width, box.top / height, box.width / width, box.height / height)
    return FaceProgress(phase=update.phase.value, faces=update.faces, face=face,
                        prompt=update.prompt.value if update.prompt else None, turn_progress=update.turn_progress)
