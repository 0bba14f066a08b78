"""Chaos on loopback: kill -9 the kiosk and the backend, and misbehave as a server 23 ways; nothing may be lost.

    python benchmarks/chaos.py [--kiosk-kills 100] [--backend-kills 100] [--seed 11] [--deadline 6]

Loopback only, bounded in count (the kills and behaviours asked) and in time (each phase has a ceiling). Forked
processes keep restarts cheap: the backend is rebuilt in a forked child on the same listening socket after each
`kill -9`; the kiosk is a forked child submitting receptions through the real outbox until it is killed.
Prints receptions lost / duplicated / corrupted (all must be 0) and the patient's longest wait (target ≤ 20 s).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import ssl
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hardware_sim.backend.service import EligibilityService  # noqa: E402
from hardware_sim.backend.settings import BackendSettings  # noqa: E402
from hardware_sim.backend.tls_pki import ensure_pki  # noqa: E402
from kiosk.eligibility import (  # noqa: E402
    CheckRequest,
    ConsentChoices,
    EligibilityError,
    HttpEligibilityClient,
    KioskCredentials,
    Outbox,
    OutboxState,
    PinIdentity,
    ReceptionSubmitter,
)
from tests.fixtures.backend import FACILITY, card_signer, certificate_der  # noqa: E402

PERSONAS = ("normal", "child", "elderly", "pin_one_try")
CEILING_S = 900.0  # no phase runs longer than this


class Backend:
    """The backend on one loopback socket, served by a forked child that can be killed and forked again."""

    def __init__(self, work: Path) -> None:
        self.settings = BackendSettings(db_path=work / "backend.sqlite3", pki_dir=work / "pki")
        self.pki = ensure_pki(self.settings.pki_dir)
        EligibilityService.build(self.settings).close()  # schema, seed and certificate caches before any fork
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(256)
        self.port = self.sock.getsockname()[1]
        self.pid = 0

    @property
    def credentials(self) -> KioskCredentials:
        return KioskCredentials(self.pki.kiosk, self.pki.kiosk_key, self.pki.ca)

    def start(self) -> None:
        pid = os.fork()
        if pid == 0:  # the backend process
            try:
                import uvicorn

                from hardware_sim.backend.app import create_app
                from hardware_sim.backend.connection import PeerAwareProtocol

                config = uvicorn.Config(create_app(self.settings), http=PeerAwareProtocol, log_level="critical",
                                        ssl_certfile=str(self.pki.server), ssl_keyfile=str(self.pki.server_key),
                                        ssl_ca_certs=str(self.pki.ca), ssl_cert_reqs=ssl.CERT_REQUIRED,
                                        access_log=False)
                uvicorn.Server(config).run(sockets=[self.sock])
            finally:
                os._exit(0)
        self.pid = pid
        self.wait_ready()

    def wait_ready(self) -> None:
        with HttpEligibilityClient(f"https://127.0.0.1:{self.port}", self.credentials, attempts=1) as client:
            for _ in range(200):
                if client.reachable() is None:
                    return
                time.sleep(0.02)
        raise RuntimeError("backend did not come up")

    def kill(self) -> None:
        if self.pid:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = 0

    def records(self) -> list[dict[str, object]]:
        with HttpEligibilityClient(f"https://127.0.0.1:{self.port}", self.credentials) as client:
            return client.today_records(FACILITY)


def _request(rng: random.Random) -> CheckRequest:
    persona = rng.choice(PERSONAS)
    return CheckRequest(certificate_der(persona), PinIdentity(card_signer(persona)), ConsentChoices.all_given(),
                        FACILITY)


def _timed_submit(submitter: ReceptionSubmitter, request: CheckRequest, waits: list[float]) -> None:
    started = time.monotonic()
    try:
        submitter.submit(request)
    except EligibilityError:
        pass  # a refusal the patient is told about (none expected here)
    waits.append(time.monotonic() - started)


def kill_kiosks(backend: Backend, outbox_path: Path, kills: int, rng: random.Random) -> int:
    """A forked kiosk submits receptions until kill -9, `kills` times; then one replay flushes the outbox."""
    url = f"https://127.0.0.1:{backend.port}"
    for _ in range(kills):
        pid = os.fork()
        if pid == 0:
            try:
                child_rng = random.Random(os.getpid())
                with HttpEligibilityClient(url, backend.credentials) as client, Outbox(outbox_path) as outbox:
                    submitter = ReceptionSubmitter(client, outbox)
                    submitter.replay_pending()
                    while True:
                        submitter.submit(_request(child_rng))
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0.02, 0.25))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    return kills


def kill_backends(backend: Backend, outbox_path: Path, kills: int, rng: random.Random, waits: list[float]) -> int:
    """Receptions keep coming from a kiosk thread while the backend is killed and restarted `kills` times."""
    stop = threading.Event()
    url = f"https://127.0.0.1:{backend.port}"

    def patients() -> None:
        with HttpEligibilityClient(url, backend.credentials) as client, Outbox(outbox_path) as outbox:
            submitter = ReceptionSubmitter(client, outbox)
            local = random.Random(7)
            while not stop.is_set():
                _timed_submit(submitter, _request(local), waits)
                submitter.replay_pending()

    worker = threading.Thread(target=patients)
    worker.start()
    try:
        for _ in range(kills):
            time.sleep(rng.uniform(0.05, 0.3))
            backend.kill()
            time.sleep(rng.uniform(0.0, 0.2))
            backend.start()
    finally:
        stop.set()
        worker.join()
    return kills


# --- the misbehaving server --------------------------------------------------------------------------------------

def _reply(status: str, body: bytes, content_type: bytes = b"text/html") -> bytes:
    return (f"HTTP/1.1 {status}\r\ncontent-length: {len(body)}\r\n".encode() + b"content-type: " + content_type
            + b"\r\nconnection: close\r\n\r\n" + body)


def _json(status: str, body: dict[str, object]) -> bytes:
    return _reply(status, json.dumps(body).encode(), b"application/json")


Behaviour = Callable[[socket.socket, threading.Event], None]


def _send(raw: bytes) -> Behaviour:
    return lambda conn, stop: conn.sendall(raw)


def _hang(conn: socket.socket, stop: threading.Event) -> None:
    stop.wait(60)


def _dribble(conn: socket.socket, stop: threading.Event) -> None:
    for byte in _json("200 OK", {"challenge": "x" * 100}):
        if stop.wait(2.0):
            return
        conn.sendall(bytes((byte,)))


def _headers_then_hang(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 50\r\n\r\n{\"a\":")
    stop.wait(60)


def _reset(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-length: 500\r\n\r\n{")
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")


BEHAVIOURS: dict[str, Behaviour] = {
    "close at once": lambda conn, stop: None,
    "never answers": _hang,
    "one byte every 2 s": _dribble,
    "headers, then nothing": _headers_then_hang,
    "content-length beyond the body": _send(b"HTTP/1.1 200 OK\r\ncontent-length: 9999\r\n\r\n{}"),
    "reset mid-answer": _reset,
    "500 JSON": _send(_json("500 Internal Server Error", {"code": "INTERNAL", "retryable": True})),
    "502 proxy page": _send(_reply("502 Bad Gateway", b"<html>bad gateway</html>")),
    "503 Retry-After": _send(_reply("503 Service Unavailable", b"busy")),
    "504 gateway timeout": _send(_reply("504 Gateway Timeout", b"<html>timeout</html>")),
    "429 rate limited": _send(_json("429 Too Many Requests", {"code": "RATE_LIMITED", "retryable": True})),
    "400 HTML": _send(_reply("400 Bad Request", b"<html>bad request</html>")),
    "401 HTML": _send(_reply("401 Unauthorized", b"<html>login</html>")),
    "403 proxy page": _send(_reply("403 Forbidden", b"<html>forbidden</html>")),
    "404 load balancer": _send(_reply("404 Not Found", b"<html>no backend</html>")),
    "405": _send(_reply("405 Method Not Allowed", b"")),
    "409 unsigned CHALLENGE_USED": _send(_json("409 Conflict", {"code": "CHALLENGE_USED", "retryable": False})),
    "403 unsigned CERT_REVOKED": _send(_json("403 Forbidden", {"code": "CERT_REVOKED", "retryable": False})),
    "422 unsigned INVALID_REQUEST": _send(_json("422 Unprocessable", {"code": "INVALID_REQUEST"})),
    "413 HTML": _send(_reply("413 Payload Too Large", b"<html>too large</html>")),
    "200 not JSON": _send(_reply("200 OK", b"<html>welcome</html>")),
    "200 wrong shape": _send(_json("200 OK", {"hello": "world"})),
    "200 result, unsigned": _send(_json("200 OK", {"check_id": 1, "Name": "someone", "QualificationValidity": 1})),
}


class Misbehaving:
    """A plain-HTTP loopback server doing one behaviour; with `real_challenges`, /v1/challenges answers with the
    real backend's challenges so that only the check itself misbehaves."""

    def __init__(self, behaviour: Behaviour, real_challenge: Callable[[], str] | None) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self._behaviour = behaviour
        self._real_challenge = real_challenge
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.settimeout(10)
                head = conn.recv(65536)
                if self._real_challenge is not None and b"/v1/challenges" in head.split(b"\r\n", 1)[0]:
                    conn.sendall(_json("200 OK", {"challenge": self._real_challenge()}))
                    return
                self._behaviour(conn, self.stop)
            except OSError:
                return

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


