"""The eligibility client over HTTPS with mutual TLS, timeouts and retries of retryable failures only."""

from __future__ import annotations

import base64
import logging
import ssl
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, TypeVar

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.domain import statements

from .answers import AnswerVerifier
from .deadline import DeadlineTransport, deadline
from .errors import EligibilityError, ErrorCategory
from .models import (
    CheckRequest,
    EligibilityResult,
    FaceIdentity,
    Identity,
    KioskCredentials,
    PinIdentity,
    StaffIdentity,
    Submission,
    result_from_json,
)
from .paths_models import (
    Declaration,
    DeclarationReceipt,
    DeclarationRecord,
    DisasterLookupRequest,
    NumberCheckRequest,
    RegistrationRequest,
    RegistrationResult,
    TermsInfo,
    declaration_record_from_json,
)

log = logging.getLogger(__name__)
DEFAULT_TIMEOUT = httpx.Timeout(5.0, connect=2.0)
DEFAULT_DEADLINE_SECONDS = 6.0  # one call, retries included: two calls per reception keep the patient under 20 s
T = TypeVar("T")


def kiosk_ssl_context(credentials: KioskCredentials) -> ssl.SSLContext:
    """Trust only the pinned backend CA and present the kiosk's client certificate."""
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=str(credentials.ca))
    context.load_cert_chain(str(credentials.certificate), str(credentials.key))
    return context


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def not_valid_error(result: EligibilityResult) -> EligibilityError | None:
    """The error the UI shows for an answer without a valid qualification (None when valid)."""
    if result.qualification_validity.is_valid:  # 1, or 6: 医療扶助 not yet registered
        return None
    return EligibilityError(ErrorCategory.INVALID_QUALIFICATION, retryable=False,
                            code=f"QUALIFICATION_{result.qualification_validity.name}", result=result)


