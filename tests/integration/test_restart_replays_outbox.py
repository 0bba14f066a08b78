"""A kiosk killed with work still in its outbox loses nothing: the next start counts the crash for staff and sends
what was waiting, once. The kiosk runs as `kiosk run --simulate` processes (offscreen), like the installed unit's."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.eligibility import Outbox

from .appliance_tools import REPO, NotifySocket

KIOSK = [sys.executable, "-c", "import sys; from kiosk.cli import main; sys.exit(main())"]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "PYTHONPATH": str(REPO),
            "QT_QPA_PLATFORM": "offscreen", "KIOSK_CONFIG_DIR": str(tmp_path / "config")}


@pytest.fixture
def manager(tmp_path: Path) -> Iterator[NotifySocket]:
    socket = NotifySocket(tmp_path / "notify")
    yield socket
    socket.close()


def outbox_states(workdir: Path) -> dict[str, str]:
    with sqlite3.connect(f"file:{workdir / 'outbox.sqlite3'}?mode=ro", uri=True) as db:
        rows = db.execute(f"SELECT idempotency_key, state FROM {Outbox.TABLE}").fetchall()  # noqa: S608
    return dict(rows)


def reception_while_offline(workdir: Path, env: dict[str, str]) -> str:
    """A reception the backend could not take: it waits in the outbox. Its idempotency key."""
    before = set(outbox_states(workdir)) if (workdir / "outbox.sqlite3").exists() else set()
    done = subprocess.run([*KIOSK, "reception", "--headless", "--persona", "normal", "--offline", "--json",
                           "--workdir", str(workdir)], env=env, capture_output=True, text=True, timeout=120)
    assert json.loads(done.stdout)["queued_for_later"] is True
    (key,) = set(outbox_states(workdir)) - before
    return key


def start_kiosk(workdir: Path, env: dict[str, str], manager: NotifySocket) -> subprocess.Popen[bytes]:
    process = subprocess.Popen([*KIOSK, "run", "--simulate", "--windowed", "--no-tester-panel", "--workdir",
                                str(workdir)], env={**env, "NOTIFY_SOCKET": str(manager.path)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    manager.wait_for("READY=1", timeout=60)
    return process


def wait_until(condition: Callable[[], bool], timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_killed_kiosk_loses_nothing_and_the_restart_sends_what_waited(
        tmp_path: Path, env: dict[str, str], manager: NotifySocket) -> None:
    workdir = tmp_path / "kiosk"
    first_key = reception_while_offline(workdir, env)
    crashed = start_kiosk(workdir, env, manager)
    try:
        # At start the kiosk sends what waited; then more work waits (the next replay is a minute away) ...
        assert wait_until(lambda: outbox_states(workdir)[first_key] == "done")
        waiting = reception_while_offline(workdir, env)
        assert outbox_states(workdir)[waiting] == "pending"
        os.kill(crashed.pid, signal.SIGKILL)  # ... when the kiosk dies
        assert crashed.wait(timeout=10) == -signal.SIGKILL
    finally:
        if crashed.poll() is None:
            crashed.kill()
            crashed.wait()
    assert outbox_states(workdir)[waiting] == "pending"  # nothing lost, nothing sent by a dead process

    restarted = start_kiosk(workdir, env, manager)
    try:
        assert wait_until(lambda: outbox_states(workdir)[waiting] == "done")
        runs = json.loads((workdir / "runs.json").read_text())
        assert (runs["starts"], runs["unclean_total"], runs["running"]) == (2, 1, True)  # staff see the crash
        restarted.send_signal(signal.SIGTERM)  # systemctl stop
        assert restarted.wait(timeout=20) == 0
    finally:
        if restarted.poll() is None:
            restarted.kill()
            restarted.wait()
    assert json.loads((workdir / "runs.json").read_text())["running"] is False
    assert set(outbox_states(workdir).values()) == {"done"}
