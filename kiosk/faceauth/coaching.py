"""What the patient should do about what the camera sees, decided once per analysed frame."""

from __future__ import annotations

from .model import Coaching, FaceBox, Frame, FrameAnalysis, ReferenceFace, VerificationConfig
from .track import face_quality


def coaching_for(frame: Frame, box: FaceBox, analysis: FrameAnalysis, reference: ReferenceFace,
                 config: VerificationConfig) -> Coaching | None:
    """None when nothing stands in the way; else the one thing to tell the patient, the most basic first.

    Too small or too dark comes first (nothing else can be judged then); a mask next (a masked face is never
    compared); glasses only when the card photo shows none; off-centre or blurred last.
    """
    quality = face_quality(frame, box, config)
    if quality in (Coaching.COME_CLOSER, Coaching.MORE_LIGHT):
        return quality
    if analysis.lower_face_covered:
        return Coaching.REMOVE_MASK
    if analysis.glasses and not reference.glasses:
        return Coaching.REMOVE_GLASSES
    return quality