def misbehave(backend: Backend, outbox_path: Path, deadline: float, waits: list[float]) -> int:
    real = HttpEligibilityClient(f"https://127.0.0.1:{backend.port}", backend.credentials)
    runs = 0
    rng = random.Random(23)
    with real, Outbox(outbox_path) as outbox:
        slowest: list[tuple[float, str]] = []
        for name, behaviour in BEHAVIOURS.items():
            for only_checks in (False, True):
                server = Misbehaving(behaviour, real.issue_challenge if only_checks else None)
                try:
                    with HttpEligibilityClient(f"http://127.0.0.1:{server.port}", backend.credentials,
                                               deadline_seconds=deadline) as bad:
                        _timed_submit(ReceptionSubmitter(bad, outbox), _request(rng), waits)
                        slowest.append((waits[-1], f"{name} ({'checks only' if only_checks else 'everything'})"))
                finally:
                    server.close()
                runs += 1
                ReceptionSubmitter(real, outbox).replay_pending()
        refused = HttpEligibilityClient("http://127.0.0.1:9", backend.credentials, deadline_seconds=deadline)
        with refused:  # connection refused: nothing listens on the discard port here
            _timed_submit(ReceptionSubmitter(refused, outbox), _request(rng), waits)
        runs += 1
    print(f"misbehaving servers: {len(BEHAVIOURS) + 1} behaviours, {runs} receptions; slowest: "
          + ", ".join(f"{name} {wait:.1f} s" for wait, name in sorted(slowest, reverse=True)[:3]), flush=True)
    return runs


