"""Form rules shared by the kiosk and the backend, certificate notices, and the new signed statements."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.domain import statements, with_insurer_check_digit
from kiosk.domain.forms import (
    FieldProblem,
    FormProblem,
    insurer_number_problem,
    normalize_kana,
    normalize_phone,
    validate_declaration,
    validate_disaster_lookup,
    validate_number_lookup,
)
from kiosk.domain.notices import NoticeKind, certificate_notice

TODAY = date(2026, 3, 15)
GOOD_DECLARATION = {"name": "山田 太郎", "name_kana": "ヤマダ タロウ", "birth_date": date(1980, 4, 12),
                    "insurer_or_employer": "テスト商事株式会社", "phone": "090-1234-5678"}


def _declaration(**changes: object) -> list[FormProblem]:
    fields = {**GOOD_DECLARATION, **changes}
    return [p.problem for p in validate_declaration(**fields, today=TODAY)]  # type: ignore[arg-type]


def test_a_complete_declaration_has_no_problems() -> None:
    assert _declaration() == []


@pytest.mark.parametrize(("changes", "problem"), [
    ({"name": "  "}, FormProblem.NAME_REQUIRED),
    ({"name": "あ" * 51}, FormProblem.NAME_TOO_LONG),
    ({"name": "山田\x00太郎"}, FormProblem.NAME_INVALID_CHARACTERS),
    ({"name_kana": ""}, FormProblem.KANA_REQUIRED),
    ({"name_kana": "ア" * 51}, FormProblem.KANA_TOO_LONG),
    ({"name_kana": "やまだ たろう"}, FormProblem.KANA_NOT_KATAKANA),  # hiragana
    ({"name_kana": "ﾔﾏﾀﾞ ﾀﾛｳ"}, FormProblem.KANA_NOT_KATAKANA),  # half-width
    ({"birth_date": None}, FormProblem.BIRTH_DATE_REQUIRED),
    ({"birth_date": date(2026, 3, 16)}, FormProblem.BIRTH_DATE_IN_FUTURE),
    ({"birth_date": date(1899, 12, 31)}, FormProblem.BIRTH_DATE_TOO_OLD),
    ({"insurer_or_employer": ""}, FormProblem.INSURER_OR_EMPLOYER_REQUIRED),
    ({"insurer_or_employer": "会" * 61}, FormProblem.INSURER_OR_EMPLOYER_TOO_LONG),
    ({"phone": ""}, FormProblem.PHONE_REQUIRED),
    ({"phone": "03-123-456"}, FormProblem.PHONE_INVALID),  # 9 digits
    ({"phone": "90-1234-56789"}, FormProblem.PHONE_INVALID),  # no leading 0
    ({"phone": "０９０１２３４５６７８"}, FormProblem.PHONE_INVALID),  # full-width digits
    ({"phone": "090-1234-56789"}, FormProblem.PHONE_INVALID),  # 12 digits
])
def test_each_declaration_problem_has_its_code(changes: dict[str, object], problem: FormProblem) -> None:
    assert _declaration(**changes) == [problem]


def test_every_field_in_trouble_is_reported_at_once() -> None:
    problems = validate_declaration(name="", name_kana="", birth_date=None, insurer_or_employer="", phone="",
                                    today=TODAY)
    assert {p.field for p in problems} == {"name", "name_kana", "birth_date", "insurer_or_employer", "phone"}


def test_birth_date_today_is_accepted() -> None:
    assert _declaration(birth_date=TODAY) == []


def test_phone_and_kana_normalisation() -> None:
    assert normalize_phone("(03) 1234-5678") == "0312345678"
    assert _declaration(phone="(03) 1234-5678") == []  # a 10-digit landline with brackets
    assert normalize_kana("ヤマダ\u3000タロウ ") == normalize_kana("ヤマダタロウ") == "ヤマダタロウ"


@pytest.mark.parametrize(("number", "problem"), [
    (with_insurer_check_digit("0613001"), None),
    (with_insurer_check_digit("01200"), None),  # 6-digit 国保
    ("06130011", FormProblem.INSURER_NUMBER_CHECK_DIGIT),
    ("012001", FormProblem.INSURER_NUMBER_CHECK_DIGIT),
    ("0613001", FormProblem.INSURER_NUMBER_FORMAT),  # 7 digits
    ("０６１３００１７", FormProblem.INSURER_NUMBER_FORMAT),  # full-width
    ("0613a017", FormProblem.INSURER_NUMBER_FORMAT),
    ("", FormProblem.INSURER_NUMBER_FORMAT),
])
def test_insurer_number_format_and_real_check_digit(number: str, problem: FormProblem | None) -> None:
    assert insurer_number_problem(number) == problem


def test_the_check_digit_of_a_known_insurer_number() -> None:
    # 協会けんぽ 東京支部 01130012: body 0113001, weights 2,1,2,... from the right -> check digit 2
    assert with_insurer_check_digit("0113001") == "01130012"
    assert insurer_number_problem("01130012") is None
    assert insurer_number_problem("01130013") is FormProblem.INSURER_NUMBER_CHECK_DIGIT


@pytest.mark.parametrize(("changes", "expected"), [
    ({}, []),
    ({"symbol": ""}, [FieldProblem("symbol", FormProblem.SYMBOL_INVALID)]),
    ({"symbol": "長野"}, []),
    ({"number": "12-3"}, [FieldProblem("number", FormProblem.NUMBER_INVALID)]),
    ({"branch": "0"}, [FieldProblem("branch", FormProblem.BRANCH_INVALID)]),
    ({"branch": "００"}, [FieldProblem("branch", FormProblem.BRANCH_INVALID)]),
    ({"staff_id": "a b"}, [FieldProblem("staff_id", FormProblem.STAFF_ID_INVALID)]),
    ({"birth_date": None}, [FieldProblem("birth_date", FormProblem.BIRTH_DATE_REQUIRED)]),
])
def test_number_lookup_rules(changes: dict[str, object], expected: list[FieldProblem]) -> None:
    fields: dict[str, object] = {"insurer_number": "06130017", "symbol": "1234", "number": "5678", "branch": "00",
                                 "birth_date": date(1980, 4, 12), "staff_id": "staff-1", **changes}
    assert validate_number_lookup(**fields, today=TODAY) == expected  # type: ignore[arg-type]


def test_disaster_lookup_needs_verbal_consent_and_katakana() -> None:
    assert validate_disaster_lookup(name_kana="ヤマダ タロウ", birth_date=date(1980, 4, 12), staff_id="s1",
                                    verbal_consent=True, today=TODAY) == []
    problems = validate_disaster_lookup(name_kana="yamada", birth_date=date(2030, 1, 1), staff_id="s1",
                                        verbal_consent=False, today=TODAY)
    assert [p.problem for p in problems] == [FormProblem.KANA_NOT_KATAKANA, FormProblem.BIRTH_DATE_IN_FUTURE,
                                             FormProblem.VERBAL_CONSENT_MISSING]


@pytest.mark.parametrize(("not_after", "kind", "grace_until"), [
    (date(2026, 6, 15), NoticeKind.EXPIRING, None),  # within three months
    (date(2026, 3, 15), NoticeKind.EXPIRING, None),  # last valid day is today
    (date(2026, 6, 16), None, None),  # a day more than three months away
    (date(2026, 1, 20), NoticeKind.GRACE, date(2026, 4, 30)),  # expired in January: grace to the end of April
    (date(2025, 11, 30), None, None),  # grace ended on 2026-02-28
])
def test_certificate_notice(not_after: date, kind: NoticeKind | None, grace_until: date | None) -> None:
    notice = certificate_notice(not_after, TODAY)
    assert (notice.kind if notice else None) == kind
    if notice is not None:
        assert (notice.not_after, notice.grace_until) == (not_after, grace_until)
        assert "municipal office" in notice.renew_at and "free" in notice.renew_at


def test_request_statement_is_canonical_and_cannot_be_forged_by_a_typed_value() -> None:
    one = statements.request_statement("declaration", {"name": "a", "phone": "1"})
    assert one == statements.request_statement("declaration", {"phone": "1", "name": "a"})
    forged = statements.request_statement("declaration", {"name": 'a","phone":"1'})
    assert forged != one


def test_registration_card_statement_differs_from_a_reception() -> None:
    common = {"idempotency_key": "k" * 16, "facility_code": "1312345678", "captured_at": "2026-03-15T00:00:00Z",
              "certificate_der": b"cert", "challenge_b64": "Y2g="}
    registration = statements.registration_card_statement(**common)  # type: ignore[arg-type]
    reception = statements.card_statement(**common)  # type: ignore[arg-type]
    assert registration.startswith(b"MYNA-REGISTRATION/1\n") and registration != reception
    assert registration.split(b"\n")[1:] == reception.split(b"\n")[1:]


def test_wareki_birth_dates_as_elderly_patients_write_them() -> None:
    from kiosk.domain.wareki import Era, birth_date_from_typed, join_typed_year, split_typed_year

    assert birth_date_from_typed(Era.SHOWA, "25", "4", "1") == date(1950, 4, 1)
    assert birth_date_from_typed(Era.HEISEI, "1", "1", "8") == date(1989, 1, 8)  # 平成元年の初日
    assert birth_date_from_typed(Era.SHOWA, "64", "1", "8") is None  # already 平成
    assert birth_date_from_typed(Era.SHOWA, "1", "12", "24") is None  # still 大正
    assert birth_date_from_typed(None, "1950", "4", "1") == date(1950, 4, 1)
    assert birth_date_from_typed(None, "50", "4", "1") is None  # a 西暦 year has 4 digits
    assert split_typed_year(join_typed_year(Era.SHOWA, "25")) == (Era.SHOWA, "25")
    assert split_typed_year("1950") == (None, "1950")


def test_a_day_has_one_era_and_year_as_printed() -> None:
    from kiosk.domain.wareki import Era, era_by_printed_name, era_of

    assert era_of(date(1989, 1, 7)) == (Era.SHOWA, 64)  # the last day of 昭和
    assert era_of(date(1989, 1, 8)) == (Era.HEISEI, 1)  # 平成元年
    assert era_of(date(2019, 5, 1)) == (Era.REIWA, 1)
    assert era_of(date(1912, 7, 29)) is None  # 明治: no era of a living patient here
    assert [era_by_printed_name(era.printed_name) for era in Era] == list(Era)
    assert era_by_printed_name("明治") is None
