"""The devices the kiosk UI runs on, simulated or real, behind one small record. No Qt.

Hardware-side imports happen inside the builders, so importing this module does no work.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.config import HardwareSettings, KioskSettings, ResultFileSettings
from kiosk.domain import ResultSpec
from kiosk.faceauth import FaceMatcher, VerificationConfig
from kiosk.reception.protocol import PreviewFrame, ReceptionServices
from kiosk.reception.staff_view import DeclarationEntry, DiagnosticItem, declaration_entries, outbox_item
from kiosk.results import (
    CharacterCode,
    DeskBoard,
    KioskDeskLink,
    ResultFormat,
    ResultSettings,
    Retention,
    RetentionRule,
)
from kiosk.results.open_items import declaration_items

if TYPE_CHECKING:
    from kiosk.reader import CardSurfaceScanner
    from kiosk.reception.compose import BackendSide, Reception

CARD_CAMERA_IS_FACE_CAMERA = "face"  # `[hardware] card_camera`: the card is held up to the face camera

log = logging.getLogger(__name__)


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
    desk: KioskDeskLink | None = None  # staff calls and health shared with the reception desk page (kiosk desk)
    clear_card_locks: Callable[[], None] = lambda: None  # staff: unlock face auth and the kiosk's PIN cap, every card


def result_settings(settings: ResultFileSettings) -> ResultSettings:
    """The staff-facing `[results]` section as the result-file delivery takes it."""
    code = CharacterCode.SHIFT_JIS if settings.encoding == "shift_jis" else CharacterCode.UTF8
    return ResultSettings(folder=Path(settings.folder) if settings.folder else None,
                          format=ResultFormat(code, ResultSpec(settings.spec)),
                          retention=RetentionRule(Retention(settings.retention), settings.retention_days),
                          kiosk=settings.kiosk_name)


def _devices(reception: Reception, diagnostics: Callable[[], list[DiagnosticItem]],
             close: Callable[[], None], backend: BackendSide, tester: dict[str, Any] | None = None) -> Devices:
    """Also starts the result-file delivery thread, and the desk link over the same `results.sqlite3`."""
    services = reception.services
    backend.results.start()
    locks, pins = reception.face.locks, reception.pins

    def with_card_locks() -> list[DiagnosticItem]:
        items = diagnostics()
        if locks is not None:
            locked = locks.locked_cards()
            items.append(DiagnosticItem("face_locks", locked == 0, f"{locked} cards locked"))
        capped = pins.capped_cards()
        items.append(DiagnosticItem("pin_locks", capped == 0, f"{capped} cards locked"))
        return items

    def clear_card_locks() -> None:
        if locks is not None:
            locks.clear()
        pins.clear()

    desk = KioskDeskLink(DeskBoard(backend.results.store.path),
                         diagnostics=lambda: [(item.component, item.ok, item.detail) for item in with_card_locks()],
                         declarations=lambda: declaration_items(services.declarations.pending()))

    def close_all() -> None:
        desk.close()
        close()

    return Devices(services, with_card_locks, services.card.card_photo, reception.apply_face_config, close_all,
                   tester or {}, warm_up=reception.start_matcher,
                   declarations=lambda: declaration_entries(services.declarations.pending()), desk=desk,
                   clear_card_locks=clear_card_locks)


def simulated_devices(workdir: Path, face: VerificationConfig,
                      matcher: Callable[[], FaceMatcher] | None = None, camera_realtime: bool = True,
                      results: ResultFileSettings | None = None) -> Devices:
    """The embedded simulation: in-process reader and persona cards, webcam simulator, backend simulator."""
    from hardware_sim.camera import SCENARIOS
    from hardware_sim.personas import all_personas
    from kiosk.simulation import Simulation

    options: dict[str, Any] = {"camera_realtime": camera_realtime}
    if results is not None:
        options["results"] = result_settings(results)
    if matcher is not None:
        options["matcher"] = matcher
    sim = Simulation(workdir, **options)
    reception = sim.reception(face)

    def diagnostics() -> list[DiagnosticItem]:
        present = reception.services.card.wait_for_card(True, timeout=0)
        backend_ok = sim.transport.online
        return [
            DiagnosticItem("reader", True, f"{sim.reader.name} (simulated)"),
            DiagnosticItem("card", True, "present" if present else "none"),
            DiagnosticItem("camera", True, f"simulated, scenario {sim.scenario}"),
            DiagnosticItem("backend", backend_ok, "reachable (in-process)" if backend_ok else "network cable pulled"),
            outbox_item(sim.backend_side.outbox),
        ]

    def close() -> None:
        reception.close()
        sim.close()

    personas = {key: persona.summary for key, persona in all_personas(sim.today).items()}
    tester = {"personas": personas, "scenarios": dict(SCENARIOS), "place": sim.place_card, "remove": sim.remove_card,
              "set_scenario": sim.set_scenario, "set_online": sim.set_backend_online, "simulation": sim,
              "set_disaster_declared": sim.set_disaster_declared}
    return _devices(reception, diagnostics, close, sim.backend_side, tester)


def real_devices(settings: KioskSettings, facility_code: str, data_dir: Path) -> Devices:
    """PC/SC reader, OpenCV camera, HTTPS backend with the kiosk's client certificate.

    Outboxes and local store live in `data_dir` (the kiosk's data folder); those an older kiosk kept beside its
    client certificate are moved there first.

    Raises:
        ValueError: a required setting (client certificate, key, CA) is missing.
    """
    from kiosk.config import load_card_trust
    from kiosk.eligibility import HttpEligibilityClient, KioskCredentials
    from kiosk.faceauth import OpenCVFrameSource
    from kiosk.faceauth.process_matcher import default_matcher
    from kiosk.reader.pcsc import PcscReaders
    from kiosk.reception.compose import CardHardware, compose_reception, open_backend_side

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
    backend = open_backend_side(data_dir, client, moved_from=Path(hw.client_cert).parent,
                                results=result_settings(settings.results))
    # The staff visual check shows the chip photo only when the card-face AP can be unlocked (a surface scanner).
    trust = load_card_trust(hw)  # ConfigError (a ValueError) without the J-LIS roots and issuer keys
    hardware = CardHardware(readers, reader, card_surface_scanner(hw), lambda: OpenCVFrameSource(hw.camera),
                            default_matcher, trust)
    reception = compose_reception(hardware, backend, facility_code,
                                  face_config=settings.face.verification_config())
    lock = threading.Lock()

    def diagnostics() -> list[DiagnosticItem]:
        with lock:
            present = reception.services.card.wait_for_card(True, timeout=0)
            outbox = outbox_item(backend.outbox)
        camera_ok, camera_detail = camera_present(hw.camera)
        card_camera = card_camera_spec(hw)
        card_camera_ok, card_camera_detail = (camera_present(card_camera) if card_camera else
                                              (False, "none: face auth falls back to the PIN"))
        unreachable = client.reachable()
        return [
            DiagnosticItem("reader", reader in readers.list_readers(), reader),
            DiagnosticItem("card", True, "present" if present else "none"),
            DiagnosticItem("camera", camera_ok, camera_detail),
            DiagnosticItem("card_camera", card_camera_ok, card_camera_detail),
            DiagnosticItem("backend", unreachable is None,
                           f"{hw.backend_url}: " + ("reachable" if unreachable is None else unreachable)),
            outbox,
            DiagnosticItem("certified reader", trust.reader_credential is not None,
                           "特定機関認証 credential configured" if trust.reader_credential is not None else
                           "no 特定機関認証 credential: face and staff checks unavailable, PIN only"),
        ]

    def close() -> None:
        reception.close()
        backend.close()

    return _devices(reception, diagnostics, close, backend)


def camera_present(spec: str) -> tuple[bool, str]:
    """Whether the configured camera is there, without opening it (the face step may be using it right now):
    a device index needs its /dev/videoN, a file must exist; a stream URL is not probed."""
    text = spec.strip()
    if "://" in text:
        return True, f"stream {text} (not probed)"
    where, label = (Path(f"/dev/video{int(text)}"), "") if text.isdigit() else (Path(text), "file ")
    present = where.exists()
    return present, f"{label}{where} " + ("present" if present else "missing")


def card_camera_spec(hardware: HardwareSettings) -> str:
    """The camera `[hardware] card_camera` names (the face camera's own for "face"); "" for none."""
    spec = hardware.card_camera.strip()
    return hardware.camera.strip() if spec == CARD_CAMERA_IS_FACE_CAMERA else spec


def card_surface_scanner(hardware: HardwareSettings) -> CardSurfaceScanner:
    """The card-front OCR over the configured card camera (opened per scan, frames in memory only).

    Called on the card-reading worker thread, never the UI's. Without a card camera every scan fails, and so
    does one whose camera cannot be opened: the card is still read, and the patient is offered the PIN."""
    from kiosk.faceauth import CameraOpenError, OpenCVFrameSource
    from kiosk.reader.card_surface import CardCameraCapture, CardSurfaceOcr, CardSurfaceUnreadableError, StillCamera

    spec = card_camera_spec(hardware)
    if not spec:
        return _NoSurfaceScanner()

    def open_camera() -> StillCamera:
        try:
            return OpenCVFrameSource(spec, realtime=False)
        except CameraOpenError as error:
            raise CardSurfaceUnreadableError("the card camera cannot be opened") from error

    return CardSurfaceOcr(capture=CardCameraCapture(open_camera))


class _NoSurfaceScanner:
    """No card camera configured: the card-face AP stays locked and the flow offers the PIN."""

    def scan(self) -> Any:
        from kiosk.reader.card_surface import CardSurfaceUnreadableError

        raise CardSurfaceUnreadableError("no card camera configured")
