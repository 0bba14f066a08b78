"""The checking logic of the simulated national qualification service, free of HTTP."""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from cryptography import x509

from hardware_sim.personas import all_personas
from hardware_sim.personas.pki import auth_ca_certificate, user_auth_crl
from kiosk.domain import (
    CertificateStatus,
    ConsentCode,
    ConsentItem,
    certificate_status,
    grace_period_end,
    statements,
)

from .challenges import KEY_BYTES, ChallengeMinter
from .errors import ApiError, ErrorCode
from .models import CheckIn, FaceProof, KioskAttestation, PinProof, StaffProof, timestamp_seconds
from .national_record import REGISTERED, answer_fields, insured_record
from .settings import BackendSettings
from .store import CheckRow, Store, StoredResponse
from .tls_pki import ensure_pki
from .verify import KioskCertificate, UserCertificate, Verifier

log = logging.getLogger(__name__)
CHALLENGE_KEY_NAME = "challenge_hmac"
FUTURE_SKEW_SECONDS = 300


def _b64(value: str, what: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ApiError(ErrorCode.INVALID_BASE64, what) from error


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).isoformat(timespec="seconds")


def _same_request(stored: StoredResponse, request_hash: str, kiosk: str) -> StoredResponse:
    """The stored answer for an idempotency key, if the request is the one it answered and the same kiosk asks
    again; else IDEMPOTENCY_CONFLICT."""
    if stored.request_hash != request_hash or stored.kiosk != kiosk:
        raise ApiError(ErrorCode.IDEMPOTENCY_CONFLICT)
    return stored


def _same_reception(stored: StoredResponse, kiosk: KioskCertificate, request_hash: str,
                    digest: str) -> StoredResponse:
    """The stored answer to the kiosk that asked it, for the same reception in either form (online or deferred):
    a reception refused online stays refused when its deferred form arrives."""
    same = stored.reception_digest == digest if stored.reception_digest is not None \
        else stored.request_hash == request_hash
    if not same or stored.kiosk != kiosk.kiosk_id:
        raise ApiError(ErrorCode.IDEMPOTENCY_CONFLICT)
    return stored


def require_own_facility(caller: KioskCertificate, facility_code: str | None) -> str:
    """The caller's facility; FACILITY_MISMATCH when the request names another one (None: the caller's)."""
    if facility_code is not None and facility_code != caller.facility_code:
        raise ApiError(ErrorCode.FACILITY_MISMATCH)
    return caller.facility_code


def method_fields(identity: PinProof | FaceProof | StaffProof, card_signature: bytes) -> list[tuple[str, str]]:
    """The identity method's fields of the kiosk statement (each binds the card's signature)."""
    if isinstance(identity, PinProof):
        return statements.pin_fields(card_signature)
    if isinstance(identity, FaceProof):
        return statements.face_fields(identity.distance, identity.liveness, identity.card_face_signature_valid,
                                      card_signature)
    return statements.staff_fields(identity.staff_id, card_signature)


@dataclass(frozen=True)
class _Decision:
    outcome: ErrorCode | None  # None: a qualification answer
    cert_serial: int | None
    consents: dict[str, tuple[int, str | None]]
    fields: dict[str, object]


