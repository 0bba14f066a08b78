"""Load test of the eligibility backend: N concurrent simulated kiosks for a fixed time.

Each kiosk keeps one mutual-TLS keep-alive connection and loops: fetch a fresh challenge, let the (simulated) card
sign the card statement over it (a real RSA-2048 signature each time), let the kiosk sign its attestation (ECDSA),
submit the check. The statements are built by the kiosk's own `HttpEligibilityClient.prepare`; only the HTTP/1.1
exchange is a lean hand-written one, so that the generator's CPU (which shares the machine with the server) is
spent on what a kiosk really does. The kiosks are spread over `--procs` processes.

Prints checks per second, p50/p99 of the check request and of the whole round (challenge + signing + check), the
method mix, and the CPU time per check of the server (all its workers, from /proc) and of the generator: CPU time
is much less disturbed by other work on the machine than the wall-clock figures.

    python benchmarks/backend_load.py                     # its own backend on 127.0.0.1 (2 workers)
    python benchmarks/backend_load.py --workers 3 --procs 2 --kiosks 20 --duration 15
    python benchmarks/backend_load.py --url https://127.0.0.1:8443 --pki DIR
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import re
import ssl
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hardware_sim.personas import all_personas  # noqa: E402
from kiosk.eligibility import (  # noqa: E402
    CheckRequest,
    ConsentChoices,
    FaceIdentity,
    HttpEligibilityClient,
    Identity,
    KioskCredentials,
    PinIdentity,
    StaffIdentity,
    kiosk_ssl_context,
)
from tests.fixtures.backend import FACILITY, card_signer, certificate_der  # noqa: E402

PERSONAS = ["normal", "pin_one_try", "cert_grace", "cert_expiring", "child", "elderly", "qualification_lost"]
CLOCK_TICK = os.sysconf("SC_CLK_TCK")


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


class Connection11:
    """One keep-alive HTTP/1.1 connection over mutual TLS (the server answers with Content-Length)."""

    def __init__(self, host: str, port: int, context: ssl.SSLContext) -> None:
        self._address = (host, port)
        self._context = context
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes = b"") -> tuple[int, bytes]:
        if self._reader is None or self._writer is None:
            self._reader, self._writer = await asyncio.open_connection(*self._address, ssl=self._context)
        head = (f"POST {path} HTTP/1.1\r\nhost: {self._address[0]}\r\ncontent-type: application/json\r\n"
                f"content-length: {len(body)}\r\n\r\n").encode()
        self._writer.write(head + body)
        try:
            header = await self._reader.readuntil(b"\r\n\r\n")
            status = int(header[9:12])
            length = re.search(rb"(?i)\r\ncontent-length: *(\d+)", header)
            payload = await self._reader.readexactly(int(length.group(1))) if length else b""
        except (asyncio.IncompleteReadError, ConnectionError):
            await self.close()
            raise
        if re.search(rb"(?i)\r\nconnection: *close", header):
            await self.close()
        return status, payload

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None


@dataclass
class Tally:
    checks: list[float] = field(default_factory=list)
    rounds: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    methods: dict[str, int] = field(default_factory=dict)


def _identity(n: int, face_share: float, staff_share: float, signer: PinIdentity) -> Identity:
    slot = (n % 100) / 100
    if slot < face_share:
        return FaceIdentity(0.3, True, True)
    if slot < face_share + staff_share:
        return StaffIdentity("staff-01")
    return signer


async def _kiosk(index: int, connection: Connection11, preparer: HttpEligibilityClient, start: float, until: float,
                 args: argparse.Namespace, tally: Tally) -> None:
    signers = {key: PinIdentity(card_signer(key)) for key in PERSONAS}
    certs = {key: certificate_der(key) for key in PERSONAS}
    n = index * 7  # kiosks do not all start on the same persona and method
    while (started := time.time()) < until:
        persona = PERSONAS[n % len(PERSONAS)]
        identity = _identity(n, args.face_share, args.staff_share, signers[persona])
        n += 1
        try:
            status, raw = await connection.post("/v1/challenges")
            if status != 200:
                raise RuntimeError(f"challenge {status}")
            challenge = json.loads(raw)["challenge"]
            submission = preparer.prepare(
                CheckRequest(certs[persona], identity, ConsentChoices.all_given(), FACILITY), challenge)
            body = json.dumps({**submission.payload, "deferred": False}).encode()
            sent = time.time()
            status, raw = await connection.post("/v1/checks", body)
        except (OSError, RuntimeError, ValueError, asyncio.IncompleteReadError) as error:
            if started >= start:
                tally.errors.append(f"{type(error).__name__} {error}"[:120])
            continue
        done = time.time()
        if started < start or done > until:  # warm-up, or straddling the end of the window
            continue
        if status != 200:
            tally.errors.append(f"{status} {raw[:120]!r}")
            continue
        tally.checks.append(done - sent)
        tally.rounds.append(done - started)
        method = type(identity).__name__
        tally.methods[method] = tally.methods.get(method, 0) + 1


async def _window_cpu(start: float, until: float) -> float:
    """This process's CPU seconds between `start` and `until` (wall clock)."""
    await asyncio.sleep(max(0.0, start - time.time()))
    begin = time.process_time()
    await asyncio.sleep(max(0.0, until - time.time()))
    return time.process_time() - begin


