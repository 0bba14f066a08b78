"""What the patient should do about what the camera sees, decided once per analysed frame."""

from __future__ import annotations

from .model import Coaching, FrameAnalysis


def coaching_for(quality: Coaching | None, analysis: FrameAnalysis, card_glasses: bool) -> Coaching | None:
    """None when nothing stands in the way; else the one thing to tell the patient, the most basic first.

    `quality` is the face's own coaching (`track.face_quality`). Too small or too dark comes first (nothing else can
    be judged then); a mask next (a masked face is never compared); glasses only when the card photo shows none;
    off-centre or blurred last.
    """
    if quality in (Coaching.COME_CLOSER, Coaching.MORE_LIGHT):
        return quality
    if analysis.lower_face_covered:
        return Coaching.REMOVE_MASK
    if analysis.glasses and not card_glasses:
        return Coaching.REMOVE_GLASSES
    return quality