class EligibilityService:
    """Challenges, checks and records; the HTTP app and the in-process transport both drive this."""

    def __init__(self, settings: BackendSettings, store: Store, verifier: Verifier,
                 insured: dict[int, dict[str, object]], clock: Callable[[], float] = time.time,
                 minter: ChallengeMinter | None = None) -> None:
        self.settings = settings
        self.store = store
        self.verifier = verifier
        self.minter = minter or ChallengeMinter(store.secret(CHALLENGE_KEY_NAME, KEY_BYTES))
        self._insured = insured
        self._clock = clock

    @classmethod
    def build(cls, settings: BackendSettings, clock: Callable[[], float] = time.time) -> EligibilityService:
        """Open the database, seed it from the personas, and load the CAs and the CRL."""
        today = settings.today or date.today()
        personas = list(all_personas(today).values())
        store = Store(settings.db_path, settings.sqlite_synchronous)
        store.seed((p.cert_serial, p.key, record) for p in personas
                   if p.is_my_number_card and (record := insured_record(p)) is not None)
        pki = ensure_pki(settings.pki_dir)
        kiosk_ca = x509.load_pem_x509_certificate(pki.ca.read_bytes())
        verifier = Verifier(auth_ca_certificate(), user_auth_crl(personas, today).der, kiosk_ca)
        insured = {serial: record for serial, (_, record) in store.insured().items()}
        return cls(settings, store, verifier, insured, clock)

    def close(self) -> None:
        self.store.close()

    def today(self) -> date:
        return self.settings.today or datetime.fromtimestamp(self._clock()).date()

    def reception_day(self, reception_time: float) -> date:
        """The day a reception happened (a deferred one: when the kiosk captured it), or the configured day."""
        return self.settings.today or datetime.fromtimestamp(reception_time).date()

    def record_refusal(self, method: str, path: str, code: str) -> None:
        """For audit: a request refused before any decision (malformed, replayed, forged attestation...).
        Only what was asked and why it was refused; the body may hold personal data and is not kept."""
        try:
            self.store.record_refusal(_iso(self._clock()), self.today().isoformat(), method, path, code)
        except sqlite3.Error as error:  # the refusal itself must still be answered
            log.error("refusal not recorded: %s", type(error).__name__)

    def refusals(self, day: date | None = None) -> list[dict[str, str]]:
        return self.store.refusals((day or self.today()).isoformat())

    def issue_challenge(self) -> tuple[str, datetime]:
        """A stateless challenge (HMAC-authenticated nonce and expiry): nothing is written until it is used."""
        challenge, expires = self.minter.issue(self._clock(), self.settings.challenge_ttl_seconds)
        return base64.b64encode(challenge).decode(), datetime.fromtimestamp(expires, UTC)

    def check(self, request: CheckIn, caller: KioskCertificate) -> StoredResponse:
        """Decide and store one check; a known idempotency key returns the first answer, to the kiosk that asked it.

        The kiosk's attestation is verified before anything is answered, stored answers included; the check must be
        for the facility the calling kiosk is bound to.

        Raises:
            ApiError: for input, facility, freshness and attestation problems (nothing is stored then).
        """
        now = self._clock()
        require_own_facility(caller, request.facility_code)
        certificate_der = _b64(request.certificate, "certificate")
        deferred = request.challenge is None
        if request.deferred != deferred:
            raise ApiError(ErrorCode.INVALID_REQUEST, "deferred must be true exactly when there is no challenge")
        if deferred and request.sequence is None:
            raise ApiError(ErrorCode.SEQUENCE_REQUIRED)
        sequence = request.sequence if deferred else None
        challenge = None if request.challenge is None else _b64(request.challenge, "challenge")
        card_part = statements.card_statement(
            idempotency_key=request.idempotency_key, facility_code=request.facility_code,
            captured_at=request.captured_at, certificate_der=certificate_der, challenge_b64=request.challenge,
            sequence=sequence)
        identity = request.identity
        card_signature = _b64(identity.card_signature, "card_signature")
        fields = method_fields(identity, card_signature)
        prescription = None if request.prescription_issue is None else int(request.prescription_issue)
        kiosk_part = statements.kiosk_statement(card_part, method=identity.method, method_fields=fields,
                                                consents=[item.wire_name for item in request.consents.given()],
                                                prescription=prescription)
        user = self.verifier.user_certificate(certificate_der)  # a malformed certificate is a 422 either way
        kiosk = self.attested_by_caller(request.kiosk, kiosk_part, caller)
        request_hash = hashlib.sha256(kiosk_part).hexdigest()
        digest = statements.reception_digest(kiosk_part)
        existing = self.store.find(request.idempotency_key)
        if existing is not None:
            return _same_reception(existing, kiosk, request_hash, digest)
        captured = timestamp_seconds(request.captured_at)
        if deferred:
            max_age = self.settings.deferred_max_age_hours * 3600
            if now - captured > max_age or captured > now + FUTURE_SKEW_SECONDS:
                raise ApiError(ErrorCode.DEFERRED_TOO_OLD)
        opened = self.minter.open(challenge) if challenge is not None else None
        if opened is None and not deferred:  # not made by this service (forged, truncated, other key)
            raise ApiError(ErrorCode.CHALLENGE_UNKNOWN)
        reception_time = captured if deferred else now
        decision = self._decide(request, user, card_signature, card_part, reception_time)
        status = 200 if decision.outcome is None else ApiError(decision.outcome).status
        row = CheckRow(
            idempotency_key=request.idempotency_key, request_hash=request_hash, received_at=_iso(now),
            day=self.today().isoformat(), captured_at=request.captured_at, facility_code=request.facility_code,
            kiosk=kiosk.kiosk_id, identity_method=identity.method,
            staff_id=identity.staff_id if isinstance(identity, StaffProof) else None, deferred=deferred,
            cert_serial=decision.cert_serial, outcome=decision.outcome.value if decision.outcome else "OK",
            http_status=status, consents=decision.consents, evidence=dict(fields), prescription_issue=prescription,
            reception_digest=digest, sequence=sequence)

        body: dict[str, object] = ApiError(decision.outcome).body() if decision.outcome is not None else {
            "idempotency_key": request.idempotency_key, "facility_code": request.facility_code,
            "identity_method": identity.method, "deferred": deferred, "captured_at": request.captured_at,
            "checked_at": _iso(now), **decision.fields}
        stored = self.store.record(row, body, challenge=opened, challenge_required=not deferred, now=now)
        log.info("check %s by %s: %s (%s)", request.idempotency_key, kiosk.kiosk_id, row.outcome, identity.method)
        return _same_reception(stored, kiosk, request_hash, digest)

    def attested_by_caller(self, attestation: KioskAttestation, statement: bytes,
                           caller: KioskCertificate) -> KioskCertificate:
        """The kiosk that signed `statement`, which must be the kiosk on this connection.

        Raises:
            ApiError: ATTESTATION_INVALID (or INVALID_CERTIFICATE / INVALID_BASE64).
        """
        kiosk = self.verifier.kiosk(_b64(attestation.certificate, "kiosk.certificate"),
                                    _b64(attestation.signature, "kiosk.signature"), statement)
        if (kiosk.kiosk_id, kiosk.facility_code) != (caller.kiosk_id, caller.facility_code):
            raise ApiError(ErrorCode.ATTESTATION_INVALID, "signed by another kiosk than the one on this connection")
        return kiosk

    def _decide(self, request: CheckIn, user: UserCertificate, card_signature: bytes, card_part: bytes,
                reception_time: float) -> _Decision:
        verdict, status = self.card_verdict(request.identity, user, card_signature, card_part, reception_time,
                                            request.facility_code)
        if verdict is not None or status is None:
            return _Decision(verdict or ErrorCode.CERT_UNTRUSTED, user.serial, {}, {})
        record = self._insured.get(user.serial)
        if record is None:
            return _Decision(ErrorCode.PERSON_UNKNOWN, user.serial, {}, {})
        # Registered at a kiosk since the seed: only unregistered cards pay for this query.
        if not record[REGISTERED] and not self.store.is_registered(user.serial):
            return _Decision(ErrorCode.NOT_REGISTERED, user.serial, {}, {})
        consents, valid_until, refused = self._consents(request, status, reception_time)
        fields = answer_fields(record, self.reception_day(reception_time))
        not_after = user.certificate.not_valid_after_utc.date()
        fields.update(certificate_status=status.value, consents={k: code for k, (code, _) in consents.items()},
                      consent_valid_until=valid_until, consent_refused_reason=refused,
                      PrescriptionIssueSelect=request.prescription_issue,
                      certificate_not_after=not_after.isoformat(),
                      certificate_grace_until=grace_period_end(not_after).isoformat()
                      if status is CertificateStatus.GRACE else None)
        return _Decision(None, user.serial, consents, fields)

    def card_verdict(self, identity: PinProof | FaceProof | StaffProof, user: UserCertificate, card_signature: bytes,
                     card_part: bytes, reception_time: float, facility_code: str
                     ) -> tuple[ErrorCode | None, CertificateStatus | None]:
        """The certificate's standing on the reception day and whether the identity proof holds.

        Every method carries the card's signature over the card statement (PIN: after VERIFY; face and staff: after
        the certified-reader authentication, without a PIN), so the card was at the kiosk when it was made. Face
        evidence is judged by the service's own policy, not the kiosk's yes.

        Returns the refusal (a FINAL_CODES member) or None, and the certificate status (None when untrusted).
        """
        if not user.trusted or user.public_key is None:
            return ErrorCode.CERT_UNTRUSTED, None
        status = certificate_status(user.certificate.not_valid_before_utc.date(),
                                    user.certificate.not_valid_after_utc.date(), self.reception_day(reception_time),
                                    self.verifier.is_revoked(user.serial))
        if status is CertificateStatus.REVOKED:
            return ErrorCode.CERT_REVOKED, status
        if status is CertificateStatus.EXPIRED:
            return ErrorCode.CERT_EXPIRED, status
        if not self.verifier.card_signature_valid(user.public_key, card_signature, card_part):
            return ErrorCode.SIGNATURE_INVALID, status
        if isinstance(identity, FaceProof):
            if not identity.card_face_signature_valid:
                return ErrorCode.CARD_FACE_UNVERIFIED, status
            liveness_required = facility_code not in self.settings.liveness_optional_facilities
            if identity.distance > self.settings.max_face_distance or (liveness_required and not identity.liveness):
                return ErrorCode.FACE_NOT_MATCHED, status
        return None, status

    def insured_records(self) -> dict[int, dict[str, object]]:
        """The insured persons who hold a card, by certificate serial."""
        return self._insured

    def _consents(self, request: CheckIn, status: CertificateStatus, reception_time: float
                  ) -> tuple[dict[str, tuple[int, str | None]], str | None, str | None]:
        """A code for every catalogue item by wire name; information-only items are given by law (no expiry)."""
        if status is CertificateStatus.GRACE:  # qualification only: no medical-information sharing
            code = ConsentCode.NOT_OBTAINED
            return {item.wire_name: (int(code), None) for item in ConsentItem}, None, "CERT_GRACE_PERIOD"
        given = set(request.consents.given())
        until = reception_time + timedelta(hours=self.settings.consent_valid_hours).total_seconds()
        until_text = _iso(until) if given else None
        live = ConsentCode.GIVEN if until > self._clock() else ConsentCode.EXPIRED

        def answer(item: ConsentItem) -> tuple[int, str | None]:
            if not item.asked:
                return int(ConsentCode.GIVEN), None
            return (int(live), until_text) if item in given else (int(ConsentCode.NOT_GIVEN), None)

        return {item.wire_name: answer(item) for item in ConsentItem}, until_text, None

    def records(self, day: date | None, facility_code: str | None) -> list[dict[str, object]]:
        return self.store.records((day or self.today()).isoformat(), facility_code)
