"""The devices the kiosk UI runs on, simulated or real, behind one small record. No Qt.

Hardware-side imports happen inside the builders, so importing this module does no work.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.config import KioskSettings
from kiosk.faceauth import FaceMatcher, VerificationConfig
from kiosk.reception.protocol import PreviewFrame, ReceptionServices

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DiagnosticItem:
    """One component's state for maintenance mode; `detail` is for staff and never holds patient data."""

    component: str  # "reader", "card", "camera", "backend", "outbox"
    ok: bool
    detail: str


@dataclass(frozen=True)
class DeclarationEntry:
    """One self-declaration in the kiosk's outbox, for the staff page; the form only while not at the backend."""

    captured_at: str
    state: str  # "pending", "rejected" (refused by the backend: staff must look) or "done"
    attempts: int
    last_code: str
    name: str = ""
    name_kana: str = ""
    birth_date: str = ""
    insurer_or_employer: str = ""
    phone: str = ""


def declaration_entries(stored: list[Any]) -> list[DeclarationEntry]:
    """kiosk.eligibility StoredDeclaration records as the staff page shows them."""
    entries = []
    for item in stored:
        form = item.form
        entries.append(DeclarationEntry(
            item.captured_at, str(item.state.value), item.attempts, item.last_code or "",
            form.name if form else "", form.name_kana if form else "",
            form.birth_date.isoformat() if form and form.birth_date else "",
            form.insurer_or_employer if form else "", form.phone if form else ""))
    return entries


@dataclass
class Devices:
    """What the UI needs from the hardware side."""

    services: ReceptionServices
    diagnostics: Callable[[], list[DiagnosticItem]]
    card_photo: Callable[[], PreviewFrame | None] = lambda: None  # the chip photo staff compare (worker thread)
    apply_face_config: Callable[[VerificationConfig], None] = lambda _config: None
    close: Callable[[], None] = lambda: None
    tester: dict[str, Any] = field(default_factory=dict)  # simulate mode: the tester panel's controls
    warm_up: Callable[[], None] = lambda: None  # once the idle screen is up: start the face matcher in the background
    declarations: Callable[[], list[DeclarationEntry]] = list  # the declaration outbox, for staff (worker thread)


def simulated_devices(workdir: Path, face: VerificationConfig,
                      matcher: Callable[[], FaceMatcher] | None = None, camera_realtime: bool = True) -> Devices:
    """The embedded simulation: in-process reader and persona cards, webcam simulator, backend simulator."""
    from hardware_sim.camera import SCENARIOS
    from hardware_sim.personas import all_personas
    from kiosk.simulation import Simulation

    options: dict[str, Any] = {"camera_realtime": camera_realtime}
    if matcher is not None:
        options["matcher"] = matcher
    sim = Simulation(workdir, **options)
    services = sim.services(face)

    def diagnostics() -> list[DiagnosticItem]:
        present = services.wait_for_card(True, timeout=0)
        backend_ok = sim.transport.online
        pending = len(sim.outbox.pending())
        return [
            DiagnosticItem("reader", True, f"{sim.reader.name} (simulated)"),
            DiagnosticItem("card", True, "present" if present else "none"),
            DiagnosticItem("camera", True, f"simulated, scenario {sim.scenario}"),
            DiagnosticItem("backend", backend_ok, "reachable (in-process)" if backend_ok else "network cable pulled"),
            DiagnosticItem("outbox", pending == 0, f"{pending} pending"),
        ]

    def apply(config: VerificationConfig) -> None:
        services.face_config = config

    def close() -> None:
        services.close()
        sim.close()

    personas = {key: persona.summary for key, persona in all_personas(sim.today).items()}
    tester = {"personas": personas, "scenarios": dict(SCENARIOS), "place": sim.place_card, "remove": sim.remove_card,
              "set_scenario": sim.set_scenario, "set_online": sim.set_backend_online, "simulation": sim,
              "set_disaster_declared": sim.set_disaster_declared}
    return Devices(services, diagnostics, services.card_photo, apply, close, tester, warm_up=services.start_matcher,
                   declarations=lambda: declaration_entries(sim.pending_declarations()))


