"""The reception desk page (FastAPI): sign-in, today's receptions live over server-sent events, staff calls, the
self-declarations and paper checks waiting for staff, and (admin only) the audit trail.

Reads each kiosk's `results.sqlite3` (its data folder) through `DeskBoard`; writes only acknowledgements and
resolutions there. Every response is `no-store`; every state-changing request is JSON with the session's CSRF token
in `X-CSRF-Token` and a same-origin `Origin`; what a role may do is checked on every request (`roles.py`); every
snapshot that shows a person's data is audited.
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from kiosk.results import RESULTS_FILE, DeskBoard
from kiosk.staff_credentials import CredentialError

from .audit import DeskAudit
from .auth import DeskSession, Sessions, SignInRefusedError, StaffVerifier, same_token
from .live import SnapshotFeed
from .page import CSS, SCRIPT, desk_page, sign_in_page
from .roles import DeskAction, may
from .texts import LANGUAGES, texts

logger = logging.getLogger(__name__)
SESSION_COOKIE = "desk_session"
LOGIN_COOKIE = "desk_login"
LANGUAGE_COOKIE = "desk_lang"
HEALTH_STALE_SECONDS = 30.0
REFRESH_SECONDS = 10.0
WAKE_SECONDS = 1.0  # a waiting stream looks at its session (expiry) and its connection this often
AUDIT_SHOWN = 200  # the newest audit entries an admin sees on the page
_NO_STORE = {"Cache-Control": "no-store, max-age=0", "Pragma": "no-cache", "X-Content-Type-Options": "nosniff",
             "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer",
             "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
                                        "frame-ancestors 'none'; form-action 'self'"}


@dataclass
class DeskConfig:
    kiosks: Mapping[str, Path]  # kiosk name -> its data folder (results.sqlite3)
    audit_path: Path
    poll_seconds: float = 0.2
    role_seconds: float = 30.0  # how often a session's account is read again (removed: signed out; role changed)
    idle_seconds: float = 900.0
    max_seconds: float = 8 * 3600.0
    today: Callable[[], date] = field(default=date.today)


class Desk:
    """What the routes share: the kiosks' boards, the sessions, the verifier, the audit."""

    def __init__(self, config: DeskConfig, verifier: StaffVerifier, clock: Callable[[], float] = time.monotonic
                 ) -> None:
        self.config = config
        self.verifier = verifier
        self._clock = clock
        self.boards = {name: DeskBoard(folder / RESULTS_FILE) for name, folder in config.kiosks.items()}
        self.sessions = Sessions(idle_seconds=config.idle_seconds, max_seconds=config.max_seconds, clock=clock)
        self.audit = DeskAudit(config.audit_path)
        self.feed = SnapshotFeed(self.snapshot, self.versions, poll_seconds=config.poll_seconds,
                                 refresh_seconds=REFRESH_SECONDS)

    def close(self) -> None:
        for board in self.boards.values():
            board.close()
        self.audit.close()

    def account_due(self, session: DeskSession) -> bool:
        return self._clock() - session.role_checked >= self.config.role_seconds

    def confirm_account(self, session: DeskSession) -> DeskSession | None:
        """The session with its account's role as it stands now; None (and the session ended) when an admin removed
        the account, or the account store cannot be read (it signs nobody in then either). Blocking."""
        try:
            member = self.verifier.current(session.staff)
        except CredentialError as error:
            logger.error("staff accounts unreadable, desk session ended: %s", type(error).__name__)
            member = None
        if member is None:
            self.sessions.end(session.token)
            return None
        session.role, session.role_checked = member.role, self._clock()
        return session

    def versions(self) -> tuple[int, ...]:
        return tuple(board.version() for board in self.boards.values())

    def snapshot(self) -> dict[str, Any]:
        """Everything the page shows, from every kiosk."""
        now, day = time.time(), self.config.today().isoformat()
        kiosks: list[dict[str, Any]] = []
        rows: list[dict[str, Any]] = []
        for name, board in self.boards.items():
            calls = [{"id": call.call_id, "alert": call.alert,
                      "time": datetime.fromtimestamp(call.raised_at).strftime("%H:%M")} for call in board.open_calls()]
            health = [{"name": item.name, "ok": item.ok, "detail": item.detail,
                       "stale": now - item.updated_at > HEALTH_STALE_SECONDS} for item in board.health()]
            items = [{**item, "kiosk": name} for item in board.open_items()]
            kiosks.append({"name": name, "calls": calls, "health": health, "owed_files": board.owed_files(),
                           "items": items})
            rows.extend({**row, "kiosk": name} for row in board.receptions(day))  # the desk's name for it
        rows.sort(key=lambda row: row["finished_at"], reverse=True)
        return {"kiosks": kiosks, "receptions": rows}


