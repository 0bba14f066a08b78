"""HTTP routes of the paths beside the card check (see paths.py): registration, number check, disaster, declarations."""

from __future__ import annotations

import hmac
import json
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Path, Query
from fastapi.responses import JSONResponse, Response

from .caller import CallingKiosk
from .errors import ApiError, ErrorCode
from .models import ErrorOut
from .models_paths import (
    AuditRecord,
    DeclarationIn,
    DeclarationOut,
    DeclarationRecord,
    DisasterIn,
    DisasterLookupIn,
    DisasterOut,
    LookupResult,
    NumberCheckIn,
    RefusalOut,
    RegistrationIn,
    RegistrationOut,
    SeveralCandidatesOut,
    TermsOut,
)
from .paths import PathsService
from .store import StoredResponse

FACILITY_QUERY = Annotated[str | None, Query(pattern=r"^[0-9]{10}$")]
_FORM_CODES = ("INSURER_NUMBER_FORMAT, INSURER_NUMBER_CHECK_DIGIT, SYMBOL_INVALID, NUMBER_INVALID, BRANCH_INVALID, "
               "BIRTH_DATE_REQUIRED, BIRTH_DATE_IN_FUTURE, BIRTH_DATE_TOO_OLD, STAFF_ID_INVALID")


def _errors(**codes: str) -> dict[int | str, dict[str, Any]]:
    return {int(status[1:]): {"model": ErrorOut, "description": text} for status, text in codes.items()}


def _answer(stored: StoredResponse) -> Response:
    return Response(json.dumps(stored.body, ensure_ascii=False).encode(), status_code=stored.http_status,
                    media_type="application/json")


