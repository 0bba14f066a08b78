"""A finished qualification check as the result file and the reception desk see it.

Built by the check services the moment the answer (or the refusal) is known; holds only what the national result
contains, plus the card's own birth date and sex when the card-face AP was read (for the mismatch flag). Never a
PIN, 照合番号, photo or face distance.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from enum import IntEnum, StrEnum
from typing import Any

from kiosk.domain import QualificationValidity, Sex
from kiosk.eligibility.models import EligibilityResult

from .charset import outside_jis_x_0208

RECEPTION_ID_LENGTH = 20


class ReferenceClassification(IntEnum):
    """How the person was looked up (照会区分)."""

    CARD = 1  # マイナ保険証
    NUMBERS = 2  # 被保険者番号等 (paper certificate's numbers; also the disaster lookup, which uses no card)


class CheckMethod(StrEnum):
    """How the reception reached its check: the card's identity method, or one of the card-less paths."""

    FACE = "face"
    PIN = "pin"
    STAFF = "staff"
    NUMBER = "number"  # 資格確認書 / 資格情報のお知らせ, typed by staff
    DISASTER = "disaster"  # 災害時モード, kana + birth date

    @property
    def reference(self) -> ReferenceClassification:
        return ReferenceClassification.CARD if self in _CARD_METHODS else ReferenceClassification.NUMBERS


_CARD_METHODS = frozenset({CheckMethod.FACE, CheckMethod.PIN, CheckMethod.STAFF})


@dataclass(frozen=True)
class CheckError:
    """Why the check ended abnormally: the backend's code (or the kiosk's, e.g. BACKEND_UNREACHABLE)."""

    code: str
    message: str


@dataclass(frozen=True)
class CardIdentity:
    """Birth date and sex as the card's own card-face AP holds them (read for face and staff checks)."""

    birth_date: date
    sex: Sex


class Flag(StrEnum):
    """What the desk shows staff beside a reception."""

    NAME_OUTSIDE_JIS = "name_outside_jis"  # ● characters: Shift_JIS files carry ● in their place
    CARD_MISMATCH = "card_mismatch"  # the card's birth date or sex differs from the national record
    ABNORMAL_END = "abnormal_end"  # SegmentOfResult 9
    NOT_VALID = "not_valid"  # an answer, but no qualification to treat on (validity 2-5)


def reception_id(idempotency_key: str) -> str:
    """ArbitraryFileIdentifier: 20 upper-case hex digits derived from the check's idempotency key, so a replayed
    check names the same reception (and the same file)."""
    return hashlib.sha256(idempotency_key.encode("utf-8")).hexdigest()[:RECEPTION_ID_LENGTH].upper()


@dataclass(frozen=True)
class FinishedCheck:
    reception_id: str
    finished_at: datetime  # aware, local time: ProcessExecutionTime and the file name
    method: CheckMethod
    facility_code: str
    result: EligibilityResult | None  # None: no answer about a person (refused, failed, several candidates)
    error: CheckError | None = None  # set: SegmentOfResult 9
    validity: QualificationValidity | None = None  # an answer without a person's data (5: several candidates)
    card: CardIdentity | None = None

    @property
    def abnormal(self) -> bool:
        return self.error is not None

    @property
    def qualification_validity(self) -> QualificationValidity | None:
        return self.result.qualification_validity if self.result is not None else self.validity

    def outside_jis(self) -> tuple[str, ...]:
        """Characters of the name (or kana, insurer, address fields) a Shift_JIS file cannot hold."""
        if self.result is None:
            return ()
        return outside_jis_x_0208(self.result.name + self.result.name_kana + self.result.insurer_name
                                  + (self.result.address or ""))

    def card_mismatch(self) -> bool:
        """The card's own birth date or sex differs from the national record (wrongly linked records exist)."""
        if self.card is None or self.result is None:
            return False
        return self.card.birth_date != self.result.birth_date or self.card.sex != self.result.sex

    def flags(self) -> tuple[Flag, ...]:
        flags = []
        if self.outside_jis():
            flags.append(Flag.NAME_OUTSIDE_JIS)
        if self.card_mismatch():
            flags.append(Flag.CARD_MISMATCH)
        if self.abnormal:
            flags.append(Flag.ABNORMAL_END)
        validity = self.qualification_validity
        if validity is not None and not validity.is_valid:
            flags.append(Flag.NOT_VALID)
        return tuple(flags)

    def desk_row(self, kiosk: str) -> dict[str, Any]:
        """What the reception desk page shows of this reception (JSON-ready)."""
        result = self.result
        validity = self.qualification_validity
        row: dict[str, Any] = {
            "reception_id": self.reception_id, "kiosk": kiosk, "finished_at": self.finished_at.isoformat(),
            "method": self.method.value, "validity": int(validity) if validity is not None else None,
            "error": None if self.error is None else {"code": self.error.code, "message": self.error.message},
            "flags": [flag.value for flag in self.flags()], "name": None, "name_kana": None, "insurer_name": None,
            "insurer_number": None, "burden_ratio_percent": None, "consents": {}, "prescription": None,
            "insurance": None,
        }
        if result is not None:
            row.update(
                name=result.name, name_kana=result.name_kana, insurer_name=result.insurer_name,
                insurer_number=result.insurer_number, burden_ratio_percent=result.burden_ratio_percent,
                consents={item.wire_name: int(code) for item, code in result.consents.items()},
                prescription=int(result.prescription) if result.prescription is not None else None,
                insurance=_insurance_details(result))
        return row


def _insurance_details(result: EligibilityResult) -> dict[str, Any]:
    """What staff at the desk need beyond the burden ratio: the card's kind, 未就学, a lost qualification's date,
    the cost-ceiling category and the elderly certificate's ratio, and where the patient lives."""
    limit, elderly = result.limit_certificate, result.elderly_recipient
    return {
        "card_classification": None if result.card_classification is None else result.card_classification.value,
        "preschool": result.preschool,
        "disqualification_date": None if result.disqualification_date is None
        else result.disqualification_date.isoformat(),
        "limit_category": None if limit is None else limit.category,
        "elderly_ratio_percent": None if elderly is None else elderly.ratio_percent,
        "post_number": result.post_number, "address": result.address,
    }
