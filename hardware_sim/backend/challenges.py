"""Stateless challenges: a random nonce and its expiry, authenticated with an HMAC key shared by all workers.

Issuing one touches no database. Single use is still enforced: `Store.record` inserts the nonce into
`used_challenges` in the same transaction as the check it authorises (one SQLite file for every worker).

Layout (40 bytes, base64 on the wire): nonce (16 random) | expires_at (8, milliseconds since the epoch, big
endian) | HMAC-SHA256(key, "myna-challenge/1" | nonce | expires_at) truncated to 16 bytes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import struct
from dataclasses import dataclass

NONCE_BYTES = 16
TAG_BYTES = 16
CHALLENGE_BYTES = NONCE_BYTES + 8 + TAG_BYTES
KEY_BYTES = 32
_DOMAIN = b"myna-challenge/1"
_EXPIRY = struct.Struct(">Q")


@dataclass(frozen=True)
class OpenedChallenge:
    """A challenge whose tag verified: this service issued it (it may still be expired or used)."""

    nonce: bytes
    expires_at: float


class ChallengeMinter:
    """Issues and opens challenges under one secret key (kept in the backend's database, see `Store.secret`)."""

    def __init__(self, key: bytes) -> None:
        if len(key) < KEY_BYTES:
            raise ValueError("the challenge key needs at least 32 bytes")
        self._key = key

    def issue(self, now: float, ttl_seconds: float) -> tuple[bytes, float]:
        """A fresh challenge and its expiry (seconds since the epoch, millisecond precision)."""
        expires_ms = int((now + ttl_seconds) * 1000)
        body = secrets.token_bytes(NONCE_BYTES) + _EXPIRY.pack(expires_ms)
        return body + self._tag(body), expires_ms / 1000

    def open(self, challenge: bytes) -> OpenedChallenge | None:
        """The nonce and expiry of a challenge this key made; None for anything else (wrong length, forged)."""
        if len(challenge) != CHALLENGE_BYTES:
            return None
        body, tag = challenge[:-TAG_BYTES], challenge[-TAG_BYTES:]
        if not hmac.compare_digest(tag, self._tag(body)):
            return None
        (expires_ms,) = _EXPIRY.unpack_from(body, NONCE_BYTES)
        return OpenedChallenge(body[:NONCE_BYTES], expires_ms / 1000)

    def _tag(self, body: bytes) -> bytes:
        return hmac.new(self._key, _DOMAIN + body, hashlib.sha256).digest()[:TAG_BYTES]
