"""The embedded simulated hardware: in-process reader slot with persona cards, webcam simulator, backend.

`kiosk run --simulate`, `kiosk reception --headless` and the tests all build it here. Nothing happens at import.
"""

from __future__ import annotations

import threading
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
from hardware_sim.personas.pki import auth_ca_certificate, card_face_issuer_key
from kiosk.eligibility import (
    DeclarationOutbox,
    DeclarationSubmitter,
    HttpEligibilityClient,
    KioskCredentials,
    Outbox,
    ReceptionSubmitter,
    StoredDeclaration,
)
from kiosk.faceauth import FaceMatcher, FrameSource, VerificationConfig
from kiosk.faceauth.process_matcher import default_matcher
from kiosk.reader import InProcessReader, PrintedCardFace
from kiosk.reception.layered import EligibilitySubmitter, LayeredReceptionServices, TrustAnchors
from kiosk.reception.paths import PathsBackend
from kiosk.reception.store import LocalStore

DEFAULT_FACILITY_CODE = "1310000001"


class SwitchableTransport(httpx.BaseTransport):
    """The in-process backend's transport with a cable to pull: offline, every request fails to connect."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self._inner = inner
        self.online = True

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if not self.online:
            raise httpx.ConnectError("simulated network outage", request=request)
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


class _PersonaSurface:
    """The card-surface scanner: 'reads' the printed face of whichever persona card is on the reader."""

    def __init__(self, simulation: Simulation) -> None:
        self._simulation = simulation

    def scan(self) -> PrintedCardFace:
        printed = self._simulation.require_persona().card_face_print
        return PrintedCardFace(printed.birth_date, printed.card_expiry, printed.security_code)


class Simulation:
    """Simulated reader, camera and backend sharing one working directory (databases, PKI, card state)."""

    def __init__(
        self, workdir: Path, *, today: date | None = None, camera_realtime: bool = True,
        card_state_file: Path | None = None, facility_code: str = DEFAULT_FACILITY_CODE,
        matcher: Callable[[], FaceMatcher] = default_matcher,
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
        self.backend = InProcessBackend(
            BackendSettings(db_path=workdir / "backend.sqlite3", pki_dir=workdir / "pki", today=self.today))
        self.transport = SwitchableTransport(self.backend.transport)
        pki = self.backend.pki
        credentials = KioskCredentials(pki.kiosk, pki.kiosk_key, pki.ca)
        self.client = HttpEligibilityClient("http://backend.invalid", credentials, transport=self.transport,
                                            backoff_seconds=0.0)
        self.outbox = Outbox(workdir / "outbox.sqlite3")
        self.submitter = ReceptionSubmitter(self.client, self.outbox)
        # Declarations share the outbox file (their own table); the draft and kiosk settings sit next to it.
        self.declaration_outbox = DeclarationOutbox(workdir / "outbox.sqlite3")
        self.declarations = DeclarationSubmitter(self.client, self.declaration_outbox)
        self.store = LocalStore(workdir / "kiosk-state.sqlite3")
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
        return self.declaration_outbox.entries()

    def backend_declarations(self) -> int:
        """How many self-declarations the simulated national system holds for this facility today."""
        return len(self.admin.today_declarations(self.facility_code))

    def paths(self) -> PathsBackend:
        return PathsBackend(self.client, self.declarations, self.declaration_outbox, self.store, self.facility_code,
                            replayers=(self.submitter,))

    # -- what the services use ----------------------------------------------------------------------------------

    def require_persona(self) -> Persona:
        with self._lock:
            if self.persona is None:
                raise RuntimeError("no persona card has been placed")
            return self.persona

    def camera(self) -> FrameSource:
        return SimulatedCamera(self.require_persona(), self.scenario, realtime=self.camera_realtime)

    def services(self, face_config: VerificationConfig | None = None, *,
                 eligibility: EligibilitySubmitter | None = None,
                 paths: PathsBackend | None = None) -> LayeredReceptionServices:
        """Reception services on this simulation; `eligibility` and `paths` replace its own (tests wrap them)."""
        trust = TrustAnchors(auth_ca_certificate(), card_face_issuer_key().public_key())
        return LayeredReceptionServices(
            readers=self.reader, reader_name=self.reader.name, surface=_PersonaSurface(self), camera=self.camera,
            matcher=self._matcher, eligibility=eligibility or self.submitter, facility_code=self.facility_code,
            trust=trust, face_config=face_config, paths=paths or self.paths(),
        )

    def close(self) -> None:
        self.reader.remove()
        self.client.close()
        self.admin.close()
        self.operator.close()
        self.outbox.close()
        self.declaration_outbox.close()
        self.store.close()
        self.backend.close()

    def __enter__(self) -> Simulation:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
