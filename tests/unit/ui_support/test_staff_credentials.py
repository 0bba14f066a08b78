"""Staff credential: hashed with scrypt, lockout persisted across restarts."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from kiosk.staff_credentials import (
    FAST_PARAMS_FOR_TESTS,
    LockedOutError,
    NoCredentialError,
    StaffCredentialStore,
    WeakPasswordError,
    WrongPasswordError,
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def make_store(path: Path, clock: FakeClock) -> StaffCredentialStore:
    return StaffCredentialStore(path, clock=clock, params=FAST_PARAMS_FOR_TESTS, max_failures=3, lockout_seconds=60)


def test_password_is_stored_hashed_and_private(tmp_path: Path) -> None:
    path = tmp_path / "cred.json"
    store = make_store(path, FakeClock())
    assert not store.is_configured()
    store.set_password("correct horse")
    text = path.read_text(encoding="utf-8")
    assert "correct horse" not in text
    assert json.loads(text)["kdf"] == "scrypt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    store.verify("correct horse")


def test_unconfigured_store_refuses(tmp_path: Path) -> None:
    with pytest.raises(NoCredentialError):
        make_store(tmp_path / "cred.json", FakeClock()).verify("anything")


def test_short_password_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WeakPasswordError):
        make_store(tmp_path / "cred.json", FakeClock()).set_password("1234")


def test_wrong_passwords_count_down_then_lock_even_after_a_restart(tmp_path: Path) -> None:
    path, clock = tmp_path / "cred.json", FakeClock()
    make_store(path, clock).set_password("correct horse")
    with pytest.raises(WrongPasswordError) as first:
        make_store(path, clock).verify("wrong one")
    assert first.value.failures_left == 2
    with pytest.raises(WrongPasswordError):
        make_store(path, clock).verify("wrong two")
    with pytest.raises(LockedOutError):
        make_store(path, clock).verify("wrong three")
    restarted = make_store(path, clock)
    with pytest.raises(LockedOutError):
        restarted.verify("correct horse")  # even the right password waits out the lock
    assert restarted.lockout_seconds_left() == pytest.approx(60)
    clock.now += 61
    restarted.verify("correct horse")
    assert restarted.lockout_seconds_left() == 0


def test_success_resets_the_failure_count(tmp_path: Path) -> None:
    path, clock = tmp_path / "cred.json", FakeClock()
    store = make_store(path, clock)
    store.set_password("correct horse")
    for _ in range(2):
        with pytest.raises(WrongPasswordError):
            store.verify("nope nope")
    store.verify("correct horse")
    with pytest.raises(WrongPasswordError) as error:
        store.verify("nope nope")
    assert error.value.failures_left == 2
