"""The embedded simulated hardware: in-process reader slot with persona cards, webcam simulator, backend.

`kiosk run --simulate`, `kiosk reception --headless` and the tests all build it here. Nothing happens at import.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from datetime import date
from pathlib import Path

import httpx

from hardware_sim.backend.inprocess import InProcessBackend
from hardware_sim.backend.operator import OperatorClient
from hardware_sim.backend.settings import BackendSettings
from hardware_sim.camera import SimulatedCamera
from hardware_sim.card import VirtualCard
from hardware_sim.card.state import StateStore
from hardware_sim.personas import Persona, get_persona
from hardware_sim.personas.pki import (
    auth_ca_certificate,
    card_face_issuer_key,
    certified_reader_certificate,
    certified_reader_key,
)
from kiosk.eligibility import HttpEligibilityClient, KioskCredentials, StoredDeclaration
from kiosk.faceauth import FaceMatcher, FrameSource, VerificationConfig
from kiosk.faceauth.process_matcher import default_matcher
from kiosk.reader import InProcessReader, PrintedCardFace
from kiosk.reader.reader_auth import ReaderCredential
from kiosk.reader.trust_anchors import TrustAnchors
from kiosk.reception.check import EligibilitySubmitter
from kiosk.reception.compose import BackendSide, CardHardware, Reception, compose_reception, open_backend_side
from kiosk.results import ResultSettings

DEFAULT_FACILITY_CODE = "1310000001"


class SwitchableTransport(httpx.BaseTransport):
    """The in-process backend's transport with a cable to pull: offline, every request fails to connect.

    `fail`, when set, answers every request in place of the backend (tests script timeouts, 503s, lost answers);
    `requests` keeps the paths of the last requests asked.
    """

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.online = True
        self.fail: Callable[[httpx.Request], httpx.Response] | None = None
        self.requests: deque[str] = deque(maxlen=64)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request.url.path)
        if not self.online:
            raise httpx.ConnectError("simulated network outage", request=request)
        if self.fail is not None:
            return self.fail(request)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


class _PersonaSurface:
    """The card-surface scanner: 'reads' the printed face of whichever persona card is on the reader."""

    def __init__(self, simulation: Simulation) -> None:
        self._simulation = simulation

    def scan(self) -> PrintedCardFace:
        printed = self._simulation.require_persona().card_face_print
        return PrintedCardFace(printed.birth_date, printed.card_expiry, printed.security_code)


class Simulation:
    """Simulated reader, camera and backend sharing one working directory (databases, PKI, card state).

    The kiosk's own data (outboxes, local store, result files in `face/`) is kept in `data_dir` (default: the
    working directory);
    `moved_from` is where an older kiosk kept it, moved in at start as the real kiosk does.
    """

    def __init__(
        self, workdir: Path, *, today: date | None = None, camera_realtime: bool = True,
        card_state_file: Path | None = None, facility_code: str = DEFAULT_FACILITY_CODE,
        matcher: Callable[[], FaceMatcher] = default_matcher, data_dir: Path | None = None,
        moved_from: Path | None = None, results: ResultSettings | None = None,
    ) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        self.workdir = workdir
        self.today = today or date.today()
        self.camera_realtime = camera_realtime
        self.card_state_file = card_state_file
        # One store for every placement: a PIN blocked at this kiosk stays blocked when the card is placed again
        # (in memory unless a file is given, so each simulation starts from the personas).
        self._card_state = StateStore(card_state_file)
        self.facility_code = facility_code
        self.scenario = "live"
        self.persona: Persona | None = None
        self.card: VirtualCard | None = None
        self._matcher = matcher
        self.reader = InProcessReader()
        # The simulated facility's own setting at the national system waives liveness, so that the tester's (and
        # staff's) liveness switch at the kiosk keeps its meaning; the backend's default requires it.
        self.backend = InProcessBackend(
            BackendSettings(db_path=workdir / "backend.sqlite3", pki_dir=workdir / "pki", today=self.today,
                            liveness_optional_facilities=(facility_code,)))
        self.transport = SwitchableTransport(self.backend.transport)
        pki = self.backend.pki
        credentials = KioskCredentials(pki.kiosk, pki.kiosk_key, pki.ca)
        client = HttpEligibilityClient("http://backend.invalid", credentials, transport=self.transport,
                                       backoff_seconds=0.0)
        self.backend_side: BackendSide = open_backend_side(data_dir or workdir, client, moved_from=moved_from,
                                                           results=results)
        # The tester's own line to the national system: not cut by set_backend_online(False).
        self.admin = HttpEligibilityClient("http://backend.invalid", credentials, transport=self.backend.transport)
        # The national system's operator (declares disasters): its own token, not the kiosk's certificate.
        self.operator = OperatorClient.for_pki("http://backend.invalid", pki, transport=self.backend.transport)
        self._lock = threading.Lock()

    # -- tester controls ----------------------------------------------------------------------------------------

    def place_card(self, persona_key: str) -> Persona:
        persona = get_persona(persona_key, self.today)
        card = VirtualCard.for_persona(persona, self._card_state)
        with self._lock:
            self.persona, self.card = persona, card
        self.reader.insert(card)
        return persona

    def remove_card(self) -> None:
        self.reader.remove()

    def set_scenario(self, scenario: str) -> None:
        self.scenario = scenario

    def set_backend_online(self, online: bool) -> None:
        self.transport.online = online

    def set_disaster_declared(self, declared: bool) -> None:
        """Declare (or lift) a disaster for this kiosk's facility on the simulated national system."""
        self.operator.set_disaster(self.facility_code, declared)

    # -- maintenance (staff) views -----------------------------------------------------------------------------

    def pending_declarations(self) -> list[StoredDeclaration]:
        """Every self-declaration this kiosk took, with the form while it is not yet at the backend."""
        return self.backend_side.declaration_outbox.entries()

    def backend_declarations(self) -> int:
        """How many self-declarations the simulated national system holds for this facility today."""
        return len(self.admin.today_declarations(self.facility_code))

    # -- what the services use ----------------------------------------------------------------------------------

    def require_persona(self) -> Persona:
        with self._lock:
            if self.persona is None:
                raise RuntimeError("no persona card has been placed")
            return self.persona

    def camera(self) -> FrameSource:
        return SimulatedCamera(self.require_persona(), self.scenario, realtime=self.camera_realtime)

    def reception(self, face_config: VerificationConfig | None = None, *,
                  check_submitter: EligibilitySubmitter | None = None, backend_side: BackendSide | None = None,
                  facility_code: str | None = None) -> Reception:
        """Reception services on this simulation; `check_submitter` and `backend_side` (with its own
        `facility_code`) replace its own (tests wrap them, or talk to the real HTTPS backend)."""
        hardware = CardHardware(self.reader, self.reader.name, _PersonaSurface(self), self.camera, self._matcher,
                                TrustAnchors((auth_ca_certificate(),), (card_face_issuer_key().public_key(),),
                                             ReaderCredential.from_key(certified_reader_certificate(),
                                                                       certified_reader_key())))
        return compose_reception(hardware, backend_side or self.backend_side, facility_code or self.facility_code,
                                 face_config=face_config, check_submitter=check_submitter)

    def close(self) -> None:
        self.reader.remove()
        self.backend_side.close()
        self.admin.close()
        self.operator.close()
        self.backend.close()

    def __enter__(self) -> Simulation:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
