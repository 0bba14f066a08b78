"""Who is calling: the TLS peer certificate handed to the app, and a read deadline per request.

uvicorn does not pass the client certificate of a mutual-TLS connection to the app. `PeerAwareProtocol` (the
`http=` protocol class the CLI gives uvicorn) takes it from the connection's `ssl_object` when the connection is
made and puts it into the per-request ASGI `state` (`scope["state"][PEER_CERTIFICATE]`), which uvicorn copies from
the protocol's `app_state` into every request of that connection. It also closes a connection whose request has not
fully arrived (headers and body) `request_read_timeout` seconds after its first byte: uvicorn itself waits forever.
In process (`InProcessBackend`), `WithPeer` puts the kiosk's certificate there instead.
"""

from __future__ import annotations

import asyncio
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

PEER_CERTIFICATE = "tls_peer_der"
DEFAULT_READ_TIMEOUT = 10.0


def peer_certificate(scope: Scope) -> bytes | None:
    """The DER client certificate of the connection this request came on (None: no TLS client certificate)."""
    state = scope.get("state")
    value = state.get(PEER_CERTIFICATE) if isinstance(state, dict) else None
    return value if isinstance(value, bytes) else None


class PeerAwareProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, plus the peer certificate in each request's state and a request read deadline."""

    request_read_timeout = DEFAULT_READ_TIMEOUT  # the CLI sets it from the settings before the server starts

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._read_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        ssl_object = transport.get_extra_info("ssl_object")
        der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
        if der:
            self.app_state = {**self.app_state, PEER_CERTIFICATE: der}  # this connection's own copy
        self._arm()  # the first request must arrive in time too

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm()

    def on_message_complete(self) -> None:
        self._disarm()
        super().on_message_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._read_deadline is None:
            self._read_deadline = self.loop.call_later(self.request_read_timeout, self._too_slow)

    def _disarm(self) -> None:
        if self._read_deadline is not None:
            self._read_deadline.cancel()
            self._read_deadline = None

    def _too_slow(self) -> None:
        self._read_deadline = None
        self.logger.info("request not received within %.0f s: connection closed", self.request_read_timeout)
        self.transport.abort()


class WithPeer:
    """In process there is no TLS: every request is taken to come from the kiosk whose certificate this is."""

    def __init__(self, app: ASGIApp, peer_der: bytes) -> None:
        self.app = app
        self.peer_der = peer_der

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope = {**scope, "state": {**scope.get("state", {}), PEER_CERTIFICATE: self.peer_der}}
        await self.app(scope, receive, send)
