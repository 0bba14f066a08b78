"""Shared vocabulary of reception: codes and rules that the kiosk and the simulators both speak.

This module is pure Python with no dependencies, so that `hardware_sim` may import it too.
"""

from __future__ import annotations

import calendar
from datetime import date
from enum import Enum, IntEnum, StrEnum

from .consent import (
    ASKABLE_ITEMS,
    CATALOGUE,
    DEFAULT_ASKED_ITEMS,
    INFORMATION_ONLY_ITEMS,
    LANGUAGES,
    LATEST_RESULT_SPEC,
    WRITABLE_RESULT_SPECS,
    ConsentGroup,
    ConsentItem,
    ConsentSpec,
    ResultElements,
    ResultSpec,
    UnknownConsentItemError,
    Words,
    asked_items,
    consent_item,
    result_flag_elements,
)


class Sex(IntEnum):
    """ISO 5218, as stored on the card and sent by the national system."""

    NOT_KNOWN = 0
    MALE = 1
    FEMALE = 2
    NOT_APPLICABLE = 9


class IdentityMethod(StrEnum):
    FACE = "face"
    PIN = "pin"
    STAFF = "staff"


class ConsentCode(IntEnum):
    """Consent flags as the national system reports them."""

    NOT_GIVEN = 0
    GIVEN = 1
    EXPIRED = 2
    NOT_OBTAINED = 3


class QualificationValidity(IntEnum):
    """資格有効性 as the national system answers it."""

    VALID = 1  # 有効
    INVALID = 2  # 無効
    INVALID_NEWER_EXISTS = 3  # 無効（新しい資格あり）
    NO_QUALIFICATION = 4  # 該当資格なし
    SEVERAL_CANDIDATES = 5  # 複数該当
    VALID_MEDICAL_AID_UNREGISTERED = 6  # 有効・未登録: 医療扶助 (public assistance), card not linked yet

    @property
    def is_valid(self) -> bool:
        """The patient may be treated on this qualification (1, and 6 under 医療扶助)."""
        return self in (QualificationValidity.VALID, QualificationValidity.VALID_MEDICAL_AID_UNREGISTERED)


class PrescriptionIssue(IntEnum):
    """PrescriptionIssueSelect: how the patient wants the prescription (処方箋発行形態)."""

    ELECTRONIC = 1  # 電子処方箋
    PAPER = 2  # 紙の処方箋


__all__ = [
    "ASKABLE_ITEMS", "CATALOGUE", "DEFAULT_ASKED_ITEMS", "INFORMATION_ONLY_ITEMS", "LANGUAGES", "LATEST_RESULT_SPEC",
    "CertificateStatus", "ConsentCode", "ConsentGroup", "ConsentItem", "ConsentSpec", "IdentityMethod",
    "PersonalFamily", "PrescriptionIssue", "QualificationValidity", "ResultElements", "ResultSpec", "Sex",
    "UnknownConsentItemError", "WRITABLE_RESULT_SPECS", "Words", "add_months", "age_on", "asked_items",
    "certificate_status", "consent_item",
    "grace_period_end", "insurer_number_is_valid", "my_number_check_digit", "my_number_is_valid",
    "result_flag_elements", "with_insurer_check_digit",
]


class PersonalFamily(StrEnum):
    INSURED = "1"  # 本人
    FAMILY = "2"  # 家族


class CertificateStatus(Enum):
    """Where a user-authentication certificate stands on a given day."""

    VALID = "valid"
    GRACE = "grace"  # expired, but the qualification check is still allowed
    EXPIRED = "expired"
    REVOKED = "revoked"


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def grace_period_end(not_after: date) -> date:
    """Last day an expired user-auth certificate still allows the qualification check.

    Since December 2024 the grace period runs to the end of the third month after the expiry month.
    """
    first_of_expiry_month = not_after.replace(day=1)
    third_month = add_months(first_of_expiry_month, 3)
    return third_month.replace(day=calendar.monthrange(third_month.year, third_month.month)[1])


def certificate_status(not_before: date, not_after: date, today: date, revoked: bool = False) -> CertificateStatus:
    """Classify a certificate's validity window against `today`."""
    if revoked:
        return CertificateStatus.REVOKED
    if not_before <= today <= not_after:
        return CertificateStatus.VALID
    if not_after < today <= grace_period_end(not_after):
        return CertificateStatus.GRACE
    return CertificateStatus.EXPIRED


def _luhn_style_check_digit(body: str) -> int:
    """Check digit of Japanese insurer numbers: weights 2,1,2,... from the right, digits of products summed."""
    total = 0
    for position, char in enumerate(reversed(body)):
        product = int(char) * (2 if position % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def insurer_number_is_valid(number: str) -> bool:
    """True for a 6-digit (国保) or 8-digit insurer number whose last digit is its check digit."""
    if len(number) not in (6, 8) or not number.isascii() or not number.isdigit():
        return False
    return _luhn_style_check_digit(number[:-1]) == int(number[-1])


def with_insurer_check_digit(body: str) -> str:
    """Append the check digit to a 5- or 7-digit insurer number body."""
    if len(body) not in (5, 7) or not body.isdigit():
        raise ValueError("an insurer number body has 5 or 7 digits")
    return body + str(_luhn_style_check_digit(body))


def my_number_check_digit(first_eleven: str) -> int:
    """Check digit of a 12-digit individual number (マイナンバー), as the law defines it."""
    if len(first_eleven) != 11 or not first_eleven.isdigit():
        raise ValueError("the body of a My Number has 11 digits")
    total = 0
    for n, char in enumerate(reversed(first_eleven), start=1):
        weight = n + 1 if n <= 6 else n - 5
        total += int(char) * weight
    remainder = total % 11
    return 0 if remainder <= 1 else 11 - remainder


def my_number_is_valid(number: str) -> bool:
    return (
        len(number) == 12 and number.isascii() and number.isdigit()
        and my_number_check_digit(number[:11]) == int(number[-1])
    )


def age_on(birth_date: date, today: date) -> int:
    """Completed years of age on `today`."""
    had_birthday = (today.month, today.day) >= (birth_date.month, birth_date.day)
    return today.year - birth_date.year - (0 if had_birthday else 1)
