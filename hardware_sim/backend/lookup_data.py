"""Insured persons known only by their numbers and names (no card): what number checks and disaster lookups find.

The personas' records come first (seeded by the service); these extras add two people with the same name in kana
and the same birth date, so that a disaster lookup can meet several candidates (QualificationValidity 5).
"""

from __future__ import annotations

from datetime import date

from kiosk.domain import PersonalFamily, QualificationValidity, Sex, with_insurer_check_digit
from kiosk.domain.insurance import InsuredCardClassification

from .national_record import REGISTERED

TWIN_KANA = "スズキ ハナコ"
TWIN_BIRTH_DATE = date(1950, 5, 5)


def _record(name: str, insurer_body: str, insurer_name: str, symbol: str, number: str, address: str,
            post_number: str) -> dict[str, object]:
    return {
        "InsuredCardClassification": InsuredCardClassification.GENERAL.value,
        "InsurerNumber": with_insurer_check_digit(insurer_body), "InsurerName": insurer_name,
        "InsuredCardSymbol": symbol, "InsuredIdentificationNumber": number, "InsuredBranchNumber": "00",
        "InsuredPartialContributionRatio": 20, "LimitApplicationCertificateRelatedInfo": None,
        "ElderlyRecipientCertificateInfo": None, "QualificationValidity": int(QualificationValidity.VALID),
        "Name": name, "NameKana": TWIN_KANA, "Sex": int(Sex.FEMALE), "Birthdate": TWIN_BIRTH_DATE.isoformat(),
        "PersonalFamilyClassification": PersonalFamily.INSURED.value, "ReasonOfLoss": None,
        "QualificationDate": "2015-04-01", "DisqualificationDate": None, "InsuredCardValidDate": None,
        "Address": address, "PostNumber": post_number, REGISTERED: False,
    }


def cardless_records() -> list[dict[str, object]]:
    """Two namesakes born the same day, insured by different insurers."""
    return [
        _record("鈴木 花子", "13001", "千代田区国民健康保険", "千代田", "700101", "東京都千代田区九段南1-2-1",
                "102-8688"),
        _record("鈴木 花子", "0613002", "テスト第二健康保険組合", "55", "901", "埼玉県さいたま市浦和区高砂3-15-1",
                "330-9301"),
    ]
