"""`kiosk run`: the fullscreen reception kiosk, on simulated (`--simulate`) or real hardware (`--config FILE`).

Exit status: 0 normal exit (maintenance mode), 1 cannot start (configuration), 2 bad arguments,
3 refused: no staff credential is configured for a kiosk on real hardware (set one with --set-staff-password).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import tempfile
import time
from pathlib import Path

from kiosk.cli.arguments import writable_folder

EXIT_OK, EXIT_CONFIG, EXIT_USAGE, EXIT_NO_CREDENTIAL = 0, 1, 2, 3
RUN_JOURNAL_FILE = "runs.json"  # in the data folder: each start, and the runs that ended unexpectedly


def process_age_seconds() -> float | None:
    """Seconds since this process was created (Linux), so a cold start includes the interpreter's own start."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        started_ticks = int(fields[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - started_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk run", description=__doc__.splitlines()[0])
    parser.add_argument("--simulate", action="store_true",
                        help="embedded simulated reader, camera and backend, with a tester panel (F5/F6)")
    parser.add_argument("--config", type=Path, help="settings file (default: $KIOSK_CONFIG or ~/.config/mynakiosk/"
                                                    "config.toml); holds the real hardware's [hardware] section")
    parser.add_argument("--set-staff-password", action="store_true",
                        help="set the maintenance-mode staff password (asked twice, or one line on stdin), then exit")
    display = parser.add_mutually_exclusive_group()
    display.add_argument("--windowed", action="store_true", help="a 1280x800 window instead of fullscreen")
    display.add_argument("--fullscreen", action="store_true", help="fullscreen even in --simulate")
    parser.add_argument("--persona", help="--simulate: place this persona's card at start")
    parser.add_argument("--workdir", type=writable_folder,
                        help="--simulate: keep databases and PKI here (default: temporary)")
    parser.add_argument("--facility-code", default="1310000001", help="medical facility code (10 digits)")
    parser.add_argument("--exit-when-idle", action="store_true",
                        help="print the seconds from process start to the idle screen, then exit (benchmark)")
    parser.add_argument("--no-tester-panel", action="store_true",
                        help="--simulate: no tester panel window (a demonstration kiosk under cage): F5 places the "
                             "--persona card (default: normal), F6 removes it")
    return parser


def _set_password(store_path: Path, simulate: bool) -> int:
    from kiosk.staff_credentials import StaffCredentialStore, WeakPasswordError

    if sys.stdin.isatty():
        first = getpass.getpass("new staff password: ")
        if first != getpass.getpass("again: "):
            print("kiosk run: the passwords differ; nothing changed", file=sys.stderr)
            return EXIT_USAGE
    else:
        first = sys.stdin.readline().rstrip("\n")
    try:
        StaffCredentialStore(store_path).set_password(first)
    except WeakPasswordError as error:
        print(f"kiosk run: {error}", file=sys.stderr)
        return EXIT_USAGE
    print(f"staff password {'(simulate mode) ' if simulate else ''}stored hashed in {store_path}")
    return EXIT_OK


def main(argv: list[str]) -> int:
    started = time.perf_counter() - (process_age_seconds() or 0.0)
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit_:
        return EXIT_OK if exit_.code == 0 else EXIT_USAGE
    from kiosk.config import ConfigError, config_dir, default_config_path, load_settings
    from kiosk.staff_credentials import DEV_PASSWORD, CredentialError, StaffCredentialStore, staff_credential_path

    settings_path = args.config or default_config_path()
    store_path = staff_credential_path(config_dir(), args.simulate)
    if args.set_staff_password:
        return _set_password(store_path, args.simulate)
    try:
        settings = load_settings(settings_path)
    except ConfigError as error:
        print(f"kiosk run: {error}", file=sys.stderr)
        return EXIT_CONFIG
    credentials = StaffCredentialStore(store_path)
    fullscreen = args.fullscreen or (settings.fullscreen and not args.simulate and not args.windowed)
    try:
        configured = credentials.is_configured()
    except CredentialError as error:  # e.g. the accounts file is corrupt: say what to do, no traceback
        print(f"kiosk run: {error}", file=sys.stderr)
        return EXIT_CONFIG
    if not configured:
        if args.simulate:
            # Simulate mode only: its own credential file, so this documented password never opens a real kiosk.
            credentials.set_password(DEV_PASSWORD)
            print(f"kiosk run: simulate mode staff password is the dev default {DEV_PASSWORD!r} "
                  f"(change: kiosk run --simulate --set-staff-password)", file=sys.stderr)
        else:
            # Real hardware, fullscreen or not: without a credential nobody could leave fullscreen, open the
            # maintenance mode, or confirm a patient by the staff check.
            print("kiosk run: no staff credential is configured; a kiosk on real hardware needs one.\n"
                  "           Set it first: kiosk run --set-staff-password", file=sys.stderr)
            return EXIT_NO_CREDENTIAL
    return _run(args, settings, settings_path, credentials, fullscreen, started)


