"""The whole national record: the pre-school rule, and databases written before the backend held every field."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from hardware_sim.backend.national_record import RECORD_VERSION, answer_fields
from hardware_sim.backend.store import Store
from kiosk.domain.insurance import is_preschool, preschool_until
from kiosk.eligibility.models import result_from_json
from kiosk.results import FinishedCheck, ResultFormat, render
from kiosk.results.record import CheckMethod

# A record as backends before record version 2 stored it: a bare 限度額適用区分, no address, no card kind.
OLD_RECORD = {
    "InsurerNumber": "06130012", "InsurerName": "テスト健康保険組合", "InsuredCardSymbol": "1234",
    "InsuredIdentificationNumber": "5678", "InsuredBranchNumber": "00", "InsuredPartialContributionRatio": 20,
    "LimitApplicationCertificateRelatedInfo": "A03",
    "ElderlyRecipientCertificateInfo": {"ratio_percent": 20, "valid_from": "2024-01-01", "valid_until": "2026-12-31"},
    "QualificationValidity": 1, "Name": "中村 トメ", "NameKana": "ナカムラ トメ", "Sex": 2, "Birthdate": "1953-05-10",
    "PersonalFamilyClassification": "1", "ReasonOfLoss": None, "QualificationDate": "2018-04-01",
    "InsuredCardValidDate": None, "registered_for_insurance_use": True,
}


@pytest.mark.parametrize(("born", "last_day"), [
    (date(2019, 4, 1), date(2025, 3, 31)),  # turns six on 31 March 2025 (the day before): school from April 2025
    (date(2019, 4, 2), date(2026, 3, 31)),  # turns six on 1 April 2025: one more year before school
    (date(2019, 12, 24), date(2026, 3, 31)),
    (date(2020, 2, 29), date(2026, 3, 31)),
])
def test_preschool_until_the_march_after_turning_six(born: date, last_day: date) -> None:
    assert preschool_until(born) == last_day
    assert is_preschool(born, last_day)
    assert not is_preschool(born, date.fromordinal(last_day.toordinal() + 1))


def test_preschool_is_worked_out_for_the_day_of_the_check() -> None:
    record = {**OLD_RECORD, "Birthdate": "2019-04-02"}
    assert answer_fields(record, date(2026, 3, 31))["PreschoolClassification"] == "1"
    assert answer_fields(record, date(2026, 4, 1))["PreschoolClassification"] is None
    assert "registered_for_insurance_use" not in answer_fields(record, date(2026, 4, 1))


def _old_database(path: Path) -> None:
    """A database as a version-1 backend left it: its insured record in the old shape, no user_version."""
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("INSERT INTO insured VALUES (?, ?, ?)", (0x2001, "gone", json.dumps(OLD_RECORD, ensure_ascii=False)))
    db.execute("PRAGMA user_version = 0")
    db.commit()
    db.close()


def test_an_older_database_gets_its_records_in_todays_shape(tmp_path: Path) -> None:
    path = tmp_path / "backend.sqlite3"
    _old_database(path)
    store = Store(path)
    try:
        (_, record), = store.insured().values()
    finally:
        store.close()
    assert record["LimitApplicationCertificateRelatedInfo"] == {
        "classification": "01", "category": "A03", "issued_on": None, "valid_from": None, "valid_until": None}
    assert record["ElderlyRecipientCertificateInfo"]["issued_on"] is None  # type: ignore[index]
    assert {record[key] for key in ("InsuredCardClassification", "Address", "PostNumber", "DisqualificationDate")} \
        == {None}
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == RECORD_VERSION
    db.close()


def test_a_migrated_record_writes_a_file_without_made_up_fields(tmp_path: Path) -> None:
    path = tmp_path / "backend.sqlite3"
    _old_database(path)
    store = Store(path)
    (_, record), = store.insured().values()
    store.close()
    answer = {**answer_fields(record, date(2025, 6, 1)), "check_id": 7, "idempotency_key": "k" * 20,
              "checked_at": "2025-06-01T09:00:00+09:00", "certificate_status": "valid", "consents": {},
              "consent_valid_until": None, "consent_refused_reason": None}
    result = result_from_json(answer)
    check = FinishedCheck("0" * 20, datetime.fromisoformat("2025-06-01T09:00:05+09:00"), CheckMethod.PIN,
                          "1310000001", result)
    text = render(check, ResultFormat()).decode("utf-8")
    for absent in ("<Address>", "<PostNumber>", "<InsuredCardClassification>", "<DisqualificationDate>",
                   "<ElderlyRecipientCertificateDate>", "<LimitApplicationCertificateDate>"):
        assert absent not in text
    assert "<LimitApplicationCertificateClassificationFlag>A03<" in text
    old_words = result_from_json({**answer, "ReasonOfLoss": "退職"})  # a reason in words, as records once held it
    check = FinishedCheck("0" * 20, check.finished_at, CheckMethod.PIN, "1310000001", old_words)
    assert "<ReasonOfLoss>" not in render(check, ResultFormat()).decode("utf-8")


def test_an_answer_stored_before_version_2_still_reads() -> None:
    """Answers kept from before (a replay returns the stored answer): a bare 限度額適用区分 and no new keys."""
    answer = {**{k: v for k, v in OLD_RECORD.items() if k != "registered_for_insurance_use"}, "check_id": 3,
              "idempotency_key": "k" * 20, "checked_at": "2025-06-01T09:00:00+09:00", "certificate_status": "valid",
              "consents": {}, "consent_valid_until": None, "consent_refused_reason": None}
    result = result_from_json(answer)
    assert result.limit_certificate is not None and result.limit_certificate.category == "A03"
    assert result.limit_certificate.kind is None
    assert (result.address, result.post_number, result.card_classification, result.preschool) == (None, None, None,
                                                                                                 False)