async def _generator(kiosks: list[int], url: str, pki: Path, start: float, until: float,
                     args: argparse.Namespace) -> tuple[Tally, float]:
    creds = KioskCredentials(pki / "kiosk.pem", pki / "kiosk-key.pem", pki / "ca.pem")
    context = kiosk_ssl_context(creds)
    preparer = HttpEligibilityClient(url, creds)  # prepare() only: statements and the kiosk's attestation
    parts = urlsplit(url)
    connections = [Connection11(parts.hostname or "127.0.0.1", parts.port or 443, context) for _ in kiosks]
    tally = Tally()
    cpu = asyncio.ensure_future(_window_cpu(start, until))
    try:
        await asyncio.gather(*(_kiosk(i, c, preparer, start, until, args, tally)
                               for i, c in zip(kiosks, connections, strict=True)))
    finally:
        await asyncio.gather(*(c.close() for c in connections))
        preparer.close()
    return tally, await cpu


def _generator_process(kiosks: list[int], url: str, pki: Path, start: float, until: float,
                       args: argparse.Namespace, out: Connection) -> None:
    all_personas()  # warm caches before the clock starts
    try:
        import uvloop

        runner = uvloop.run
    except ImportError:  # pragma: no cover
        runner = asyncio.run
    out.send(runner(_generator(kiosks, url, pki, start, until, args)))
    out.close()


def _tree_cpu_seconds(pid: int) -> float:
    """utime + stime of a process and all its descendants (uvicorn workers are children)."""
    total = 0.0
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / CLOCK_TICK
        todo.extend(children.get(current, []))
    return total


