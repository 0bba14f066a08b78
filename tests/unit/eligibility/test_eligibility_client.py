"""The client's retries, error categories and the outbox-backed submitter, against scripted transports."""

from __future__ import annotations

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


def _down(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


def _timeout(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("slow", request=request)


@pytest.fixture
def switch(inprocess_backend: InProcessBackend) -> SwitchableTransport:
    return SwitchableTransport(inprocess_backend.transport)


@pytest.fixture
def client(inprocess_backend: InProcessBackend, switch: SwitchableTransport) -> HttpEligibilityClient:
    pki = inprocess_backend.pki
    sleeps: list[float] = []
    made = HttpEligibilityClient("http://x.invalid", KioskCredentials(pki.kiosk, pki.kiosk_key, pki.ca),
                                 transport=switch, sleep=sleeps.append)
    made.sleeps = sleeps  # type: ignore[attr-defined]
    return made


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[Outbox]:
    with Outbox(tmp_path / "outbox.sqlite3") as made:
        yield made


def _request(persona: str = "normal") -> CheckRequest:
    return CheckRequest(certificate_der(persona), PinIdentity(card_signer(persona)), ConsentChoices(), FACILITY)


@pytest.mark.parametrize(("failure", "category"), [(_down, ErrorCategory.NETWORK_DOWN),
                                                    (_timeout, ErrorCategory.TIMEOUT),
                                                    (lambda r: httpx.Response(503), ErrorCategory.SERVER_ERROR)])
def test_retryable_failures_are_retried_with_backoff(client: HttpEligibilityClient, switch: SwitchableTransport,
                                                     failure: Callable[[httpx.Request], httpx.Response],
                                                     category: ErrorCategory) -> None:
    switch.fail = failure
    with pytest.raises(EligibilityError) as caught:
        client.issue_challenge()
    assert (caught.value.category, caught.value.retryable) == (category, True)
    assert len(switch.requests) == 3
    assert client.sleeps == [0.2, 0.4]  # type: ignore[attr-defined]


def test_refusals_are_not_retried(client: HttpEligibilityClient, switch: SwitchableTransport) -> None:
    with pytest.raises(EligibilityError) as caught:
        client.check(_request("revoked"))
    assert (caught.value.category, caught.value.retryable) == (ErrorCategory.CERT_REVOKED, False)
    assert list(switch.requests) == ["/v1/challenges", "/v1/checks"]


def test_outbox_keeps_only_what_the_backend_needs(outbox: Outbox, client: HttpEligibilityClient,
                                                  switch: SwitchableTransport) -> None:
    switch.fail = _down
    outcome = ReceptionSubmitter(client, outbox).submit(_request())
    assert isinstance(outcome, DeferredReception)
    [kept] = outbox.pending()
    assert set(kept.payload) == {"idempotency_key", "facility_code", "captured_at", "certificate", "challenge",
                                 "identity", "consents", "kiosk", "deferred", "sequence"}
    assert set(kept.payload["identity"]) == {"method", "card_signature"}  # the card's signature, never the PIN
    assert kept.payload["challenge"] is None


def test_backend_down_then_back_gives_exactly_one_record(outbox: Outbox, client: HttpEligibilityClient,
                                                         switch: SwitchableTransport) -> None:
    submitter = ReceptionSubmitter(client, outbox)
    switch.fail = _down
    deferred = submitter.submit(_request())
    assert isinstance(deferred, DeferredReception) and deferred.reason == "network_down"
    assert submitter.replay_pending().still_pending == 1
    switch.fail = None
    report = submitter.replay_pending()
    assert (report.sent, report.still_pending) == (1, 0)
    assert submitter.replay_pending().sent == 0
    entry = outbox.entry(deferred.idempotency_key)
    assert entry is not None and entry.state is OutboxState.DONE
    records = client.today_records()
    assert [(r["deferred"], r["outcome"]) for r in records] == [(True, "OK")]


def test_lost_response_is_replayed_without_a_second_record(outbox: Outbox, client: HttpEligibilityClient,
                                                           switch: SwitchableTransport) -> None:
    submitter = ReceptionSubmitter(client, outbox)

    def answer_then_drop(request: httpx.Request) -> httpx.Response:
        response = switch.inner.handle_request(request)
        if request.url.path == "/v1/checks":
            raise httpx.ReadError("connection reset after the backend answered", request=request)
        return response

    switch.fail = answer_then_drop
    assert isinstance(submitter.submit(_request()), DeferredReception)
    switch.fail = None
    assert submitter.replay_pending().sent == 1
    assert [r["deferred"] for r in client.today_records()] == [False]  # the first, online answer


def test_refused_deferred_reception_is_not_replayed_forever(outbox: Outbox, client: HttpEligibilityClient,
                                                            switch: SwitchableTransport) -> None:
    submitter = ReceptionSubmitter(client, outbox)
    switch.fail = _down
    deferred = submitter.submit(_request("not_registered"))
    switch.fail = None
    submitter.replay_pending()
    entry = outbox.entry(deferred.idempotency_key)  # type: ignore[union-attr]
    assert entry is not None and (entry.state, entry.last_code) == (OutboxState.REJECTED, "NOT_REGISTERED")
    assert outbox.pending() == []
