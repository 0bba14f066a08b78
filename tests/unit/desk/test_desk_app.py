"""The desk's routes through its ASGI app (a real FastAPI app, a real SQLite board and audit, real accounts): what
each role may do, the items waiting for staff, and one snapshot per change however many pages watch."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from kiosk.desk import Desk, DeskConfig, NamedAccountVerifier, create_app
from kiosk.desk.live import SnapshotFeed
from kiosk.results import DeskBoard
from kiosk.staff_credentials import FAST_PARAMS_FOR_TESTS, Role, StaffCredentialStore

ORIGIN = "https://testserver"
PASSWORD = "a-long-password"  # noqa: S105 - a test credential
ITEM = {"item_id": "declaration:key-1:pending", "kind": "declaration", "since": "2025-06-01T09:10:00+09:00",
        "who": {"name": "田中 一郎", "name_kana": "タナカ イチロウ", "birth_date": "1970-01-02"},
        "missing": ["national_record", "confirmed_qualification"], "detail": "backend_down"}


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    store = StaffCredentialStore(tmp_path / "staff.json", params=FAST_PARAMS_FOR_TESTS)
    store.set_password(PASSWORD)  # admin
    store.set_password(PASSWORD, "suzuki", name="鈴木", role=Role.STAFF)
    (tmp_path / "front").mkdir()  # the kiosk's data folder (`kiosk desk` makes it too)
    desk = Desk(DeskConfig({"front": tmp_path / "front"}, tmp_path / "desk" / "desk-audit.sqlite3"),
                NamedAccountVerifier(store))
    yield desk
    desk.close()


def _client(desk: Desk) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=create_app(desk)), base_url=ORIGIN)


async def _signed_in(desk: Desk, account: str) -> tuple[httpx.AsyncClient, str]:
    """A client signed in as `account`, and its session's CSRF token (from the page, as the script reads it)."""
    client = _client(desk)
    page = await client.get("/")
    login = re.search(r'<meta name="csrf" content="([^"]+)"', page.text)
    assert login is not None
    answer = await client.post("/signin", json={"staff_id": account, "password": PASSWORD},
                               headers={"X-CSRF-Token": login.group(1), "Origin": ORIGIN})
    assert answer.status_code == 200, answer.text
    csrf = re.search(r'<meta name="csrf" content="([^"]+)"', (await client.get("/")).text)
    assert csrf is not None
    return client, csrf.group(1)


def _actions(desk: Desk) -> list[tuple[object, object]]:
    return [(entry["staff"], entry["action"]) for entry in desk.audit.entries()]


def test_only_an_admin_reads_the_audit_trail(desk: Desk) -> None:
    async def run() -> None:
        staff, _ = await _signed_in(desk, "suzuki")
        admin, _ = await _signed_in(desk, "admin")
        assert 'id="showaudit"' not in (await staff.get("/")).text
        assert 'id="showaudit"' in (await admin.get("/")).text
        refused = await staff.get("/audit")
        assert (refused.status_code, refused.json()) == (403, {"reason": "role"})
        assert ("suzuki", "refused:view_audit") in _actions(desk)
        shown = await admin.get("/audit")
        assert shown.status_code == 200
        assert {(entry["staff"], entry["action"]) for entry in shown.json()["entries"]} >= {
            ("suzuki", "sign_in"), ("suzuki", "refused:view_audit"), ("admin", "sign_in")}
        assert ("admin", "view_audit") in _actions(desk)
        assert (await _client(desk).get("/audit")).status_code == 401  # not signed in

    asyncio.run(run())


def test_staff_resolve_an_item_waiting_for_them(desk: Desk) -> None:
    kiosk_side = DeskBoard(desk.config.kiosks["front"] / "results.sqlite3")
    try:
        kiosk_side.publish_items("declaration", [ITEM])
        (shown,) = desk.snapshot()["kiosks"][0]["items"]
        assert (shown["who"]["name"], shown["kiosk"], shown["missing"][0]) == ("田中 一郎", "front", "national_record")
        asyncio.run(_resolve(desk))
        assert desk.snapshot()["kiosks"][0]["items"] == []
        assert ("suzuki", "resolve_item") in _actions(desk)
        kiosk_side.publish_items("declaration", [ITEM])  # republished unchanged: stays resolved
        assert desk.snapshot()["kiosks"][0]["items"] == []
        refused = {**ITEM, "item_id": "declaration:key-1:rejected", "missing": ["refused"]}
        kiosk_side.publish_items("declaration", [refused])  # the backend refused it since: back on the desk
        assert [item["item_id"] for item in desk.snapshot()["kiosks"][0]["items"]] == [refused["item_id"]]
    finally:
        kiosk_side.close()


