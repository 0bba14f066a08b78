"""Errors of the eligibility client, in categories the UI can explain to a patient."""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

from kiosk.domain.forms import FieldProblem, FormProblem

if TYPE_CHECKING:
    from .models import EligibilityResult


class ErrorCategory(StrEnum):
    NETWORK_DOWN = "network_down"  # the backend cannot be reached
    TIMEOUT = "timeout"
    SERVER_ERROR = "server_error"  # the backend failed (5xx)
    CERT_EXPIRED = "cert_expired"  # the card's user-auth certificate is past its grace period: renew it
    CERT_REVOKED = "cert_revoked"  # the card was reported lost
    CERT_UNTRUSTED = "cert_untrusted"  # not a genuine JPKI certificate
    NOT_REGISTERED = "not_registered"  # the card is not registered for insurance use
    PERSON_UNKNOWN = "person_unknown"  # no insurance record for this card
    INVALID_QUALIFICATION = "invalid_qualification"  # the answer says: no valid qualification (see `result`)
    IDENTITY_REJECTED = "identity_rejected"  # PIN signature, face match or card-face check not accepted
    CHALLENGE_FAILED = "challenge_failed"  # the one-time challenge was used or expired
    DEFERRED_TOO_OLD = "deferred_too_old"  # an offline reception waited too long to be checked
    KIOSK_NOT_TRUSTED = "kiosk_not_trusted"  # the kiosk's own certificate or attestation was refused
    CONFLICT = "conflict"  # the idempotency key was used for another reception (a kiosk bug)
    REQUEST_REJECTED = "request_rejected"  # the backend refused the request's format (a kiosk bug)
    INVALID_INPUT = "invalid_input"  # a typed field is wrong: `problems` says which and why (nothing was sent)
    TERMS_NOT_AGREED = "terms_not_agreed"  # registration without the patient's agreement (nothing was sent)
    TERMS_OUTDATED = "terms_outdated"  # the kiosk showed terms the backend no longer accepts: fetch the current
    ALREADY_REGISTERED = "already_registered"  # the card is registered for insurance use already: just check it
    DISASTER_NOT_DECLARED = "disaster_not_declared"  # no disaster declared for this facility: no lookup without card
    SEVERAL_CANDIDATES = "several_candidates"  # the lookup matched several people (QualificationValidity 5)
    CLOCK_SKEW = "clock_skew"  # the kiosk's clock is too far from the backend's
    UNCONFIRMED = "unconfirmed"  # a refusal the backend did not sign (a proxy's page...): kept, staff are told


_BY_CODE: dict[str, ErrorCategory] = {
    "CERT_EXPIRED": ErrorCategory.CERT_EXPIRED,
    "CERT_REVOKED": ErrorCategory.CERT_REVOKED,
    "CERT_UNTRUSTED": ErrorCategory.CERT_UNTRUSTED,
    "NOT_REGISTERED": ErrorCategory.NOT_REGISTERED,
    "PERSON_UNKNOWN": ErrorCategory.PERSON_UNKNOWN,
    "SIGNATURE_INVALID": ErrorCategory.IDENTITY_REJECTED,
    "FACE_NOT_MATCHED": ErrorCategory.IDENTITY_REJECTED,
    "CARD_FACE_UNVERIFIED": ErrorCategory.IDENTITY_REJECTED,
    "CHALLENGE_UNKNOWN": ErrorCategory.CHALLENGE_FAILED,
    "CHALLENGE_USED": ErrorCategory.CHALLENGE_FAILED,
    "CHALLENGE_EXPIRED": ErrorCategory.CHALLENGE_FAILED,
    "DEFERRED_TOO_OLD": ErrorCategory.DEFERRED_TOO_OLD,
    "ATTESTATION_INVALID": ErrorCategory.KIOSK_NOT_TRUSTED,
    "KIOSK_UNKNOWN": ErrorCategory.KIOSK_NOT_TRUSTED,
    "FACILITY_MISMATCH": ErrorCategory.KIOSK_NOT_TRUSTED,
    "SEQUENCE_REUSED": ErrorCategory.CONFLICT,
    "IDEMPOTENCY_CONFLICT": ErrorCategory.CONFLICT,
    "TERMS_NOT_AGREED": ErrorCategory.TERMS_NOT_AGREED,
    "TERMS_UNKNOWN": ErrorCategory.TERMS_OUTDATED,
    "ALREADY_REGISTERED": ErrorCategory.ALREADY_REGISTERED,
    "DISASTER_NOT_DECLARED": ErrorCategory.DISASTER_NOT_DECLARED,
    "REQUEST_STALE": ErrorCategory.CLOCK_SKEW,
    **{problem.value: ErrorCategory.INVALID_INPUT for problem in FormProblem},
}
_PROBLEM = re.compile(r"(\w+): ([A-Z_]+)")

