"""Delivery to the clinic's folder: durable first, atomic, once per reception, waiting while the share is away."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from kiosk.results import ResultDelivery, ResultFolder, ResultStore, Retention, RetentionRule, file_name
from kiosk.results.store import FileState
from tests.fixtures.result_files import read_result, result_files

from .helpers import answer, finished


def delivery(tmp_path: Path, folder: Path, **options: object) -> ResultDelivery:
    return ResultDelivery(ResultStore(tmp_path / "results.sqlite3"), ResultFolder(folder), **options)  # type: ignore[arg-type]


def test_files_wait_while_the_share_is_away_and_arrive_once_when_it_returns(tmp_path: Path) -> None:
    share = tmp_path / "share"
    results = delivery(tmp_path, share)
    results.record(finished(answer(), reception="A" * 20))
    results.record(finished(answer(), reception="B" * 20))
    assert not share.exists()  # an unmounted share's mount point is never created
    assert results.store.count(FileState.PENDING) == 2 and results.folder_away
    share.mkdir()
    assert results.deliver_pending() == 0
    assert results.deliver_pending() == 0
    names = sorted(path.name for path in result_files(share))
    assert [name[19:39] for name in names] == ["A" * 20, "B" * 20]
    assert list(share.glob(".*")) == []  # no temporary file left
    results.close()


def test_a_reception_recorded_twice_is_written_once_even_after_the_clinic_took_it(tmp_path: Path) -> None:
    share = tmp_path / "face"
    share.mkdir()
    results = delivery(tmp_path, share)
    check = finished(answer())
    results.record(check)
    (share / file_name(check)).unlink()  # the clinic system took it
    results.record(check)  # e.g. a replay answering the same reception
    results.deliver_pending()
    assert result_files(share) == []
    results.close()


def test_a_crash_between_fsync_and_rename_is_finished_on_restart(tmp_path: Path) -> None:
    share = tmp_path / "face"
    share.mkdir()
    store = ResultStore(tmp_path / "results.sqlite3")
    check = finished(answer())
    store.add(check.reception_id, file_name(check), b"<XmlMsg/>", "2025-03-04", "t", {})
    folder = ResultFolder(share)
    folder.write_temporary(file_name(check), b"<XmlMsg/>")
    store.renaming(check.reception_id)
    store.close()  # crashed here: the temporary file is whole, the rename not done
    results = delivery(tmp_path, share)
    assert results.deliver_pending() == 0
    assert [path.read_bytes() for path in result_files(share)] == [b"<XmlMsg/>"]
    results.close()


def test_a_crash_after_the_rename_does_not_write_again(tmp_path: Path) -> None:
    share = tmp_path / "face"
    share.mkdir()
    store = ResultStore(tmp_path / "results.sqlite3")
    check = finished(answer())
    name = file_name(check)
    store.add(check.reception_id, name, b"<XmlMsg/>", "2025-03-04", "t", {})
    folder = ResultFolder(share)
    folder.write_temporary(name, b"<XmlMsg/>")
    store.renaming(check.reception_id)
    folder.publish(name)
    store.close()  # crashed before marking it delivered; then the clinic system took the file
    (share / name).unlink()
    results = delivery(tmp_path, share)
    assert results.deliver_pending() == 0
    assert result_files(share) == [] and results.store.count(FileState.DELIVERED) == 1
    results.close()


def test_retention_archives_or_deletes_what_the_clinic_left(tmp_path: Path) -> None:
    for mode in (Retention.ARCHIVE, Retention.DELETE):
        share = tmp_path / mode.value
        share.mkdir()
        old, new = share / "OQSsiquc01res_face_OLD_20250101000000.xml", share / "OQSsiquc01res_face_NEW_x.xml"
        old.write_text("old")
        new.write_text("new")
        past = time.time() - 8 * 86400
        os.utime(old, (past, past))
        results = delivery(tmp_path / mode.value, share, retention=RetentionRule(mode, days=7))
        results.sweep()
        assert result_files(share) == [new]
        archived = list((share / "archive").rglob("*.xml"))
        assert [path.name for path in archived] == ([old.name] if mode is Retention.ARCHIVE else [])
        results.close()


_WRITER = """
import sys
from pathlib import Path
from kiosk.results import ResultDelivery, ResultFolder, ResultStore
from tests.unit.results.helpers import answer, finished
data = Path(sys.argv[1])
results = ResultDelivery(ResultStore(data / "results.sqlite3"), ResultFolder(data / "face", create=True))
results.deliver_pending()
start = int(sys.argv[2])
print("ready", flush=True)
for number in range(start, start + 100000):
    results.record(finished(answer(name="山田 " + "太郎" * 200), reception=f"{number:020d}"))
"""


def test_kill_9_while_writing_leaves_no_partial_file_and_loses_nothing(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])}
    for round_number, delay in enumerate((0.4, 0.7, 1.1)):
        child = subprocess.Popen([sys.executable, "-c", _WRITER, str(tmp_path), str(round_number * 100000)],
                                 stdout=subprocess.PIPE, env=env)
        assert child.stdout is not None and child.stdout.readline() == b"ready\n"
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        for path in result_files(tmp_path / "face"):
            assert read_result(path).header["ArbitraryFileIdentifier"] in path.name  # whole and parseable
    results = delivery(tmp_path, tmp_path / "face")
    assert results.deliver_pending() == 0
    kept = results.store.file_names()
    on_disk = [path.name for path in result_files(tmp_path / "face")]
    assert len(kept) > 3
    assert sorted(on_disk) == sorted(kept.values())  # every reception kept has exactly one file
    assert list((tmp_path / "face").glob(".*.part")) == []
    results.close()
