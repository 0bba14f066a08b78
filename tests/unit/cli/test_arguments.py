"""Bad command-line input is a usage error with a message (exit 2), never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.cli import main


@pytest.mark.parametrize("workdir", ["/etc/passwd", "/proc/1"])
def test_a_workdir_that_cannot_be_written_is_refused_with_a_message(capsys: pytest.CaptureFixture[str],
                                                                     workdir: str) -> None:
    assert main(["reception", "--headless", "--persona", "normal", "--workdir", workdir]) == 2
    err = capsys.readouterr().err
    assert "--workdir" in err and "Traceback" not in err


def test_a_new_workdir_is_made(tmp_path: Path) -> None:
    from kiosk.cli.arguments import writable_folder

    made = writable_folder(str(tmp_path / "a" / "b"))
    assert made.is_dir() and list(made.iterdir()) == []  # the write check leaves nothing behind
