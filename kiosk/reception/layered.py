"""ReceptionServices over the real layers: reader sessions, face verification, the eligibility client."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import cv2
import numpy as np
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding

from kiosk.domain import ConsentItem, IdentityMethod
from kiosk.eligibility.errors import EligibilityError, ErrorCategory
from kiosk.eligibility.models import (
    CheckRequest,
    ConsentChoices,
    DeferredReception,
    EligibilityResult,
    FaceIdentity,
    Identity,
    PinIdentity,
    StaffIdentity,
)
from kiosk.eligibility.reception import SubmissionCancelledError
from kiosk.faceauth import (
    Decision,
    FaceAuthError,
    FaceMatcher,
    FaceVerificationSession,
    FrameSource,
    MatcherUnavailableError,
    Phase,
    Progress,
    ReferenceFace,
    VerificationConfig,
    VerificationOutcome,
    run_verification,
    scene_clock,
)
from kiosk.flow import CardReadFailure, CardSummary, RegistrationFailure, SubmissionRequest, SubmitFailure
from kiosk.flow import events as ev
from kiosk.reader import (
    ApduError,
    BadResponseError,
    CardConnection,
    CardReaders,
    CardReading,
    CardRemovedError,
    CardSurfaceScanner,
    JpkiSession,
    NoCardError,
    NotMyNumberCardError,
    PinBlockedError,
    PinNotVerifiedError,
    ReaderError,
    WrongPinError,
    read_card,
)
from kiosk.reader.cardface import CardFaceSession, unlock_and_read_card_face

from .face_support import FACE_FAILURE, close_matcher, face_progress
from .paths import CardlessPaths, PathsBackend
from .paths import summary as qualification_summary
from .protocol import CardReadAnswer, FaceAnswer, FaceProgress, PinAnswer, PreviewFrame, RegisterAnswer, SubmitAnswer

logger = logging.getLogger(__name__)

_SUBMIT_FAILURE = {
    ErrorCategory.NETWORK_DOWN: SubmitFailure.UNREACHABLE,
    ErrorCategory.TIMEOUT: SubmitFailure.UNREACHABLE,
    ErrorCategory.SERVER_ERROR: SubmitFailure.UNREACHABLE,
    ErrorCategory.CERT_EXPIRED: SubmitFailure.CERT_EXPIRED,
    ErrorCategory.CERT_REVOKED: SubmitFailure.CERT_REVOKED,
    ErrorCategory.NOT_REGISTERED: SubmitFailure.NOT_REGISTERED,
    ErrorCategory.PERSON_UNKNOWN: SubmitFailure.NO_RECORD,
}


class EligibilitySubmitter(Protocol):
    """What the reception needs of the eligibility client: `kiosk.eligibility.ReceptionSubmitter` (with outbox)."""

    def submit(self, request: CheckRequest, *,
               cancelled: Callable[[], bool] = ...) -> EligibilityResult | DeferredReception: ...


@runtime_checkable
class PromptedCamera(Protocol):
    """A frame source that wants to know the liveness prompt (the webcam simulator's live persona obeys it)."""

    def show_prompt(self, prompt: str | None) -> None: ...


@dataclass(frozen=True)
class TrustAnchors:
    """The kiosk's own copies of the JPKI user-auth CA and the card-face issuer key."""

    auth_ca: x509.Certificate | None = None
    card_face_issuer: rsa.RSAPublicKey | None = None


@dataclass
class _Card:
    """What this kiosk holds about the card on the reader; dropped at end_session()."""

    connection: CardConnection
    reading: CardReading
    jpki: JpkiSession | None = None
    photo: bytes | None = field(default=None, repr=False)  # the chip's JPEG 2000 face photo, memory only
    reference: ReferenceFace | None = None
    card_face_signature_valid: bool = False
    face: VerificationOutcome | None = None


class LayeredReceptionServices(CardlessPaths):
    """The real reception services (real hardware or the in-process simulators); without `paths` (issue 6:
    registration, check by number, self-declaration, disaster mode) those effects end in the failsafe screen."""

    def __init__(
        self, *, readers: CardReaders, reader_name: str, surface: CardSurfaceScanner,
        camera: Callable[[], FrameSource], matcher: Callable[[], FaceMatcher], eligibility: EligibilitySubmitter,
        facility_code: str, trust: TrustAnchors, face_config: VerificationConfig | None = None,
        paths: PathsBackend | None = None,
    ) -> None:
        super().__init__(paths)
        self._readers = readers
        self._reader_name = reader_name
        self._surface = surface
        self._camera_factory = camera
        self._matcher_factory = matcher
        self._matcher: FaceMatcher | None = None
        self._matcher_loader: threading.Thread | None = None
        self._closed = False
        self._eligibility = eligibility
        self._facility_code = facility_code
        self._trust = trust
        self.face_config = face_config or VerificationConfig()
        self._card: _Card | None = None
        self._lock = threading.Lock()
        self._card_io = threading.Lock()  # the card-face read: the reception lane and the staff page may both ask
        self._face_session: FaceVerificationSession | None = None
        self._submit_cancelled = threading.Event()  # the card left while the check was under way
        # Of the last face attempt: prompt shown -> first frame facing the camera again, i.e. the patient's
        # prompted head turn and return (benchmarks leave it out; it is the patient's time, not the machine's).
        self.last_liveness_seconds = 0.0

    def start_matcher(self) -> None:
        """Build the face matcher on a background thread (the process matcher takes ~2 s); idempotent."""
        with self._lock:
            if self._closed or self._matcher is not None or self._matcher_loader is not None:
                return
            self._matcher_loader = threading.Thread(target=self._load_matcher, name="face-matcher-start",
                                                    daemon=True)
            self._matcher_loader.start()

    def wait_for_card(self, present: bool, timeout: float | None = None,
                      abort: threading.Event | None = None) -> bool:
        return self._readers.wait_for_card(self._reader_name, present, timeout, abort) is not None

    def read_card(self) -> CardReadAnswer:
        self.end_session()
        self._register_cancelled.clear()  # a new patient
        self._submit_cancelled.clear()
        try:
            connection = self._readers.connect(self._reader_name)
            reading = read_card(connection, self._trust.auth_ca)
        except (NoCardError, CardRemovedError):
            return ev.CardRemoved()
        except NotMyNumberCardError:
            return ev.CardReadFailed(CardReadFailure.NOT_MY_NUMBER_CARD)
        except (BadResponseError, ApduError) as error:
            logger.warning("card unreadable: %s", type(error).__name__)
            return ev.CardReadFailed(CardReadFailure.UNREADABLE)
        if not reading.chain.ok:
            logger.warning("card certificate rejected: %s", reading.chain.status.value)
            connection.close()
            return ev.CardReadFailed(CardReadFailure.UNREADABLE)
        self._card = _Card(connection, reading)
        return ev.CardRead(CardSummary(reading.not_before, reading.not_after, reading.pin_tries_left))

    def verify_pin(self, pin: str) -> PinAnswer:
        card = self._require_card()
        try:
            session = JpkiSession(card.connection)
            session.verify_pin(pin)
        except WrongPinError as error:
            return ev.PinRejected(error.tries_left)
        except PinBlockedError:
            return ev.PinBlocked()
        except CardRemovedError:
            return ev.CardRemoved()
        card.jpki = session
        return ev.PinVerified()

    def verify_face(self, *, on_prompt: Callable[[str], None] | None = None,
                    on_frame: Callable[[PreviewFrame], None] | None = None,
                    on_progress: Callable[[FaceProgress], None] | None = None) -> FaceAnswer:
        card = self._require_card()
        try:
            reference = self._reference(card)
            matcher = self._get_matcher()
        except CardRemovedError:
            return ev.CardRemoved()
        except (ReaderError, FaceAuthError) as error:
            # Without the chip photo (or a matcher) there is nothing to compare: the flow falls back to the PIN.
            logger.warning("face verification unavailable: %s", type(error).__name__)
            return ev.CameraLost()
        try:
            camera = self._camera_factory()
        except FaceAuthError:
            return ev.CameraLost()
        shown: list[str | None] = [None]
        self.last_liveness_seconds = 0.0

        def progress(update: Progress) -> None:
            prompt = update.prompt.value if update.prompt else None
            if prompt != shown[0]:
                shown[0] = prompt
                if isinstance(camera, PromptedCamera):
                    camera.show_prompt(prompt)
                if prompt and on_prompt:
                    on_prompt(prompt)
            if on_progress is not None and update.phase is not Phase.DONE:
                on_progress(face_progress(update))

        # A stepped camera (the simulator for tests) keeps the session on its scene clock, frame by frame.
        stepped = scene_clock(camera)
        session = FaceVerificationSession(matcher, reference, self.face_config, on_progress=progress,
                                          clock=stepped or time.monotonic)
        with self._lock:
            self._face_session = session
        try:
            outcome = run_verification(camera, session, on_frame=on_frame, lockstep=stepped is not None)
        except MatcherUnavailableError as error:
            # The matcher process died: start a fresh one for the next patient; this one can use the PIN.
            logger.error("face matcher failed: %s", type(error).__name__)
            self._drop_matcher(matcher)
            return ev.CameraLost()
        finally:
            camera.close()
            with self._lock:
                self._face_session = None
        self.last_liveness_seconds = outcome.liveness.seconds
        if outcome.decision is Decision.MATCHED:
            card.face = outcome
            return ev.FaceMatched(outcome.distance)
        if outcome.decision is Decision.CAMERA_LOST:
            return ev.CameraLost()
        return ev.FaceNotMatched(FACE_FAILURE[outcome.decision])

    def cancel_face(self) -> None:
        with self._lock:
            session = self._face_session
        if session is not None:
            session.cancel()

    def cancel_submit(self) -> None:
        self._submit_cancelled.set()

    def submit(self, request: SubmissionRequest) -> SubmitAnswer:
        card = self._require_card()
        consents = ConsentChoices(**{item.value: bool(request.consents.get(item, False)) for item in ConsentItem})
        check = CheckRequest(card.reading.certificate.public_bytes(Encoding.DER), self._identity(card, request),
                             consents, self._facility_code)
        try:
            answer = self._eligibility.submit(check, cancelled=self._submit_cancelled.is_set)
        except (CardRemovedError, SubmissionCancelledError):
            return ev.CardRemoved()  # nothing was kept or sent; the flow has already gone back to idle
        except ReaderError as error:  # the card would not sign (e.g. it forgot the PIN): nothing was sent
            logger.warning("the card could not sign the check: %s", type(error).__name__)
            return ev.SubmitFailed(SubmitFailure.REJECTED)
        except EligibilityError as error:
            logger.warning("eligibility check failed: %s (%s)", error.category.value, error.code)
            if error.category is ErrorCategory.INVALID_QUALIFICATION and error.result is not None:
                return ev.Submitted(qualification_summary(error.result))
            return ev.SubmitFailed(_SUBMIT_FAILURE.get(error.category, SubmitFailure.REJECTED))
        if isinstance(answer, DeferredReception):
            return ev.SubmitFailed(SubmitFailure.UNREACHABLE, queued=True)
        return ev.Submitted(qualification_summary(answer))

    def register(self, terms_version: str, method: IdentityMethod) -> RegisterAnswer:
        """保険証利用登録 with this session's evidence; the refused check is then re-sent with the same evidence.

        PIN: the card signs a fresh challenge for the registration and another for the re-sent check; VERIFY
        status lasts while the JPKI AP stays selected (nothing reselects it between them), so the patient is not
        asked again. Face: the match of this session is re-attested by the kiosk key for each request.
        """
        card = self._require_card()
        identity = self._identity(card, SubmissionRequest(method, {}))
        if isinstance(identity, StaffIdentity):
            raise RuntimeError("a staff visual check cannot register a card")
        try:
            return self._send_registration(card.reading.certificate.public_bytes(Encoding.DER), identity,
                                           terms_version)
        except CardRemovedError:
            return ev.CardRemoved()
        except PinNotVerifiedError:  # the AP was reselected meanwhile: the patient must start again
            return ev.RegistrationFailed(RegistrationFailure.REJECTED)

    def card_photo(self) -> PreviewFrame | None:
        """The chip's face photo for the staff visual check, decoded in memory; None if it cannot be read."""
        card = self._card
        if card is None:
            return None
        if card.jpki is not None and card.photo is None:
            # Reading the card-face AP deselects the JPKI AP, and the card forgets the verified PIN: the signature
            # the check still needs would then fail. After a PIN confirmation staff have no photo to compare.
            logger.info("no card photo for the visual check: the PIN is already confirmed on this card")
            return None
        try:
            photo = self._chip_photo(card)
        except (ReaderError, CardRemovedError) as error:
            logger.info("no card photo for the visual check: %s", type(error).__name__)
            return None
        image = cv2.imdecode(np.frombuffer(photo, dtype=np.uint8), cv2.IMREAD_COLOR)
        return None if image is None else np.asarray(image, dtype=np.uint8)

    def end_session(self) -> None:
        self.cancel_face()
        card, self._card = self._card, None
        if card is not None:
            card.connection.close()

    def close(self) -> None:
        """End the session and stop the matcher (and its process); a matcher still starting is stopped too."""
        self.end_session()
        with self._lock:
            self._closed = True
            loader = self._matcher_loader
        if loader is not None:
            loader.join()
        with self._lock:
            matcher, self._matcher = self._matcher, None
        close_matcher(matcher)

    # -- helpers ---------------------------------------------------------------------------------------------

    def _require_card(self) -> _Card:
        if self._card is None:
            raise RuntimeError("no card has been read in this session")
        return self._card

    def _load_matcher(self) -> None:
        try:
            matcher: FaceMatcher | None = self._matcher_factory()
        except Exception as error:  # noqa: BLE001 - reported when a face attempt asks for the matcher
            logger.error("the face matcher did not start: %s", type(error).__name__)
            matcher = None
        with self._lock:
            self._matcher_loader = None
            if self._closed:
                matcher, closing = None, matcher
            else:
                self._matcher, closing = matcher, None
        close_matcher(closing)

    def _get_matcher(self) -> FaceMatcher:
        """The matcher, waiting for it if it is still starting (started now if nobody started it).

        Raises:
            MatcherUnavailableError: it could not be started.
        """
        self.start_matcher()
        with self._lock:
            loader = self._matcher_loader
        if loader is not None:
            loader.join()
        with self._lock:
            matcher = self._matcher
        if matcher is None:
            raise MatcherUnavailableError("the face matcher could not be started")
        return matcher

    def _drop_matcher(self, matcher: FaceMatcher) -> None:
        with self._lock:
            if self._matcher is matcher:
                self._matcher = None
        close_matcher(matcher)
        self.start_matcher()

    def _chip_photo(self, card: _Card) -> bytes:
        """Unlock the card-face AP with the scanned 照合番号B, check the issuer signature; read once per card."""
        with self._card_io:
            if card.photo is None:
                face = unlock_and_read_card_face(CardFaceSession(card.connection), self._surface)
                issuer = self._trust.card_face_issuer
                card.card_face_signature_valid = issuer is not None and face.verify_issuer_signature(issuer)
                card.photo = face.face_photo
            return card.photo

    def _reference(self, card: _Card) -> ReferenceFace:
        """The chip photo's encoding, computed once per card."""
        if card.reference is None:
            card.reference = self._get_matcher().encode_reference(self._chip_photo(card))
        return card.reference

    def _identity(self, card: _Card, request: SubmissionRequest) -> Identity:
        if request.method is IdentityMethod.PIN:
            if card.jpki is None:
                raise RuntimeError("PIN identity without a verified PIN")
            return PinIdentity(sign=card.jpki.sign_sha256)
        if request.method is IdentityMethod.FACE:
            if card.face is None or card.face.distance is None:
                raise RuntimeError("face identity without a face match")
            return FaceIdentity(card.face.distance, card.face.liveness.passed,
                                card.card_face_signature_valid)
        if request.staff_id is None:
            raise RuntimeError("staff identity without a staff id")
        return StaffIdentity(request.staff_id)
