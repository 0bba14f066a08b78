"""A rate limit per kiosk identity that every worker process shares: a token bucket per identity in the database.

uvicorn's workers are separate processes; a bucket in each process's memory would let a kiosk send `workers` times
its limit. The buckets live in one SQLite table instead, each taken with one atomic upsert, so the limit holds across
workers (and across a worker restart). Beyond it: 429 RATE_LIMITED with Retry-After, refused before the app, so a
flood leaves no audit rows.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from .connection import peer_certificate
from .errors import ApiError, ErrorCode

SCHEMA = """CREATE TABLE IF NOT EXISTS rate_buckets (
    identity BLOB PRIMARY KEY, tokens REAL NOT NULL, at REAL NOT NULL, admitted INTEGER NOT NULL) WITHOUT ROWID"""

# One statement: refill since the last request (never above the burst, never backwards), then take a token if
# there is one. SQLite evaluates every SET expression on the old row, so `admitted` and `tokens` agree.
_TAKE = """
INSERT INTO rate_buckets (identity, tokens, at, admitted) VALUES (:identity, :burst - 1, :now, 1)
ON CONFLICT (identity) DO UPDATE SET
    admitted = MIN(:burst, tokens + MAX(0, :now - at) * :rate) >= 1,
    tokens = MIN(:burst, tokens + MAX(0, :now - at) * :rate)
             - (MIN(:burst, tokens + MAX(0, :now - at) * :rate) >= 1),
    at = MAX(at, :now)
RETURNING tokens, admitted"""


class SharedBuckets:
    """Token buckets in the backend's database, one row per kiosk identity, shared by every worker process."""

    def __init__(self, path: Path, burst: int, per_second: float, clock: Callable[[], float] = time.time) -> None:
        self.burst = float(burst)
        self.rate = per_second
        self._clock = clock  # the wall clock: every worker process reads the same one
        self._db = sqlite3.connect(path, timeout=10.0, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # a lost bucket after a power cut only refills it
        self._db.execute(SCHEMA)

    def take(self, identity: bytes) -> float:
        """Take one request's token; 0.0 when admitted, otherwise the seconds until the next token."""
        now = self._clock()
        tokens, admitted = self._db.execute(
            _TAKE, {"identity": identity, "burst": self.burst, "rate": self.rate, "now": now}).fetchone()
        if secrets.randbelow(1024) == 0:  # bounded table: forget identities idle long enough to be full again
            self._db.execute("DELETE FROM rate_buckets WHERE at < ?", (now - self.burst / self.rate - 60,))
        return 0.0 if admitted else (1.0 - float(tokens)) / self.rate

    def close(self) -> None:
        self._db.close()


class RateLimit:
    """Middleware: a request beyond its kiosk's bucket gets 429 RATE_LIMITED with Retry-After (whole seconds).

    Requests without a peer certificate (in process) share one bucket; /healthz is never limited.
    """

    def __init__(self, app: ASGIApp, buckets: SharedBuckets) -> None:
        self.app = app
        self._buckets = buckets

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") == "/healthz" or self._buckets.rate <= 0:
            await self.app(scope, receive, send)
            return
        wait = self._buckets.take(hashlib.sha256(peer_certificate(scope) or b"").digest())
        if wait <= 0:
            await self.app(scope, receive, send)
            return
        error = ApiError(ErrorCode.RATE_LIMITED)
        refusal = JSONResponse(error.body(), status_code=error.status,
                               headers={"retry-after": str(max(1, int(wait + 0.999)))})
        await refusal(scope, receive, send)
