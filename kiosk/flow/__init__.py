"""The reception flow: a pure state machine (no Qt, no I/O) that screens and headless runs both drive."""

from __future__ import annotations

from . import effects, events
from .config import Clock, FlowConfig, ManualClock
from .machine import Flow
from .model import (
    CardReadFailure,
    CardSummary,
    DeclarationDraft,
    DisasterQuery,
    FaceFailure,
    Failure,
    NextStep,
    Notice,
    Outcome,
    OutcomeKind,
    PaperCertificate,
    PaperDocument,
    QualificationSummary,
    ReceptionPath,
    RegistrationFailure,
    StaffAlert,
    State,
    SubmissionRequest,
    SubmitFailure,
)
from .view import FlowView, ResultSummary

__all__ = [
    "CardReadFailure",
    "CardSummary",
    "Clock",
    "DeclarationDraft",
    "DisasterQuery",
    "FaceFailure",
    "Failure",
    "Flow",
    "FlowConfig",
    "FlowView",
    "ManualClock",
    "NextStep",
    "Notice",
    "Outcome",
    "OutcomeKind",
    "PaperCertificate",
    "PaperDocument",
    "QualificationSummary",
    "ReceptionPath",
    "RegistrationFailure",
    "ResultSummary",
    "StaffAlert",
    "State",
    "SubmissionRequest",
    "SubmitFailure",
    "effects",
    "events",
]
