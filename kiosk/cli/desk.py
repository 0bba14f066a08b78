"""`kiosk desk`: the reception desk page over HTTPS for the kiosks whose data folders it is given.

Each kiosk's data folder holds `results.sqlite3` (receptions, staff calls, health); the desk reads it and writes
only staff-call acknowledgements. Sign-in uses the kiosk's staff credential (`--credential`, default the kiosk's
own; `--simulate`: the simulated kiosk's). Prints `desk: https://HOST:PORT/` once it listens.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_USAGE, EXIT_CONFIG = 0, 2, 3


def _kiosk(text: str) -> tuple[str, Path]:
    name, _, folder = text.partition("=")
    if not name or not folder:
        raise argparse.ArgumentTypeError(f"{text!r} is not NAME=DATA_FOLDER")
    return name, Path(folder)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk desk", description=__doc__.splitlines()[0])
    parser.add_argument("--listen", default="127.0.0.1:8444", help="HOST:PORT to listen on (default 127.0.0.1:8444)")
    parser.add_argument("--kiosk", type=_kiosk, action="append", required=True,
                        help="NAME=DATA_FOLDER of a kiosk (repeat for several kiosks)")
    parser.add_argument("--folder", type=Path, help="the desk's own folder: audit, certificate (default: config dir)")
    parser.add_argument("--cert", type=Path, help="TLS certificate (PEM); default: a self-signed one in --folder")
    parser.add_argument("--key", type=Path, help="TLS private key (PEM)")
    parser.add_argument("--credential", type=Path, help="the staff credential file to sign in with")
    parser.add_argument("--simulate", action="store_true", help="use the simulated kiosk's staff credential")
    parser.add_argument("--idle-minutes", type=float, default=15.0, help="session expiry without activity")
    return parser


def main(argv: list[str]) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit_:
        return EXIT_OK if exit_.code == 0 else EXIT_USAGE
    from kiosk.config import config_dir
    from kiosk.desk import Desk, DeskConfig, NamedAccountVerifier
    from kiosk.desk.server import Listen, bind, ensure_certificate, serve
    from kiosk.staff_credentials import StaffCredentialStore, staff_credential_path

    try:
        listen = Listen.parse(args.listen)
    except ValueError as error:
        print(f"kiosk desk: {error}", file=sys.stderr)
        return EXIT_USAGE
    folder = args.folder or config_dir() / "desk"
    credential = args.credential or staff_credential_path(config_dir(), args.simulate)
    store = StaffCredentialStore(credential)
    if not store.is_configured():
        print(f"kiosk desk: no staff credential in {credential}; set it with kiosk run --set-staff-password",
              file=sys.stderr)
        return EXIT_CONFIG
    if (args.cert is None) != (args.key is None):
        print("kiosk desk: --cert and --key go together", file=sys.stderr)
        return EXIT_USAGE
    cert, key = (args.cert, args.key) if args.cert else ensure_certificate(folder, listen.host)
    kiosks = dict(args.kiosk)
    for data in kiosks.values():
        data.mkdir(parents=True, exist_ok=True)
    desk = Desk(DeskConfig(kiosks, folder / "desk-audit.sqlite3", idle_seconds=args.idle_minutes * 60),
                NamedAccountVerifier(store))
    try:
        sock = bind(listen)
    except OSError as error:
        desk.close()
        print(f"kiosk desk: cannot listen on {args.listen}: {error}", file=sys.stderr)
        return EXIT_CONFIG
    host, port = sock.getsockname()[:2]
    print(f"desk: https://{host}:{port}/", flush=True)
    serve(desk, sock, cert, key)
    return EXIT_OK
