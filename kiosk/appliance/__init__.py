"""The kiosk as a system service: systemd's notify protocol and the record of its starts and unexpected ends.

Pure standard library, no Qt: the Qt timer that feeds the watchdog lives in `kiosk/ui/watchdog.py`.
"""

from __future__ import annotations

from .notify import ServiceNotifier
from .runs import RunHistory, RunJournal, UncleanEnd

__all__ = ["RunHistory", "RunJournal", "ServiceNotifier", "UncleanEnd"]
