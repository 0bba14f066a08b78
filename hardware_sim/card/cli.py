"""`python -m hardware_sim card --persona NAME`: present a virtual My Number card to pcscd through vpcd."""

from __future__ import annotations

import argparse
import logging
import os
import selectors
import signal
import socket
import sys
import time
from pathlib import Path

from hardware_sim.personas import Persona, UnknownPersonaError, get_persona
from kiosk.domain.card_interface import Aid

from .card import TRAFFIC, VirtualCard
from .faults import Faults
from .state import StateFileError
from .vpcd import DEFAULT_PORT, VpcdAddressError, VpcdLink, parse_address

logger = logging.getLogger(__name__)

RECONNECT_SECONDS = 0.2
# pcscd polls vpcd about every 0.4 s: a swapped card stays out long enough for hosts to see the removal.
SWAP_GAP_SECONDS = 1.0
HELP = (
    "commands: insert | remove | persona NAME | reset | status | quit | "
    "fault truncate KEEP [INS] | fault sw XXXX [INS] | fault remove [INS] | fault garble AP FID | "
    "fault file AP FID HEX | fault clear   (AP: jpki, card_face, text, juki; INS/FID hex)"
)


class CommandError(ValueError):
    """A stdin command could not be understood."""


class CardProcess:
    """The running simulator: one persona's card, inserted (connected to vpcd) or not."""

    def __init__(self, persona: Persona, address: tuple[str, int], state_file: Path | None) -> None:
        self.state_file = state_file
        self.card = VirtualCard.for_persona(persona, state_file)
        self.link = VpcdLink(address[0], address[1], lambda: self.card)
        self.want_inserted = True
        self.running = True
        self._waiting_reported = False
        self._next_attempt = 0.0

    def handle_command(self, line: str) -> str:
        """Run one stdin command and return the line to print."""
        words = line.split()
        if not words:
            return ""
        verb, args = words[0].lower(), words[1:]
        if verb == "insert":
            self.want_inserted, self._next_attempt = True, 0.0
            return "ok insert"
        if verb == "remove":
            self.want_inserted = False
            was = self.link.connected
            self.link.close()
            return "ok remove" + ("" if was else " (was not inserted)")
        if verb == "persona" and len(args) == 1:
            return self.swap(args[0])
        if verb == "reset":
            self.card.restore_factory_state()
            return f"ok reset {self.card.persona.key}"
        if verb == "status":
            return self.status_line()
        if verb == "fault":
            return "ok fault " + apply_fault(self.card.faults, args)
        if verb in ("quit", "exit"):
            self.running = False
            return "ok quit"
        if verb == "help":
            return HELP
        raise CommandError(f"unknown command {line!r}; {HELP}")

    def swap(self, key: str) -> str:
        """Take the card out, and put the named persona's card in if one was inserted."""
        persona = get_persona(key)
        self.link.close()
        self.card = VirtualCard.for_persona(persona, self.state_file)
        self._next_attempt = time.monotonic() + SWAP_GAP_SECONDS
        return f"ok persona {persona.key}"

    def status_line(self) -> str:
        """One line describing the card's state (no secrets)."""
        where = "inserted" if self.link.connected else ("waiting for vpcd" if self.want_inserted else "removed")
        tries = ""
        if self.card.persona.is_my_number_card:
            tries = f" pin_tries={self.card.pin_tries_left(Aid.JPKI, 0x0018)}"
        return f"status persona={self.card.persona.key} {where}{tries} apdus={self.link.exchanges}"

    def on_disconnected(self) -> str:
        """vpcd closed the connection (reconnect soon), or a removal fault fired (stay out until `insert`)."""
        self._next_attempt = time.monotonic() + RECONNECT_SECONDS
        if self.link.removed_by_fault:
            self.want_inserted = False
            return "removed (fault: card pulled out mid-command; send insert)"
        return "removed" + (" (connection closed; will reconnect)" if self.want_inserted else "")

    def maintain(self) -> list[str]:
        """Connect if the card should be in the reader; return event lines to print."""
        if not self.want_inserted or self.link.connected or time.monotonic() < self._next_attempt:
            return []
        if self.link.connect():
            self._waiting_reported = False
            return [f"inserted persona={self.card.persona.key}"]
        self._next_attempt = time.monotonic() + RECONNECT_SECONDS
        if not self._waiting_reported:
            self._waiting_reported = True
            return [f"waiting for vpcd on {self.link.host}:{self.link.port}"]
        return []


