"""The kiosk's data folder: an outbox and local store kept where an older kiosk put them (beside its client
certificate) move into the data folder at start, and nothing queued there is lost."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from kiosk.domain import DEFAULT_ASKED_ITEMS, IdentityMethod
from kiosk.flow import CheckFailure, DeclarationDraft, SubmissionRequest
from kiosk.flow import events as ev
from kiosk.reception.compose import OUTBOX_FILE, STATE_FILE, move_kiosk_state
from kiosk.reception.store import LocalStore
from kiosk.simulation import Simulation

DRAFT = DeclarationDraft("山田 花子", "ヤマダ ハナコ", date(1985, 4, 1), "テスト商事", "090-1234-5678")
STAFF_CHECK = SubmissionRequest(IdentityMethod.STAFF, dict.fromkeys(DEFAULT_ASKED_ITEMS, True), staff_id="staff-1")


def test_what_an_older_kiosk_queued_moves_to_the_data_folder_and_still_reaches_the_backend(tmp_path: Path) -> None:
    beside_certificate, data = tmp_path / "certs", tmp_path / "data"
    with Simulation(tmp_path / "sim", data_dir=beside_certificate) as older:  # the backend is away
        older.set_backend_online(False)
        services = older.reception().services
        older.place_card("normal")
        assert isinstance(services.card.read_card(), ev.CardRead)
        assert services.check.check(STAFF_CHECK) == ev.QualificationCheckFailed(CheckFailure.UNREACHABLE, queued=True)
        assert services.declarations.submit_declaration(DRAFT, None) == ev.DeclarationRecorded(sent=False)
        services.declarations.save_draft(DRAFT, None)  # the next patient was typing when the kiosk stopped
        services.card.end_session()
    with Simulation(tmp_path / "sim", data_dir=data, moved_from=beside_certificate) as kiosk:  # backend back
        assert not (beside_certificate / OUTBOX_FILE).exists() and not (beside_certificate / STATE_FILE).exists()
        assert (data / OUTBOX_FILE).exists() and (data / STATE_FILE).exists()
        startup = kiosk.reception().services.startup
        assert startup.startup_events() == [ev.RestoreDraft(DRAFT, None)]
        assert startup.replay_pending() == 0
        assert [record["deferred"] for record in kiosk.admin.today_records(kiosk.facility_code)] == [True]
        assert kiosk.backend_declarations() == 1


def test_rows_still_in_the_write_ahead_log_move_with_the_database(tmp_path: Path) -> None:
    live, beside_certificate, data = tmp_path / "live", tmp_path / "certs", tmp_path / "data"
    live.mkdir()
    beside_certificate.mkdir()
    with LocalStore(live / STATE_FILE) as store:
        store.save_draft(DRAFT, None)
        for part in live.iterdir():  # the kiosk stopped here: the draft is in the WAL, not yet in the database
            shutil.copy(part, beside_certificate / part.name)
    assert (beside_certificate / f"{STATE_FILE}-wal").exists()
    assert move_kiosk_state(beside_certificate, data) == [STATE_FILE]
    assert list(beside_certificate.iterdir()) == []  # nothing left behind
    with LocalStore(data / STATE_FILE) as moved:
        saved = moved.load_draft()
    assert saved is not None and saved.draft == DRAFT


def test_a_database_already_in_the_data_folder_is_never_overwritten(tmp_path: Path) -> None:
    beside_certificate, data = tmp_path / "certs", tmp_path / "data"
    older_draft = DeclarationDraft("古い 下書き", "フルイ シタガキ", date(1970, 1, 1), "旧商事", "03-0000-0000")
    for folder, draft in ((beside_certificate, older_draft), (data, DRAFT)):
        folder.mkdir()
        with LocalStore(folder / STATE_FILE) as store:
            store.save_draft(draft, None)
    assert move_kiosk_state(beside_certificate, data) == []
    with LocalStore(data / STATE_FILE) as current, LocalStore(beside_certificate / STATE_FILE) as left:
        kept, old = current.load_draft(), left.load_draft()
    assert kept is not None and kept.draft == DRAFT
    assert old is not None and old.draft == older_draft  # left where it was, for staff


def test_the_data_folder_itself_is_not_moved_onto_itself(tmp_path: Path) -> None:
    with LocalStore(tmp_path / STATE_FILE) as store:
        store.save_draft(DRAFT, None)
    assert move_kiosk_state(tmp_path, tmp_path) == []
    with LocalStore(tmp_path / STATE_FILE) as store:
        saved = store.load_draft()
    assert saved is not None and saved.draft == DRAFT
