"""Certificate notices for the result screen: when the user-auth certificate expires, or why only the
qualification was checked inside the grace window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from . import add_months, grace_period_end

RENEW_AT = "municipal office (市区町村窓口), free of charge"
NOTICE_MONTHS = 3


class NoticeKind(StrEnum):
    EXPIRING = "expiring"  # valid today, expires within three months: renew soon
    GRACE = "grace"  # expired, inside the grace window: qualification only, no medical-information sharing


@dataclass(frozen=True)
class CertificateNotice:
    kind: NoticeKind
    not_after: date  # last day of validity of the user-auth certificate
    grace_until: date | None  # last day of the grace window (GRACE only)
    renew_at: str = RENEW_AT


def certificate_notice(not_after: date | None, today: date) -> CertificateNotice | None:
    """What to tell the patient about the certificate on `today` (None: nothing to say, or not known)."""
    if not_after is None:
        return None
    if today > not_after:
        end = grace_period_end(not_after)
        return CertificateNotice(NoticeKind.GRACE, not_after, end) if today <= end else None
    if not_after <= add_months(today, NOTICE_MONTHS):
        return CertificateNotice(NoticeKind.EXPIRING, not_after, None)
    return None
