"""systemd's notify protocol (`sd_notify`) without libsystemd: READY, WATCHDOG, STATUS and STOPPING datagrams.

The kiosk runs as a child of the cage compositor, which is the unit's main process: systemd sets `WATCHDOG_PID`
to cage's pid, so the kiosk also accepts its parent's pid there (the unit says `NotifyAccess=all`).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger(__name__)

NOTIFY_SOCKET_ENV = "NOTIFY_SOCKET"
WATCHDOG_USEC_ENV = "WATCHDOG_USEC"
WATCHDOG_PID_ENV = "WATCHDOG_PID"


class ServiceNotifier:
    """Tells the service manager how the kiosk is; does nothing when not started by one (no $NOTIFY_SOCKET).

    Sends never block: a full socket buffer drops the datagram (the watchdog's next ping comes in half a period).
    """

    def __init__(self, socket_path: str | None, watchdog_usec: int | None = None) -> None:
        self._address = _address(socket_path) if socket_path else None
        self._watchdog_usec = watchdog_usec if watchdog_usec and watchdog_usec > 0 else None
        self._socket: socket.socket | None = None
        self._warned = False

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None, *, pid: int | None = None,
                         parent: int | None = None) -> ServiceNotifier:
        """The notifier systemd's environment asks for ($NOTIFY_SOCKET, $WATCHDOG_USEC, $WATCHDOG_PID)."""
        env = os.environ if environ is None else environ
        usec: int | None = None
        watchdog_pid = env.get(WATCHDOG_PID_ENV, "")
        ours = {pid if pid is not None else os.getpid(), parent if parent is not None else os.getppid()}
        if not watchdog_pid or (watchdog_pid.isdigit() and int(watchdog_pid) in ours):
            raw = env.get(WATCHDOG_USEC_ENV, "")
            usec = int(raw) if raw.isdigit() else None
        return cls(env.get(NOTIFY_SOCKET_ENV) or None, usec)

    @property
    def enabled(self) -> bool:
        return self._address is not None

    @property
    def watchdog_interval(self) -> float | None:
        """Seconds between two WATCHDOG=1 pings (half the service's WatchdogSec), or None without a watchdog."""
        if self._address is None or self._watchdog_usec is None:
            return None
        return self._watchdog_usec / 2 / 1_000_000

    def ready(self, status: str = "") -> bool:
        return self._send("READY=1" + (f"\nSTATUS={status}" if status else ""))

    def watchdog(self) -> bool:
        return self._send("WATCHDOG=1")

    def status(self, text: str) -> bool:
        return self._send(f"STATUS={text}")

    def stopping(self) -> bool:
        return self._send("STOPPING=1")

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def _send(self, message: str) -> bool:
        if self._address is None:
            return False
        try:
            if self._socket is None:
                self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
            self._socket.sendto(message.encode(), socket.MSG_DONTWAIT, self._address)
        except OSError as error:
            if not self._warned:  # once: a missing manager must not fill the journal
                log.warning("cannot notify the service manager: %s", error)
                self._warned = True
            return False
        return True


def _address(path: str) -> str | bytes:
    """A path, or Linux's abstract namespace ('@name' in $NOTIFY_SOCKET, a leading NUL on the wire)."""
    return b"\0" + path[1:].encode() if path.startswith("@") else path
