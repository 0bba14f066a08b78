"""Backend answers as the flow hears them: one table per boundary (eligibility errors -> flow failures)."""

from __future__ import annotations

from kiosk.domain import QualificationValidity
from kiosk.eligibility import EligibilityError, EligibilityResult, ErrorCategory
from kiosk.flow import CheckFailure, QualificationSummary

CHECK_FAILURE = {
    ErrorCategory.NETWORK_DOWN: CheckFailure.UNREACHABLE,
    ErrorCategory.TIMEOUT: CheckFailure.UNREACHABLE,
    ErrorCategory.SERVER_ERROR: CheckFailure.UNREACHABLE,
    ErrorCategory.CERT_EXPIRED: CheckFailure.CERT_EXPIRED,
    ErrorCategory.CERT_REVOKED: CheckFailure.CERT_REVOKED,
    ErrorCategory.NOT_REGISTERED: CheckFailure.NOT_REGISTERED,
    ErrorCategory.PERSON_UNKNOWN: CheckFailure.NO_RECORD,
}
_LOOKUP_FAILURE = {
    ErrorCategory.PERSON_UNKNOWN: CheckFailure.NO_RECORD,
    ErrorCategory.DISASTER_NOT_DECLARED: CheckFailure.DISASTER_NOT_DECLARED,
}


def summary(result: EligibilityResult) -> QualificationSummary:
    return QualificationSummary(result.qualification_validity, result.insurer_name, result.burden_ratio_percent,
                                dict(result.consents), result.prescription)


def lookup_failure(error: EligibilityError) -> QualificationSummary | CheckFailure:
    """A lookup's refusal as the flow sees it: an answer (invalid, several people) or a failure."""
    if error.category is ErrorCategory.INVALID_QUALIFICATION and error.result is not None:
        return summary(error.result)
    if error.category is ErrorCategory.SEVERAL_CANDIDATES:
        return QualificationSummary(QualificationValidity.SEVERAL_CANDIDATES)  # nobody's data on the kiosk
    if error.retryable:
        return CheckFailure.UNREACHABLE
    return _LOOKUP_FAILURE.get(error.category, CheckFailure.REJECTED)