def apply_fault(faults: Faults, args: list[str]) -> str:
    """Parse and apply `fault ...` arguments; return what was armed."""
    if not args:
        raise CommandError("fault needs a kind; " + HELP)
    kind, rest = args[0].lower(), args[1:]
    try:
        if kind == "truncate" and rest:
            faults.truncate_next(int(rest[0]), _ins(rest[1:]))
        elif kind == "sw" and rest:
            faults.status_next(int(rest[0], 16), _ins(rest[1:]))
        elif kind == "remove":
            faults.remove_on_next(_ins(rest))
        elif kind == "garble" and len(rest) == 2:
            faults.garble_file(Aid[rest[0].upper()], int(rest[1], 16))
        elif kind == "file" and len(rest) == 3:
            faults.replace_file(Aid[rest[0].upper()], int(rest[1], 16), bytes.fromhex(rest[2]))
        elif kind == "clear":
            faults.clear()
        else:
            raise CommandError(f"bad fault {' '.join(args)!r}; {HELP}")
    except (KeyError, ValueError) as error:
        raise CommandError(f"bad fault {' '.join(args)!r}: {error}") from None
    return " ".join(args)


def _ins(rest: list[str]) -> int | None:
    return int(rest[0], 16) if rest else None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m hardware_sim card", description=__doc__, epilog=HELP)
    parser.add_argument("--persona", required=True, help="persona key (see `python -m hardware_sim personas`)")
    parser.add_argument("--vpcd", default=f"127.0.0.1:{DEFAULT_PORT}", help="vpcd address, loopback only")
    parser.add_argument("--state", type=Path, help="JSON file keeping retry counters across restarts")
    parser.add_argument("--reset", action="store_true", help="restore the persona's initial counters first")
    parser.add_argument("--removed", action="store_true", help="start with the card out of the reader")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="-v debug, -vv APDU traffic")
    return parser


def main(argv: list[str]) -> int:
    """Run the simulator until `quit`, SIGTERM or SIGINT."""
    args = _parser().parse_args(argv)
    level = {0: logging.INFO, 1: logging.DEBUG}.get(args.verbose, TRAFFIC)
    logging.basicConfig(level=level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        process = CardProcess(get_persona(args.persona), parse_address(args.vpcd), args.state)
    except (UnknownPersonaError, VpcdAddressError, StateFileError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.reset:
        process.card.restore_factory_state()
    process.want_inserted = not args.removed
    _serve(process)
    return 0


def _serve(process: CardProcess) -> None:
    selector = selectors.DefaultSelector()
    wake_read, wake_write = socket.socketpair()
    wake_write.setblocking(False)
    previous = {sig: signal.signal(sig, _ignore) for sig in (signal.SIGUSR1, signal.SIGUSR2, signal.SIGTERM,
                                                              signal.SIGINT)}
    old_wakeup = signal.set_wakeup_fd(wake_write.fileno(), warn_on_full_buffer=False)
    selector.register(wake_read, selectors.EVENT_READ, "signal")
    _register_stdin(selector)
    pending = b""
    _say(f"card ready: persona={process.card.persona.key} vpcd={process.link.host}:{process.link.port} "
         f"state={process.state_file or 'memory'} (stdin: insert, remove, persona NAME, fault ..., quit; "
         f"signals: USR1 insert, USR2 remove, TERM/INT quit)")
    try:
        while process.running:
            for line in process.maintain():
                _say(line)
            registered = process.link.fileno()
            if registered >= 0:
                selector.register(registered, selectors.EVENT_READ, "vpcd")
            try:
                events = selector.select(timeout=RECONNECT_SECONDS)
            finally:
                if registered >= 0:
                    selector.unregister(registered)
            for key, _ in events:
                if key.data == "signal":
                    _on_signals(process, wake_read.recv(64))
                elif key.data == "stdin":
                    chunk = os.read(sys.stdin.fileno(), 4096)
                    if not chunk:
                        selector.unregister(sys.stdin.fileno())  # EOF: keep running on signals
                        continue
                    pending += chunk
                    *lines, rest = pending.split(b"\n")
                    pending = rest
                    for raw in lines:
                        _run_command(process, raw.decode("utf-8", "replace"))
                elif key.data == "vpcd" and not process.link.on_readable():
                    _say(process.on_disconnected())
    finally:
        process.link.close()
        signal.set_wakeup_fd(old_wakeup)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        selector.close()
        wake_read.close()
        wake_write.close()
        _say("card stopped")


def _register_stdin(selector: selectors.BaseSelector) -> None:
    try:
        selector.register(sys.stdin.fileno(), selectors.EVENT_READ, "stdin")
    except (ValueError, OSError):
        logger.info("stdin cannot be watched; use signals")  # closed, or a regular file


def _run_command(process: CardProcess, line: str) -> None:
    try:
        reply = process.handle_command(line)
    except (CommandError, UnknownPersonaError) as error:
        reply = f"error {error}"
    if reply:
        _say(reply)


def _on_signals(process: CardProcess, received: bytes) -> None:
    for number in received:
        if number == signal.SIGUSR1:
            _run_command(process, "insert")
        elif number == signal.SIGUSR2:
            _run_command(process, "remove")
        elif number in (signal.SIGTERM, signal.SIGINT):
            process.running = False


def _ignore(signum: int, frame: object) -> None:
    """Signals are handled from the wakeup descriptor in the loop."""


def _say(line: str) -> None:
    print(line, flush=True)

