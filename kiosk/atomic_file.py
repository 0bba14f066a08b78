"""Files that are never seen half-written, even after a crash or a power cut: the one way this code replaces a file.

A temporary file in the same folder (so the rename stays on one file system), its bytes fsynced, renamed over the
real name, and the folder fsynced so the rename itself is on disk. `write_atomically` does all of it; the result
files use the two steps apart (`write_fsynced`, `replace_durably`) because their durable queue records the moment
between them. Standard library only: the simulators use it too.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_fsynced(path: Path, data: bytes, *, mode: int = 0o644) -> None:
    """`data` in `path` (created or truncated, with `mode`), on disk before this returns."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def replace_durably(source: Path, target: Path) -> None:
    """Rename `source` over `target`, then fsync their folder so the rename survives a power cut.

    Raises:
        FileNotFoundError: `source` is not there.
    """
    os.replace(source, target)
    fsync_folder(target.parent)


def fsync_folder(folder: Path) -> None:
    """Best effort: some network file systems cannot open a folder; there the rename is the durability point."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_atomically(path: Path, data: bytes, *, mode: int = 0o644) -> None:
    """Replace `path` with `data` whole: readers see the old file or the new one, never a part of either. The
    folder is made if missing; concurrent writers each use their own temporary file (the last rename wins)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        replace_durably(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