def account(backend: Backend, outbox_path: Path) -> tuple[int, int, int, int]:
    """(kept receptions, lost, duplicated, corrupted) after a final replay against a healthy backend."""
    with HttpEligibilityClient(f"https://127.0.0.1:{backend.port}", backend.credentials) as client, \
            Outbox(outbox_path) as outbox:
        for _ in range(5):
            if ReceptionSubmitter(client, outbox).replay_pending().still_pending == 0:
                break
        rows = outbox._db.execute("SELECT idempotency_key, state, check_id FROM outbox").fetchall()  # noqa: SLF001
    records = backend.records()
    by_key: dict[str, int] = {}
    for record in records:
        by_key[str(record["check_id"])] = by_key.get(str(record["check_id"]), 0) + 1
    ids = {int(str(r["check_id"])): r for r in records}
    lost = sum(1 for _, state, check_id in rows if state != OutboxState.DONE.value or check_id not in ids)
    duplicated = sum(count - 1 for count in by_key.values()) + max(0, len(records) - len(rows))
    corrupted = sum(1 for _, state, check_id in rows
                    if state == OutboxState.DONE.value and check_id in ids and ids[check_id]["outcome"] != "OK")
    return len(rows), lost, duplicated, corrupted


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kiosk-kills", type=int, default=100)
    parser.add_argument("--backend-kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--deadline", type=float, default=6.0, help="the kiosk's deadline per call (seconds)")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    waits: list[float] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="mynakiosk-chaos-") as work:
        backend = Backend(Path(work))
        outbox_path = Path(work) / "outbox.sqlite3"
        backend.start()
        try:
            print(f"kiosk kill -9: {kill_kiosks(backend, outbox_path, args.kiosk_kills, rng)}", flush=True)
            print(f"backend kill -9: {kill_backends(backend, outbox_path, args.backend_kills, rng, waits)}",
                  flush=True)
            misbehave(backend, outbox_path, args.deadline, waits)
            kept, lost, duplicated, corrupted = account(backend, outbox_path)
        finally:
            backend.kill()
    longest = max(waits, default=0.0)
    print(f"receptions kept: {kept}; lost {lost}, duplicated {duplicated}, corrupted {corrupted}")
    print(f"patient's longest wait: {longest:.1f} s over {len(waits)} timed receptions (target <= 20 s); "
          f"run took {time.monotonic() - started:.0f} s")
    return 0 if (lost, duplicated, corrupted) == (0, 0, 0) and longest <= 20 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