def _machine_busy_seconds() -> float:
    """CPU seconds all CPUs spent busy (not idle, not iowait) since boot, from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(fields[:8]) - fields[3] - fields[4]) / CLOCK_TICK


def _start_backend(workers: int, base: Path) -> tuple[subprocess.Popen[str], str, Path]:
    process = subprocess.Popen(
        [sys.executable, "-m", "hardware_sim", "backend", "--db", str(base / "load.sqlite3"), "--pki",
         str(base / "pki"), "--port", "0", "--workers", str(workers), "--rate-limit", "0/0"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)  # capacity, not the per-kiosk limit: every kiosk here is one
    assert process.stdout is not None
    found = re.search(r"(https://127\.0\.0\.1:\d+)", process.stdout.readline())
    if not found:
        process.kill()
        raise SystemExit("backend did not start")
    return process, found.group(1), base / "pki"


def _wait_until_up(url: str, pki: Path) -> None:
    with HttpEligibilityClient(url, KioskCredentials(pki / "kiosk.pem", pki / "kiosk-key.pem", pki / "ca.pem"),
                               attempts=1) as client:
        for _ in range(100):
            try:
                client.issue_challenge()
                return
            except Exception:  # noqa: BLE001 - not up yet
                time.sleep(0.1)
    raise SystemExit("backend not answering")


def _run(args: argparse.Namespace, url: str, pki: Path, server_pid: int | None) -> int:
    _wait_until_up(url, pki)
    procs = max(1, min(args.procs, args.kiosks))
    start = time.time() + 1.0 + args.warmup  # processes start and connect during the first second
    until = start + args.duration
    context = multiprocessing.get_context("fork")
    pipes: list[Connection] = []
    workers = []
    for p in range(procs):
        receive, send = context.Pipe(duplex=False)
        worker = context.Process(target=_generator_process,
                                 args=(list(range(p, args.kiosks, procs)), url, pki, start, until, args, send))
        worker.start()
        send.close()
        pipes.append(receive)
        workers.append(worker)
    time.sleep(max(0.0, start - time.time()))
    server_cpu = _tree_cpu_seconds(server_pid) if server_pid else None
    machine = _machine_busy_seconds()
    time.sleep(max(0.0, until - time.time()))
    machine = _machine_busy_seconds() - machine
    if server_pid and server_cpu is not None:
        server_cpu = _tree_cpu_seconds(server_pid) - server_cpu
    total = Tally()
    generator_cpu = 0.0
    for receive in pipes:
        tally, cpu = receive.recv()
        total.checks += tally.checks
        total.rounds += tally.rounds
        total.errors += tally.errors
        for method, count in tally.methods.items():
            total.methods[method] = total.methods.get(method, 0) + count
        generator_cpu += cpu
    for worker in workers:
        worker.join()
    _report(args, procs, total, server_cpu, generator_cpu, machine)
    return 0


def _report(args: argparse.Namespace, procs: int, total: Tally, server_cpu: float | None, generator_cpu: float,
            machine_busy: float) -> None:
    count = len(total.checks)
    rate = count / args.duration
    p50, p99 = _percentile(total.checks, 0.50) * 1000, _percentile(total.checks, 0.99) * 1000
    mix = ", ".join(f"{m.removesuffix('Identity').lower()} {n}" for m, n in sorted(total.methods.items()))
    print(f"measured: {args.kiosks} kiosks in {procs} generator process(es), backend workers="
          f"{args.workers if not args.url else '?'}, {args.duration:.0f} s after {args.warmup:.0f} s warm-up; "
          f"each round = POST /v1/challenges + card RSA-2048 signature (pin) + kiosk ECDSA attestation + "
          f"POST /v1/checks on a keep-alive mTLS connection; method mix: {mix or '-'}")
    others = max(0.0, machine_busy - generator_cpu - (server_cpu or 0.0))
    print(f"checks={count} errors={len(total.errors)}; machine: {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.2f}, other processes used {others / args.duration:.2f} CPUs during the window")
    print(f"checks/s={rate:.1f}  check latency p50={p50:.1f}ms p99={p99:.1f}ms  "
          f"round (challenge+sign+check) p50={_percentile(total.rounds, 0.5) * 1000:.1f}ms "
          f"p99={_percentile(total.rounds, 0.99) * 1000:.1f}ms")
    if count:
        server = f"{server_cpu / count * 1000:.2f} ms" if server_cpu is not None else "n/a (external server)"
        print(f"cpu per check (challenge included): server {server}, generator {generator_cpu / count * 1000:.2f} ms")
    if total.errors:
        print("first errors:", sorted(set(total.errors))[:3])
    ok = rate >= 200 and p99 <= 150 and not total.errors
    print("target (>= 200 checks/s, p99 <= 150 ms): " + ("met" if ok else "NOT met"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kiosks", type=int, default=20)
    parser.add_argument("--procs", type=int, default=2, help="load-generator processes (kiosks are spread)")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds measured")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds before measuring")
    parser.add_argument("--workers", type=int, default=2, help="workers of the backend this script starts")
    parser.add_argument("--face-share", type=float, default=0.0, help="fraction of checks by face instead of PIN")
    parser.add_argument("--staff-share", type=float, default=0.0, help="fraction of checks by staff instead of PIN")
    parser.add_argument("--url", help="an already running backend")
    parser.add_argument("--pki", type=Path, help="its PKI directory (ca.pem, kiosk.pem, kiosk-key.pem)")
    parser.add_argument("--server-pid", type=int, help="pid of that backend, for its CPU time per check")
    args = parser.parse_args()
    if args.url:
        if not args.pki:
            parser.error("--url needs --pki")
        return _run(args, args.url, args.pki, args.server_pid)
    with tempfile.TemporaryDirectory(prefix="myna-load-") as base:
        process, url, pki = _start_backend(args.workers, Path(base))
        try:
            return _run(args, url, pki, process.pid)
        finally:
            process.terminate()
            process.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
