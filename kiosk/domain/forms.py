"""Validation rules of the forms typed at the kiosk, shared by the kiosk (before anything is stored or sent)
and the backend (which checks again): self-declaration, qualification check by number, disaster lookup.

Pure Python, no dependencies: `hardware_sim` imports it too. Every problem has a code that is also the
backend's error code, so the UI can say exactly what is wrong with which field.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from . import insurer_number_is_valid

NAME_MAX = 50
KANA_MAX = 50
INSURER_OR_EMPLOYER_MAX = 60
SYMBOL_MAX = 20
NUMBER_MAX = 20
BIRTH_DATE_DIGITS = (4, 2, 2)  # 西暦 year, month, day: the most digits each box of a typed birth date holds
EARLIEST_BIRTH_DATE = date(1900, 1, 1)
_KATAKANA = re.compile(r"^[\u30a1-\u30fa\u30fc\u30fb \u3000]+$")  # ァ..ヺ, ー, ・ and spaces
_PHONE_SEPARATORS = re.compile(r"[-\s()]")
_STAFF_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_NUMBER = re.compile(r"^[A-Za-z0-9]+$")


class FormProblem(StrEnum):
    """What is wrong with a field; the values are the backend's error codes too."""

    NAME_REQUIRED = "NAME_REQUIRED"
    NAME_TOO_LONG = "NAME_TOO_LONG"
    NAME_INVALID_CHARACTERS = "NAME_INVALID_CHARACTERS"
    KANA_REQUIRED = "KANA_REQUIRED"
    KANA_TOO_LONG = "KANA_TOO_LONG"
    KANA_NOT_KATAKANA = "KANA_NOT_KATAKANA"
    BIRTH_DATE_REQUIRED = "BIRTH_DATE_REQUIRED"
    BIRTH_DATE_IN_FUTURE = "BIRTH_DATE_IN_FUTURE"
    BIRTH_DATE_TOO_OLD = "BIRTH_DATE_TOO_OLD"
    INSURER_OR_EMPLOYER_REQUIRED = "INSURER_OR_EMPLOYER_REQUIRED"
    INSURER_OR_EMPLOYER_TOO_LONG = "INSURER_OR_EMPLOYER_TOO_LONG"
    PHONE_REQUIRED = "PHONE_REQUIRED"
    PHONE_INVALID = "PHONE_INVALID"
    INSURER_NUMBER_FORMAT = "INSURER_NUMBER_FORMAT"  # not 6 or 8 digits
    INSURER_NUMBER_CHECK_DIGIT = "INSURER_NUMBER_CHECK_DIGIT"  # 6/8 digits, but the last is not the check digit
    SYMBOL_INVALID = "SYMBOL_INVALID"
    NUMBER_INVALID = "NUMBER_INVALID"
    BRANCH_INVALID = "BRANCH_INVALID"
    STAFF_ID_INVALID = "STAFF_ID_INVALID"
    VERBAL_CONSENT_MISSING = "VERBAL_CONSENT_MISSING"


@dataclass(frozen=True)
class FieldProblem:
    field: str
    problem: FormProblem


