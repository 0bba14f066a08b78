"""The paths beside the card check: insurance-use registration, check by number, disaster lookup, self-declaration.

Same evidence and audit discipline as the card check: the kiosk attests every request, the same idempotency key
returns the first answer, decisions about the patient are stored (table `requests`) and replayed, input problems
get a specific code and store nothing. Personal data of declarations lives in the database only, never in logs.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Callable, Mapping
from datetime import date

from kiosk.domain import CertificateStatus, ConsentCode, ConsentItem, forms, statements

from .errors import ApiError, ErrorCode
from .lookup_data import cardless_records
from .models import FaceProof, KioskAttestation, PinProof, timestamp_seconds
from .models_paths import DeclarationIn, DisasterLookupIn, NumberCheckIn, RegistrationIn
from .national_record import REGISTERED, answer_fields
from .service import EligibilityService, _b64, _iso, _same_request, method_fields, require_own_facility
from .store import RequestRow, StoredResponse
from .verify import KioskCertificate, UserCertificate

log = logging.getLogger(__name__)
ALL_FACILITIES = "*"


def _raise_problems(problems: list[forms.FieldProblem]) -> None:
    """The first problem's code; the message names every field in trouble."""
    if problems:
        detail = ", ".join(f"{p.field}: {p.problem.value}" for p in problems)
        raise ApiError(ErrorCode(problems[0].problem.value), detail)


def declare_startup_disasters(checks: EligibilityService, clock: Callable[[], float]) -> None:
    """`--disaster-declared`: once when the service starts (by the CLI before any worker, by the in-process backend).

    Not per worker: uvicorn restarts a worker that dies, and it would declare again a disaster the operator lifted.
    """
    for facility in checks.settings.disaster_facilities:
        checks.store.set_disaster(facility, True, _iso(clock()))


