"""Face auth is locked for a card after 10 failures in a row, across restarts, until a match or staff clear it."""

from __future__ import annotations

from pathlib import Path

from kiosk.reception.face_lock import FACE_LOCK_AFTER, FaceLocks


def test_ten_failures_in_a_row_lock_the_card_across_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "data" / "face-locks.json"
    locks = FaceLocks(path)
    for _ in range(FACE_LOCK_AFTER - 1):
        locks.failed("card-a")
    assert not locks.locked("card-a")
    locks.failed("card-a")
    assert locks.locked("card-a") and not locks.locked("card-b")
    assert FaceLocks(path).locked("card-a")  # the kiosk restarted: still locked


def test_a_match_clears_the_count_and_staff_can_unlock(tmp_path: Path) -> None:
    path = tmp_path / "face-locks.json"
    locks = FaceLocks(path)
    for _ in range(FACE_LOCK_AFTER - 1):
        locks.failed("card-a")
    locks.succeeded("card-a")
    locks.failed("card-a")
    assert locks.failures("card-a") == 1  # consecutive failures only
    for _ in range(FACE_LOCK_AFTER):
        locks.failed("card-b")
    FaceLocks(path).clear("card-b")
    assert not FaceLocks(path).locked("card-b")
    assert "card-a" in path.read_text(encoding="utf-8") and "card-b" not in path.read_text(encoding="utf-8")


def test_a_damaged_lock_file_starts_empty(tmp_path: Path) -> None:
    path = tmp_path / "face-locks.json"
    path.write_text("{not json", encoding="utf-8")
    assert FaceLocks(path).failures("card-a") == 0


def test_a_lock_file_from_before_counts_had_a_time_still_locks(tmp_path: Path) -> None:
    path = tmp_path / "face-locks.json"
    path.write_text('{"card-a": 10, "card-b": 3}', encoding="utf-8")  # as the kiosk wrote it before
    locks = FaceLocks(path)
    assert locks.locked("card-a") and locks.failures("card-b") == 3 and locks.locked_cards() == 1
