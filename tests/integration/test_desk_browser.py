"""The reception desk page in a real browser (Debian's chromium via Playwright): sign in, watch a reception of a
headless kiosk run appear live, acknowledge a staff call (the kiosk's link hears it), resolve a self-declaration
waiting for staff, only an admin reads the audit trail, and a screenshot for the docs."""

from __future__ import annotations

import os
import subprocess
import threading
from datetime import date
from pathlib import Path
from typing import Any

from kiosk.desk.audit import DeskAudit
from kiosk.eligibility import DeclarationForm, DeclarationReason, OutboxState, StoredDeclaration
from kiosk.results import DeskBoard, KioskDeskLink
from kiosk.results.open_items import declaration_items
from tests.fixtures.desk import DESK_PASSWORD, DESK_STAFF, DeskProcess, environment, kiosk_command

#: The page as staff see it is kept for the docs only when asked (KIOSK_DESK_SCREENSHOT=1): a test run leaves the
#: checkout as it found it.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def sign_in(browser: Any, desk: DeskProcess, *, password: str = DESK_PASSWORD, account: str = DESK_STAFF) -> Any:
    context = browser.new_context(ignore_https_errors=True, locale="ja-JP", viewport={"width": 1280, "height": 800})
    page = context.new_page()
    response = page.goto(desk.url)
    assert "no-store" in response.headers["cache-control"]
    page.fill("input[name=staff_id]", account)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    return page


def test_wrong_password_is_refused_in_japanese(browser: Any, desk_service: DeskProcess) -> None:
    page = sign_in(browser, desk_service, password="not-the-password")  # noqa: S106
    page.wait_for_selector("#message:has-text('パスワードが違います')", timeout=10000)
    assert page.query_selector("#rows") is None  # no receptions without signing in
    page.context.close()


def test_reception_appears_live_and_a_staff_call_is_acknowledged(browser: Any, desk_service: DeskProcess,
                                                                  tmp_path: Path) -> None:
    page = sign_in(browser, desk_service)
    page.wait_for_selector("text=まだ受付はありません", timeout=10000)
    kiosk_dir = desk_service.kiosks["front"]
    run = subprocess.run(kiosk_command("reception", "--headless", "--persona", "elderly", "--auth", "pin",
                                       "--prescription", "electronic", "--workdir", str(kiosk_dir)),
                         capture_output=True, text=True, env=environment(), timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    row = page.wait_for_selector("tr[data-reception]:has-text('中村 トメ')", timeout=10000)  # no reload
    text = row.inner_text()
    assert "暗証番号" in text and "長野市国民健康保険" in text and "電子処方箋" in text and "2割" in text
    assert "限度額区分 A03" in text and "高齢受給者 2割" in text and "〒380-8570 長野県長野市" in text

    acknowledged = threading.Event()
    declarations = [StoredDeclaration("key-0000000000000001", "2025-06-01T00:10:00Z", OutboxState.PENDING, 1,
                                      "BACKEND_UNREACHABLE", None, DeclarationForm(
                                          "田中 一郎", "タナカ イチロウ", date(1970, 1, 2), "テスト商事", "0312345678",
                                          DeclarationReason.BACKEND_DOWN))]
    link = KioskDeskLink(DeskBoard(kiosk_dir / "results.sqlite3"), on_acknowledged=acknowledged.set,
                         diagnostics=lambda: [("reader", True, "Virtual PCD"), ("backend", False, "cable pulled")],
                         declarations=lambda: declaration_items(declarations))
    link.start()
    try:
        link.call("staff_check_requested")
        button = page.wait_for_selector(".call:has-text('目視確認の依頼') button", timeout=10000)
        page.wait_for_selector("#health:has-text('cable pulled')", timeout=10000)
        item = page.wait_for_selector("tr.item:has-text('田中 一郎')", timeout=10000)  # live, no reload
        item_id = item.get_attribute("data-item")
        assert "資格申立書" in item.inner_text() and "資格確認システムへの登録" in item.inner_text()
        assert page.query_selector("#auditsection") is None  # a staff account: no audit trail on its page
        folder = SCREENSHOTS if os.environ.get("KIOSK_DESK_SCREENSHOT") == "1" else tmp_path
        page.screenshot(path=str(folder / "desk_ja.png"), full_page=True)
        assert (folder / "desk_ja.png").stat().st_size > 10_000
        button.click()
        assert acknowledged.wait(10), "the kiosk never heard the acknowledgement"
        page.wait_for_selector("text=呼び出しはありません", timeout=10000)
        page.click("tr.item:has-text('田中 一郎') button")
        page.wait_for_selector("text=対応待ちはありません", timeout=10000)
    finally:
        link.close()

    audit = DeskAudit(desk_service.folder / "desk-audit.sqlite3")
    entries = audit.entries()
    audit.close()
    actions = [(entry["staff"], entry["action"]) for entry in entries]
    assert ("suzuki", "sign_in") in actions and ("suzuki", "acknowledge_call") in actions
    assert ("suzuki", "resolve_item") in actions
    viewed = [entry for entry in entries if entry["action"] == "view_receptions"]
    assert viewed and viewed[0]["receptions"] == [row.get_attribute("data-reception")]
    assert any(entry["receptions"] == [item_id] for entry in viewed)  # the declaration's personal data too

    page.click("text=English")
    page.wait_for_selector("tr[data-reception]:has-text('Medication')", timeout=10000)
    page.click("#signout")
    page.wait_for_selector("form#signin", timeout=10000)
    page.context.close()


def test_a_cross_site_post_is_refused(browser: Any, desk_service: DeskProcess) -> None:
    page = sign_in(browser, desk_service)
    page.wait_for_selector("#rows", timeout=10000)
    status = page.evaluate("""async () => (await fetch('/calls/ack', {method: 'POST', credentials: 'same-origin',
        headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({kiosk: 'front', call_id: null})})).status""")
    assert status == 403  # no CSRF token
    page.context.close()


def test_only_an_admin_reads_the_audit_trail(browser: Any, desk_service: DeskProcess) -> None:
    staff = sign_in(browser, desk_service)
    staff.wait_for_selector("#rows", timeout=10000)
    assert staff.query_selector("#showaudit") is None
    status = staff.evaluate("async () => (await fetch('/audit', {credentials: 'same-origin'})).status")
    assert status == 403  # the server refuses it, not only the page
    staff.context.close()
    admin = sign_in(browser, desk_service, account="admin")
    admin.wait_for_selector("#rows", timeout=10000)
    assert "管理者" in admin.inner_text("#who")
    admin.click("#showaudit")
    admin.wait_for_selector("#audit tr:has-text('refused:view_audit')", timeout=10000)
    assert "suzuki" in admin.inner_text("#audit")
    admin.context.close()
