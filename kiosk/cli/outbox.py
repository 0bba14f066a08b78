"""`kiosk outbox`: the receptions the kiosk keeps for staff, and discarding one with an audit record.

    kiosk outbox list [--data DIR]
    kiosk outbox discard KEY --staff ID --reason TEXT [--data DIR]

Listed are the receptions that wait for staff: kept on an answer that decided nothing (`attention`, still replayed),
and those that can never be sent (`held`: kept before sequence numbers, signed without one; the card would have
to sign again). Staff confirm the patient's check another way (the desk, the paper path), then discard the entry:
its certificate and signatures are dropped, and who, when and why stay in the outbox's audit table. Shown per
entry: its key, when it was captured and the last answer — never the patient.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

EXIT_OK, EXIT_NOT_FOUND, EXIT_USAGE = 0, 1, 2
MEANING = {
    "NO_SEQUENCE": "kept before sequence numbers: can never be sent; confirm the visit another way, then discard",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk outbox", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="the kiosk's data folder (default: $KIOSK_CONFIG_DIR)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="receptions kept for staff")
    discard = commands.add_parser("discard", help="give up one reception kept for staff (audited)")
    discard.add_argument("key", help="its idempotency key, as listed")
    discard.add_argument("--staff", required=True, help="your staff id (recorded)")
    discard.add_argument("--reason", required=True, help="why (recorded), e.g. 'checked again at the desk'")
    return parser


def main(argv: list[str]) -> int:
    from kiosk.config import config_dir
    from kiosk.eligibility import Outbox
    from kiosk.reception.compose import OUTBOX_FILE

    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit_:
        return EXIT_OK if exit_.code == 0 else EXIT_USAGE
    path = (args.data or config_dir()) / OUTBOX_FILE
    if not path.is_file():
        print(f"no outbox at {path}", file=sys.stderr)
        return EXIT_NOT_FOUND
    try:
        with Outbox(path) as outbox:
            if args.command == "list":
                kept = outbox.needing_attention()
                for key, captured_at, code in kept:
                    print(f"{key}  captured {captured_at}  {code or '-'}: {MEANING.get(code or '', 'replayed; look')}")
                print(f"{len(kept)} reception(s) kept for staff")
                return EXIT_OK
            if not args.staff.strip() or not args.reason.strip():
                print("a staff id and a reason are needed", file=sys.stderr)
                return EXIT_USAGE
            if not outbox.discard(args.key, args.staff, args.reason):
                print(f"{args.key} is not kept for staff (unknown, or still on its way)", file=sys.stderr)
                return EXIT_NOT_FOUND
    except sqlite3.Error as error:
        print(f"cannot use {path}: {error}", file=sys.stderr)
        return EXIT_NOT_FOUND
    print(f"{args.key} discarded by {args.staff.strip()} (recorded)")
    return EXIT_OK
