"""The shared reception rules: check digits and the certificate grace window."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.domain import (
    CertificateStatus,
    age_on,
    certificate_status,
    grace_period_end,
    insurer_number_is_valid,
    my_number_is_valid,
    with_insurer_check_digit,
)


@pytest.mark.parametrize(
    "number",
    ["01130012", "01270016", "06130017"],  # 協会けんぽ Tokyo and Osaka branches, and the test union
)
def test_published_insurer_numbers_pass_the_check_digit(number: str) -> None:
    assert insurer_number_is_valid(number)


@pytest.mark.parametrize("number", ["01130013", "0113001", "011300120", "0113001a", "", "０１１３００１２"])
def test_mistyped_insurer_numbers_are_rejected(number: str) -> None:
    assert not insurer_number_is_valid(number)


def test_every_single_digit_typo_in_an_insurer_number_is_caught() -> None:
    valid = "01130012"
    for position in range(8):
        for digit in "0123456789":
            if digit == valid[position]:
                continue
            typo = valid[:position] + digit + valid[position + 1:]
            assert not insurer_number_is_valid(typo), typo


def test_check_digit_is_appended_to_six_and_eight_digit_numbers() -> None:
    assert with_insurer_check_digit("0113001") == "01130012"
    assert insurer_number_is_valid(with_insurer_check_digit("13805"))
    with pytest.raises(ValueError):
        with_insurer_check_digit("123")


def test_my_number_check_digit() -> None:
    assert my_number_is_valid("123456789018")
    assert not my_number_is_valid("123456789017")
    assert not my_number_is_valid("12345678901")


@pytest.mark.parametrize(
    ("not_after", "today", "expected"),
    [
        (date(2026, 8, 15), date(2026, 8, 15), CertificateStatus.VALID),
        (date(2026, 8, 15), date(2026, 8, 16), CertificateStatus.GRACE),
        (date(2026, 8, 15), date(2026, 11, 30), CertificateStatus.GRACE),  # end of the 3rd month after August
        (date(2026, 8, 15), date(2026, 12, 1), CertificateStatus.EXPIRED),
        (date(2026, 11, 30), date(2027, 2, 28), CertificateStatus.GRACE),  # across the year end
        (date(2026, 11, 30), date(2027, 3, 1), CertificateStatus.EXPIRED),
    ],
)
def test_grace_window_runs_to_the_end_of_the_third_month_after_expiry(
    not_after: date, today: date, expected: CertificateStatus
) -> None:
    assert certificate_status(date(2021, 8, 16), not_after, today) is expected


def test_grace_period_end_is_a_month_end() -> None:
    assert grace_period_end(date(2026, 10, 31)) == date(2027, 1, 31)
    assert grace_period_end(date(2026, 1, 31)) == date(2026, 4, 30)


def test_revoked_beats_validity_and_not_yet_valid_is_expired() -> None:
    assert certificate_status(date(2024, 1, 1), date(2029, 1, 1), date(2026, 1, 1), revoked=True) is (
        CertificateStatus.REVOKED
    )
    assert certificate_status(date(2027, 1, 1), date(2032, 1, 1), date(2026, 1, 1)) is CertificateStatus.EXPIRED


def test_age_counts_completed_years() -> None:
    assert age_on(date(2020, 5, 10), date(2026, 5, 9)) == 5
    assert age_on(date(2020, 5, 10), date(2026, 5, 10)) == 6
