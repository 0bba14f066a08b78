"""Stateless challenges: only this service's key makes them, they expire, and each authorises one check only."""

from __future__ import annotations

import base64
import sqlite3
import struct
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from hardware_sim.backend.challenges import CHALLENGE_BYTES, NONCE_BYTES, TAG_BYTES, ChallengeMinter
from hardware_sim.backend.inprocess import InProcessBackend
from hardware_sim.backend.settings import BackendSettings
from kiosk.eligibility import CheckRequest, ConsentChoices, HttpEligibilityClient, KioskCredentials, PinIdentity
from tests.fixtures.backend import FACILITY, card_signer, certificate_der


def _client(backend: InProcessBackend) -> HttpEligibilityClient:
    pki = backend.pki
    return HttpEligibilityClient("http://x.invalid", KioskCredentials(pki.kiosk, pki.kiosk_key, pki.ca),
                                 transport=backend.transport, attempts=1)


def _body(client: HttpEligibilityClient, challenge: str | None) -> dict[str, Any]:
    request = CheckRequest(certificate_der("normal"), PinIdentity(card_signer("normal")), ConsentChoices(), FACILITY)
    return {**client.prepare(request, challenge).payload, "deferred": False}


def _post(backend: InProcessBackend, body: dict[str, Any]) -> tuple[int, str | None]:
    with httpx.Client(base_url="http://x.invalid", transport=backend.transport) as raw:
        response = raw.post("/v1/checks", json=body)
    return response.status_code, response.json().get("code")


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[InProcessBackend, InProcessBackend]]:
    """Two instances of the service on one database and PKI, as two uvicorn workers are."""
    settings = BackendSettings(db_path=tmp_path / "shared.sqlite3", pki_dir=tmp_path / "pki")
    with InProcessBackend(settings) as first, InProcessBackend(settings) as second:
        yield first, second


def test_minter_opens_only_its_own_untampered_challenges() -> None:
    minter = ChallengeMinter(b"k" * 32)
    challenge, expires = minter.issue(1_000.0, 60.0)
    assert len(challenge) == CHALLENGE_BYTES and expires == 1_060.0
    opened = minter.open(challenge)
    assert opened is not None and opened.expires_at == 1_060.0 and opened.nonce == challenge[:NONCE_BYTES]
    assert minter.issue(1_000.0, 60.0)[0] != challenge  # fresh nonce each time
    assert ChallengeMinter(b"o" * 32).open(challenge) is None  # another service's key
    later = challenge[:NONCE_BYTES] + struct.pack(">Q", 9_999_999_999_999) + challenge[-TAG_BYTES:]
    assert minter.open(later) is None  # expiry pushed back
    flipped = challenge[:-1] + bytes([challenge[-1] ^ 1])
    assert minter.open(flipped) is None
    assert minter.open(challenge[:-1]) is None and minter.open(b"") is None
    with pytest.raises(ValueError):
        ChallengeMinter(b"short")


def test_issuing_writes_nothing(inprocess_backend: InProcessBackend) -> None:
    client = _client(inprocess_backend)
    for _ in range(5):
        client.issue_challenge()
    db = sqlite3.connect(inprocess_backend.service.settings.db_path)
    try:
        assert db.execute("SELECT COUNT(*) FROM used_challenges").fetchone()[0] == 0
    finally:
        db.close()
    client.close()


@pytest.mark.parametrize("forge", [
    lambda c: bytes(CHALLENGE_BYTES),  # right length, no valid tag
    lambda c: c[:NONCE_BYTES] + struct.pack(">Q", int((time.time() + 3600) * 1000)) + c[-TAG_BYTES:],  # longer TTL
    lambda c: bytes([c[0] ^ 0x80]) + c[1:],  # another nonce under the same tag
    lambda c: c[:32],  # the old 32-byte format
])
def test_forged_challenges_are_unknown(inprocess_backend: InProcessBackend, forge: Any) -> None:
    client = _client(inprocess_backend)
    genuine = base64.b64decode(client.issue_challenge())
    forged = base64.b64encode(forge(genuine)).decode()
    assert _post(inprocess_backend, _body(client, forged)) == (409, "CHALLENGE_UNKNOWN")
    client.close()


def test_a_challenge_of_another_backend_is_unknown(inprocess_backend: InProcessBackend, tmp_path: Path) -> None:
    settings = BackendSettings(db_path=tmp_path / "other.sqlite3", pki_dir=inprocess_backend.pki.directory)
    other = InProcessBackend(settings)
    try:
        client = _client(inprocess_backend)
        foreign = _client(other).issue_challenge()
        assert _post(inprocess_backend, _body(client, foreign)) == (409, "CHALLENGE_UNKNOWN")
    finally:
        other.close()


def test_single_use_holds_across_workers(pair: tuple[InProcessBackend, InProcessBackend]) -> None:
    first, second = pair
    client = _client(first)
    challenge = client.issue_challenge()  # issued by one worker ...
    assert _post(second, _body(client, challenge))[0] == 200  # ... accepted by the other (shared key)
    assert _post(first, _body(client, challenge)) == (409, "CHALLENGE_USED")  # a new reception, same challenge
    assert _post(second, _body(client, challenge)) == (409, "CHALLENGE_USED")
    assert first.service.store.count_checks() == 1
    client.close()


def test_replay_of_an_answered_check_still_gets_its_answer(pair: tuple[InProcessBackend, InProcessBackend]) -> None:
    first, second = pair
    client = _client(first)
    body = _body(client, client.issue_challenge())
    assert _post(first, body)[0] == 200
    assert _post(second, body)[0] == 200  # same key, same statement: the first answer, not CHALLENGE_USED
    assert second.service.store.count_checks() == 1
    client.close()


def test_expired_and_used_challenges(tmp_path: Path) -> None:
    settings = BackendSettings(db_path=tmp_path / "b.sqlite3", pki_dir=tmp_path / "pki", challenge_ttl_seconds=0.3)
    with InProcessBackend(settings) as backend:
        client = _client(backend)
        used = client.issue_challenge()
        unused = client.issue_challenge()
        assert _post(backend, _body(client, used))[0] == 200
        time.sleep(0.4)
        assert _post(backend, _body(client, unused)) == (409, "CHALLENGE_EXPIRED")
        assert _post(backend, _body(client, used)) == (409, "CHALLENGE_USED")
        client.close()
