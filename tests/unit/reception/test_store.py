"""The local store: the declaration draft and disaster mode survive a reopen; no-op changes are not audited."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

from kiosk.flow import DeclarationDraft, Failure
from kiosk.reception.store import LocalStore

DRAFT = DeclarationDraft("山田 花子", "ヤマダ ハナコ", date(1985, 4, 1), "テスト商事", "090-1234-5678")


def test_draft_survives_reopen_and_is_replaced_then_discarded(tmp_path: Path) -> None:
    with LocalStore(tmp_path / "s.sqlite3", clock=lambda: 100.0) as store:
        store.save_draft(DeclarationDraft(name="山"), None)
        store.save_draft(DRAFT, Failure.BACKEND_UNAVAILABLE)
    with LocalStore(tmp_path / "s.sqlite3") as store:
        saved = store.load_draft()
        assert saved is not None
        assert (saved.draft, saved.reason, saved.saved_at, saved.submitting_key) == (
            DRAFT, Failure.BACKEND_UNAVAILABLE, 100.0, None)
        store.discard_draft()
        assert store.load_draft() is None


def test_disaster_mode_is_audited_only_when_it_changes(tmp_path: Path) -> None:
    with LocalStore(tmp_path / "s.sqlite3") as store:
        assert store.disaster_mode().on is False
        assert store.set_disaster_mode(True, "nurse-1") is True
        assert store.set_disaster_mode(True, "restored") is False
    with LocalStore(tmp_path / "s.sqlite3") as store:
        assert (store.disaster_mode().on, store.disaster_mode().staff_id) == (True, "nurse-1")
        store.set_disaster_mode(False, "nurse-2")
        assert [(on, who) for _, on, who in store.disaster_mode_audit()] == [(True, "nurse-1"), (False, "nurse-2")]


def _overwrite_draft_form(path: Path, form: str) -> None:
    """A damaged row, or one saved by an older kiosk."""
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE declaration_draft SET form = ? WHERE slot = 1", (form,))


def test_a_half_typed_birth_date_is_kept_and_a_damaged_one_is_cleaned(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    half = DeclarationDraft(name="山田 花子", birth_date_typed=("1985", "4", ""))
    with LocalStore(path) as store:
        store.save_draft(half, None)
    with LocalStore(path) as store:
        saved = store.load_draft()
    assert saved is not None and saved.draft == half
    # What comes off the disk goes back into digit-only boxes: anything else is dropped, lengths are capped.
    base = '{"name": "x", "name_kana": "", "birth_date": null, "insurer_or_employer": "", "phone": ""'
    _overwrite_draft_form(path, base + ', "birth_date_typed": ["19a85x", "１2", 7, "9"]}')
    with LocalStore(path) as store:
        saved = store.load_draft()
    assert saved is not None and saved.draft.birth_date_typed == ("1985", "2", "7")
    _overwrite_draft_form(path, base + "}")
    with LocalStore(path) as store:
        saved = store.load_draft()
    assert saved is not None and saved.draft.birth_date_typed == ("", "", "")
