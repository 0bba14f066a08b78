"""The backend inside the kiosk process (`kiosk run --simulate`): the same app, driven through httpx, no daemon.

Composition root usage::

    backend = InProcessBackend(BackendSettings(db_path=..., pki_dir=...))
    pki = backend.pki
    client = HttpEligibilityClient("http://backend.invalid", KioskCredentials(pki.kiosk, pki.kiosk_key, pki.ca),
                                   transport=backend.transport)
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Any

import httpx
from anyio.from_thread import BlockingPortal, start_blocking_portal
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from .app import create_app
from .connection import WithPeer
from .paths import declare_startup_disasters
from .service import EligibilityService
from .settings import BackendSettings
from .tls_pki import PkiPaths, ensure_pki


class PortalTransport(httpx.BaseTransport):
    """A synchronous httpx transport that runs an ASGI app on a private event-loop thread."""

    def __init__(self, portal: BlockingPortal, app: Any) -> None:
        self._portal = portal
        self._asgi = httpx.ASGITransport(app=app, raise_app_exceptions=False)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        content = request.read()

        async def call() -> tuple[int, httpx.Headers, bytes]:
            inner = httpx.Request(request.method, request.url, headers=request.headers, content=content)
            response = await self._asgi.handle_async_request(inner)
            return response.status_code, response.headers, await response.aread()

        status, headers, body = self._portal.call(call)
        return httpx.Response(status, headers=headers, content=body, request=request)


class InProcessBackend:
    """Owns the app, its event-loop thread and its PKI directory (kiosk cert/key for attestations)."""

    def __init__(self, settings: BackendSettings) -> None:
        self.pki: PkiPaths = ensure_pki(settings.pki_dir)
        self._stack = contextlib.ExitStack()
        app = create_app(settings)
        self.service: EligibilityService = app.state.service
        declare_startup_disasters(self.service, time.time)
        self._stack.callback(self.service.close)
        self._stack.callback(app.state.rate_buckets.close)
        self._portal = self._stack.enter_context(start_blocking_portal())
        self._app = app
        self.transport = self.transport_for(self.pki.kiosk)

    def transport_for(self, kiosk_certificate: Path) -> PortalTransport:
        """A connection as the kiosk with this certificate (PEM) would make it over mutual TLS."""
        der = x509.load_pem_x509_certificate(kiosk_certificate.read_bytes()).public_bytes(Encoding.DER)
        return PortalTransport(self._portal, WithPeer(self._app, der))

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> InProcessBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
