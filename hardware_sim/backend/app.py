"""The HTTP face of the backend: `create_app(settings)` builds a FastAPI app around one EligibilityService."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .answers import AnswerSigner, SignedAnswers
from .caller import CallingKiosk
from .errors import ApiError, ErrorCode
from .models import ChallengeOut, CheckIn, CheckResult, ErrorOut, RecordOut
from .paths import PathsService
from .rate_limit import RateLimit, SharedBuckets
from .routes_paths import add_path_routes
from .service import EligibilityService, require_own_facility
from .settings import BackendSettings
from .tls_pki import PkiPaths, read_operator_token

SETTINGS_ENV = "MYNA_BACKEND_SETTINGS"
_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": codes}
    for status, codes in {
        400: "INVALID_JSON", 401: "SIGNATURE_INVALID, ATTESTATION_INVALID, KIOSK_UNKNOWN",
        403: "CERT_UNTRUSTED, CERT_EXPIRED, CERT_REVOKED, FACE_NOT_MATCHED, CARD_FACE_UNVERIFIED, NOT_REGISTERED, "
             "FACILITY_MISMATCH",
        404: "PERSON_UNKNOWN",
        409: "CHALLENGE_UNKNOWN, CHALLENGE_USED, CHALLENGE_EXPIRED, IDEMPOTENCY_CONFLICT, SEQUENCE_REUSED",
        413: "BODY_TOO_LARGE",
        422: "INVALID_REQUEST, INVALID_BASE64, INVALID_CERTIFICATE, DEFERRED_TOO_OLD, SEQUENCE_REQUIRED",
        429: "RATE_LIMITED (retryable; Retry-After says when)",
    }.items()
}


def _error(error: ApiError) -> JSONResponse:
    return JSONResponse(error.body(), status_code=error.status)


class BodyLimit:
    """Reads the whole body up to `limit` bytes before the app sees it; larger bodies get 413 BODY_TOO_LARGE."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        too_large = declared is not None and (not declared.isdigit() or int(declared) > self.limit)
        chunks: list[bytes] = []
        size = 0
        more = not too_large
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            size += len(message.get("body", b""))
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
            if size > self.limit:
                too_large = True
                break
        if too_large:
            await _error(ApiError(ErrorCode.BODY_TOO_LARGE, f"limit {self.limit} bytes"))(scope, receive, send)
            return
        body = b"".join(chunks)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if delivered:
                return await receive()
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


def create_app(settings: BackendSettings, clock: Callable[[], float] = time.time) -> FastAPI:
    """Build the app and its service (opens the database, loads the CAs and the CRL; the PKI directory must have
    been prepared by `ensure_pki`, which also makes the operator token)."""
    operator_token = read_operator_token(settings.pki_dir)
    service = EligibilityService.build(settings, clock)
    app = FastAPI(
        title="Simulated online qualification service (オンライン資格確認)",
        version="1",
        description="Test double of the national eligibility system for the mynakiosk. Mutual TLS: "
                    "every client presents a kiosk certificate of the test CA. Errors are "
                    "`{code, message, retryable}`; see docs/backend.md for the codes.",
        responses=_ERRORS,
    )
    app.state.service = service
    app.state.paths = PathsService(service, clock)

    def refused(request: Request, error: ApiError) -> JSONResponse:
        """Every refusal before a decision is answered with its code and kept for audit (what, not who)."""
        if request.method != "GET":
            service.record_refusal(request.method, request.url.path, error.code.value)
        return _error(error)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, error: ApiError) -> JSONResponse:
        return refused(request, error)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = error.errors()
        if any(p.get("type") == "json_invalid" for p in problems):
            return refused(request, ApiError(ErrorCode.INVALID_JSON))
        first = problems[0] if problems else {}
        where = ".".join(str(part) for part in first.get("loc", ()) if part != "body")
        return refused(request, ApiError(ErrorCode.INVALID_REQUEST, f"{where}: {first.get('msg', '')}"[:200]))

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, error: HTTPException) -> JSONResponse:
        code = {404: ErrorCode.NOT_FOUND, 405: ErrorCode.METHOD_NOT_ALLOWED}.get(error.status_code)
        if code is None:
            return JSONResponse({"code": "HTTP_ERROR", "message": str(error.detail), "retryable": False},
                                status_code=error.status_code)
        return _error(ApiError(code))

    @app.exception_handler(Exception)
    async def internal(_: Request, error: Exception) -> JSONResponse:
        return _error(ApiError(ErrorCode.INTERNAL))

    @app.post("/v1/challenges", response_model=ChallengeOut, summary="a single-use challenge (short TTL)")
    async def challenge(_: CallingKiosk) -> ChallengeOut:
        value, expires = service.issue_challenge()
        return ChallengeOut(challenge=value, expires_at=expires)

    @app.post("/v1/checks", responses={200: {"model": CheckResult}},
              summary="qualification check; replays of the idempotency key return the first answer")
    async def check(request: CheckIn, kiosk: CallingKiosk) -> Response:
        stored = service.check(request, kiosk)
        return Response(json.dumps(stored.body, ensure_ascii=False).encode(), status_code=stored.http_status,
                        media_type="application/json")

    @app.get("/v1/records", response_model=list[RecordOut], summary="staff: the checks of one day (default today)")
    async def records(kiosk: CallingKiosk, day: Annotated[date | None, Query()] = None,
                      facility_code: Annotated[str | None, Query(pattern=r"^[0-9]{10}$")] = None) -> Response:
        return JSONResponse(service.records(day, require_own_facility(kiosk, facility_code)))

    @app.get("/v1/crl", summary="the JPKI user-auth CRL this service checks against (DER)")
    async def crl() -> Response:
        return Response(service.verifier.crl_der, media_type="application/pkix-crl")

    @app.get("/healthz", summary="liveness")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    add_path_routes(app, app.state.paths, operator_token)
    pki = PkiPaths(settings.pki_dir)
    app.add_middleware(SignedAnswers, signer=AnswerSigner(pki.answer, pki.answer_key))
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.state.rate_buckets = SharedBuckets(settings.db_path, settings.rate_limit_burst,
                                           settings.rate_limit_per_second)
    app.add_middleware(RateLimit, buckets=app.state.rate_buckets)
    return app


def app_from_environment() -> FastAPI:
    """Factory for uvicorn worker processes: the settings come from the environment."""
    return create_app(BackendSettings.from_json(os.environ[SETTINGS_ENV]))
