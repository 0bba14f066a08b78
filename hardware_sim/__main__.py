"""`python -m hardware_sim COMMAND ...`: run one of the simulators."""

from __future__ import annotations

import importlib
import sys

COMMANDS = {
    "personas": ("hardware_sim.personas.cli", "print the test patients as JSON"),
    "card": ("hardware_sim.card.cli", "present a persona's virtual My Number card to pcscd through vpcd"),
    "camera": ("hardware_sim.camera.cli", "render a webcam scenario to an MJPG .avi file"),
    "backend": ("hardware_sim.backend.cli", "run the simulated eligibility backend (HTTPS)"),
}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("-h", "--help") or args[0] not in COMMANDS:
        print(f"usage: python -m hardware_sim {{{','.join(COMMANDS)}}} ...", file=sys.stderr)
        for name, (_, help_text) in COMMANDS.items():
            print(f"  {name:<10} {help_text}", file=sys.stderr)
        return 0 if args and args[0] in ("-h", "--help") else 2
    module = importlib.import_module(COMMANDS[args[0]][0])
    return int(module.main(args[1:]))


if __name__ == "__main__":
    sys.exit(main())
