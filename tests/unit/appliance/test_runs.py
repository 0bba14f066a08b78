"""The run journal: starts, clean ends, and the runs that ended without saying so."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from kiosk.appliance import RunJournal
from kiosk.appliance.runs import KEEP


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 5, 1, 9, 0, 0)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def test_a_clean_end_is_not_a_restart(tmp_path: Path) -> None:
    journal = RunJournal(tmp_path / "runs.json", Clock())
    journal.begin()
    journal.end()
    history = journal.begin()
    assert (history.starts, history.unclean_total, history.last_unclean) == (2, 0, None)


def test_a_run_that_never_ended_is_counted_by_the_next_start(tmp_path: Path) -> None:
    clock = Clock()
    RunJournal(tmp_path / "runs.json", clock).begin()  # killed: end() never ran
    history = RunJournal(tmp_path / "runs.json", clock).begin()
    assert (history.starts, history.unclean_total, history.running) == (2, 1, True)
    assert history.last_unclean is not None
    assert history.last_unclean.started_at == "2026-05-01T09:01:00"
    assert history.last_unclean.noticed_at == "2026-05-01T09:02:00"
    assert history.running_since == "2026-05-01T09:02:00"


def test_only_the_recent_times_are_kept_but_the_count_goes_on(tmp_path: Path) -> None:
    journal = RunJournal(tmp_path / "runs.json", Clock())
    for _ in range(KEEP + 6):
        history = journal.begin()
    assert history.unclean_total == KEEP + 5
    assert len(history.recent_unclean) == KEEP


def test_a_damaged_file_starts_a_new_history(tmp_path: Path) -> None:
    path = tmp_path / "runs.json"
    path.write_text("{not json")
    assert RunJournal(path, Clock()).begin().starts == 1
    assert not list(tmp_path.glob("*.tmp"))
