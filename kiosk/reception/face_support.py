"""Small helpers of the face half of the reception services."""

from __future__ import annotations

from kiosk.faceauth import Decision, FaceMatcher, Progress
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


def face_progress(update: Progress) -> FaceProgress:
    """The session's progress as the screen draws it: the face box as fractions of the frame (no pixels)."""
    box, size = update.face_box, update.frame_size
    face = None
    if box is not None and size is not None and size[0] > 0 and size[1] > 0:
        width, height = size
        face = (box.left / width, box.top / height, box.width / width, box.height / height)
    return FaceProgress(phase=update.phase.value, faces=update.faces, face=face,
                        prompt=update.prompt.value if update.prompt else None, turn_progress=update.turn_progress)
