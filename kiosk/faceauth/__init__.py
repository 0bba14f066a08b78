"""Face verification against the card photo: frame sources, the matcher, liveness and the session.

Nothing heavy is imported here: face_recognition loads only when a `DlibFaceMatcher` is built.
"""

from __future__ import annotations

from .matcher import FaceMatcher, face_distance, nose_offset
from .model import (
    DEFAULT_TOLERANCE,
    CameraOpenError,
    Decision,
    FaceAuthError,
    FaceBox,
    FivePoints,
    Frame,
    FrameAnalysis,
    LivenessPrompt,
    LivenessResult,
    MatcherUnavailableError,
    Phase,
    Progress,
    ReferenceFace,
    ReferenceFaceError,
    VerificationConfig,
    VerificationOutcome,
)
from .session import FaceVerificationSession, run_verification
from .sources import FrameSource, OpenCVFrameSource, SteppedFrameSource, scene_clock

__all__ = [
    "DEFAULT_TOLERANCE",
    "CameraOpenError",
    "Decision",
    "FaceAuthError",
    "FaceBox",
    "FaceMatcher",
    "FaceVerificationSession",
    "FivePoints",
    "Frame",
    "FrameAnalysis",
    "FrameSource",
    "LivenessPrompt",
    "LivenessResult",
    "MatcherUnavailableError",
    "OpenCVFrameSource",
    "Phase",
    "Progress",
    "ReferenceFace",
    "ReferenceFaceError",
    "SteppedFrameSource",
    "VerificationConfig",
    "VerificationOutcome",
    "face_distance",
    "nose_offset",
    "run_verification",
    "scene_clock",
]
