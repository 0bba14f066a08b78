"""Work waiting for staff at the desk: self-declarations not yet settled, and paper checks that found no valid
qualification. Each item says who (as far as the kiosk knows), since when, and what is missing.

The kiosk writes them into its `results.sqlite3` (`DeskBoard.publish_items`, `ResultStore.add`); the desk shows the
ones nobody has resolved and records who resolved them. An item's id names its state, so an item that changes
(a pending declaration the backend then refuses) comes back to the desk even if the earlier one was resolved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kiosk.eligibility import OutboxState, StoredDeclaration

from .record import CheckMethod, FinishedCheck


class ItemKind(StrEnum):
    DECLARATION = "declaration"  # 被保険者資格申立書 taken at the kiosk
    PAPER_CHECK = "paper_check"  # 資格確認書 numbers checked by staff, without a valid qualification


class Missing(StrEnum):
    """What an item still lacks; the desk has words for each."""

    NATIONAL_RECORD = "national_record"  # the declaration has not reached the national system yet
    REFUSED = "refused"  # the national system refused the declaration: see it by hand (the code says why)
    CONFIRMED_QUALIFICATION = "confirmed_qualification"  # no valid qualification was confirmed: check it later
    CHECK_ANSWER = "check_answer"  # the paper check ended without an answer (the code says why): check again


@dataclass(frozen=True)
class OpenItem:
    item_id: str
    kind: ItemKind
    since: str  # ISO time the patient was at the kiosk
    who: dict[str, str]  # name, name_kana, birth_date (what the kiosk knows; may be empty)
    missing: tuple[Missing, ...]
    detail: str = ""  # codes separated by spaces (a reason, an error code, validity.N), never personal data

    def to_row(self) -> dict[str, Any]:
        return {"item_id": self.item_id, "kind": self.kind.value, "since": self.since, "who": self.who,
                "missing": [m.value for m in self.missing], "detail": self.detail}


def declaration_items(stored: Iterable[StoredDeclaration]) -> list[OpenItem]:
    """The declarations the kiosk holds that are not settled (pending, kept for attention, or refused)."""
    items = []
    for entry in stored:
        if entry.state is OutboxState.DONE:
            continue
        form = entry.form
        who = {} if form is None else {
            "name": form.name, "name_kana": form.name_kana,
            "birth_date": form.birth_date.isoformat() if form.birth_date else ""}
        missing = (Missing.REFUSED,) if entry.state is OutboxState.REJECTED else (Missing.NATIONAL_RECORD,)
        reason = form.reason.value if form is not None else ""
        items.append(OpenItem(f"declaration:{entry.idempotency_key}:{entry.state.value}", ItemKind.DECLARATION,
                              entry.captured_at, who, missing + (Missing.CONFIRMED_QUALIFICATION,),
                              " ".join(part for part in (reason, entry.last_code or "") if part)))
    return items


def paper_check_item(check: FinishedCheck) -> OpenItem | None:
    """A paper check that ended without a valid qualification leaves staff something to do; None otherwise."""
    if check.method is not CheckMethod.NUMBER:
        return None
    validity = check.qualification_validity
    if check.error is None and validity is not None and validity.is_valid:
        return None
    result = check.result
    who = {} if result is None else {"name": result.name, "name_kana": result.name_kana,
                                     "birth_date": result.birth_date.isoformat()}
    if check.error is not None:
        missing, detail = (Missing.CHECK_ANSWER,), check.error.code
    else:
        missing, detail = (Missing.CONFIRMED_QUALIFICATION,), f"validity.{int(validity) if validity else '-'}"
    return OpenItem(f"paper:{check.reception_id}", ItemKind.PAPER_CHECK, check.finished_at.isoformat(), who,
                    missing, detail)