async def _resolve(desk: Desk) -> None:
    client, csrf = await _signed_in(desk, "suzuki")
    body = {"kiosk": "front", "item_id": ITEM["item_id"]}
    assert (await client.post("/items/resolve", json=body, headers={"Origin": ORIGIN})).status_code == 403  # no token
    answer = await client.post("/items/resolve", json=body, headers={"X-CSRF-Token": csrf, "Origin": ORIGIN})
    assert (answer.status_code, answer.json()) == (200, {"resolved": True})
    again = await client.post("/items/resolve", json=body, headers={"X-CSRF-Token": csrf, "Origin": ORIGIN})
    assert again.status_code == 404


class _Kiosks:
    """A database version the test moves, and a snapshot builder that counts its calls."""

    def __init__(self) -> None:
        self.version = 1
        self.built = 0

    def versions(self) -> tuple[int, ...]:
        return (self.version,)

    def build(self) -> dict[str, Any]:
        self.built += 1
        return {"kiosks": [], "receptions": [{"reception_id": f"R{self.version}"}]}


def test_one_snapshot_per_change_whatever_the_number_of_pages() -> None:
    kiosks = _Kiosks()
    feed = SnapshotFeed(kiosks.build, kiosks.versions, poll_seconds=0.01, refresh_seconds=60)

    async def page(seen: list[str], changes: int) -> None:
        generation = 0
        while len(seen) < changes:
            snapshot = await feed.follow(generation, timeout=2)
            assert snapshot is not None
            generation = snapshot.generation
            seen.append(snapshot.data["receptions"][0]["reception_id"])

    async def run() -> list[list[str]]:
        pages: list[list[str]] = [[] for _ in range(8)]
        watching = [asyncio.create_task(page(seen, 3)) for seen in pages]
        for version in (2, 3):
            while not all(len(seen) == version - 1 for seen in pages):
                await asyncio.sleep(0.005)
            kiosks.version = version
        await asyncio.gather(*watching)
        await feed.stop()
        return pages

    pages = asyncio.run(run())
    assert all(seen == ["R1", "R2", "R3"] for seen in pages)  # every page saw every change, in order
    assert kiosks.built == 3 == feed.builds  # built once per change, not once per page (that would be 24)


def test_a_session_follows_the_admins_changes_to_its_account(tmp_path: Path) -> None:
    """An account removed (someone left the clinic) is signed out of the desk; a role taken away is taken away."""
    store = StaffCredentialStore(tmp_path / "staff.json", params=FAST_PARAMS_FOR_TESTS)
    store.set_password(PASSWORD)  # admin
    store.set_password(PASSWORD, "sato", name="佐藤", role=Role.ADMIN)
    store.set_password(PASSWORD, "suzuki", name="鈴木", role=Role.STAFF)
    (tmp_path / "front").mkdir()
    desk = Desk(DeskConfig({"front": tmp_path / "front"}, tmp_path / "desk-audit.sqlite3", role_seconds=0.0),
                NamedAccountVerifier(store))
    admin = store.sign_in(PASSWORD)

    async def run() -> None:
        sato, _ = await _signed_in(desk, "sato")
        suzuki, _ = await _signed_in(desk, "suzuki")
        assert (await sato.get("/audit")).status_code == 200
        store.set_password(PASSWORD, "sato", name="佐藤", role=Role.STAFF)  # no longer an admin
        assert (await sato.get("/audit")).status_code == 403
        assert 'id="showaudit"' not in (await sato.get("/")).text
        store.remove_account(admin, "suzuki")
        assert (await suzuki.get("/audit")).status_code == 401  # signed out, not merely refused
        assert 'id="signin"' in (await suzuki.get("/")).text

    try:
        asyncio.run(run())
    finally:
        desk.close()
