"""Feeds systemd's watchdog from the Qt event loop: when the UI thread hangs, the pings stop and systemd restarts us."""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

from kiosk.appliance import ServiceNotifier


class WatchdogFeeder(QObject):
    """A timer on the UI thread that sends WATCHDOG=1 every half WatchdogSec (nothing without a watchdog).

    It must stay on the UI thread: a ping from a worker thread would keep a frozen screen alive.
    """

    def __init__(self, notifier: ServiceNotifier, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._notifier = notifier
        self._timer = QTimer(self)
        interval = notifier.watchdog_interval
        if interval is not None:
            self._timer.setInterval(max(1, int(interval * 1000)))
            self._timer.timeout.connect(notifier.watchdog)

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        if self._notifier.watchdog_interval is not None:
            self._notifier.watchdog()
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()


class StopRequests(QObject):
    """SIGTERM and SIGINT (`systemctl stop`, Ctrl+C) end the kiosk through its normal shutdown.

    Python runs signal handlers only between bytecodes, which never come while Qt's loop waits; the signal's
    wakeup byte on a socket pair wakes the loop instead.
    """

    def __init__(self, on_stop: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_stop = on_stop
        self._read, self._write = socket.socketpair()
        self._read.setblocking(False)
        self._write.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._write.fileno())
        self._previous = {number: signal.signal(number, _ignore) for number in (signal.SIGTERM, signal.SIGINT)}
        self._notifier = QSocketNotifier(self._read.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._woken)

    def _woken(self) -> None:
        try:
            received = self._read.recv(64)
        except BlockingIOError:
            return
        if any(number in (signal.SIGTERM, signal.SIGINT) for number in received):
            self._on_stop()

    def close(self) -> None:
        """Give the signals back to whoever had them."""
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._previous_fd)
        for number, handler in self._previous.items():
            signal.signal(number, handler)
        self._read.close()
        self._write.close()


def _ignore(_number: int, _frame: object) -> None:
    """The work happens on the Qt loop (StopRequests._woken); this only keeps Python's default action away."""
