"""The desk's sessions expire, its verifier answers who signed in, and every word exists in both languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.desk.auth import NamedAccountVerifier, Sessions, SignInRefusedError, StaffMember
from kiosk.desk.roles import DeskAction, may
from kiosk.desk.texts import ALERT_KEYS, TEXTS
from kiosk.domain.insurance import InsuredCardClassification
from kiosk.eligibility.paths_models import DeclarationReason
from kiosk.results.open_items import ItemKind, Missing
from kiosk.staff_credentials import FAST_PARAMS_FOR_TESTS, Role, StaffCredentialStore


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_session_expires_when_idle_and_after_its_maximum() -> None:
    clock = FakeClock()
    sessions = Sessions(idle_seconds=60, max_seconds=300, clock=clock)
    session = sessions.start(StaffMember("suzuki", Role.STAFF))
    clock.now += 59
    assert sessions.get(session.token) is session  # a request keeps it alive
    clock.now += 61
    assert sessions.get(session.token) is None
    busy = sessions.start(StaffMember("sato", Role.STAFF))
    for _ in range(6):
        clock.now += 55
        found = sessions.get(busy.token)
    assert found is None  # 330 s > the 300 s maximum, however busy


def test_a_stream_does_not_keep_a_session_alive() -> None:
    clock = FakeClock()
    sessions = Sessions(idle_seconds=60, clock=clock)
    session = sessions.start(StaffMember("suzuki", Role.STAFF))
    clock.now += 30
    assert sessions.alive(session)
    clock.now += 31
    assert not sessions.alive(session)


def test_each_person_signs_in_with_their_own_account(tmp_path: Path) -> None:
    store = StaffCredentialStore(tmp_path / "c.json", params=FAST_PARAMS_FOR_TESTS)
    store.set_password("admin-password")
    store.set_password("right-password", "suzuki", name="鈴木", role=Role.STAFF)
    verifier = NamedAccountVerifier(store)
    with pytest.raises(SignInRefusedError):
        verifier.verify("tanaka", "right-password")  # someone else's password signs no one else in
    assert verifier.verify(" suzuki ", "right-password") == StaffMember("suzuki", Role.STAFF)
    assert verifier.verify("admin", "admin-password") == StaffMember("admin", Role.ADMIN)
    with pytest.raises(SignInRefusedError) as refused:
        verifier.verify("suzuki", "wrong-password")
    assert refused.value.reason == "password"
    with pytest.raises(SignInRefusedError) as bad_name:
        verifier.verify("<script>", "right-password")
    assert bad_name.value.reason == "name"
    with pytest.raises(SignInRefusedError) as not_an_account_id:  # the accounts' rule: ASCII only, up to 32
        verifier.verify("鈴木", "right-password")
    assert not_an_account_id.value.reason == "name"


def test_every_word_exists_in_both_languages() -> None:
    assert set(TEXTS["ja"]) == set(TEXTS["en"])
    assert set(ALERT_KEYS) <= set(TEXTS["ja"])  # a new staff alert without words fails here


def test_every_code_the_desk_shows_has_words() -> None:
    """A new card kind, item kind, missing piece or declaration reason without desk words fails here."""
    keys = {f"card.{code.value}" for code in InsuredCardClassification}
    keys |= {f"item.{kind.value}" for kind in ItemKind} | {f"missing.{m.value}" for m in Missing}
    keys |= {f"detail.{reason.value}" for reason in DeclarationReason}
    keys |= {f"role.{role.value}" for role in Role}
    for language in ("ja", "en"):
        assert keys <= set(TEXTS[language]), keys - set(TEXTS[language])


def test_only_an_admin_reads_the_audit() -> None:
    assert may(Role.ADMIN, DeskAction.VIEW_AUDIT)
    assert not may(Role.STAFF, DeskAction.VIEW_AUDIT)
    assert all(may(role, action) for role in Role for action in DeskAction if action is not DeskAction.VIEW_AUDIT)
