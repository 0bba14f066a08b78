"""Card-read figures through the real pcscd + vpcd (prints figures; not a timed test).

(a) In one running process: from the card-present event (SCardGetStatusChange returning) to a user-auth
    certificate in hand that has been checked against its CA, with the APDU count. Target: <= 10 ms.
(b) How long pcscd takes to report an inserted card: from the simulator's `insert` (it connects to vpcd)
    to the card-present event. Set by pcscd's polling of the vpcd driver, not by us.

Usage: .venv/bin/python benchmarks/card_read.py [--runs 20] [--persona normal] [--slot 0]
Starts pcscd (unless one is running) and `python -m hardware_sim card` itself.
"""

from __future__ import annotations

import argparse
import fcntl
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hardware_sim.personas.pki import auth_ca_certificate  # noqa: E402
from kiosk.reader import ApduChannel, ChainStatus, read_card  # noqa: E402
from kiosk.reader.apdu import Aid  # noqa: E402
from kiosk.reader.pcsc import PcscReaders  # noqa: E402

VPCD_PORTS = (35963, 35964)
# The test fixtures serialise users of vpcd slot 0 with this lock (tests/fixtures/pcsc.py); so do we.
VPCD_LOCK_FILE = Path("/tmp/mynakiosk-vpcd.lock")  # noqa: S108 - shared with the fixtures, by name


def _pcscd_running() -> bool:
    pid_file = Path("/run/pcscd/pcscd.pid")
    if not pid_file.exists():
        return False
    pid = pid_file.read_bytes().rstrip(b"\0\n").decode() or "0"
    return Path(f"/proc/{pid}").exists()


def _start_pcscd() -> subprocess.Popen[bytes] | None:
    if _pcscd_running():
        return None
    pcscd = shutil.which("pcscd") or "/usr/sbin/pcscd"
    process = subprocess.Popen([pcscd, "--foreground", "--error"])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with PcscReaders() as readers:
                if readers.list_readers():
                    return process
        except Exception:  # noqa: BLE001, S110 - the daemon is still starting
            pass
        time.sleep(0.05)
    process.terminate()
    raise SystemExit("pcscd did not come up")


class CardProcess:
    """`python -m hardware_sim card` on one vpcd slot, driven through its stdin."""

    def __init__(self, persona: str, port: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "hardware_sim", "card", "--persona", persona, "--vpcd", f"127.0.0.1:{port}",
             "--removed"],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )

    def command(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line.encode() + b"\n")
        self.process.stdin.flush()

    def stop(self) -> None:
        try:
            self.command("quit")
            self.process.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--persona", default="normal")
    parser.add_argument("--slot", type=int, choices=(0, 1), default=0, help="vpcd slot (reader 'Virtual PCD 00 0N')")
    args = parser.parse_args()
    reader = f"Virtual PCD 00 {args.slot:02d}"
    with VPCD_LOCK_FILE.open("a+") as lock:
        if args.slot == 0:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
        return _run(args, reader)


def _run(args: argparse.Namespace, reader: str) -> int:
    pcscd = _start_pcscd()
    card = CardProcess(args.persona, VPCD_PORTS[args.slot])
    trusted_ca = auth_ca_certificate()
    read_ms: list[float] = []
    detect_ms: list[float] = []
    apdu_counts: set[int] = set()
    never = threading.Event()
    try:
        with PcscReaders() as readers:
            readers.wait_for_card(reader, present=False, timeout=10, abort=never)
            for _ in range(args.runs):
                inserted_at = time.perf_counter()
                card.command("insert")
                presence = readers.wait_for_card(reader, present=True, timeout=10, abort=never)
                present_at = time.perf_counter()
                if presence is None:
                    raise SystemExit("pcscd never reported the card")
                connection = readers.connect(reader)
                reading = read_card(connection, trusted_ca)
                done_at = time.perf_counter()
                if reading.chain.status is not ChainStatus.VERIFIED:
                    raise SystemExit(f"CA check failed: {reading.chain}")
                connection.close(reset=True)
                read_ms.append((done_at - present_at) * 1000)
                detect_ms.append((present_at - inserted_at) * 1000)
                apdu_counts.add(reading.apdu_count)
                card.command("remove")
                readers.wait_for_card(reader, present=False, timeout=10, abort=never)
            card.command("insert")
            readers.wait_for_card(reader, present=True, timeout=10, abort=never)
            connection = readers.connect(reader)
            channel = ApduChannel(connection)
            per_apdu: list[float] = []
            for _ in range(200):
                started = time.perf_counter()
                channel.select_application(Aid.JPKI.value)
                per_apdu.append((time.perf_counter() - started) * 1000)
            connection.close()
    finally:
        card.stop()
        if pcscd is not None:
            pcscd.terminate()
            pcscd.wait(5)

    def summary(values: list[float]) -> str:
        return f"median {statistics.median(values):7.2f} ms  (min {min(values):.2f}, max {max(values):.2f})"

    print(f"card read through pcscd + vpcd, reader {reader!r}, persona {args.persona!r}, {args.runs} runs")
    print(f"(a) card-present event -> CA-checked certificate: {summary(read_ms)}; "
          f"APDUs per read: {', '.join(map(str, sorted(apdu_counts)))}; target <= 10 ms")
    print(f"    one APDU round trip (SELECT, 200 runs): {summary(per_apdu)}")
    print(f"(b) card inserted -> pcscd reports it:       {summary(detect_ms)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
