"""A finished check without a backend: the answer the national system gives for a person, built in the test."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from kiosk.domain import ConsentCode, ConsentItem, PersonalFamily, PrescriptionIssue, QualificationValidity, Sex
from kiosk.eligibility.models import EligibilityResult
from kiosk.results import CardIdentity, CheckError, CheckMethod, FinishedCheck

FINISHED = datetime(2025, 3, 4, 9, 8, 7, tzinfo=UTC)


def answer(name: str = "山田 太郎", kana: str = "ヤマダ タロウ", *, insurer: str = "138057",
           consents: dict[ConsentItem, ConsentCode] | None = None) -> EligibilityResult:
    given = consents if consents is not None else {item: ConsentCode.GIVEN for item in (
        ConsentItem.TREATMENT, ConsentItem.MEDICATION)} | {ConsentItem.COST_CEILING: ConsentCode.GIVEN}
    return EligibilityResult(
        check_id=1, idempotency_key="key-0000000000000001", deferred=False, checked_at=FINISHED,
        certificate_status="valid", insurer_number=insurer, insurer_name="テスト健康保険組合", symbol="1234",
        number="5678", branch="01", burden_ratio_percent=30, limit_certificate=None, elderly_recipient=None,
        qualification_validity=QualificationValidity.VALID, name=name, name_kana=kana, sex=Sex.MALE,
        birth_date=date(1980, 4, 12), personal_family=PersonalFamily.INSURED, reason_of_loss=None,
        qualification_date=date(2020, 4, 1), card_valid_until=None, consents=given,
        consent_valid_until=FINISHED + timedelta(hours=24), consent_refused_reason=None,
        prescription=PrescriptionIssue.ELECTRONIC)


def finished(result: EligibilityResult | None = None, *, reception: str = "0123456789ABCDEF0123",
             error: CheckError | None = None, card: CardIdentity | None = None,
             method: CheckMethod = CheckMethod.PIN) -> FinishedCheck:
    return FinishedCheck(reception, FINISHED, method, "1310000001", result if error is None else None, error,
                         card=card)
