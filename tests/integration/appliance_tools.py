"""What the appliance tests need from the machine: skip with the reason outside CI, fail in CI (where
scripts/setup.sh installs everything)."""

from __future__ import annotations

import os
import shutil
import socket
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def require(*commands: str) -> None:
    missing = [command for command in commands if shutil.which(command) is None]
    if not missing:
        return
    message = f"needs {', '.join(missing)} (scripts/setup.sh installs them)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


class NotifySocket:
    """A fake systemd $NOTIFY_SOCKET: a unix datagram socket bound here, collecting what the kiosk says."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.messages: list[str] = []
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self._socket.bind(str(path))
        self._socket.setblocking(False)

    def wait_for(self, prefix: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                self.messages.append(self._socket.recv(512).decode())
            except BlockingIOError:
                time.sleep(0.01)
            if any(message.startswith(prefix) for message in self.messages):
                return
        raise TimeoutError(f"no {prefix!r}; got {self.messages[-5:]}")

    def close(self) -> None:
        self._socket.close()
