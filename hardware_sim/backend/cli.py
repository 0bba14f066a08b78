"""`python -m hardware_sim backend`: run the simulated eligibility backend over mutual TLS."""

from __future__ import annotations

import argparse
import logging
import os
import socket
import ssl
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

from .app import SETTINGS_ENV
from .connection import PeerAwareProtocol
from .paths import declare_startup_disasters
from .service import EligibilityService
from .settings import BackendSettings
from .tls_pki import ensure_pki


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m hardware_sim backend", description=__doc__)
    parser.add_argument("--db", type=Path, default=Path("eligibility.sqlite3"), help="SQLite file (created)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=_port, default=8443, help="0 picks a free port (printed)")
    parser.add_argument("--pki", type=Path, default=None,
                        help="keep ca.pem, server.pem, server-key.pem, kiosk.pem, kiosk-key.pem here")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--today", type=date.fromisoformat, default=None, help="pretend today is this date")
    parser.add_argument("--challenge-ttl", type=float, default=60.0, help="seconds")
    parser.add_argument("--disaster-declared", action="append", default=[], metavar="FACILITY",
                        help="declare a disaster for this facility code (repeatable; '*' = every facility); "
                             "without it, disaster lookups are refused (DISASTER_NOT_DECLARED)")
    parser.add_argument("--request-timeout", type=float, default=10.0,
                        help="seconds a request's headers and body may take to arrive (then the connection closes)")
    parser.add_argument("--rate-limit", type=_rate_limit, default=None, metavar="BURST/PER_SECOND",
                        help="requests per kiosk identity, shared by every worker (default 60/20; 0/0: no limit)")
    parser.add_argument("--log-level", default="warning", choices=LOG_LEVELS)
    return parser


LOG_LEVELS = ("critical", "error", "warning", "info", "debug")


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 0-65535, not {port}")
    return port


def _rate_limit(text: str) -> tuple[int, float]:
    burst, _, rate = text.partition("/")
    try:
        parsed = int(burst), float(rate)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not BURST/PER_SECOND: {text!r}") from None
    if parsed[0] < 0 or not 0 <= parsed[1] < float("inf"):
        raise argparse.ArgumentTypeError(f"a burst and a rate are not negative: {text!r}")
    return parsed


def _usable_database(path: Path) -> str | None:
    """Why the database file cannot be used (None: it can)."""
    folder = path.parent
    if path.exists() and not path.is_file():
        return f"{path} is not a file"
    if not folder.is_dir():
        return f"the folder {folder} does not exist"
    if not os.access(folder, os.W_OK | os.X_OK) or (path.exists() and not os.access(path, os.R_OK | os.W_OK)):
        return f"{path} cannot be written"
    return None


def main(argv: list[str]) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    import sqlite3

    import uvicorn

    problem = _usable_database(args.db.resolve())
    if problem is not None:
        parser.error(f"--db: {problem}")

    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(levelname)s %(message)s")
    pki_dir = args.pki or Path(tempfile.mkdtemp(prefix="myna-backend-pki-"))
    pki = ensure_pki(pki_dir)
    settings = BackendSettings(db_path=args.db.resolve(), pki_dir=pki_dir.resolve(), today=args.today,
                               challenge_ttl_seconds=args.challenge_ttl,
                               request_read_timeout_seconds=max(0.1, args.request_timeout),
                               disaster_facilities=tuple(args.disaster_declared))
    if args.rate_limit is not None:
        settings = replace(settings, rate_limit_burst=args.rate_limit[0], rate_limit_per_second=args.rate_limit[1])
    try:
        seeding = EligibilityService.build(settings)  # schema and seed once, before any worker starts
    except (sqlite3.Error, OSError) as error:
        parser.error(f"--db: cannot open {settings.db_path}: {error}")
    declare_startup_disasters(seeding, time.time)
    seeding.close()
    os.environ[SETTINGS_ENV] = settings.to_json()
    sock = socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((args.host, args.port))
    except OSError as error:
        sock.close()
        parser.error(f"cannot listen on {args.host}:{args.port}: {error.strerror or error}")
    sock.listen(1024)
    port = sock.getsockname()[1]
    print(f"backend listening on https://{args.host}:{port} (pki {pki_dir}, db {settings.db_path})", flush=True)
    print(f"  curl --cacert {pki.ca} --cert {pki.kiosk} --key {pki.kiosk_key} "
          f"-X POST https://{args.host}:{port}/v1/challenges", flush=True)
    print(f"  operator endpoints (/v1/admin/...): -H \"authorization: Bearer $(cat {pki.operator_token})\"",
          flush=True)
    # The bound TCP socket itself goes to uvicorn (not `fd=`: uvicorn would wrap a descriptor as AF_UNIX, and the
    # event loop then leaves Nagle on; every response (headers and body are separate TLS records) would wait
    # ~40 ms for the client's delayed ACK).
    # The peer-aware protocol hands the kiosk's TLS client certificate to the app and bounds how long a request may
    # take to arrive; the TLS handshake itself is bounded by asyncio (60 s).
    PeerAwareProtocol.request_read_timeout = settings.request_read_timeout_seconds
    config = uvicorn.Config(
        "hardware_sim.backend.app:app_from_environment", factory=True, workers=args.workers, http=PeerAwareProtocol,
        ssl_certfile=str(pki.server), ssl_keyfile=str(pki.server_key), ssl_ca_certs=str(pki.ca),
        ssl_cert_reqs=ssl.CERT_REQUIRED, log_level=args.log_level, access_log=False, timeout_keep_alive=30,
        backlog=1024,
    )
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # also inherited by accepted sockets on Linux
    if args.workers > 1:
        from uvicorn.supervisors import Multiprocess

        Multiprocess(config, sockets=[sock]).run()
    else:
        config.load_app()
        uvicorn.Server(config).run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
