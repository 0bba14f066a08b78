"""Issue 11, nothing lost: a kept reception is dropped only on the backend's signed, documented refusal; every call
ends by its deadline; replay skips past an entry that keeps failing; a refused reception is never re-sent as
deferred."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from hardware_sim.backend.inprocess import InProcessBackend
from kiosk.eligibility import (
    CheckRequest,
    ConsentChoices,
    DeferredReception,
    EligibilityError,
    ErrorCategory,
    HttpEligibilityClient,
    KioskCredentials,
    Outbox,
    OutboxState,
    PinIdentity,
    ReceptionSubmitter,
)
from kiosk.simulation import SwitchableTransport
from tests.fixtures.backend import FACILITY, card_signer, certificate_der

Answer = Callable[[httpx.Request], httpx.Response]


def _request(persona: str = "normal") -> CheckRequest:
    return CheckRequest(certificate_der(persona), PinIdentity(card_signer(persona)), ConsentChoices(), FACILITY)


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[Outbox]:
    with Outbox(tmp_path / "outbox.sqlite3") as made:
        yield made


def _on_checks(answer: Answer, switch: SwitchableTransport) -> Answer:
    """`answer` for POST /v1/checks, the real backend for everything else."""
    def route(request: httpx.Request) -> httpx.Response:
        return answer(request) if request.url.path == "/v1/checks" else switch.inner.handle_request(request)
    return route


def _html(status: int) -> Answer:
    return lambda request: httpx.Response(status, text="<html>proxy says no</html>", request=request)


def _unsigned(status: int, code: str) -> Answer:
    return lambda request: httpx.Response(status, json={"code": code, "message": "", "retryable": False},
                                          request=request)


# The misbehaving answers of the issue that used to drop a reception (each is a 4xx without the backend's word).
MISBEHAVING = {
    "proxy 403 page": _html(403), "load balancer 404": _html(404), "401 page": _html(401), "400 page": _html(400),
    "413 page": _html(413), "418 page": _html(418),
    "unsigned 409 CHALLENGE_USED": _unsigned(409, "CHALLENGE_USED"),
    "unsigned 403 CERT_REVOKED": _unsigned(403, "CERT_REVOKED"),
    "unsigned 422 INVALID_REQUEST": _unsigned(422, "INVALID_REQUEST"),
    "200 that is not the backend's": lambda r: httpx.Response(200, json={"Name": "someone"}, request=r),
}


@pytest.mark.parametrize("name", sorted(MISBEHAVING))
def test_a_reception_survives_any_answer_the_backend_did_not_sign(
        name: str, client: HttpEligibilityClient, switch: SwitchableTransport, outbox: Outbox) -> None:
    switch.fail = _on_checks(MISBEHAVING[name], switch)
    outcome = ReceptionSubmitter(client, outbox).submit(_request())
    assert isinstance(outcome, DeferredReception)
    entry = outbox.entry(outcome.idempotency_key)
    assert entry is not None and entry.state in (OutboxState.PENDING, OutboxState.ATTENTION)
    if entry.state is OutboxState.ATTENTION:
        assert outbox.needing_attention()[0][0] == outcome.idempotency_key  # staff see it
    switch.fail = None
    assert ReceptionSubmitter(client, outbox).replay_pending().sent == 1
    assert [r["outcome"] for r in client.today_records()] == ["OK"]
    assert outbox.count(OutboxState.DONE) == 1


def test_a_bad_challenge_then_a_503_keeps_the_reception(client: HttpEligibilityClient, switch: SwitchableTransport,
                                                        outbox: Outbox) -> None:
    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/challenges":
            return httpx.Response(200, json={"challenge": "AAAA", "expires_at": "2030-01-01T00:00:00Z"},
                                  request=request)
        return httpx.Response(503, request=request)

    switch.fail = route
    assert isinstance(ReceptionSubmitter(client, outbox).submit(_request()), DeferredReception)
    switch.fail = None
    assert ReceptionSubmitter(client, outbox).replay_pending().sent == 1
    assert [(r["outcome"], r["deferred"]) for r in client.today_records()] == [("OK", True)]


def test_a_reception_refused_online_is_never_sent_again_as_deferred(
        client: HttpEligibilityClient, switch: SwitchableTransport, outbox: Outbox) -> None:
    sent: list[dict[str, object]] = []

    def record(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/checks":
            sent.append(json.loads(request.content))
        return switch.inner.handle_request(request)

    switch.fail = record
    with pytest.raises(EligibilityError) as caught:
        ReceptionSubmitter(client, outbox).submit(_request("revoked"))
    assert caught.value.final
    assert [body["deferred"] for body in sent] == [False]
    assert ReceptionSubmitter(client, outbox).replay_pending().sent == 0
    assert [body["deferred"] for body in sent] == [False]
    assert outbox.count(OutboxState.REJECTED) == 1


def test_a_used_challenge_gets_one_fresh_online_try_not_a_deferred_one(
        client: HttpEligibilityClient, switch: SwitchableTransport, outbox: Outbox) -> None:
    used = client.issue_challenge()
    client.send(client.prepare(_request("child"), used))
    handed: list[str] = []

    def stale_once(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/challenges" and not handed:
            handed.append(used)
            return httpx.Response(200, json={"challenge": used, "expires_at": "2030-01-01T00:00:00Z"}, request=request)
        return switch.inner.handle_request(request)

    switch.fail = stale_once
    result = ReceptionSubmitter(client, outbox).submit(_request())
    assert not isinstance(result, DeferredReception) and result.name
    assert [r["deferred"] for r in client.today_records()] == [False, False]
    assert (outbox.count(OutboxState.REJECTED), outbox.count(OutboxState.DONE)) == (1, 1)


def test_replay_skips_past_an_entry_that_keeps_failing(client: HttpEligibilityClient, switch: SwitchableTransport,
                                                       outbox: Outbox) -> None:
    switch.online = False
    submitter = ReceptionSubmitter(client, outbox)
    poisoned = submitter.submit(_request())
    healthy = submitter.submit(_request("child"))
    assert isinstance(poisoned, DeferredReception) and isinstance(healthy, DeferredReception)
    switch.online = True

    def poison(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/checks" and poisoned.idempotency_key in request.content.decode():
            return httpx.Response(500, request=request)
        return switch.inner.handle_request(request)

    switch.fail = poison
    report = submitter.replay_pending()
    assert (report.sent, report.still_pending) == (1, 1)
    assert outbox.entry(healthy.idempotency_key).state is OutboxState.DONE  # type: ignore[union-attr]
    assert outbox.entry(poisoned.idempotency_key).state is OutboxState.PENDING  # type: ignore[union-attr]


def test_sequence_numbers_strictly_increase_and_survive_a_lost_outbox(tmp_path: Path) -> None:
    with Outbox(tmp_path / "a.sqlite3") as first:
        numbers = [first.next_sequence() for _ in range(50)]
    assert numbers == sorted(set(numbers))
    with Outbox(tmp_path / "b.sqlite3") as fresh:  # the outbox file was lost
        assert fresh.next_sequence() > numbers[-1] - 1000  # it starts from the clock, not from 1


class _Dribbler:
    """A loopback server that answers one byte every `interval` seconds, forever."""

    def __init__(self, interval: float) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.interval = interval
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._dribble, args=(conn,), daemon=True).start()

    def _dribble(self, conn: socket.socket) -> None:
        with conn:
            for byte in b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n" * 100:
                if self.stop.wait(self.interval):
                    return
                try:
                    conn.sendall(bytes((byte,)))
                except OSError:
                    return


def test_every_call_ends_by_its_deadline_against_a_dribbling_server(inprocess_backend: InProcessBackend) -> None:
    server = _Dribbler(0.3)
    pki = inprocess_backend.pki
    try:
        with HttpEligibilityClient(f"http://127.0.0.1:{server.port}", KioskCredentials(pki.kiosk, pki.kiosk_key,
                                                                                      pki.ca),
                                   deadline_seconds=1.5, sleep=lambda _: None) as client:
            started = time.monotonic()
            with pytest.raises(EligibilityError) as caught:
                client.issue_challenge()
            assert time.monotonic() - started < 2.5
            assert caught.value.category is ErrorCategory.TIMEOUT
    finally:
        server.stop.set()
        server.sock.close()
