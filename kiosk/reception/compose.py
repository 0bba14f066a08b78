"""The one place that puts the reception together, for real and simulated hardware alike.

`open_backend_side()` opens what the kiosk keeps for the backend in its data folder (outboxes, local store) around
an eligibility client; `compose_reception()` builds the services the flow's effects run on from the card and
camera hardware and that backend side.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.eligibility import DeclarationOutbox, DeclarationSubmitter, HttpEligibilityClient, Outbox, ReceptionSubmitter
from kiosk.faceauth import FaceMatcher, FrameSource, VerificationConfig
from kiosk.reader import CardReaders, CardSurfaceScanner
from kiosk.reader.card_counts import CardCounts
from kiosk.reader.pin_ledger import PIN_COUNT_KEPT_HOURS, PinLedger
from kiosk.reader.trust_anchors import TrustAnchors
from kiosk.results import ResultDelivery, ResultSettings, open_result_delivery

from .card import ReaderCardService
from .check import BackendCheckService, EligibilitySubmitter
from .declarations import DeclarationDesk, OutboxDeclarationService
from .face import CameraFaceService
from .face_lock import FaceLocks
from .lookups import BackendLookups, StoredDisasterMode
from .matcher import MatcherKeeper
from .protocol import ReceptionServices
from .registration import BackendRegistrationService
from .session import ChipPhotoReader, PatientSession
from .startup import KioskStartupService, OutboxReplay
from .store import LocalStore

logger = logging.getLogger(__name__)

OUTBOX_FILE = "outbox.sqlite3"  # receptions and declarations, a table each
STATE_FILE = "kiosk-state.sqlite3"  # the declaration draft and the disaster-mode setting
FACE_LOCK_FILE = "face-locks.json"  # consecutive failed face tries per card
PIN_COUNT_FILE = "pin-counts.json"  # PIN VERIFYs sent per card since its last success (never a PIN)
_SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")  # moved before the database: a WAL may hold committed rows


@dataclass(frozen=True)
class BackendSide:
    """The eligibility client and what the kiosk keeps for the backend: the outboxes with their submitters, the
    local store, and the finished receptions owed to the clinic (result files, desk rows). Owns them all:
    `close()` closes the client too (and delivers what the result folder can take)."""

    client: HttpEligibilityClient
    outbox: Outbox
    submitter: ReceptionSubmitter
    declaration_outbox: DeclarationOutbox
    declarations: DeclarationSubmitter
    store: LocalStore
    results: ResultDelivery

    def close(self) -> None:
        self.results.close()
        self.client.close()
        self.outbox.close()
        self.declaration_outbox.close()
        self.store.close()


def move_kiosk_state(old_dir: Path, data_dir: Path) -> list[str]:
    """Move the outbox and local store an older kiosk kept in `old_dir` into `data_dir`; the names moved.

    A database already in `data_dir` is never overwritten: the old one then stays where it is (logged for staff).
    """
    if not old_dir.is_dir() or (data_dir.exists() and old_dir.resolve() == data_dir.resolve()):
        return []
    moved = []
    for name in (OUTBOX_FILE, STATE_FILE):
        source = old_dir / name
        if not source.exists():
            continue
        if (data_dir / name).exists():
            logger.error("%s is both in %s and in %s: the old one was left where it is", name, old_dir, data_dir)
            continue
        data_dir.mkdir(parents=True, exist_ok=True)
        for suffix in _SQLITE_COMPANIONS:
            companion = old_dir / f"{name}{suffix}"
            if companion.exists():
                shutil.move(companion, data_dir / companion.name)
        shutil.move(source, data_dir / name)
        logger.info("%s moved from %s to the data folder %s", name, old_dir, data_dir)
        moved.append(name)
    return moved


def open_backend_side(data_dir: Path, client: HttpEligibilityClient, *, moved_from: Path | None = None,
                      results: ResultSettings | None = None) -> BackendSide:
    """Outboxes, local store and result files in `data_dir` around `client`; first moves in those an older kiosk
    kept in `moved_from` (it kept them beside its client certificate), so nothing queued is lost."""
    if moved_from is not None:
        move_kiosk_state(moved_from, data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    outbox = Outbox(data_dir / OUTBOX_FILE)
    declaration_outbox = DeclarationOutbox(data_dir / OUTBOX_FILE)
    return BackendSide(client, outbox, ReceptionSubmitter(client, outbox), declaration_outbox,
                       DeclarationSubmitter(client, declaration_outbox), LocalStore(data_dir / STATE_FILE),
                       open_result_delivery(data_dir, results))


@dataclass(frozen=True)
class CardHardware:
    """The reader, card-surface scanner and camera one reception lane uses, and the anchors it trusts."""

    readers: CardReaders
    reader_name: str
    surface: CardSurfaceScanner
    camera: Callable[[], FrameSource]
    matcher: Callable[[], FaceMatcher]
    trust: TrustAnchors


@dataclass(frozen=True)
class Reception:
    """The composed services, and what only the composition root touches: the matcher's life, the face settings,
    the patient session (tests look into it)."""

    services: ReceptionServices
    session: PatientSession
    face: CameraFaceService
    matchers: MatcherKeeper
    replay: OutboxReplay
    pins: PinLedger  # the kiosk's own PIN count per card (staff see and clear the capped ones)

    def start_matcher(self) -> None:
        """Build the face matcher in the background (the process matcher takes ~2 s); idempotent."""
        self.matchers.start()

    def apply_face_config(self, config: VerificationConfig) -> None:
        """Used from the next face attempt on."""
        self.face.config = config

    def close(self) -> None:
        """End the session, stop the matcher (and its process), let a running replay end (each call has a 6 s
        deadline). The backend side is its opener's to close."""
        self.replay.wait_for_replay_after_success(timeout=30.0)
        self.face.cancel_face()
        self.session.end()
        self.matchers.close()


