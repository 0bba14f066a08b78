"""Argument types the kiosk's commands share: a bad value is a usage error with a message, never a traceback."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path


def writable_folder(text: str) -> Path:
    """A folder the command can keep its databases in, made if missing (`--workdir /etc/passwd`, `--workdir /proc/1`
    are refused with the reason)."""
    path = Path(text)
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe, name = tempfile.mkstemp(dir=path, prefix=".kiosk-write-check-")
        os.close(probe)
        os.unlink(name)
    except OSError as error:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a folder this command can write to ({error.strerror or error})") from None
    return path
