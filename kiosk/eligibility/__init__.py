"""Eligibility check (オンライン資格確認): the backend client and the outbox that loses nothing."""

from __future__ import annotations

from .declarations import DeclarationOutbox, DeclarationSender, DeclarationSubmitter, StoredDeclaration
from .errors import EligibilityError, ErrorCategory
from .http_client import HttpEligibilityClient, kiosk_ssl_context
from .models import (
    CardSigner,
    CheckRequest,
    ConsentChoices,
    DeferredReception,
    ElderlyRecipient,
    EligibilityResult,
    FaceIdentity,
    Identity,
    KioskCredentials,
    LimitCertificate,
    PinIdentity,
    StaffIdentity,
    Submission,
    new_idempotency_key,
)
from .outbox import Outbox, OutboxEntry, OutboxState
from .paths_models import (
    Declaration,
    DeclarationForm,
    DeclarationReason,
    DeclarationReceipt,
    DeclarationRecord,
    DeferredDeclaration,
    DisasterLookupRequest,
    NumberCheckRequest,
    RegistrationRequest,
    RegistrationResult,
    TermsInfo,
)
from .protocol import EligibilityClient
from .reception import ReceptionSubmitter, ReplayReport

__all__ = [
    "CardSigner", "CheckRequest", "ConsentChoices", "DeferredReception", "ElderlyRecipient", "EligibilityClient",
    "EligibilityError", "EligibilityResult", "ErrorCategory", "FaceIdentity", "HttpEligibilityClient", "Identity",
    "KioskCredentials", "LimitCertificate", "Outbox", "OutboxEntry", "OutboxState", "PinIdentity",
    "ReceptionSubmitter", "ReplayReport", "StaffIdentity", "Submission", "kiosk_ssl_context", "new_idempotency_key",
    "Declaration", "DeclarationForm", "DeclarationOutbox", "DeclarationReason", "DeclarationReceipt",
    "DeclarationRecord", "DeclarationSender", "DeclarationSubmitter", "DeferredDeclaration", "DisasterLookupRequest",
    "NumberCheckRequest", "RegistrationRequest", "RegistrationResult", "StoredDeclaration", "TermsInfo",
]
