"""Logging for the journal: syslog priorities journald understands, INFO as the floor, one line per record."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from kiosk.appliance.logs import configure_logging
from kiosk.reader import TRAFFIC


@pytest.fixture
def root_restored() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def test_under_systemd_records_carry_their_priority_and_apdus_stay_out(root_restored: None) -> None:
    stream = io.StringIO()
    configure_logging({"JOURNAL_STREAM": "8:1234"}, stream)
    log = logging.getLogger("kiosk.test")
    log.error("backend down: %s", "timeout")
    log.warning("card removed")
    log.info("idle")
    log.debug("details")
    logging.getLogger("kiosk.reader.apdu").log(TRAFFIC, ">> 00 20 00 80 04 XX XX XX XX")
    try:
        raise RuntimeError("first\nsecond")
    except RuntimeError:
        log.exception("failsafe")
    lines = stream.getvalue().splitlines()
    assert lines[:3] == ["<3>kiosk.test: backend down: timeout", "<4>kiosk.test: card removed", "<6>kiosk.test: idle"]
    assert len(lines) == 4 and lines[3].startswith("<3>kiosk.test: failsafe | Traceback")


def test_outside_systemd_only_warnings_and_worse(root_restored: None) -> None:
    stream = io.StringIO()
    configure_logging({}, stream)
    logging.getLogger("kiosk.test").info("idle")
    logging.getLogger("kiosk.test").warning("card removed")
    assert stream.getvalue().count("\n") == 1 and "WARNING kiosk.test: card removed" in stream.getvalue()
