"""The one atomic write: a reader sees the old file or the new one, never a part; a failed write leaves no litter."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import pytest

from kiosk.atomic_file import write_atomically


def test_readers_never_see_half_a_file(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "state.json"
    versions = [bytes([65 + n]) * 200_000 for n in range(4)]
    write_atomically(path, versions[0])
    seen: set[bytes] = set()
    done = threading.Event()

    def read() -> None:
        while not done.is_set():
            seen.add(path.read_bytes())

    reader = threading.Thread(target=read)
    reader.start()
    try:
        for _ in range(10):
            for data in versions:
                write_atomically(path, data)
    finally:
        done.set()
        reader.join()
    assert seen <= set(versions)  # whole versions only
    assert [p.name for p in path.parent.iterdir()] == ["state.json"]  # no temporary file left


def test_the_mode_is_set_and_a_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "key.pem"
    write_atomically(path, b"secret", mode=0o600)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600

    with pytest.raises(TypeError):  # the write itself fails half way (here: text where bytes belong)
        write_atomically(path, "new")  # type: ignore[arg-type]
    assert path.read_bytes() == b"secret"
    assert [p.name for p in tmp_path.iterdir()] == ["key.pem"]
