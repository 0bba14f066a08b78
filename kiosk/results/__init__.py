"""Results reach the clinic: OQS-compatible result files, and the record the reception desk page reads."""

from __future__ import annotations

from .board import DeskBoard, HealthItem, StaffCall
from .delivery import ReceptionRecorder, ResultDelivery, ResultSettings, open_result_delivery
from .desk_link import KioskDeskLink
from .folder import ResultFolder, Retention, RetentionRule
from .layout import CharacterCode, ResultFormat, file_name, render
from .record import CardIdentity, CheckError, CheckMethod, FinishedCheck, Flag, ReferenceClassification, reception_id
from .store import RESULTS_FILE, ResultStore

__all__ = [
    "RESULTS_FILE", "CardIdentity", "CharacterCode", "CheckError", "CheckMethod", "DeskBoard", "FinishedCheck",
    "Flag", "HealthItem", "KioskDeskLink", "ReceptionRecorder", "ReferenceClassification", "ResultDelivery",
    "ResultFolder", "ResultFormat", "ResultSettings", "ResultStore", "Retention", "RetentionRule", "StaffCall",
    "file_name", "open_result_delivery", "reception_id", "render",
]
