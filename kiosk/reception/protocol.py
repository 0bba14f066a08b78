"""What an effects runner calls, one small blocking interface per capability; each answers with a flow event.

Call them from a worker thread, never the UI thread. Expected failures come back as events; anything else raises,
and the runner turns it into UnexpectedError.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np
from numpy.typing import NDArray

from kiosk.domain import IdentityMethod
from kiosk.flow import DeclarationDraft, Failure, QualificationQuery
from kiosk.flow import events as ev

if TYPE_CHECKING:
    from kiosk.eligibility import StoredDeclaration

PreviewFrame = NDArray[np.uint8]
CardReadAnswer = ev.CardRead | ev.CardReadFailed | ev.CardRemoved
PinAnswer = ev.PinVerified | ev.PinRejected | ev.PinBlocked | ev.CardRemoved
FaceAnswer = ev.FaceMatched | ev.FaceNotMatched | ev.CameraLost | ev.CardFrontUnread | ev.CardRemoved
CheckAnswer = ev.QualificationChecked | ev.QualificationCheckFailed | ev.CheckDropped
RegisterAnswer = ev.Registered | ev.RegistrationFailed | ev.CardRemoved
DeclarationAnswer = ev.DeclarationRecorded | ev.DeclarationFailed


@dataclass(frozen=True)
class FaceProgress:
    """What the face screen draws while a verification runs; positions only, never pixels."""

    phase: str  # waiting_for_face, matching, liveness, confirming
    faces: int  # faces counted in the last analysed frame
    face: tuple[float, float, float, float] | None = None  # the largest face: x, y, w, h as fractions of the frame
    prompt: str | None = None
    turn_progress: float = 0.0  # 0..1 of the prompted turn done


class CardService(Protocol):
    """The card on the reader and the patient it belongs to."""

    def wait_for_card(self, present: bool, timeout: float | None = None,
                      abort: threading.Event | None = None) -> bool:
        """Block until a card is (or is no longer) on the reader; False on timeout or abort."""
        ...

    def read_card(self) -> CardReadAnswer:
        """A new patient: read the user-auth certificate, check it against the CA, count the PIN tries."""
        ...

    def verify_pin(self, pin: str) -> PinAnswer:
        """VERIFY the user-auth PIN; the card stays unlocked for the signature at submission. The PIN is not kept."""
        ...

    def card_photo(self) -> PreviewFrame | None:
        """The chip's face photo for the staff visual check (decoded, memory only), None without one."""
        ...

    def end_session(self) -> None:
        """Forget this patient: certificate, card-face data, identity evidence, connection."""
        ...


class FaceService(Protocol):
    def verify_face(self, *, on_prompt: Callable[[str], None] | None = None,
                    on_frame: Callable[[PreviewFrame], None] | None = None,
                    on_progress: Callable[[FaceProgress], None] | None = None) -> FaceAnswer:
        """One face attempt against the chip photo (read and signature-checked once per card).

        Callbacks come from worker threads: `on_prompt` when the liveness prompt changes, `on_frame` with every
        camera frame (the preview), `on_progress` after every analysed frame (where the face is).
        """
        ...

    def cancel_face(self) -> None:
        """Stop a running verify_face() from another thread; it then answers FaceNotMatched(TIMED_OUT)."""
        ...


class CheckService(Protocol):
    def check(self, request: QualificationQuery) -> CheckAnswer:
        """One qualification check. By card: sign (PIN), attest (face) or name the staff member, and check; kept
        in the outbox if offline. By a paper certificate's numbers, or by kana and birth date in disaster mode."""
        ...

    def cancel_check(self) -> None:
        """The reception ended while check() runs (from another thread, at once): a card check not yet kept in
        the outbox is neither kept nor sent (check() then answers CheckDropped); one already kept still goes."""
        ...


class RegistrationService(Protocol):
    def register(self, terms_version: str, method: IdentityMethod) -> RegisterAnswer:
        """保険証利用登録 with this session's face or PIN evidence; "already registered" answers Registered."""
        ...

    def cancel_register(self) -> None:
        """Do not send a registration not yet sent; the flow ignores a late answer."""
        ...


class DeclarationService(Protocol):
    def save_draft(self, draft: DeclarationDraft, reason: Failure | None) -> None:
        """Persist the declaration draft durably; storage trouble is logged, never raised."""
        ...

    def discard_draft(self) -> None:
        """Delete the saved draft; storage trouble is logged, never raised."""
        ...

    def submit_declaration(self, draft: DeclarationDraft, reason: Failure | None) -> DeclarationAnswer:
        """Outbox (fsync) first, then the draft is deleted, then the backend; DeclarationRecorded(sent)."""
        ...

    def pending(self) -> list[StoredDeclaration]:
        """Staff view: every declaration this kiosk took, with the form while not yet delivered."""
        ...


class DisasterService(Protocol):
    def record_disaster_mode(self, on: bool, staff_id: str) -> None:
        """Persist and audit the disaster-mode setting; logged, never raised."""
        ...


class StartupService(Protocol):
    def startup_events(self) -> list[ev.Event]:
        """Send these to the flow at start: DisasterModeChanged (if it was on), RestoreDraft (a recent draft)."""
        ...

    def replay_pending(self) -> int:
        """Send what the outboxes (declarations, receptions) kept; how many are still pending. Call it at start
        and now and then (a worker thread); the services also replay declarations after any backend success."""
        ...


@dataclass(frozen=True)
class ReceptionServices:
    """The capabilities the flow's effects run against (`execute_effect`), one small interface each."""

    card: CardService
    face: FaceService
    check: CheckService
    registration: RegistrationService
    declarations: DeclarationService
    disaster: DisasterService
    startup: StartupService
