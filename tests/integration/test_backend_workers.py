"""The real backend with several uvicorn workers: one challenge, one check, whichever worker answers; no Nagle stall."""

from __future__ import annotations

import ssl
import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from kiosk.eligibility import CheckRequest, ConsentChoices, PinIdentity
from tests.fixtures.backend import FACILITY, BackendProcess, card_signer, certificate_der


def _context(server: BackendProcess) -> ssl.SSLContext:
    creds = server.credentials
    context = ssl.create_default_context(cafile=str(creds.ca))
    context.load_cert_chain(str(creds.certificate), str(creds.key))
    return context


def test_a_challenge_authorises_one_check_across_workers(backend_process: BackendProcess) -> None:
    backend_process.extra_args = ["--workers", "2"]
    server = backend_process.start()
    client = server.client()
    challenge = client.issue_challenge()
    card = PinIdentity(card_signer("normal"))
    bodies = [{**client.prepare(CheckRequest(certificate_der("normal"), card, ConsentChoices(), FACILITY),
                                challenge).payload, "deferred": False}
              for _ in range(8)]  # eight receptions (eight idempotency keys) racing for the same challenge
    context = _context(server)

    def post(body: dict[str, object]) -> tuple[int, str | None]:
        with httpx.Client(base_url=server.url, verify=context) as fresh:  # own connection: any worker
            response = fresh.post("/v1/checks", json=body)
        return response.status_code, response.json().get("code")

    with ThreadPoolExecutor(len(bodies)) as pool:
        outcomes = list(pool.map(post, bodies))
    assert sorted(outcomes, key=str) == sorted([(200, None)] + [(409, "CHALLENGE_USED")] * 7, key=str)
    assert len(client.today_records()) == 1
    client.close()


def test_answers_are_not_held_back_by_nagle(backend_server: BackendProcess) -> None:
    """Headers and body go out as two TLS records; without TCP_NODELAY the body waits ~40 ms for a delayed ACK."""
    with httpx.Client(base_url=backend_server.url, verify=_context(backend_server)) as http:
        http.post("/v1/challenges")  # handshake outside the timing
        timings = []
        for _ in range(15):
            started = time.perf_counter()
            assert http.post("/v1/challenges").status_code == 200
            timings.append(time.perf_counter() - started)
    # Nagle holds *every* answer back for the 40 ms delayed-ACK timer, so even the fastest of 15 shows it; the
    # fastest one is also what a loaded machine disturbs least (a normal answer takes ~1 ms).
    assert min(timings) < 0.035, timings
