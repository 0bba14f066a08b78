"""Self-declarations through the durable outbox, and the client's error categories for the new paths."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import httpx
import pytest

from hardware_sim.backend.inprocess import InProcessBackend
from kiosk.domain.forms import FieldProblem, FormProblem
from kiosk.eligibility import (
    Declaration,
    DeclarationForm,
    DeclarationOutbox,
    DeclarationReason,
    DeclarationReceipt,
    DeclarationSubmitter,
    DeferredDeclaration,
    EligibilityError,
    ErrorCategory,
    HttpEligibilityClient,
    KioskCredentials,
    OutboxState,
)
from tests.fixtures.backend import FACILITY

FORM = DeclarationForm("佐藤 花子", "サトウ ハナコ", date(1975, 9, 3), "株式会社テスト", "03-1234-5678",
                       DeclarationReason.BACKEND_DOWN)


class Switchable(httpx.BaseTransport):
    """The in-process backend, or a network that is down; counts the declarations that reached the backend."""

    def __init__(self, backend: InProcessBackend) -> None:
        self.inner = backend.transport
        self.fail: Callable[[httpx.Request], httpx.Response] | None = None
        self.posted = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.fail is not None:
            return self.fail(request)
        if request.url.path == "/v1/declarations" and request.method == "POST":
            self.posted += 1
        return self.inner.handle_request(request)


def _down(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


@pytest.fixture
def transport(inprocess_backend: InProcessBackend) -> Switchable:
    return Switchable(inprocess_backend)


@pytest.fixture
def client(inprocess_backend: InProcessBackend, transport: Switchable) -> HttpEligibilityClient:
    pki = inprocess_backend.pki
    return HttpEligibilityClient("http://x.invalid", KioskCredentials(pki.kiosk, pki.kiosk_key, pki.ca),
                                 transport=transport, attempts=2, sleep=lambda _: None)


def test_online_declaration_is_sent_and_its_form_dropped_from_the_kiosk(client: HttpEligibilityClient,
                                                                        tmp_path: Path) -> None:
    with DeclarationOutbox(tmp_path / "outbox.sqlite3") as outbox:
        outcome = DeclarationSubmitter(client, outbox).submit(Declaration(FORM, FACILITY))
        assert isinstance(outcome, DeclarationReceipt)
        [entry] = outbox.entries()
        assert (entry.state, entry.request_id, entry.form) == (OutboxState.DONE, outcome.request_id, None)
    assert [r.form.name for r in client.today_declarations()] == ["佐藤 花子"]


def test_offline_declaration_survives_a_restart_and_reaches_the_backend_once(
        client: HttpEligibilityClient, transport: Switchable, tmp_path: Path) -> None:
    path = tmp_path / "outbox.sqlite3"
    transport.fail = _down
    with DeclarationOutbox(path) as outbox:
        outcome = DeclarationSubmitter(client, outbox).submit(Declaration(FORM, FACILITY))
        assert isinstance(outcome, DeferredDeclaration) and outcome.reason == "network_down"
        assert DeclarationSubmitter(client, outbox).replay_pending().still_pending == 1
    transport.fail = None
    with DeclarationOutbox(path) as reopened:  # the kiosk was restarted
        [waiting] = reopened.entries()
        assert (waiting.state, waiting.form) == (OutboxState.PENDING, FORM)  # staff can see what was typed
        submitter = DeclarationSubmitter(client, reopened)
        assert submitter.replay_pending().sent == 1
        assert submitter.replay_pending().sent == 0
        assert reopened.count(OutboxState.DONE) == 1
    assert transport.posted == 1
    assert len(client.today_declarations()) == 1


def test_a_declaration_answered_but_not_marked_done_is_replayed_without_a_second_record(
        client: HttpEligibilityClient, tmp_path: Path) -> None:
    """The kiosk died after the backend stored it: the replay returns the first answer."""
    with DeclarationOutbox(tmp_path / "outbox.sqlite3") as outbox:
        submission = client.prepare_declaration(Declaration(FORM, FACILITY))
        outbox.put(submission)
        first = client.send_declaration(submission)  # ... and the kiosk is killed before finish()
        assert DeclarationSubmitter(client, outbox).replay_pending().sent == 1
        assert outbox.entries()[0].request_id == first.request_id
    assert len(client.today_declarations()) == 1


def test_a_half_filled_form_is_neither_stored_nor_sent(client: HttpEligibilityClient, transport: Switchable,
                                                       tmp_path: Path) -> None:
    half = DeclarationForm("佐藤 花子", "", None, "株式会社テスト", "03-1234")
    with DeclarationOutbox(tmp_path / "outbox.sqlite3") as outbox:
        with pytest.raises(EligibilityError) as caught:
            DeclarationSubmitter(client, outbox).submit(Declaration(half, FACILITY))
        assert outbox.entries() == []
    assert caught.value.category is ErrorCategory.INVALID_INPUT
    assert caught.value.problems == (FieldProblem("name_kana", FormProblem.KANA_REQUIRED),
                                     FieldProblem("birth_date", FormProblem.BIRTH_DATE_REQUIRED),
                                     FieldProblem("phone", FormProblem.PHONE_INVALID))
    assert transport.posted == 0


def test_the_client_checks_birth_dates_against_its_own_today(inprocess_backend: InProcessBackend,
                                                             tmp_path: Path) -> None:
    pki = inprocess_backend.pki
    creds = KioskCredentials(pki.kiosk, pki.kiosk_key, pki.ca)
    with HttpEligibilityClient("http://x.invalid", creds, transport=inprocess_backend.transport) as client, \
            DeclarationOutbox(tmp_path / "o.sqlite3") as outbox:
        future = DeclarationForm("佐藤 花子", "サトウ ハナコ", date(2999, 1, 1), "株式会社テスト", "0312345678")
        with pytest.raises(EligibilityError) as caught:
            DeclarationSubmitter(client, outbox, today=lambda: date(2026, 1, 1)).submit(Declaration(future, FACILITY))
        assert caught.value.code == "BIRTH_DATE_IN_FUTURE"


def test_a_refused_declaration_keeps_its_form_for_staff(client: HttpEligibilityClient, tmp_path: Path) -> None:
    with DeclarationOutbox(tmp_path / "outbox.sqlite3") as outbox:
        submitter = DeclarationSubmitter(client, outbox)
        declaration = Declaration(FORM, FACILITY, "declaration-key-0042")
        submitter.submit(declaration)
        other = Declaration(DeclarationForm("別 人", "ベツ ジン", date(1990, 1, 1), "別会社", "0311112222"),
                            FACILITY, "declaration-key-0042")
        outbox2 = DeclarationOutbox(tmp_path / "other.sqlite3")
        with pytest.raises(EligibilityError) as caught:  # a kiosk bug: the key reused for another form
            DeclarationSubmitter(client, outbox2).submit(other)
        assert caught.value.category is ErrorCategory.CONFLICT
        [kept] = outbox2.entries()
        assert (kept.state, kept.form) == (OutboxState.REJECTED, other.form)
        outbox2.close()


@pytest.mark.parametrize(("code", "message", "category", "problems"), [
    ("TERMS_UNKNOWN", "", ErrorCategory.TERMS_OUTDATED, ()),
    ("ALREADY_REGISTERED", "", ErrorCategory.ALREADY_REGISTERED, ()),
    ("DISASTER_NOT_DECLARED", "", ErrorCategory.DISASTER_NOT_DECLARED, ()),
    ("REQUEST_STALE", "", ErrorCategory.CLOCK_SKEW, ()),
    ("PHONE_INVALID", "the phone number …: phone: PHONE_INVALID, name: NAME_REQUIRED", ErrorCategory.INVALID_INPUT,
     (FieldProblem("phone", FormProblem.PHONE_INVALID), FieldProblem("name", FormProblem.NAME_REQUIRED))),
])
def test_backend_codes_become_categories_the_ui_can_explain(code: str, message: str, category: ErrorCategory,
                                                            problems: tuple[FieldProblem, ...]) -> None:
    error = EligibilityError.from_backend(code, message)
    assert (error.category, error.problems, error.retryable) == (category, problems, False)