# Failures where nothing was decided about the patient: worth retrying, and what the outbox keeps.
RETRYABLE = frozenset({ErrorCategory.NETWORK_DOWN, ErrorCategory.TIMEOUT, ErrorCategory.SERVER_ERROR})
# The backend could not be reached at all (as opposed to a server that answered badly).
UNREACHABLE = frozenset({ErrorCategory.NETWORK_DOWN, ErrorCategory.TIMEOUT})
# Documented refusals that end a reception (docs/backend.md): only these, and only when the backend signed them,
# let the kiosk drop a reception it kept. Everything else keeps it for staff.
FINAL_REFUSALS = frozenset({
    "CERT_UNTRUSTED", "CERT_EXPIRED", "CERT_REVOKED", "SIGNATURE_INVALID", "FACE_NOT_MATCHED", "CARD_FACE_UNVERIFIED",
    "PERSON_UNKNOWN", "NOT_REGISTERED", "DEFERRED_TOO_OLD", "CHALLENGE_UNKNOWN", "CHALLENGE_USED", "CHALLENGE_EXPIRED",
})


class EligibilityError(Exception):
    """The check did not give a usable answer; `code` is the backend's error code (or a local one)."""

    def __init__(self, category: ErrorCategory, *, retryable: bool, code: str, message: str = "",
                 result: EligibilityResult | None = None, problems: Sequence[FieldProblem] = (),
                 authenticated: bool = False) -> None:
        super().__init__(f"{category.value} ({code}){': ' + message if message else ''}")
        self.category = category
        self.retryable = retryable
        self.code = code
        self.message = message
        self.result = result
        self.problems: tuple[FieldProblem, ...] = tuple(problems)  # INVALID_INPUT: each field and what is wrong
        self.authenticated = authenticated  # the backend signed this answer (see kiosk.eligibility.answers)

    @property
    def final(self) -> bool:
        """A signed, documented refusal that ends the reception: the only kind that may drop a kept reception."""
        return self.authenticated and self.code in FINAL_REFUSALS

    @classmethod
    def from_backend(cls, code: str, message: str = "", *, authenticated: bool = False) -> EligibilityError:
        category = _BY_CODE.get(code, ErrorCategory.REQUEST_REJECTED)
        problems: list[FieldProblem] = []
        if category is ErrorCategory.INVALID_INPUT:
            problems = [FieldProblem(name, FormProblem(value)) for name, value in _PROBLEM.findall(message)
                        if value in FormProblem.__members__]
        return cls(category, retryable=category in RETRYABLE, code=code, message=message, problems=problems,
                   authenticated=authenticated)

    @classmethod
    def invalid_input(cls, problems: Sequence[FieldProblem]) -> EligibilityError:
        """The kiosk's own validation refused a form: nothing was stored or sent."""
        return cls(ErrorCategory.INVALID_INPUT, retryable=False, code=problems[0].problem.value,
                   message=", ".join(f"{p.field}: {p.problem.value}" for p in problems), problems=problems)
