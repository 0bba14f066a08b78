"""The real clock the reception flow is given (the flow itself never reads time)."""

from __future__ import annotations

import time
from datetime import date


class SystemClock:
    """Monotonic seconds for timeouts, and the calendar day for certificate checks."""

    def monotonic(self) -> float:
        return time.monotonic()

    def today(self) -> date:
        return date.today()
