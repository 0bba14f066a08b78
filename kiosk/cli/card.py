"""`kiosk card info`: read the card in a reader (PC/SC, or an in-process simulated card) and print it."""

from __future__ import annotations

import argparse
import json
import sys
import threading
from collections.abc import Callable
from contextlib import ExitStack
from enum import IntEnum
from pathlib import Path
from typing import Any

from cryptography import x509

from kiosk.reader import (
    VIRTUAL_READER,
    BadResponseError,
    CardReaders,
    CardReading,
    CardRemovedError,
    InProcessReader,
    NoCardError,
    NotMyNumberCardError,
    ReaderError,
    ReaderUnavailableError,
    read_card,
)


class ExitCode(IntEnum):
    OK = 0
    USAGE = 2
    NO_READER = 3
    NO_CARD = 4
    NOT_MY_NUMBER_CARD = 5
    CARD_ERROR = 6
    UNTRUSTED = 7  # the certificate does not chain to a trusted J-LIS root (a self-made or tampered card)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk card", description="Read the My Number card in a reader.")
    commands = parser.add_subparsers(dest="command", required=True)
    info = commands.add_parser("info", help="print reader, ATR, token, user-auth certificate and PIN tries left")
    source = info.add_mutually_exclusive_group()
    source.add_argument("--reader", help=f"PC/SC reader name (default: the first one, e.g. {VIRTUAL_READER!r})")
    source.add_argument("--simulate", metavar="PERSONA", help="read an in-process virtual card of this persona")
    info.add_argument("--json", action="store_true", help="print JSON")
    info.add_argument("--wait", type=float, default=0.0, metavar="SECONDS", help="wait this long for a card")
    info.add_argument("--trusted-ca", type=Path, metavar="PEM", action="append",
                      help="a J-LIS user-auth root to trust, repeatable for every generation (default: the kiosk "
                           "settings' [hardware] jpki_roots; with --simulate: the test CA)")
    return parser


def _describe(reader: str, reading: CardReading) -> dict[str, Any]:
    return {
        "reader": reader,
        "atr": reading.atr.hex(" ").upper(),
        "token": reading.token,
        "subject": reading.subject,
        "serial": reading.serial_number,
        "serial_hex": f"{reading.serial_number:X}",
        "issuer": reading.issuer,
        "not_before": reading.not_before.isoformat(),
        "not_after": reading.not_after.isoformat(),
        "ca_check": reading.chain.status.value,
        "ca_anchored": reading.chain.anchored,
        "chain": [
            {"subject": reading.subject, "issuer": reading.issuer},
            {"subject": reading.ca_certificate.subject.rfc4514_string(),
             "valid_from": reading.ca_certificate.not_valid_before_utc.date().isoformat(),
             "valid_until": reading.ca_certificate.not_valid_after_utc.date().isoformat(),
             "trusted_root": reading.chain.anchored and reading.chain.ok},
        ],
        "pin_tries_left": reading.pin_tries_left,
        "apdus": reading.apdu_count,
    }


def _print_text(info: dict[str, Any]) -> None:
    anchor = "against the trusted CA" if info["ca_anchored"] else "against the card's own CA certificate only"
    lines = [
        ("Reader", info["reader"]), ("ATR", info["atr"]), ("Token", info["token"]),
        ("Subject", info["subject"]), ("Serial", f"0x{info['serial_hex']} ({info['serial']})"),
        ("Issuer", info["issuer"]),
        ("Valid", f"{info['not_before']} to {info['not_after']}"),
        ("CA check", f"{info['ca_check']} ({anchor})"),
        ("Chain", " <- ".join([info["chain"][0]["subject"], info["chain"][1]["subject"]])
         + f" (root valid {info['chain'][1]['valid_from']} to {info['chain'][1]['valid_until']}"
         + (", a trusted root)" if info["chain"][1]["trusted_root"] else ", not a trusted root)")),
        ("PIN tries left", f"{info['pin_tries_left']}" + (" (blocked)" if info["pin_tries_left"] == 0 else "")),
    ]
    for label, value in lines:
        print(f"{label + ':':<16}{value}")


