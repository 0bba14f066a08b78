"""The reception flow: a pure state machine (no Qt, no I/O) that screens and headless runs both drive."""

from __future__ import annotations

from . import effects, events
from .config import Clock, FlowConfig, ManualClock
from .machine import Flow
from .model import (
    CardReadFailure,
    CardSummary,
    CheckFailure,
    DeclarationDraft,
    DisasterCheck,
    DisasterQuery,
    FaceFailure,
    Failure,
    NextStep,
    Notice,
    NumberCheck,
    Outcome,
    OutcomeKind,
    PaperCertificate,
    PaperDocument,
    QualificationQuery,
    QualificationSummary,
    ReceptionPath,
    RegistrationFailure,
    StaffAlert,
    State,
    SubmissionRequest,
)
from .view import FlowView, ResultSummary

__all__ = [
    "CardReadFailure",
    "CardSummary",
    "Clock",
    "DeclarationDraft",
    "DisasterCheck",
    "DisasterQuery",
    "FaceFailure",
    "Failure",
    "Flow",
    "FlowConfig",
    "FlowView",
    "ManualClock",
    "NextStep",
    "Notice",
    "NumberCheck",
    "Outcome",
    "OutcomeKind",
    "PaperCertificate",
    "PaperDocument",
    "QualificationQuery",
    "QualificationSummary",
    "ReceptionPath",
    "RegistrationFailure",
    "ResultSummary",
    "StaffAlert",
    "State",
    "SubmissionRequest",
    "CheckFailure",
    "effects",
    "events",
]
