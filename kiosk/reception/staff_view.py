"""What the maintenance screens show staff about the kiosk: component health and the self-declarations it took.

Records only; the composition root (`kiosk.devices`) fills them, the screens draw them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kiosk.eligibility import Outbox, StoredDeclaration


@dataclass(frozen=True)
class DiagnosticItem:
    """One component's state for maintenance mode; `detail` is for staff and never holds patient data."""

    component: str  # "reader", "card", "camera", "backend", "outbox"
    ok: bool
    detail: str


@dataclass(frozen=True)
class DeclarationEntry:
    """One self-declaration in the kiosk's outbox, for the staff page; the form only while not at the backend."""

    captured_at: str
    state: str  # "pending", "rejected" (refused by the backend: staff must look) or "done"
    attempts: int
    last_code: str
    name: str = ""
    name_kana: str = ""
    birth_date: str = ""
    insurer_or_employer: str = ""
    phone: str = ""


def declaration_entries(stored: Iterable[StoredDeclaration]) -> list[DeclarationEntry]:
    """kiosk.eligibility StoredDeclaration records as the staff page shows them."""
    entries = []
    for item in stored:
        form = item.form
        entries.append(DeclarationEntry(
            item.captured_at, str(item.state.value), item.attempts, item.last_code or "",
            form.name if form else "", form.name_kana if form else "",
            form.birth_date.isoformat() if form and form.birth_date else "",
            form.insurer_or_employer if form else "", form.phone if form else ""))
    return entries


def outbox_item(outbox: Outbox) -> DiagnosticItem:
    """The diagnostics' outbox line: receptions still to send, and those kept for staff (never which patient)."""
    waiting, for_staff = outbox.waiting(), len(outbox.needing_attention())
    detail = f"{waiting} pending" + (f", {for_staff} for staff (kiosk outbox list)" if for_staff else "")
    return DiagnosticItem("outbox", waiting == 0 and for_staff == 0, detail)