def real_devices(settings: KioskSettings, facility_code: str) -> Devices:
    """PC/SC reader, OpenCV camera, HTTPS backend with the kiosk's client certificate.

    Raises:
        ValueError: a required setting (client certificate, key, CA) is missing.
    """
    from kiosk.eligibility import (
        DeclarationOutbox,
        DeclarationSubmitter,
        HttpEligibilityClient,
        KioskCredentials,
        Outbox,
        ReceptionSubmitter,
    )
    from kiosk.faceauth import OpenCVFrameSource
    from kiosk.faceauth.process_matcher import default_matcher
    from kiosk.reader.pcsc import PcscReaders
    from kiosk.reception.layered import LayeredReceptionServices, TrustAnchors
    from kiosk.reception.paths import PathsBackend
    from kiosk.reception.store import LocalStore

    hw = settings.hardware
    if not (hw.client_cert and hw.client_key and hw.ca_cert):
        raise ValueError("[hardware] client_cert, client_key and ca_cert are required for the real backend")
    readers = PcscReaders()
    names = readers.list_readers()
    reader = next((name for name in names if name.startswith(hw.reader_name)), None) if names else None
    if reader is None:
        raise ValueError(f"no PC/SC reader matches {hw.reader_name!r}; readers: {', '.join(names) or 'none'}")
    client = HttpEligibilityClient(hw.backend_url, KioskCredentials(Path(hw.client_cert), Path(hw.client_key),
                                                                    Path(hw.ca_cert)))
    state_dir = Path(hw.client_cert).parent
    outbox = Outbox(state_dir / "outbox.sqlite3")
    submitter = ReceptionSubmitter(client, outbox)
    declaration_outbox = DeclarationOutbox(state_dir / "outbox.sqlite3")  # its own table in the same file
    store = LocalStore(state_dir / "kiosk-state.sqlite3")  # declaration draft, disaster-mode setting
    paths = PathsBackend(client, DeclarationSubmitter(client, declaration_outbox), declaration_outbox, store,
                         facility_code, replayers=(submitter,))
    lock = threading.Lock()
    services = LayeredReceptionServices(
        readers=readers, reader_name=reader, surface=_NoSurfaceScanner(), camera=lambda: OpenCVFrameSource(hw.camera),
        matcher=default_matcher, eligibility=submitter, facility_code=facility_code,
        trust=TrustAnchors(), face_config=VerificationConfig(settings.face.tolerance, liveness=settings.face.liveness),
        paths=paths,
    )

    def diagnostics() -> list[DiagnosticItem]:
        with lock:
            present = services.wait_for_card(True, timeout=0)
            pending = len(outbox.pending())
        camera_ok, camera_detail = camera_present(hw.camera)
        unreachable = client.reachable()
        return [
            DiagnosticItem("reader", reader in readers.list_readers(), reader),
            DiagnosticItem("card", True, "present" if present else "none"),
            DiagnosticItem("camera", camera_ok, camera_detail),
            DiagnosticItem("backend", unreachable is None,
                           f"{hw.backend_url}: " + ("reachable" if unreachable is None else unreachable)),
            DiagnosticItem("outbox", pending == 0, f"{pending} pending"),
        ]

    def apply(config: VerificationConfig) -> None:
        services.face_config = config

    def close() -> None:
        services.close()
        client.close()
        outbox.close()
        declaration_outbox.close()
        store.close()

    # The staff visual check shows the chip photo only when the card-face AP can be unlocked (a surface scanner).
    return Devices(services, diagnostics, services.card_photo, apply, close, warm_up=services.start_matcher,
                   declarations=lambda: declaration_entries(declaration_outbox.entries()))


def camera_present(spec: str) -> tuple[bool, str]:
    """Whether the configured camera is there, without opening it (the face step may be using it right now):
    a device index needs its /dev/videoN, a file must exist; a stream URL is not probed."""
    text = spec.strip()
    if "://" in text:
        return True, f"stream {text} (not probed)"
    where, label = (Path(f"/dev/video{int(text)}"), "") if text.isdigit() else (Path(text), "file ")
    present = where.exists()
    return present, f"{label}{where} " + ("present" if present else "missing")


class _NoSurfaceScanner:
    """No card-surface camera is wired yet: face auth reports the camera as lost and the flow offers the PIN."""

    def scan(self) -> Any:
        from kiosk.reader import ReaderError

        raise ReaderError("no card-surface scanner configured")
