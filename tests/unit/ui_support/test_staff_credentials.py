"""Staff credential: hashed with scrypt, lockout persisted across restarts."""

from __future__ import annotations

import hashlib
import json
import stat
import threading
from pathlib import Path

import pytest

from kiosk.staff_credentials import (
    FAST_PARAMS_FOR_TESTS,
    AccountError,
    CorruptCredentialError,
    CredentialError,
    LockedOutError,
    NoCredentialError,
    Role,
    StaffAccount,
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
    data = store.database.read_bytes()
    assert b"correct horse" not in data and b"CREATE TABLE accounts" in data
    assert stat.S_IMODE(store.database.stat().st_mode) == 0o600
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


# --- named accounts -----------------------------------------------------------------------------------------

def test_guesses_sent_at_once_are_each_counted_and_lock_the_account(tmp_path: Path) -> None:
    store = StaffCredentialStore(tmp_path / "cred.json", params=FAST_PARAMS_FOR_TESTS, max_failures=5,
                                 lockout_seconds=300)
    store.set_password("correct horse")
    outcomes: list[str] = []

    def guess() -> None:
        try:
            store.verify("wrong guess")
        except CredentialError as error:
            outcomes.append(type(error).__name__)

    threads = [threading.Thread(target=guess) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("WrongPasswordError") <= 4  # at most max_failures - 1 wrong answers, then locked
    assert outcomes.count("LockedOutError") >= 36
    with pytest.raises(LockedOutError):
        store.verify("correct horse")  # the right password does not open a locked account


def test_accounts_are_named_with_roles_and_lock_one_by_one(tmp_path: Path) -> None:
    clock = FakeClock()
    store = make_store(tmp_path / "cred.json", clock)
    store.set_password("admin password")
    admin = store.sign_in("admin password")
    store.add_account(admin, "nurse-1", "看護師 一", Role.STAFF, "nurse password")
    store.add_account(admin, "clerk-2", "事務 二", Role.STAFF, "clerk password")
    for _ in range(3):
        with pytest.raises((WrongPasswordError, LockedOutError)):
            store.verify("wrong", "nurse-1")
    assert store.lockout_seconds_left("nurse-1") > 0
    assert store.sign_in("clerk password", "clerk-2") == StaffAccount("clerk-2", "事務 二", Role.STAFF)
    nurse = StaffAccount("nurse-1", "看護師 一", Role.STAFF)
    with pytest.raises(AccountError):
        store.add_account(nurse, "x-3", "x", Role.ADMIN, "some password")  # staff cannot create accounts
    with pytest.raises(AccountError):
        store.remove_account(admin, "admin")  # the last admin stays
    store.remove_account(admin, "nurse-1")
    assert [a.account_id for a in store.accounts()] == ["admin", "clerk-2"]
    assert store.account("clerk-2") == StaffAccount("clerk-2", "事務 二", Role.STAFF)
    assert store.account("nurse-1") is None


def test_a_corrupt_accounts_file_says_so_and_can_be_reset(tmp_path: Path) -> None:
    store = make_store(tmp_path / "cred.json", FakeClock())
    store.set_password("correct horse")
    store.database.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CorruptCredentialError) as caught:
        store.is_configured()
    assert str(store.database) in str(caught.value) and "set-staff-password" in str(caught.value)
    aside = store.reset()
    assert aside is not None and aside.exists()
    assert not store.is_configured()
    store.set_password("new password")
    store.verify("new password")


def test_the_older_single_password_becomes_the_admin_account(tmp_path: Path) -> None:
    path = tmp_path / "cred.json"
    salt = bytes(16)
    params = FAST_PARAMS_FOR_TESTS
    digest = hashlib.scrypt(b"legacy password", salt=salt, n=params.n, r=params.r, p=params.p,
                            maxmem=params.maxmem, dklen=32)
    path.write_text(json.dumps({"kdf": "scrypt", "n": params.n, "r": params.r, "p": params.p, "salt": salt.hex(),
                                "hash": digest.hex(), "failures": 0, "locked_until": 0.0}))
    store = make_store(path, FakeClock())
    assert store.is_configured()
    assert store.sign_in("legacy password").role is Role.ADMIN


def test_the_schema_is_made_once_per_open_not_per_call(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from kiosk import staff_credentials

    counted = "".join((staff_credentials.SCHEMA, "CREATE TABLE IF NOT EXISTS schema_runs (n INTEGER);",
                       "INSERT INTO schema_runs VALUES (1);"))  # every run of the schema leaves a row
    monkeypatch.setattr(staff_credentials, "SCHEMA", counted)
    store = make_store(tmp_path / "cred.json", FakeClock())
    store.set_password("correct horse")
    for _ in range(5):
        store.verify("correct horse")
        assert store.is_configured() and store.accounts()
    runs = sqlite3.connect(store.database).execute("SELECT COUNT(*) FROM schema_runs").fetchone()[0]
    assert runs == 1
    make_store(tmp_path / "cred.json", FakeClock()).verify("correct horse")  # another open: once more
    assert sqlite3.connect(store.database).execute("SELECT COUNT(*) FROM schema_runs").fetchone()[0] == 2
