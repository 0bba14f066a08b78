"""Codes and rules of the national qualification result that the kiosk and the backend simulator share.

Code lists as clinic systems read them (被保険者証区分, 資格喪失事由, 限度額適用認定証の種類, 限度額適用区分); the
pre-school rule (未就学: until the first 31 March after the day a child turns six, 年齢計算ニ関スル法律: the day before
the birthday).
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

POST_NUMBER = re.compile(r"[0-9]{3}-[0-9]{4}")  # PostNumber: 〒 as "123-4567"
PRESCHOOL = "1"  # PreschoolClassification: 1 未就学; absent for everyone else


class InsuredCardClassification(StrEnum):
    """被保険者証区分 (InsuredCardClassification)."""

    GENERAL = "01"  # 被保険者証（一般）
    RETIRED = "02"  # 被保険者証（退職）
    SHORT_TERM_GENERAL = "03"  # 短期被保険者証（一般）
    SHORT_TERM_RETIRED = "04"  # 短期被保険者証（退職）
    QUALIFICATION_CERTIFICATE = "05"  # 被保険者資格証明書
    SPECIAL_RETIRED = "06"  # 特例退職被保険者証
    SELF_DEFENSE_FORCES = "07"  # 自衛官診療証


class ReasonOfLoss(StrEnum):
    """資格喪失事由 (ReasonOfLoss)."""

    DEATH = "01"  # 死亡
    PUBLIC_ASSISTANCE = "02"  # 生活保護受給開始
    OTHER_INSURANCE = "03"  # 医療保険等の資格取得
    OTHER = "99"  # その他


class LimitCertificateKind(StrEnum):
    """LimitApplicationCertificateClassification: which certificate the limit comes from."""

    LIMIT = "01"  # 限度額適用認定証
    LIMIT_AND_REDUCED_MEALS = "02"  # 限度額適用・標準負担額減額認定証
    REDUCED_MEALS = "03"  # 標準負担額減額認定証


# LimitApplicationCertificateClassificationFlag: 限度額適用区分 (A: under 70, B: 70 and over).
LIMIT_CATEGORIES = frozenset({f"A{n:02d}" for n in range(1, 7)} | {f"B{n:02d}" for n in range(1, 11)})


def preschool_until(birth_date: date) -> date:
    """The last day a child counts as 未就学: 31 March after the day it turns six (the day before its birthday)."""
    sixth_birthday = _anniversary(birth_date, 6)
    turns_six = date.fromordinal(sixth_birthday.toordinal() - 1)
    return date(turns_six.year if turns_six.month <= 3 else turns_six.year + 1, 3, 31)


def is_preschool(birth_date: date, on: date) -> bool:
    return on <= preschool_until(birth_date)


def _anniversary(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February: the anniversary falls on 1 March
        return date(day.year + years, 3, 1)