def _run(args: argparse.Namespace, settings: object, settings_path: Path, credentials: object, fullscreen: bool,
         started: float) -> int:
    from kiosk.app import (
        Kiosk,
        build_kiosk,
        card_keys,
        face_config,
        make_application,
        measure_cold_start,
        place_beside,
        show,
        tester_font,
    )
    from kiosk.appliance import RunJournal, ServiceNotifier
    from kiosk.appliance.logs import configure_logging
    from kiosk.config import KioskSettings, config_dir
    from kiosk.devices import real_devices, simulated_devices
    from kiosk.staff_credentials import StaffCredentialStore
    from kiosk.ui.tester_panel import TesterPanel
    from kiosk.ui.watchdog import StopRequests

    assert isinstance(settings, KioskSettings)  # noqa: S101 - narrowed for the type checker
    assert isinstance(credentials, StaffCredentialStore)  # noqa: S101
    configure_logging()
    app = make_application()
    temporary = None
    try:
        if args.simulate:
            if args.workdir is None:
                temporary = tempfile.TemporaryDirectory(prefix="mynakiosk-")
                state_dir = Path(temporary.name)
            else:
                state_dir = args.workdir
            devices = simulated_devices(state_dir, face_config(settings), results=settings.results)
        else:
            state_dir = config_dir()
            devices = real_devices(settings, args.facility_code, state_dir)
    except (ValueError, OSError) as error:
        print(f"kiosk run: cannot start: {error}", file=sys.stderr)
        return EXIT_CONFIG
    # The kiosk's data folder (outboxes, local store, today's receptions for staff): beside the real kiosk's
    # settings, or the simulation's working directory (so simulated receptions never mix with real ones).
    # Restarts staff see on the diagnostics page: a start that finds the last run unfinished counts it.
    journal = RunJournal(state_dir / RUN_JOURNAL_FILE)
    kiosk = build_kiosk(app, devices, settings, settings_path, credentials, on_exit=app.quit,
                        reception_log=state_dir / "receptions.sqlite3",
                        notifier=ServiceNotifier.from_environment(), run_history=journal.begin())

    def stop_requested(built: Kiosk = kiosk) -> None:
        built.shutdown()
        app.quit()

    stop_requests = StopRequests(stop_requested)
    show(kiosk, fullscreen)
    kiosk.start(warm_up=not args.exit_when_idle)  # the face matcher starts after the idle screen is up
    panel = None
    if args.simulate and not args.exit_when_idle and not args.no_tester_panel:
        tester = devices.tester
        panel = TesterPanel(tester["personas"], tester["scenarios"], place=tester["place"], remove=tester["remove"],
                            set_scenario=tester["set_scenario"], set_online=tester["set_online"],
                            set_disaster_declared=tester.get("set_disaster_declared"))
        panel.setFont(tester_font())
        panel.setMaximumWidth(640)  # long persona summaries are elided rather than widening the panel
        panel.setStyleSheet("* { font-size: 14px; min-height: 0; }")
        panel.show()
        place_beside(panel, kiosk.window)
        if args.persona:
            tester["place"](args.persona)
    elif args.simulate and not args.exit_when_idle:
        card_keys(kiosk.window, devices.tester["place"], devices.tester["remove"], args.persona or "normal")
    if args.exit_when_idle:
        measure_cold_start(started, kiosk, lambda seconds: print(f"cold start to idle: {seconds:.3f} s"))
    status = app.exec()
    stop_requests.close()
    if panel is not None:
        panel.close()
    if kiosk.window.isVisible():
        kiosk.shutdown()
    kiosk.notifier.close()
    journal.end()
    if temporary is not None:
        temporary.cleanup()
    return EXIT_OK if status == 0 else EXIT_CONFIG
