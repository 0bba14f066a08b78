"""`kiosk doctor`: one page for the service technician: versions, devices, settings (secrets masked), the outbox,
restarts and the last errors. Reads only; safe while the kiosk runs.

Exit status: 0 the page was printed (whatever it says), 2 bad arguments.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

if TYPE_CHECKING:
    from kiosk.config import HardwareSettings

EXIT_OK, EXIT_USAGE = 0, 2
UNIT = "mynakiosk.service"
DISTRIBUTIONS = ("mynakiosk", "PySide6-Essentials", "pyscard", "opencv-python-headless", "dlib-bin",
                 "face_recognition", "cryptography", "httpx")
SECRET_WORDS = ("key", "password", "secret", "token")
PCSCD_SOCKET = Path("/run/pcscd/pcscd.comm")
Section = list[tuple[str, str]]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk doctor", description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, help="settings file (default: as `kiosk run`)")
    parser.add_argument("--data", type=Path, help="the kiosk's data folder (default: $KIOSK_CONFIG_DIR)")
    parser.add_argument("--errors", type=int, default=10, help="how many of the last errors to show (default 10)")
    parser.add_argument("--json", action="store_true", help="the page as JSON")
    return parser


def _run(command: list[str], timeout: float = 5.0) -> str | None:
    if shutil.which(command[0]) is None:
        return None
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)  # noqa: S603
    except (OSError, subprocess.TimeoutExpired):
        return None
    return (done.stdout or done.stderr).strip()


def versions() -> Section:
    rows = [("python", platform.python_version())]
    for name in DISTRIBUTIONS:
        try:
            rows.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            rows.append((name, "not installed"))
    os_release = Path("/etc/os-release")
    if os_release.exists():
        pretty = [line.split("=", 1)[1].strip('"') for line in os_release.read_text().splitlines()
                  if line.startswith("PRETTY_NAME=")]
        rows.append(("system", pretty[0] if pretty else "unknown"))
    rows.append(("kernel", platform.release()))
    for tool, flag in (("cage", "-v"), ("pcscd", "--version")):
        answer = _run([tool, flag])
        rows.append((tool, answer.splitlines()[0] if answer else "not installed"))
    return rows


def service() -> Section:
    if not Path("/run/systemd/system").is_dir():
        return [("systemd", "not running here (no service information)")]
    shown = _run(["systemctl", "show", UNIT, "--property=LoadState,ActiveState,SubState,Result,NRestarts,"
                  "ExecMainStartTimestamp,WatchdogUSec"])
    return [tuple(line.split("=", 1)) for line in (shown or "").splitlines() if "=" in line]  # type: ignore[misc]


def restarts(data: Path) -> Section:
    from kiosk.appliance import RunJournal
    from kiosk.cli.run import RUN_JOURNAL_FILE

    history = RunJournal(data / RUN_JOURNAL_FILE).read()
    rows = [("starts", str(history.starts)), ("unexpected ends", str(history.unclean_total)),
            ("running since", history.running_since or "-")]
    rows += [("unexpected end", f"run started {end.started_at}, noticed {end.noticed_at}")
             for end in history.recent_unclean[-3:]]
    return rows


def devices(hardware: HardwareSettings) -> Section:
    from kiosk.devices import camera_present, card_camera_spec

    rows = [("pcscd socket", f"{PCSCD_SOCKET} " + ("present" if PCSCD_SOCKET.exists() else "missing"))]
    if PCSCD_SOCKET.exists():
        rows.append(("readers", _readers()))
    rows.append(("camera", camera_present(hardware.camera)[1]))
    card_camera = card_camera_spec(hardware)
    rows.append(("card camera", camera_present(card_camera)[1] if card_camera else
                 "none configured: face auth on real hardware falls back to the PIN"))
    for label, pattern in (("video devices", "video*"), ("sound devices", "snd/*"), ("display devices", "dri/*")):
        found = sorted(str(path) for path in Path("/dev").glob(pattern))
        rows.append((label, ", ".join(found) or "none"))
    return rows


def _readers() -> str:
    try:
        from kiosk.reader.pcsc import PcscReaders

        with PcscReaders() as readers:
            return ", ".join(readers.list_readers()) or "none"
    except Exception as error:  # noqa: BLE001 - whatever PC/SC says, the page goes on
        return f"cannot list: {type(error).__name__}: {error}"


def mask(key: str, value: object) -> str:
    """Secrets never appear: a secret-looking setting shows only whether it is set; URLs lose their password."""
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, list | tuple | bool) else str(value)
    if any(word in key.lower() for word in SECRET_WORDS):
        if not text:
            return "(not set)"
        present = Path(text).exists() if text.startswith("/") else None
        return "*** (set" + ("" if present is None else ", file present" if present else ", file MISSING") + ")"
    if "://" in text:
        parts = urlsplit(text)
        if parts.password:
            netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
            return urlunsplit(parts._replace(netloc=netloc))
    return text


def settings_rows(path: Path) -> tuple[Section, HardwareSettings]:
    """(the settings, flattened and masked; the hardware they name: the defaults when the file is unreadable)."""
    from kiosk.config import ConfigError, HardwareSettings, load_settings

    try:
        settings = load_settings(path)
    except ConfigError as error:
        return [("file", str(path)), ("error", str(error))], HardwareSettings()
    rows = [("file", f"{path}" + ("" if path.exists() else " (missing: defaults)"))]
    for key, value in asdict(settings).items():
        if isinstance(value, dict):
            rows += [(f"{key}.{inner}", mask(inner, item)) for inner, item in value.items()]
        else:
            rows.append((key, mask(key, value)))
    return rows, settings.hardware


def credential(data: Path) -> Section:
    from kiosk.staff_credentials import StaffCredentialStore, staff_credential_path

    rows = []
    for simulate in (False, True):
        store = StaffCredentialStore(staff_credential_path(data, simulate))
        name = store.database.name
        if not store.database.exists() and not store.path.exists():  # the accounts file, or an older kiosk's JSON
            rows.append((name, "not set"))
            continue
        if not store.is_configured():
            rows.append((name, "no admin account"))
            continue
        locked = store.lockout_seconds_left()
        rows.append((name, "set" + (f", admin locked for {locked:.0f} s" if locked > 0 else "")))
    return rows


def outbox(data: Path) -> Section:
    from kiosk.eligibility import DeclarationOutbox, Outbox
    from kiosk.reception.compose import OUTBOX_FILE

    path = data / OUTBOX_FILE
    if not path.exists():
        return [("file", f"{path} (none yet)")]
    rows = [("file", str(path))]
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as db:
            for label, table in (("receptions", Outbox.TABLE), ("declarations", DeclarationOutbox.TABLE)):
                counts = dict(db.execute(f"SELECT state, COUNT(*) FROM {table} GROUP BY state").fetchall())  # noqa: S608
                oldest = db.execute(f"SELECT MIN(captured_at) FROM {table} WHERE state = 'pending'").fetchone()[0]  # noqa: S608
                summary = ", ".join(f"{count} {state}" for state, count in sorted(counts.items())) or "empty"
                rows.append((label, summary + (f"; oldest pending from {oldest}" if oldest else "")))
    except sqlite3.Error as error:
        rows.append(("error", f"cannot read: {error}"))
    return rows


def last_errors(count: int) -> Section:
    if not Path("/run/systemd/system").is_dir():
        return [("journal", "not available here (systemd is not running)")]
    shown = _run(["journalctl", "--unit", UNIT, "--priority", "warning", "--lines", str(count), "--output",
                  "short-iso", "--no-pager", "--quiet"], timeout=10)
    lines = [line for line in (shown or "").splitlines() if line.strip()]
    return [(str(number), line) for number, line in enumerate(lines, 1)] or [("journal", "no warnings or errors")]


def gather(args: argparse.Namespace) -> dict[str, Section]:
    from kiosk.config import config_dir, default_config_path

    data = args.data or config_dir()
    settings, hardware = settings_rows(args.config or default_config_path())
    return {"versions": versions(), "service": service(), "restarts": restarts(data), "devices": devices(hardware),
            "settings": settings, "staff credential": credential(data), "outbox": outbox(data),
            "last errors": last_errors(args.errors)}


def render(page: dict[str, Section]) -> str:
    width = max(len(label) for rows in page.values() for label, _ in rows)
    out = []
    for title, rows in page.items():
        out.append(f"== {title}")
        out += [f"  {label:<{width}}  {value}" for label, value in rows]
    return "\n".join(out)


def main(argv: list[str]) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit_:
        return EXIT_OK if exit_.code == 0 else EXIT_USAGE
    page = gather(args)
    if args.json:
        as_json: dict[str, Any] = {title: dict(rows) if title != "last errors" else [v for _, v in rows]
                                   for title, rows in page.items()}
        print(json.dumps(as_json, ensure_ascii=False, indent=2))
    else:
        print(render(page))
    sys.stdout.flush()
    return EXIT_OK