def _has_control(text: str) -> bool:
    return any(unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn") for char in text)


def _text(field: str, value: str, maximum: int, required: FormProblem, too_long: FormProblem,
          invalid: FormProblem | None = None) -> list[FieldProblem]:
    stripped = value.strip()
    if not stripped:
        return [FieldProblem(field, required)]
    if len(stripped) > maximum:
        return [FieldProblem(field, too_long)]
    if invalid is not None and _has_control(value):
        return [FieldProblem(field, invalid)]
    return []


def kana_problems(field: str, kana: str) -> list[FieldProblem]:
    """Full-width katakana (with ー, ・ and spaces), 1 to 50 characters."""
    problems = _text(field, kana, KANA_MAX, FormProblem.KANA_REQUIRED, FormProblem.KANA_TOO_LONG)
    if not problems and not _KATAKANA.match(kana.strip()):
        problems.append(FieldProblem(field, FormProblem.KANA_NOT_KATAKANA))
    return problems


def birth_date_problems(field: str, birth_date: date | None, today: date) -> list[FieldProblem]:
    if birth_date is None:
        return [FieldProblem(field, FormProblem.BIRTH_DATE_REQUIRED)]
    if birth_date > today:
        return [FieldProblem(field, FormProblem.BIRTH_DATE_IN_FUTURE)]
    if birth_date < EARLIEST_BIRTH_DATE:
        return [FieldProblem(field, FormProblem.BIRTH_DATE_TOO_OLD)]
    return []


def normalize_phone(phone: str) -> str:
    """The digits of a phone number as typed ("090-1234-5678" -> "09012345678"); separators dropped."""
    return _PHONE_SEPARATORS.sub("", phone)


def phone_problems(field: str, phone: str) -> list[FieldProblem]:
    """A Japanese number: 10 or 11 ASCII digits starting with 0, hyphens, spaces and brackets allowed."""
    digits = normalize_phone(phone)
    if not digits:
        return [FieldProblem(field, FormProblem.PHONE_REQUIRED)]
    if not (digits.isascii() and digits.isdigit() and len(digits) in (10, 11) and digits.startswith("0")):
        return [FieldProblem(field, FormProblem.PHONE_INVALID)]
    return []


def normalize_kana(kana: str) -> str:
    """Kana for comparison: every space (half or full width) removed."""
    return "".join(kana.split())


def insurer_number_problem(number: str) -> FormProblem | None:
    """INSURER_NUMBER_FORMAT unless 6 or 8 ASCII digits; INSURER_NUMBER_CHECK_DIGIT when the last digit is wrong."""
    if len(number) not in (6, 8) or not number.isascii() or not number.isdigit():
        return FormProblem.INSURER_NUMBER_FORMAT
    return None if insurer_number_is_valid(number) else FormProblem.INSURER_NUMBER_CHECK_DIGIT


def staff_id_problems(field: str, staff_id: str) -> list[FieldProblem]:
    return [] if _STAFF_ID.match(staff_id) else [FieldProblem(field, FormProblem.STAFF_ID_INVALID)]


def validate_declaration(*, name: str, name_kana: str, birth_date: date | None, insurer_or_employer: str,
                         phone: str, today: date) -> list[FieldProblem]:
    """Every problem of a self-declaration (被保険者資格申立書); empty when it may be stored and sent."""
    return [
        *_text("name", name, NAME_MAX, FormProblem.NAME_REQUIRED, FormProblem.NAME_TOO_LONG,
               FormProblem.NAME_INVALID_CHARACTERS),
        *kana_problems("name_kana", name_kana),
        *birth_date_problems("birth_date", birth_date, today),
        *_text("insurer_or_employer", insurer_or_employer, INSURER_OR_EMPLOYER_MAX,
               FormProblem.INSURER_OR_EMPLOYER_REQUIRED, FormProblem.INSURER_OR_EMPLOYER_TOO_LONG,
               FormProblem.INSURER_OR_EMPLOYER_REQUIRED),
        *phone_problems("phone", phone),
    ]


def validate_number_lookup(*, insurer_number: str, symbol: str, number: str, branch: str, birth_date: date | None,
                           staff_id: str, today: date) -> list[FieldProblem]:
    """Every problem of a qualification check by number (資格確認書 / 資格情報のお知らせ) as staff entered it."""
    problems: list[FieldProblem] = []
    insurer = insurer_number_problem(insurer_number)
    if insurer is not None:
        problems.append(FieldProblem("insurer_number", insurer))
    if not symbol.strip() or len(symbol) > SYMBOL_MAX or _has_control(symbol) or symbol != symbol.strip():
        problems.append(FieldProblem("symbol", FormProblem.SYMBOL_INVALID))
    if not _NUMBER.match(number) or len(number) > NUMBER_MAX:
        problems.append(FieldProblem("number", FormProblem.NUMBER_INVALID))
    if len(branch) != 2 or not branch.isascii() or not branch.isdigit():
        problems.append(FieldProblem("branch", FormProblem.BRANCH_INVALID))
    problems += birth_date_problems("birth_date", birth_date, today)
    problems += staff_id_problems("staff_id", staff_id)
    return problems


def validate_disaster_lookup(*, name_kana: str, birth_date: date | None, staff_id: str, verbal_consent: bool,
                             today: date) -> list[FieldProblem]:
    """Every problem of a disaster-mode lookup (災害時モード): kana, birth date, staff, the patient's verbal consent."""
    problems = [*kana_problems("name_kana", name_kana), *birth_date_problems("birth_date", birth_date, today),
                *staff_id_problems("staff_id", staff_id)]
    if not verbal_consent:
        problems.append(FieldProblem("verbal_consent", FormProblem.VERBAL_CONSENT_MISSING))
    return problems