def compose_reception(hardware: CardHardware, backend: BackendSide, facility_code: str, *,
                      face_config: VerificationConfig | None = None,
                      check_submitter: EligibilitySubmitter | None = None) -> Reception:
    """`check_submitter` replaces the backend side's reception submitter (tests record what is sent)."""
    session = PatientSession()
    chip_photos = ChipPhotoReader(hardware.surface, hardware.trust)
    matchers = MatcherKeeper(hardware.matcher)
    # Face-auth locks and the PIN count live beside the kiosk's other data, so that a restart does not unlock a card
    # or give it more PIN tries.
    data_dir = backend.store.path.parent
    locks = FaceLocks(data_dir / FACE_LOCK_FILE)
    pins = PinLedger(CardCounts(data_dir / PIN_COUNT_FILE, forget_after_seconds=PIN_COUNT_KEPT_HOURS * 3600))
    face = CameraFaceService(session, chip_photos, hardware.camera, matchers, face_config, locks)
    desk = DeclarationDesk(backend.declarations, backend.declaration_outbox)
    replay = OutboxReplay(desk, receptions=(backend.submitter,))
    services = ReceptionServices(
        card=ReaderCardService(hardware.readers, hardware.reader_name, session, chip_photos, hardware.trust, pins),
        face=face,
        check=BackendCheckService(session, check_submitter or backend.submitter, facility_code,
                                  BackendLookups(backend.client, facility_code, replay.after_backend_success,
                                                 backend.results), backend.results, replay.after_backend_success),
        registration=BackendRegistrationService(session, backend.client, facility_code),
        declarations=OutboxDeclarationService(desk, backend.store, facility_code, replay.after_backend_success),
        disaster=StoredDisasterMode(backend.store),
        startup=KioskStartupService(backend.store, desk, replay),
    )
    return Reception(services, session, face, matchers, replay, pins)