class PathsService:
    """Built on the card-check service: shares its store, verifier, challenge key, settings and clock."""

    def __init__(self, checks: EligibilityService, clock: Callable[[], float]) -> None:
        self.checks = checks
        self.store = checks.store
        self.settings = checks.settings
        self._clock = clock
        self._people = [*checks.insured_records().values(), *cardless_records()]

    # --- shared steps --------------------------------------------------------------------------------------

    def _begin(self, kind: str, key: str, statement: bytes, kiosk: KioskAttestation, caller: KioskCertificate,
               facility: str) -> tuple[str, StoredResponse | None, str]:
        """Request hash, an earlier answer for the key (if any), and the verified kiosk's id.

        The attestation is verified, and the facility checked, before any earlier answer is returned.
        """
        require_own_facility(caller, facility)
        verified = self.checks.attested_by_caller(kiosk, statement, caller)
        request_hash = hashlib.sha256(statement).hexdigest()
        existing = self.store.find_request(kind, key)
        if existing is not None:
            return request_hash, _same_request(existing, request_hash, verified.kiosk_id), verified.kiosk_id
        return request_hash, None, verified.kiosk_id

    def _fresh(self, captured_at: str, now: float, *, past_limit: float | None) -> None:
        captured = timestamp_seconds(captured_at)
        skew = self.settings.lookup_max_skew_seconds
        if captured > now + skew or (past_limit is not None and now - captured > past_limit):
            raise ApiError(ErrorCode.REQUEST_STALE)

    def _row(self, kind: str, key: str, request_hash: str, now: float, captured_at: str, facility: str, kiosk: str,
             outcome: ErrorCode | None, *, staff_id: str | None = None, cert_serial: int | None = None,
             evidence: dict[str, object] | None = None) -> RequestRow:
        return RequestRow(key, request_hash, _iso(now), self.checks.today().isoformat(), captured_at, facility, kiosk,
                          kind, staff_id, cert_serial, outcome.value if outcome else "OK",
                          ApiError(outcome).status if outcome else 200, evidence or {})

    # --- 保険証利用登録 ----------------------------------------------------------------------------------------

    def terms(self) -> dict[str, object]:
        return {"current": self.settings.terms_versions[-1], "accepted": list(self.settings.terms_versions)}

    def register(self, request: RegistrationIn, caller: KioskCertificate) -> StoredResponse:
        """Register a card for insurance use after identity (PIN or face) and explicit agreement to the terms.

        Raises:
            ApiError: input, agreement, freshness or attestation problems (nothing is stored then).
        """
        if request.terms_version not in self.settings.terms_versions:
            raise ApiError(ErrorCode.TERMS_UNKNOWN, request.terms_version[:40])
        if not request.agreed:
            raise ApiError(ErrorCode.TERMS_NOT_AGREED)
        now = self._clock()
        certificate_der = _b64(request.certificate, "certificate")
        user = self.checks.verifier.user_certificate(certificate_der)
        challenge = _b64(request.challenge, "challenge")
        card_part = statements.registration_card_statement(
            idempotency_key=request.idempotency_key, facility_code=request.facility_code,
            captured_at=request.captured_at, certificate_der=certificate_der, challenge_b64=request.challenge)
        identity = request.identity
        card_signature = _b64(identity.card_signature, "card_signature")
        fields = method_fields(identity, card_signature)
        statement = statements.registration_statement(card_part, method=identity.method, method_fields=fields,
                                                      terms_version=request.terms_version, agreed=request.agreed)
        request_hash, existing, kiosk = self._begin("registration", request.idempotency_key, statement, request.kiosk,
                                                    caller, request.facility_code)
        if existing is not None:
            return existing
        opened = self.checks.minter.open(challenge)
        if opened is None:
            raise ApiError(ErrorCode.CHALLENGE_UNKNOWN)
        outcome, detail = self._registration_verdict(identity, user.serial, user, card_signature, card_part, now,
                                                     request.facility_code)
        body: dict[str, object] = ApiError(outcome, detail).body() if outcome else {
            "idempotency_key": request.idempotency_key, "registered_at": _iso(now),
            "terms_version": request.terms_version, "identity_method": identity.method}
        row = self._row("registration", request.idempotency_key, request_hash, now, request.captured_at,
                        request.facility_code, kiosk, outcome, cert_serial=user.serial,
                        evidence={**dict(fields), "terms_version": request.terms_version, "agreed": request.agreed})

        def register(db: sqlite3.Connection, request_id: int) -> None:
            try:
                db.execute("INSERT INTO registrations VALUES (?, ?, ?, ?)",
                           (user.serial, request_id, _iso(now), request.terms_version))
            except sqlite3.IntegrityError as error:  # another kiosk registered the card a moment ago
                raise ApiError(ErrorCode.ALREADY_REGISTERED) from error

        stored = self.store.record_request(row, body, challenge=opened, challenge_required=True, now=now,
                                           extra=register if outcome is None else None)
        log.info("registration %s by %s: %s", request.idempotency_key, kiosk, row.outcome)
        return _same_request(stored, request_hash, kiosk)

    def _registration_verdict(self, identity: PinProof | FaceProof, serial: int, user: UserCertificate,
                              card_signature: bytes, card_part: bytes, now: float, facility: str
                              ) -> tuple[ErrorCode | None, str | None]:
        verdict, status = self.checks.card_verdict(identity, user, card_signature, card_part, now, facility)
        if verdict is not None:
            return verdict, None
        if status is CertificateStatus.GRACE:  # registration needs a certificate valid today
            return ErrorCode.CERT_EXPIRED, "in the grace window: renew the certificate to register"
        record = self.checks.insured_records().get(serial)
        if record is None:
            return ErrorCode.PERSON_UNKNOWN, None
        if record[REGISTERED] or self.store.is_registered(serial):
            return ErrorCode.ALREADY_REGISTERED, None
        return None, None

    # --- checks without a card -----------------------------------------------------------------------------

    def _lookup_body(self, matches: list[dict[str, object]], *, key: str, facility: str, method: str,
                     staff_id: str, captured_at: str, now: float) -> dict[str, object]:
        head: dict[str, object] = {"idempotency_key": key, "identity_method": method, "candidates": len(matches)}
        if len(matches) > 1:  # several candidates: nothing about any of them
            return {**head, "QualificationValidity": 5}
        record = answer_fields(matches[0], self.checks.reception_day(now))
        not_obtained = int(ConsentCode.NOT_OBTAINED)
        return {**head, "facility_code": facility, "staff_id": staff_id, "captured_at": captured_at,
                "checked_at": _iso(now), "certificate_status": "none", **record,
                "consents": {item.wire_name: not_obtained for item in ConsentItem}, "consent_valid_until": None,
                "consent_refused_reason": "NO_CARD"}

    def number_check(self, request: NumberCheckIn, caller: KioskCertificate) -> StoredResponse:
        """資格確認書 / 資格情報のお知らせ: the qualification of the person with these numbers and birth date."""
        _raise_problems(forms.validate_number_lookup(
            insurer_number=request.insurer_number, symbol=request.symbol, number=request.number,
            branch=request.branch, birth_date=request.birth_date, staff_id=request.staff_id,
            today=self.checks.today()))
        assert request.birth_date is not None  # noqa: S101 - validated above
        query: dict[str, str | int | bool | None] = {
            "insurer_number": request.insurer_number, "symbol": request.symbol, "number": request.number,
            "branch": request.branch, "birth_date": request.birth_date.isoformat()}
        return self._lookup("number_check", "number", request.idempotency_key, request.facility_code,
                            request.captured_at, request.staff_id, request.kiosk, caller, query,
                            lambda r: all(r[k] == query[q] for k, q in (
                                ("InsurerNumber", "insurer_number"), ("InsuredCardSymbol", "symbol"),
                                ("InsuredIdentificationNumber", "number"), ("InsuredBranchNumber", "branch"),
                                ("Birthdate", "birth_date"))))

    def disaster_lookup(self, request: DisasterLookupIn, caller: KioskCertificate) -> StoredResponse:
        """災害時モード: by kana and birth date, only where a disaster is declared for the facility."""
        _raise_problems(forms.validate_disaster_lookup(
            name_kana=request.name_kana, birth_date=request.birth_date, staff_id=request.staff_id,
            verbal_consent=request.verbal_consent, today=self.checks.today()))
        assert request.birth_date is not None  # noqa: S101 - validated above
        kana, born = forms.normalize_kana(request.name_kana), request.birth_date.isoformat()
        query: dict[str, str | int | bool | None] = {"name_kana": request.name_kana, "birth_date": born,
                                                     "verbal_consent": request.verbal_consent}
        return self._lookup("disaster_lookup", "disaster", request.idempotency_key, request.facility_code,
                            request.captured_at, request.staff_id, request.kiosk, caller, query,
                            lambda r: r["Birthdate"] == born and forms.normalize_kana(str(r["NameKana"])) == kana)

    def _lookup(self, kind: str, method: str, key: str, facility: str, captured_at: str, staff_id: str,
                kiosk_attestation: KioskAttestation, caller: KioskCertificate,
                query: dict[str, str | int | bool | None],
                matches: Callable[[Mapping[str, object]], bool]) -> StoredResponse:
        statement = statements.request_statement(kind, {"key": key, "facility": facility, "captured_at": captured_at,
                                                        "staff_id": staff_id, **query})
        request_hash, existing, kiosk = self._begin(kind, key, statement, kiosk_attestation, caller, facility)
        if existing is not None:
            return existing
        now = self._clock()
        self._fresh(captured_at, now, past_limit=self.settings.lookup_max_skew_seconds)
        outcome: ErrorCode | None = None
        found: list[dict[str, object]] = []
        if kind == "disaster_lookup" and not self.disaster_declared(facility):
            outcome = ErrorCode.DISASTER_NOT_DECLARED
        else:
            found = [record for record in self._people if matches(record)]
            outcome = None if found else ErrorCode.PERSON_UNKNOWN
        body = ApiError(outcome).body() if outcome else self._lookup_body(
            found, key=key, facility=facility, method=method, staff_id=staff_id, captured_at=captured_at, now=now)
        row = self._row(kind, key, request_hash, now, captured_at, facility, kiosk, outcome, staff_id=staff_id,
                        evidence={**query, "candidates": len(found)})
        stored = self.store.record_request(row, body)
        log.info("%s %s by %s (staff %s): %s, %d candidate(s)", kind, key, kiosk, staff_id, row.outcome, len(found))
        return _same_request(stored, request_hash, kiosk)

    # --- 災害時モード (declared per facility) -----------------------------------------------------------------

    def disaster_declared(self, facility: str) -> bool:
        declared = self.store.disasters()
        return facility in declared or ALL_FACILITIES in declared

    def set_disaster(self, facility: str, declared: bool) -> None:
        self.store.set_disaster(facility, declared, _iso(self._clock()))
        log.warning("disaster %s for facility %s", "declared" if declared else "lifted", facility)

    # --- 被保険者資格申立書 --------------------------------------------------------------------------------------

    def declare(self, request: DeclarationIn, caller: KioskCertificate) -> StoredResponse:
        """Store a self-declaration for audit and for staff; the same key returns the first answer."""
        _raise_problems(forms.validate_declaration(
            name=request.name, name_kana=request.name_kana, birth_date=request.birth_date,
            insurer_or_employer=request.insurer_or_employer, phone=request.phone, today=self.checks.today()))
        assert request.birth_date is not None  # noqa: S101 - validated above
        form: dict[str, str | int | bool | None] = {
            "name": request.name.strip(), "name_kana": request.name_kana.strip(),
            "birth_date": request.birth_date.isoformat(), "insurer_or_employer": request.insurer_or_employer.strip(),
            "phone": forms.normalize_phone(request.phone), "reason": request.reason}
        statement = statements.request_statement("declaration", {
            "key": request.idempotency_key, "facility": request.facility_code, "captured_at": request.captured_at,
            "name": request.name, "name_kana": request.name_kana, "birth_date": request.birth_date.isoformat(),
            "insurer_or_employer": request.insurer_or_employer, "phone": request.phone, "reason": request.reason})
        request_hash, existing, kiosk = self._begin("declaration", request.idempotency_key, statement, request.kiosk,
                                                    caller, request.facility_code)
        if existing is not None:
            return existing
        now = self._clock()
        self._fresh(request.captured_at, now, past_limit=None)  # a declaration may wait in an outbox for days
        day = self.checks.today().isoformat()
        body: dict[str, object] = {"idempotency_key": request.idempotency_key, "received_at": _iso(now),
                                   "captured_at": request.captured_at}
        row = self._row("declaration", request.idempotency_key, request_hash, now, request.captured_at,
                        request.facility_code, kiosk, None, evidence={"reason": request.reason})

        def keep(db: sqlite3.Connection, request_id: int) -> None:
            db.execute("INSERT INTO declarations VALUES (?, ?, ?, ?)",
                       (request_id, day, request.facility_code, json.dumps(form, ensure_ascii=False)))

        stored = self.store.record_request(row, body, extra=keep)
        log.info("declaration %s by %s stored", request.idempotency_key, kiosk)
        return _same_request(stored, request_hash, kiosk)

    def declarations(self, day: date | None, facility_code: str | None,
                     caller: KioskCertificate) -> list[dict[str, object]]:
        facility = require_own_facility(caller, facility_code)
        return self.store.declarations((day or self.checks.today()).isoformat(), facility)

    def audit(self, day: date | None, kind: str | None, facility_code: str | None,
              caller: KioskCertificate) -> list[dict[str, object]]:
        facility = require_own_facility(caller, facility_code)
        return self.store.requests((day or self.checks.today()).isoformat(), kind, facility)
