"""Where `kiosk run` logs: to the journal under systemd (stderr with syslog priority prefixes), else to stderr.

INFO is the lowest level logged, so the reader's APDU TRAFFIC (below DEBUG, VERIFY redacted anyway) never reaches
the journal; the messages themselves follow the house rule (no PIN, 照合番号, image or personal data).
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from typing import TextIO

JOURNAL_STREAM_ENV = "JOURNAL_STREAM"
# syslog priorities (sd-daemon.h's SD_ERR ...), read by journald from the start of each stderr line
PRIORITIES = ((logging.CRITICAL, 2), (logging.ERROR, 3), (logging.WARNING, 4), (logging.INFO, 6))


class JournalFormatter(logging.Formatter):
    """`<priority>logger: message`, one line per record (a traceback's lines are joined, so it stays one entry)."""

    def format(self, record: logging.LogRecord) -> str:
        priority = next((value for level, value in PRIORITIES if record.levelno >= level), 7)
        text = super().format(record).replace("\n", " | ")
        return f"<{priority}>{record.name}: {text}"


def configure_logging(environ: Mapping[str, str] | None = None, stream: TextIO | None = None) -> logging.Handler:
    """One handler on the root logger: journal-style under systemd ($JOURNAL_STREAM set), plain otherwise."""
    env = os.environ if environ is None else environ
    handler = logging.StreamHandler(stream or sys.stderr)
    if env.get(JOURNAL_STREAM_ENV):
        handler.setFormatter(JournalFormatter("%(message)s"))
        level = logging.INFO
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        level = logging.WARNING
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    return handler