def _language(request: Request) -> str:
    chosen = request.cookies.get(LANGUAGE_COOKIE, "ja")
    return chosen if chosen in LANGUAGES else "ja"


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    return origin is not None and origin == f"{request.url.scheme}://{request.url.netloc}"


def _client(request: Request) -> str | None:
    return request.client.host if request.client is not None else None


def create_app(desk: Desk) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        await desk.feed.stop()

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)

    @app.middleware("http")
    async def no_store(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers.update(_NO_STORE)
        return response

    async def session_of(request: Request) -> DeskSession | None:
        session = desk.sessions.get(request.cookies.get(SESSION_COOKIE))
        if session is not None and desk.account_due(session):
            return await run_in_threadpool(desk.confirm_account, session)
        return session

    async def checked(request: Request) -> DeskSession | None:
        """The session of a state-changing request whose origin and CSRF token are right."""
        session = await session_of(request)
        if session is None or not _same_origin(request):
            return None
        return session if same_token(session.csrf, request.headers.get("x-csrf-token")) else None

    async def refused_by_role(request: Request, session: DeskSession, action: DeskAction) -> Response | None:
        """403 (audited) when the session's role may not do `action`; None when it may."""
        if may(session.role, action):
            return None
        await run_in_threadpool(desk.audit.record, session.staff, f"refused:{action.value}", client=_client(request))
        return JSONResponse({"reason": "role"}, status_code=403)

    async def reading(request: Request, action: DeskAction) -> DeskSession | Response:
        """The session of a request to read what `action` shows, or the refusal to send (signed out, or the role)."""
        session = await session_of(request)
        if session is None:
            return JSONResponse({"reason": "signed_out"}, status_code=401)
        refused = await refused_by_role(request, session, action)
        return session if refused is None else refused

    async def acting(request: Request, action: DeskAction) -> DeskSession | Response:
        """The session of a state-changing request whose origin, CSRF token and role allow `action`, or the
        refusal to send."""
        session = await checked(request)
        if session is None:
            return JSONResponse({"reason": "csrf"}, status_code=403)
        refused = await refused_by_role(request, session, action)
        return session if refused is None else refused

    @app.get("/", response_class=HTMLResponse)
    async def index(request: Request, expired: int = 0) -> Response:
        language = _language(request)
        words = texts(language)
        session = await session_of(request)
        if session is not None:
            return HTMLResponse(desk_page(language, words, session.csrf, session.staff, session.role))
        login = secrets.token_urlsafe(32)  # the sign-in form's CSRF token (double submit: cookie + header)
        response = HTMLResponse(sign_in_page(language, words, login, words["expired"] if expired else None))
        response.set_cookie(LOGIN_COOKIE, login, httponly=True, secure=True, samesite="strict")
        return response

    @app.get("/desk.js")
    async def script() -> Response:
        return Response(SCRIPT, media_type="text/javascript; charset=utf-8")

    @app.get("/desk.css")
    async def style() -> Response:
        return Response(CSS, media_type="text/css; charset=utf-8")

    @app.get("/lang/{language}")
    async def switch_language(language: str) -> Response:
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(LANGUAGE_COOKIE, language if language in LANGUAGES else "ja", secure=True,
                            samesite="strict")
        return response

    @app.post("/signin")
    async def sign_in(request: Request) -> Response:
        login = request.cookies.get(LOGIN_COOKIE)
        if not (_same_origin(request) and login and same_token(login, request.headers.get("x-csrf-token"))):
            return JSONResponse({"reason": "csrf"}, status_code=403)
        body = await request.json()
        name, password = str(body.get("staff_id", "")), str(body.get("password", ""))
        try:
            staff = await run_in_threadpool(desk.verifier.verify, name, password)  # scrypt: off the event loop
        except SignInRefusedError as refused:
            await run_in_threadpool(desk.audit.record, name[:32] or "-", f"sign_in_refused:{refused.reason}",
                                    client=_client(request))
            return JSONResponse({"reason": refused.reason}, status_code=401)
        session = desk.sessions.start(staff)
        await run_in_threadpool(desk.audit.record, staff.account_id, "sign_in", client=_client(request))
        response = JSONResponse({"staff": staff.account_id, "role": staff.role.value})
        response.set_cookie(SESSION_COOKIE, session.token, httponly=True, secure=True, samesite="strict")
        response.delete_cookie(LOGIN_COOKIE)
        return response

    @app.post("/signout")
    async def sign_out(request: Request) -> Response:
        session = await checked(request)
        if session is None:
            return JSONResponse({"reason": "csrf"}, status_code=403)
        desk.sessions.end(session.token)
        await run_in_threadpool(desk.audit.record, session.staff, "sign_out", client=_client(request))
        response = JSONResponse({})
        response.delete_cookie(SESSION_COOKIE)
        return response

    @app.post("/calls/ack")
    async def acknowledge(request: Request) -> Response:
        session = await acting(request, DeskAction.ACKNOWLEDGE_CALL)
        if isinstance(session, Response):
            return session
        body = await request.json()
        board = desk.boards.get(str(body.get("kiosk")))
        call_id = body.get("call_id")
        if board is None or not (call_id is None or isinstance(call_id, int)):
            return JSONResponse({"reason": "unknown"}, status_code=404)
        done = await run_in_threadpool(board.acknowledge, call_id, session.staff)
        await run_in_threadpool(desk.audit.record, session.staff, "acknowledge_call", kiosk=str(body.get("kiosk")),
                                client=_client(request))
        return JSONResponse({"acknowledged": done})

    @app.post("/items/resolve")
    async def resolve_item(request: Request) -> Response:
        session = await acting(request, DeskAction.RESOLVE_ITEM)
        if isinstance(session, Response):
            return session
        body = await request.json()
        kiosk, item_id = str(body.get("kiosk")), body.get("item_id")
        board = desk.boards.get(kiosk)
        if board is None or not isinstance(item_id, str):
            return JSONResponse({"reason": "unknown"}, status_code=404)
        done = await run_in_threadpool(board.resolve_item, item_id, session.staff)
        await run_in_threadpool(desk.audit.record, session.staff, "resolve_item", kiosk=kiosk, receptions=[item_id],
                                client=_client(request))
        return JSONResponse({"resolved": done}, status_code=200 if done else 404)

    @app.get("/audit")
    async def audit_trail(request: Request) -> Response:
        session = await reading(request, DeskAction.VIEW_AUDIT)
        if isinstance(session, Response):
            return session
        entries = await run_in_threadpool(desk.audit.entries, AUDIT_SHOWN)
        await run_in_threadpool(desk.audit.record, session.staff, "view_audit", client=_client(request))
        return JSONResponse({"entries": entries})

    @app.get("/events")
    async def events(request: Request) -> Response:
        session = await reading(request, DeskAction.VIEW_RECEPTIONS)
        if isinstance(session, Response):
            return session
        return StreamingResponse(_stream(desk, request, session), media_type="text/event-stream")

    return app


async def _stream(desk: Desk, request: Request, session: DeskSession) -> AsyncIterator[str]:
    """The shared snapshot whenever it changes; `expired` when the session ends. Each reception or open item first
    shown in this stream is audited as viewed by the session's staff member."""
    generation = 0
    shown: set[str] = set()
    while not await request.is_disconnected():
        if desk.sessions.alive(session) and desk.account_due(session):
            await run_in_threadpool(desk.confirm_account, session)  # a removed account ends the session
        if not desk.sessions.alive(session) or not may(session.role, DeskAction.VIEW_RECEPTIONS):
            yield "event: expired\ndata: {}\n\n"
            return
        snapshot = await desk.feed.follow(generation, timeout=WAKE_SECONDS)
        if snapshot is None:
            continue
        generation = snapshot.generation
        new = snapshot.shown_ids - shown
        if new:
            await run_in_threadpool(desk.audit.record, session.staff, "view_receptions", receptions=new,
                                    client=_client(request))
            shown |= new
        yield f"event: snapshot\ndata: {snapshot.text}\n\n"
