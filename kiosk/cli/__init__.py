"""The `kiosk` command: a thin dispatcher that imports only the subcommand asked for."""

from __future__ import annotations

import importlib
import sys

COMMANDS = {
    "run": ("kiosk.cli.run", "run the fullscreen reception kiosk"),
    "reception": ("kiosk.cli.reception", "one whole reception without a screen (testers, scripts)"),
    "card": ("kiosk.cli.card", "read the card on a reader: `kiosk card info`"),
    "face": ("kiosk.cli.face", "face verification: `kiosk face verify`"),
    "desk": ("kiosk.cli.desk", "the reception desk page for staff (HTTPS, live): `kiosk desk --kiosk NAME=DIR`"),
    "outbox": ("kiosk.cli.outbox", "receptions kept for staff: `kiosk outbox list`, `kiosk outbox discard KEY`"),
    "doctor": ("kiosk.cli.doctor", "one page for the service technician: versions, devices, settings, outbox"),
}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help") or args[0] not in COMMANDS:
        print(f"usage: kiosk {{{','.join(COMMANDS)}}} ...", file=sys.stderr)
        for name, (_, help_text) in COMMANDS.items():
            print(f"  {name:<10} {help_text}", file=sys.stderr)
        return 0 if args and args[0] in ("-h", "--help") else 2
    module = importlib.import_module(COMMANDS[args[0]][0])
    return int(module.main(args[1:]))