def add_path_routes(app: FastAPI, paths: PathsService, operator_token: str) -> None:
    """Mount the routes on `app` (called by create_app); `operator_token` opens the /v1/admin routes."""

    async def operator_only(authorization: Annotated[str | None, Header()] = None) -> None:
        """A kiosk certificate is not enough: the national system's operator token must come as a bearer token."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), operator_token.encode()):
            raise ApiError(ErrorCode.OPERATOR_ONLY)

    operator = [Depends(operator_only)]
    operator_errors = _errors(s401="OPERATOR_ONLY (no or a wrong operator token)")

    @app.get("/v1/registrations/terms", response_model=TermsOut, tags=["registration"],
             summary="the insurance-use terms versions the service accepts (show and send `current`)")
    async def terms(_: CallingKiosk) -> dict[str, object]:
        return paths.terms()

    @app.post("/v1/registrations", tags=["registration"],
              responses={200: {"model": RegistrationOut}, **_errors(
                  s401="SIGNATURE_INVALID, ATTESTATION_INVALID",
                  s403="CERT_UNTRUSTED, CERT_EXPIRED (also inside the grace window), CERT_REVOKED, FACE_NOT_MATCHED, "
                       "CARD_FACE_UNVERIFIED",
                  s404="PERSON_UNKNOWN",
                  s409="ALREADY_REGISTERED, CHALLENGE_UNKNOWN, CHALLENGE_USED, CHALLENGE_EXPIRED, IDEMPOTENCY_CONFLICT",
                  s422="TERMS_NOT_AGREED, TERMS_UNKNOWN, INVALID_REQUEST, INVALID_BASE64, INVALID_CERTIFICATE")},
              summary="保険証利用登録: register the card for insurance use (PIN or face, agreement to the terms)")
    async def register(request: RegistrationIn, kiosk: CallingKiosk) -> Response:
        return _answer(paths.register(request, kiosk))

    @app.post("/v1/number-checks", tags=["without a card"],
              responses={200: {"model": LookupResult}, **_errors(
                  s401="ATTESTATION_INVALID", s404="PERSON_UNKNOWN (no such numbers with this birth date)",
                  s409="IDEMPOTENCY_CONFLICT", s422=f"{_FORM_CODES}, REQUEST_STALE, INVALID_REQUEST")},
              summary="資格確認書 / 資格情報のお知らせ: qualification check by insurer number, symbol, number, branch")
    async def number_check(request: NumberCheckIn, kiosk: CallingKiosk) -> Response:
        return _answer(paths.number_check(request, kiosk))

    @app.post("/v1/disaster-lookups", tags=["without a card"],
              responses={200: {"model": LookupResult | SeveralCandidatesOut}, **_errors(
                  s401="ATTESTATION_INVALID", s403="DISASTER_NOT_DECLARED", s404="PERSON_UNKNOWN",
                  s409="IDEMPOTENCY_CONFLICT",
                  s422="KANA_REQUIRED, KANA_TOO_LONG, KANA_NOT_KATAKANA, BIRTH_DATE_*, STAFF_ID_INVALID, "
                       "VERBAL_CONSENT_MISSING, REQUEST_STALE, INVALID_REQUEST")},
              summary="災害時モード: lookup by name (kana) and birth date with verbal consent; several → validity 5")
    async def disaster_lookup(request: DisasterLookupIn, kiosk: CallingKiosk) -> Response:
        return _answer(paths.disaster_lookup(request, kiosk))

    @app.get("/v1/admin/disasters", response_model=list[DisasterOut], tags=["operator"],
             dependencies=operator, responses=operator_errors,
             summary="operator: facilities with a declared disaster ('*' = every facility)")
    async def disasters() -> list[dict[str, object]]:
        return [{"facility_code": code, "declared": True} for code in paths.store.disasters()]

    @app.put("/v1/admin/disasters/{facility_code}", response_model=DisasterOut, tags=["operator"],
             dependencies=operator, responses=operator_errors,
             summary="operator: declare ({declared: true}) or lift a disaster for a facility ('*' = all)")
    async def set_disaster(facility_code: Annotated[str, Path(pattern=r"^([0-9]{10}|\*)$")],
                           body: DisasterIn) -> dict[str, object]:
        paths.set_disaster(facility_code, body.declared)
        return {"facility_code": facility_code, "declared": body.declared}

    @app.get("/v1/admin/refusals", response_model=list[RefusalOut], tags=["operator"],
             dependencies=operator, responses=operator_errors,
             summary="operator: requests refused before any decision on a day (default today): time, method, "
                     "path and code; never the body")
    async def refusals(day: Annotated[date | None, Query()] = None) -> list[dict[str, str]]:
        return paths.checks.refusals(day)

    @app.post("/v1/declarations", tags=["self-declaration"],
              responses={200: {"model": DeclarationOut}, **_errors(
                  s401="ATTESTATION_INVALID", s409="IDEMPOTENCY_CONFLICT",
                  s422="NAME_REQUIRED, NAME_TOO_LONG, NAME_INVALID_CHARACTERS, KANA_REQUIRED, KANA_TOO_LONG, "
                       "KANA_NOT_KATAKANA, BIRTH_DATE_REQUIRED, BIRTH_DATE_IN_FUTURE, BIRTH_DATE_TOO_OLD, "
                       "INSURER_OR_EMPLOYER_REQUIRED, INSURER_OR_EMPLOYER_TOO_LONG, PHONE_REQUIRED, PHONE_INVALID, "
                       "REQUEST_STALE (captured in the future), INVALID_REQUEST")},
              summary="被保険者資格申立書: store a self-declaration; the same key returns the first answer")
    async def declare(request: DeclarationIn, kiosk: CallingKiosk) -> Response:
        return _answer(paths.declare(request, kiosk))

    @app.get("/v1/declarations", response_model=list[DeclarationRecord], tags=["self-declaration"],
             summary="staff: the self-declarations received on one day (default today)")
    async def declarations(kiosk: CallingKiosk, day: Annotated[date | None, Query()] = None,
                           facility_code: FACILITY_QUERY = None) -> Response:
        return JSONResponse(paths.declarations(day, facility_code, kiosk))

    @app.get("/v1/audit", response_model=list[AuditRecord], tags=["tester"],
             summary="staff/tester: audit records of registrations, number checks, disaster lookups, declarations")
    async def audit(kiosk: CallingKiosk, day: Annotated[date | None, Query()] = None,
                    kind: Annotated[str | None, Query(
                        pattern=r"^(registration|number_check|disaster_lookup|declaration)$")] = None,
                    facility_code: FACILITY_QUERY = None) -> Response:
        return JSONResponse(paths.audit(day, kind, facility_code, kiosk))
