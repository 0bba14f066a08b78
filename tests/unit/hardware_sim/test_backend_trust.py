"""Issue 11 at the backend: no downgrade of the challenge, proof of the card for every method, the attestation
before any stored answer, facilities kept apart, and hygiene (rate limit, bounded audit, read deadline, CLI)."""

from __future__ import annotations

import http.client
import json
import os
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from hardware_sim.backend import store as store_module
from hardware_sim.backend.inprocess import InProcessBackend
from hardware_sim.backend.settings import BackendSettings
from hardware_sim.backend.tls_pki import issue_kiosk_certificate
from kiosk.eligibility import (
    CheckRequest,
    ConsentChoices,
    EligibilityError,
    FaceIdentity,
    HttpEligibilityClient,
    KioskCredentials,
    PinIdentity,
    StaffIdentity,
)
from kiosk.eligibility.http_client import kiosk_ssl_context
from tests.fixtures.backend import FACILITY, ROOT, BackendProcess, card_signer, certificate_der

OTHER_FACILITY = "1329999999"


def _code(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, response.json()["code"]


def _request(persona: str = "normal", identity: Any = None, key: str | None = None) -> CheckRequest:
    return CheckRequest(certificate_der(persona), identity or PinIdentity(card_signer(persona)), ConsentChoices(),
                        FACILITY, **({"idempotency_key": key} if key else {}))


def _sequence() -> int:
    return time.time_ns() // 1000


@pytest.fixture
def raw(inprocess_backend: InProcessBackend) -> httpx.Client:
    return httpx.Client(base_url="http://x.invalid", transport=inprocess_backend.transport)


def _other_kiosk(backend: InProcessBackend, tmp_path: Path, facility: str, name: str = "kiosk-02"
                 ) -> tuple[HttpEligibilityClient, httpx.Client]:
    cert, key = tmp_path / f"{name}.pem", tmp_path / f"{name}-key.pem"
    issue_kiosk_certificate(backend.pki, name, cert, key, facility)
    transport = backend.transport_for(cert)
    client = HttpEligibilityClient("http://x.invalid", KioskCredentials(cert, key, backend.pki.ca),
                                   transport=transport, sleep=lambda _: None)
    return client, httpx.Client(base_url="http://x.invalid", transport=transport)


# --- 1. freshness without a downgrade -------------------------------------------------------------------------

def test_a_body_refused_online_is_not_accepted_when_marked_deferred(inprocess_client: HttpEligibilityClient,
                                                                    raw: httpx.Client) -> None:
    first = inprocess_client.prepare(_request(), inprocess_client.issue_challenge())
    inprocess_client.send(first)
    again = inprocess_client.prepare(_request(), first.payload["challenge"])  # a new reception, a used challenge
    assert _code(raw.post("/v1/checks", json=dict(again.payload))) == (409, "CHALLENGE_USED")
    downgraded = {**again.payload, "deferred": True}
    assert raw.post("/v1/checks", json=downgraded).status_code != 200
    assert len(inprocess_client.today_records()) == 1


def test_a_staff_check_without_challenge_or_card_is_refused(inprocess_client: HttpEligibilityClient,
                                                            raw: httpx.Client) -> None:
    body = dict(inprocess_client.prepare(
        _request("pin_blocked", StaffIdentity("nurse-1", card_signer("pin_blocked"))), None,
        sequence=_sequence()).payload)
    no_sequence = {**body, "sequence": None}  # deferred, with neither a challenge nor a sequence number
    assert _code(raw.post("/v1/checks", json=no_sequence)) == (422, "SEQUENCE_REQUIRED")
    without_card = {**body, "identity": {k: v for k, v in body["identity"].items() if k != "card_signature"}}
    assert _code(raw.post("/v1/checks", json=without_card)) == (422, "INVALID_REQUEST")
    assert inprocess_client.today_records() == []


def test_the_deferred_form_of_a_reception_refused_online_gets_the_refusal(inprocess_client: HttpEligibilityClient
                                                                          ) -> None:
    request = _request("revoked")
    online = inprocess_client.prepare(request, inprocess_client.issue_challenge())
    deferred = inprocess_client.prepare(request, None, sequence=_sequence(), captured_at=online.captured_at)
    for form in (online, deferred):
        with pytest.raises(EligibilityError) as caught:
            inprocess_client.send(form)
        assert (caught.value.code, caught.value.authenticated) == ("CERT_REVOKED", True)
    assert [r["outcome"] for r in inprocess_client.today_records()] == ["CERT_REVOKED"]


def test_a_sequence_number_is_accepted_once_per_kiosk(inprocess_client: HttpEligibilityClient) -> None:
    sequence = _sequence()
    inprocess_client.send(inprocess_client.prepare(_request(), None, sequence=sequence))
    with pytest.raises(EligibilityError) as caught:
        inprocess_client.send(inprocess_client.prepare(_request("child"), None, sequence=sequence))
    assert caught.value.code == "SEQUENCE_REUSED"


# --- 2. the card's presence for face and staff; the backend's own face policy --------------------------------

@pytest.mark.parametrize(("identity", "code"), [
    (FaceIdentity(0.55, True, True, card_signer("normal")), "FACE_NOT_MATCHED"),  # the kiosk's 0.52 is the limit
    (FaceIdentity(0.40, False, True, card_signer("normal")), "FACE_NOT_MATCHED"),  # liveness is required
    (FaceIdentity(0.30, True, True, card_signer("child")), "SIGNATURE_INVALID"),  # another card signed
    (StaffIdentity("nurse-1", card_signer("child")), "SIGNATURE_INVALID"),
])
def test_face_and_staff_receptions_need_the_card_and_the_backends_policy(
        inprocess_client: HttpEligibilityClient, identity: Any, code: str) -> None:
    with pytest.raises(EligibilityError) as caught:
        inprocess_client.check(_request("normal", identity))
    assert caught.value.code == code


def test_liveness_may_be_waived_only_by_the_facilitys_setting(tmp_path: Path) -> None:
    settings = BackendSettings(db_path=tmp_path / "b.sqlite3", pki_dir=tmp_path / "pki",
                               liveness_optional_facilities=(FACILITY,))
    with InProcessBackend(settings) as backend:
        pki = backend.pki
        client = HttpEligibilityClient("http://x.invalid", KioskCredentials(pki.kiosk, pki.kiosk_key, pki.ca),
                                       transport=backend.transport)
        assert client.check(_request("normal", FaceIdentity(0.4, False, True, card_signer("normal")))).is_valid


# --- 3. the attestation before any stored answer ----------------------------------------------------------------

def test_a_replay_with_a_forged_signature_or_from_another_kiosk_gets_no_patient_data(
        inprocess_backend: InProcessBackend, inprocess_client: HttpEligibilityClient, raw: httpx.Client,
        tmp_path: Path) -> None:
    submission = inprocess_client.prepare(_request(), inprocess_client.issue_challenge())
    assert inprocess_client.send(submission).name
    forged = {**submission.payload, "kiosk": {**submission.payload["kiosk"], "signature": "MEUCIQ" + "A" * 90}}
    answer = raw.post("/v1/checks", json=forged)
    assert answer.status_code == 401 and "Name" not in answer.json()
    other, _ = _other_kiosk(inprocess_backend, tmp_path, FACILITY)
    with other, pytest.raises(EligibilityError) as caught:  # its own valid signature over the same reception
        other.send(other.prepare(_request(key=submission.idempotency_key), submission.payload["challenge"],
                                 captured_at=submission.captured_at))
    assert caught.value.code == "IDEMPOTENCY_CONFLICT"


# --- 4. facilities kept apart -------------------------------------------------------------------------------

def test_a_kiosk_reads_and_writes_only_its_own_facility(inprocess_backend: InProcessBackend,
                                                        inprocess_client: HttpEligibilityClient,
                                                        tmp_path: Path) -> None:
    inprocess_client.check(_request())
    other, other_raw = _other_kiosk(inprocess_backend, tmp_path, OTHER_FACILITY)
    with other, other_raw:
        for path in ("/v1/records", "/v1/declarations", "/v1/audit"):
            assert _code(other_raw.get(path, params={"facility_code": FACILITY})) == (403, "FACILITY_MISMATCH")
            assert other_raw.get(path).json() == []  # its own facility: nothing yet
        with pytest.raises(EligibilityError) as caught:
            other.check(_request("child"))  # a check named for FACILITY
        assert caught.value.code == "FACILITY_MISMATCH"
    assert len(inprocess_client.today_records()) == 1


def test_a_connection_without_a_kiosk_certificate_is_refused(inprocess_backend: InProcessBackend) -> None:
    from hardware_sim.backend.app import create_app

    app = create_app(BackendSettings(db_path=inprocess_backend.pki.directory / "x.sqlite3",
                                     pki_dir=inprocess_backend.pki.directory))
    transport = httpx.ASGITransport(app=app)

    async def ask() -> httpx.Response:
        async with httpx.AsyncClient(base_url="http://x.invalid", transport=transport) as client:
            return await client.get("/v1/records")

    import anyio

    assert _code(anyio.run(ask)) == (401, "KIOSK_UNKNOWN")


def test_over_mutual_tls_the_peer_certificate_decides_the_facility(backend_server: BackendProcess,
                                                                   tmp_path: Path) -> None:
    from hardware_sim.backend.tls_pki import PkiPaths

    cert, key = tmp_path / "k.pem", tmp_path / "k-key.pem"
    issue_kiosk_certificate(PkiPaths(backend_server.pki), "kiosk-x", cert, key, OTHER_FACILITY)
    context = kiosk_ssl_context(KioskCredentials(cert, key, backend_server.pki / "ca.pem"))
    with httpx.Client(base_url=backend_server.url, verify=context) as client:
        assert _code(client.get("/v1/records", params={"facility_code": FACILITY})) == (403, "FACILITY_MISMATCH")
        assert client.get("/v1/records").status_code == 200


# --- 12. hygiene ------------------------------------------------------------------------------------------------

def test_a_flood_from_one_kiosk_is_rate_limited(tmp_path: Path) -> None:
    settings = BackendSettings(db_path=tmp_path / "b.sqlite3", pki_dir=tmp_path / "pki", rate_limit_burst=5,
                               rate_limit_per_second=0.01)
    with InProcessBackend(settings) as backend, \
            httpx.Client(base_url="http://x.invalid", transport=backend.transport) as raw:
        answers = [raw.post("/v1/checks", content=b"garbage") for _ in range(8)]
        assert [a.status_code for a in answers] == [422] * 5 + [429] * 3
        assert answers[-1].json()["retryable"] is True and int(answers[-1].headers["retry-after"]) >= 1
        assert len(backend.service.refusals()) == 5


def test_refusal_audit_stops_growing_but_keeps_counting(inprocess_backend: InProcessBackend, raw: httpx.Client,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "REFUSAL_ROWS_PER_DAY", 4)
    for _ in range(10):
        raw.post("/v1/checks", content=b"garbage")
    assert len(inprocess_backend.service.refusals()) == 4
    assert inprocess_backend.service.store.refusal_counts(inprocess_backend.service.today().isoformat()) == \
        {"INVALID_REQUEST": 10}


def test_a_half_sent_request_is_cut_off(backend_process: BackendProcess) -> None:
    backend_process.extra_args = ["--request-timeout", "1"]
    backend_process.start()
    context = kiosk_ssl_context(backend_process.credentials)
    with socket.create_connection(("127.0.0.1", backend_process.port), timeout=10) as plain, \
            context.wrap_socket(plain, server_hostname="localhost") as tls:
        tls.sendall(b"POST /v1/checks HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{")  # 499 bytes short
        started = time.monotonic()
        try:
            closed = tls.recv(1) == b""
        except (ssl.SSLError, ConnectionError):
            closed = True
        assert closed and time.monotonic() - started < 5


@pytest.mark.parametrize("args", [
    ["--log-level", "trace"], ["--port", "80000"], ["--db", "/proc/1/x.sqlite3"], ["--db", "/etc/passwd"],
    ["--rate-limit", "fast"], ["--rate-limit", "5/-1"],
])
def test_bad_command_line_input_gets_a_message_not_a_traceback(tmp_path: Path, args: list[str]) -> None:
    done = subprocess.run([sys.executable, "-m", "hardware_sim", "backend", "--pki", str(tmp_path / "pki"), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "error:" in done.stderr


def _worker_holding(server_pid: int, server_port: int, client_port: int) -> int:
    """The backend worker process whose socket is the server end of the connection from `client_port`."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local, remote = (int(address.rsplit(":", 1)[1], 16) for address in fields[1:3])
            if (local, remote) == (server_port, client_port):
                inodes.add(f"socket:[{fields[9]}]")
    children = [int(p) for p in Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()]
    for pid in children:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            try:
                if os.readlink(fd) in inodes:
                    return pid
            except OSError:
                continue
    raise AssertionError(f"no worker holds the connection from port {client_port}")


def test_the_rate_limit_holds_across_worker_processes(backend_process: BackendProcess) -> None:
    burst = 8
    backend_process.extra_args = ["--workers", "2", "--rate-limit", f"{burst}/0.001"]
    backend_process.start()  # its readiness probe takes one token
    assert backend_process.process is not None
    context = kiosk_ssl_context(backend_process.credentials)
    per_worker: dict[int, list[int]] = {}
    connections = []
    try:
        # New connections until both workers have had more requests than the burst (the kernel hands each new
        # connection to one worker): with a bucket per worker, 2 x burst would be admitted.
        while len(per_worker) < 2 or min(len(statuses) for statuses in per_worker.values()) <= burst:
            assert len(connections) < 400, f"the connections did not reach both workers: {per_worker.keys()}"
            connection = http.client.HTTPSConnection("127.0.0.1", backend_process.port, context=context, timeout=10)
            connection.request("GET", "/v1/records")
            answer = connection.getresponse()
            body = json.loads(answer.read())
            assert answer.status == 200 or (answer.status, body["code"]) == (429, "RATE_LIMITED")
            worker = _worker_holding(backend_process.process.pid, backend_process.port,
                                     connection.sock.getsockname()[1])
            per_worker.setdefault(worker, []).append(answer.status)
            connections.append(connection)
    finally:
        for connection in connections:
            connection.close()
    admitted = sum(statuses.count(200) for statuses in per_worker.values())
    assert admitted == burst - 1  # one token went to the start-up probe
    assert all(429 in statuses for statuses in per_worker.values())