class HttpEligibilityClient:
    """Talks to the backend at `base_url`; pass `transport` to run it in-process (simulated kiosk mode).

    Every call ends within `deadline_seconds` (retries included), whatever the server does; answers to POSTs must
    carry the backend's answer signature (`kiosk.eligibility.answers`).
    """

    def __init__(self, base_url: str, credentials: KioskCredentials, *, transport: httpx.BaseTransport | None = None,
                 timeout: httpx.Timeout = DEFAULT_TIMEOUT, attempts: int = 3, backoff_seconds: float = 0.2,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.time,
                 deadline_seconds: float = DEFAULT_DEADLINE_SECONDS) -> None:
        key = serialization.load_pem_private_key(credentials.key.read_bytes(), password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise TypeError("the kiosk key must be an EC key")
        self._kiosk_key = key
        self._kiosk_cert_der = x509.load_pem_x509_certificate(credentials.certificate.read_bytes()).public_bytes(
            serialization.Encoding.DER)
        if transport is None:
            transport = DeadlineTransport(kiosk_ssl_context(credentials))
        self._http = httpx.Client(base_url=base_url, transport=transport, timeout=timeout)
        self._answers = AnswerVerifier(credentials.ca)
        self._deadline = deadline_seconds
        self._attempts = max(1, attempts)
        self._backoff = backoff_seconds
        self._sleep = sleep
        self._clock = clock

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HttpEligibilityClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def issue_challenge(self) -> str:
        body = self._request("POST", "/v1/challenges")
        challenge = body.get("challenge") if isinstance(body, dict) else None
        if not isinstance(challenge, str) or not 0 < len(challenge) <= 64:
            raise EligibilityError(ErrorCategory.SERVER_ERROR, retryable=True, code="BAD_RESPONSE")
        return challenge

    def reachable(self) -> str | None:
        """One try at the service's /healthz (no retries, for diagnostics): None if it answers, else why not
        (an error category such as `network_down` or `timeout`)."""
        try:
            self._once("GET", "/healthz")
        except EligibilityError as error:
            return error.category.value
        return None

    def prepare(self, request: CheckRequest, challenge: str | None, *, sequence: int | None = None,
                captured_at: str | None = None) -> Submission:
        if challenge is None and sequence is None:
            raise ValueError("a reception without a challenge needs the kiosk's sequence number")
        captured_at = captured_at or self._captured_at()
        card_part = statements.card_statement(
            idempotency_key=request.idempotency_key, facility_code=request.facility_code, captured_at=captured_at,
            certificate_der=request.certificate_der, challenge_b64=challenge,
            sequence=None if challenge is not None else sequence)
        proof, fields = self._identity_proof(request.identity, card_part)
        consents = request.consents.to_wire()
        prescription = None if request.prescription is None else int(request.prescription)
        kiosk_part = statements.kiosk_statement(card_part, method=proof["method"], method_fields=fields,
                                                consents=[item for item, given in consents.items() if given],
                                                prescription=prescription)
        payload: dict[str, Any] = {
            "idempotency_key": request.idempotency_key, "facility_code": request.facility_code,
            "captured_at": captured_at, "certificate": _b64(request.certificate_der), "challenge": challenge,
            "identity": proof, "consents": consents,
            "kiosk": self._attest(kiosk_part), "deferred": challenge is None,
        }
        if challenge is None:
            payload["sequence"] = sequence
        if prescription is not None:  # not asked (e.g. a pharmacy, or the paper path): no field, as before
            payload["prescription_issue"] = prescription
        return Submission(request.idempotency_key, captured_at, payload)

    @staticmethod
    def _identity_proof(identity: Identity, card_part: bytes) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        """The identity's wire form and the fields the kiosk statement binds; the card signs the card statement
        for every method (PIN: after VERIFY; face and staff: after the certified-reader authentication)."""
        signature = identity.sign(card_part)
        proof: dict[str, Any] = {"method": identity.method.value, "card_signature": _b64(signature)}
        if isinstance(identity, PinIdentity):
            return proof, statements.pin_fields(signature)
        if isinstance(identity, FaceIdentity):
            distance = round(identity.distance, 4)
            proof.update(distance=distance, liveness=identity.liveness,
                         card_face_signature_valid=identity.card_face_signature_valid)
            return proof, statements.face_fields(distance, identity.liveness, identity.card_face_signature_valid,
                                                 signature)
        if isinstance(identity, StaffIdentity):
            proof["staff_id"] = identity.staff_id
            return proof, statements.staff_fields(identity.staff_id, signature)
        raise TypeError(f"unknown identity {identity!r}")  # pragma: no cover - exhaustive

    def send(self, submission: Submission) -> EligibilityResult:
        """POST the reception as prepared (online with its challenge, or deferred with its sequence number)."""
        body = self._request("POST", "/v1/checks", json=dict(submission.payload))
        try:
            return result_from_json(body)
        except (KeyError, ValueError, TypeError) as error:
            raise EligibilityError(ErrorCategory.SERVER_ERROR, retryable=True, code="BAD_RESPONSE") from error

    def check(self, request: CheckRequest) -> EligibilityResult:
        result = self.send(self.prepare(request, self.issue_challenge()))
        problem = not_valid_error(result)
        if problem is not None:
            raise problem
        return result

    def today_records(self, facility_code: str | None = None) -> list[dict[str, Any]]:
        params = {"facility_code": facility_code} if facility_code else {}
        records = self._request("GET", "/v1/records", params=params)
        return list(records) if isinstance(records, list) else []

    # --- paths beside the card check ------------------------------------------------------------------------

    def _captured_at(self) -> str:
        return datetime.fromtimestamp(self._clock(), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def _today(self) -> date:
        return date.fromtimestamp(self._clock())

    def _attest(self, statement: bytes) -> dict[str, str]:
        signature = self._kiosk_key.sign(statement, ec.ECDSA(hashes.SHA256()))
        return {"certificate": _b64(self._kiosk_cert_der), "signature": _b64(signature)}

    def registration_terms(self) -> TermsInfo:
        body = self._request("GET", "/v1/registrations/terms")
        return self._parse(body, lambda b: TermsInfo(str(b["current"]), tuple(str(v) for v in b["accepted"])))

    def register(self, request: RegistrationRequest) -> RegistrationResult:
        if not request.agreed:  # never sent: the patient must agree explicitly
            raise EligibilityError(ErrorCategory.TERMS_NOT_AGREED, retryable=False, code="TERMS_NOT_AGREED")
        challenge = self.issue_challenge()
        captured_at = self._captured_at()
        card_part = statements.registration_card_statement(
            idempotency_key=request.idempotency_key, facility_code=request.facility_code, captured_at=captured_at,
            certificate_der=request.certificate_der, challenge_b64=challenge)
        proof, fields = self._identity_proof(request.identity, card_part)
        statement = statements.registration_statement(card_part, method=proof["method"], method_fields=fields,
                                                      terms_version=request.terms_version, agreed=request.agreed)
        body = self._request("POST", "/v1/registrations", json={
            "idempotency_key": request.idempotency_key, "facility_code": request.facility_code,
            "captured_at": captured_at, "certificate": _b64(request.certificate_der), "challenge": challenge,
            "identity": proof, "terms_version": request.terms_version, "agreed": request.agreed,
            "kiosk": self._attest(statement)})
        return self._parse(body, lambda b: RegistrationResult(
            int(b["request_id"]), str(b["idempotency_key"]), datetime.fromisoformat(b["registered_at"]),
            str(b["terms_version"]), str(b["identity_method"])))

    def check_by_number(self, request: NumberCheckRequest) -> EligibilityResult:
        problems = request.problems(self._today())
        if problems:
            raise EligibilityError.invalid_input(problems)
        assert request.birth_date is not None  # noqa: S101 - validated above
        query: dict[str, str | int | bool | None] = {
            "insurer_number": request.insurer_number, "symbol": request.symbol, "number": request.number,
            "branch": request.branch, "birth_date": request.birth_date.isoformat()}
        return self._lookup("number_check", "/v1/number-checks", request.idempotency_key, request.facility_code,
                            request.staff_id, query)

    def disaster_lookup(self, request: DisasterLookupRequest) -> EligibilityResult:
        problems = request.problems(self._today())
        if problems:
            raise EligibilityError.invalid_input(problems)
        assert request.birth_date is not None  # noqa: S101 - validated above
        query: dict[str, str | int | bool | None] = {
            "name_kana": request.name_kana, "birth_date": request.birth_date.isoformat(),
            "verbal_consent": request.verbal_consent}
        return self._lookup("disaster_lookup", "/v1/disaster-lookups", request.idempotency_key,
                            request.facility_code, request.staff_id, query)

    def _lookup(self, kind: str, path: str, key: str, facility: str, staff_id: str,
                query: dict[str, str | int | bool | None]) -> EligibilityResult:
        captured_at = self._captured_at()
        statement = statements.request_statement(kind, {"key": key, "facility": facility, "captured_at": captured_at,
                                                        "staff_id": staff_id, **query})
        body = self._request("POST", path, json={
            "idempotency_key": key, "facility_code": facility, "captured_at": captured_at, "staff_id": staff_id,
            **query, "kiosk": self._attest(statement)})
        if isinstance(body, dict) and body.get("QualificationValidity") == 5 and "InsurerNumber" not in body:
            raise EligibilityError(ErrorCategory.SEVERAL_CANDIDATES, retryable=False,
                                   code="QUALIFICATION_SEVERAL_CANDIDATES",
                                   message=f"{body.get('candidates')} candidates")
        result = self._parse(body, result_from_json)
        problem = not_valid_error(result)
        if problem is not None:
            raise problem
        return result

    def prepare_declaration(self, declaration: Declaration) -> Submission:
        form = declaration.form
        problems = form.problems(self._today())
        if problems:
            raise EligibilityError.invalid_input(problems)
        captured_at = self._captured_at()
        fields = form.to_json()
        statement = statements.request_statement("declaration", {
            "key": declaration.idempotency_key, "facility": declaration.facility_code, "captured_at": captured_at,
            **fields})
        payload = {"idempotency_key": declaration.idempotency_key, "facility_code": declaration.facility_code,
                   "captured_at": captured_at, **fields, "kiosk": self._attest(statement)}
        return Submission(declaration.idempotency_key, captured_at, payload)

    def send_declaration(self, submission: Submission) -> DeclarationReceipt:
        body = self._request("POST", "/v1/declarations", json=dict(submission.payload))
        return self._parse(body, lambda b: DeclarationReceipt(
            int(b["request_id"]), str(b["idempotency_key"]), datetime.fromisoformat(b["received_at"]),
            str(b["captured_at"])))

    def today_declarations(self, facility_code: str | None = None) -> list[DeclarationRecord]:
        params = {"facility_code": facility_code} if facility_code else {}
        body = self._request("GET", "/v1/declarations", params=params)
        return self._parse(body, lambda items: [declaration_record_from_json(item) for item in items])

    @staticmethod
    def _parse(body: Any, parse: Callable[[Any], T]) -> T:
        try:
            return parse(body)
        except (KeyError, ValueError, TypeError) as error:
            raise EligibilityError(ErrorCategory.SERVER_ERROR, retryable=True, code="BAD_RESPONSE") from error

    def _request(self, method: str, path: str, **kwargs: Any) -> Any:
        """One call with retries (backoff doubling) for network failures, timeouts and 5xx only, all of it within
        the client's deadline."""
        started = time.monotonic()
        with deadline(self._deadline):
            for attempt in range(1, self._attempts + 1):
                try:
                    return self._once(method, path, **kwargs)
                except EligibilityError as error:
                    pause = self._backoff * 2 ** (attempt - 1)
                    out_of_time = time.monotonic() - started + pause >= self._deadline
                    if not error.retryable or attempt == self._attempts or out_of_time:
                        raise
                    log.info("%s %s failed (%s), retry %d", method, path, error.code, attempt)
                    self._sleep(pause)
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.TimeoutException as error:
            raise EligibilityError(ErrorCategory.TIMEOUT, retryable=True, code="TIMEOUT") from error
        except httpx.TransportError as error:
            raise EligibilityError(ErrorCategory.NETWORK_DOWN, retryable=True, code="NETWORK_DOWN",
                                   message=type(error).__name__) from error
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.status_code >= 500 or response.status_code == 429:
            code = body.get("code", "SERVER_ERROR") if isinstance(body, dict) else "SERVER_ERROR"
            raise EligibilityError(ErrorCategory.SERVER_ERROR, retryable=True, code=str(code))
        authentic = method == "POST" and self._answers.authentic(response)
        if response.status_code >= 400:
            if isinstance(body, dict) and "code" in body:
                raise EligibilityError.from_backend(str(body["code"]), str(body.get("message", ""))[:300],
                                                    authenticated=authentic)
            # Not the backend's error format (a proxy's or load balancer's page): nothing was decided.
            raise EligibilityError(ErrorCategory.UNCONFIRMED, retryable=False, code=f"HTTP_{response.status_code}")
        if body is None or not 200 <= response.status_code < 300:
            raise EligibilityError(ErrorCategory.SERVER_ERROR, retryable=True, code="BAD_RESPONSE")
        if method == "POST" and not authentic and path != "/v1/challenges":  # a bad challenge only gets refused
            raise EligibilityError(ErrorCategory.UNCONFIRMED, retryable=True, code="UNSIGNED_ANSWER")
        return body
