"""The sd_notify client against a datagram socket the test binds, as systemd would."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.appliance import ServiceNotifier


@pytest.fixture
def manager(tmp_path: Path) -> Iterator[tuple[str, socket.socket]]:
    path = str(tmp_path / "notify")
    receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    receiver.bind(path)
    receiver.settimeout(2)
    yield path, receiver
    receiver.close()


def test_ready_watchdog_status_and_stopping_reach_the_manager(manager: tuple[str, socket.socket]) -> None:
    path, receiver = manager
    notifier = ServiceNotifier(path, watchdog_usec=4_000_000)
    assert notifier.ready("idle screen up")
    assert notifier.watchdog()
    assert notifier.status("replaying the outbox")
    assert notifier.stopping()
    notifier.close()
    got = [receiver.recv(256).decode() for _ in range(4)]
    assert got == ["READY=1\nSTATUS=idle screen up", "WATCHDOG=1", "STATUS=replaying the outbox", "STOPPING=1"]


def test_abstract_socket_names_are_understood(tmp_path: Path) -> None:
    receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    name = f"mynakiosk-test-{tmp_path.name}"
    receiver.bind(b"\0" + name.encode())
    receiver.settimeout(2)
    notifier = ServiceNotifier(f"@{name}")
    try:
        assert notifier.ready()
        assert receiver.recv(64) == b"READY=1"
    finally:
        notifier.close()
        receiver.close()


def test_without_a_manager_nothing_is_sent_and_there_is_no_watchdog() -> None:
    notifier = ServiceNotifier.from_environment({})
    assert not notifier.enabled
    assert notifier.watchdog_interval is None
    assert not notifier.ready()


def test_a_vanished_manager_is_survived(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    notifier = ServiceNotifier(str(tmp_path / "gone"), watchdog_usec=1_000_000)
    assert not notifier.watchdog()
    assert not notifier.watchdog()
    notifier.close()
    assert len([r for r in caplog.records if "cannot notify" in r.getMessage()]) == 1  # warned once, not per ping


@pytest.mark.parametrize(("watchdog_pid", "interval"), [
    (None, 5.0),  # systemd sets no WATCHDOG_PID when it does not know which pid to expect
    ("100", 5.0),  # our own pid
    ("42", 5.0),  # our parent: cage, the unit's main process, started us
    ("7", None),  # someone else's watchdog
    ("x", None),
])
def test_the_watchdog_period_is_half_of_watchdog_sec_for_us_or_our_compositor(
        watchdog_pid: str | None, interval: float | None) -> None:
    env = {"NOTIFY_SOCKET": "/run/systemd/notify", "WATCHDOG_USEC": "10000000"}
    if watchdog_pid is not None:
        env["WATCHDOG_PID"] = watchdog_pid
    assert ServiceNotifier.from_environment(env, pid=100, parent=42).watchdog_interval == interval