def _simulated(persona_key: str) -> tuple[InProcessReader, x509.Certificate]:
    """Composition: put the persona's virtual card into an in-process reader."""
    from hardware_sim.card import VirtualCard
    from hardware_sim.personas import get_persona
    from hardware_sim.personas.pki import auth_ca_certificate

    reader = InProcessReader()
    reader.insert(VirtualCard.for_persona(get_persona(persona_key)))
    return reader, auth_ca_certificate()


def _pcsc(stack: ExitStack) -> CardReaders:
    from kiosk.reader.pcsc import PcscReaders

    return stack.enter_context(PcscReaders())


def _fail(code: ExitCode, message: str) -> int:
    print(f"kiosk card: {message}", file=sys.stderr)
    return int(code)


def _configured_roots() -> list[x509.Certificate]:
    """The kiosk settings' [hardware] jpki_roots (none when there are no settings)."""
    from kiosk.config import ConfigError, default_config_path, load_card_trust, load_settings

    try:
        hardware = load_settings(default_config_path()).hardware
        return list(load_card_trust(hardware).jpki_roots) if hardware.jpki_roots else []
    except ConfigError:
        return []


def info(args: argparse.Namespace, open_pcsc: Callable[[ExitStack], CardReaders] = _pcsc) -> int:
    trusted: list[x509.Certificate] = []
    for path in args.trusted_ca or ():
        try:
            trusted.append(x509.load_pem_x509_certificate(path.read_bytes()))
        except (OSError, ValueError) as exc:
            return _fail(ExitCode.USAGE, f"--trusted-ca {path}: {type(exc).__name__}")
    with ExitStack() as stack:
        try:
            readers: CardReaders
            if args.simulate:
                try:
                    readers, simulated_ca = _simulated(args.simulate)
                except KeyError as exc:
                    return _fail(ExitCode.USAGE, str(exc))
                trusted = trusted or [simulated_ca]
            else:
                trusted = trusted or _configured_roots()
                readers = open_pcsc(stack)
            names = readers.list_readers()
            name = args.reader or (names[0] if names else None)
            if name is None or name not in names:
                return _fail(ExitCode.NO_READER, f"no card reader {name!r}" if name else "no card reader found")
            if args.wait > 0 and readers.wait_for_card(name, True, args.wait, threading.Event()) is None:
                return _fail(ExitCode.NO_CARD, f"no card in reader {name!r} after {args.wait:g} s")
            connection = readers.connect(name)
            stack.callback(connection.close)
            reading = read_card(connection, trusted or None)
        except ReaderUnavailableError as exc:
            return _fail(ExitCode.NO_READER, str(exc))
        except NoCardError as exc:
            return _fail(ExitCode.NO_CARD, f"{exc}: insert a My Number card")
        except NotMyNumberCardError:
            return _fail(ExitCode.NOT_MY_NUMBER_CARD, "the card in the reader is not a My Number card")
        except CardRemovedError:
            return _fail(ExitCode.CARD_ERROR, "the card was removed while it was being read")
        except BadResponseError as exc:
            return _fail(ExitCode.CARD_ERROR, f"the card gave a malformed answer: {exc}")
        except ReaderError as exc:
            return _fail(ExitCode.CARD_ERROR, str(exc))
    described = _describe(name, reading)
    if args.json:
        print(json.dumps(described, ensure_ascii=False, indent=2))
    else:
        _print_text(described)
    if not reading.chain.ok:
        return _fail(ExitCode.UNTRUSTED, f"untrusted card: {reading.chain.status.value} {reading.chain.detail}")
    return int(ExitCode.OK)


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.command == "info":
        return info(args)
    return int(ExitCode.USAGE)
