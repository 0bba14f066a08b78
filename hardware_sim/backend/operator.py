"""The simulated national system's operator side: declaring and lifting a disaster for a facility (tester tool).

Its endpoints (`/v1/admin/...`) want the operator token of the PKI directory as a bearer token; over HTTPS the TLS
layer still wants a client certificate of the test CA (the kiosk's serves). Not a kiosk API: the kiosk's own
client (`kiosk.eligibility.HttpEligibilityClient`) cannot call these.
"""

from __future__ import annotations

import ssl
from datetime import date
from typing import Any

import httpx

from .tls_pki import PkiPaths, read_operator_token


class OperatorError(RuntimeError):
    """The service refused an operator request (`code` from its error body, e.g. OPERATOR_ONLY)."""

    def __init__(self, status: int, code: str) -> None:
        super().__init__(f"HTTP {status}: {code}")
        self.status = status
        self.code = code


class OperatorClient:
    def __init__(self, base_url: str, token: str, *, transport: httpx.BaseTransport | None = None,
                 verify: ssl.SSLContext | bool = True, timeout_s: float = 10.0) -> None:
        self._http = httpx.Client(base_url=base_url, transport=transport, verify=verify, timeout=timeout_s,
                                  headers={"authorization": f"Bearer {token}"})

    @classmethod
    def for_pki(cls, base_url: str, pki: PkiPaths, *, transport: httpx.BaseTransport | None = None) -> OperatorClient:
        """The operator of the service whose PKI directory this is (mutual TLS with the kiosk certificate)."""
        context = ssl.create_default_context(cafile=str(pki.ca))
        context.load_cert_chain(str(pki.kiosk), str(pki.kiosk_key))
        return cls(base_url, read_operator_token(pki.directory), transport=transport, verify=context)

    def declared_disasters(self) -> list[str]:
        """Facility codes with a declared disaster ("*": every facility)."""
        return [str(item["facility_code"]) for item in self._call("GET", "/v1/admin/disasters")]

    def set_disaster(self, facility_code: str, declared: bool) -> None:
        """Declare or lift a disaster for one facility ("*": every facility)."""
        self._call("PUT", f"/v1/admin/disasters/{facility_code}", json={"declared": declared})

    def refusals(self, day: date | None = None) -> list[dict[str, str]]:
        """Requests the service refused before any decision on `day` (default today): at, method, path, code."""
        params = {"day": day.isoformat()} if day else {}
        return [dict(item) for item in self._call("GET", "/v1/admin/refusals", params=params)]

    def _call(self, method: str, path: str, **options: Any) -> Any:
        response = self._http.request(method, path, **options)
        if response.status_code != 200:
            try:
                code = str(response.json().get("code", "UNKNOWN"))
            except ValueError:
                code = "UNKNOWN"
            raise OperatorError(response.status_code, code)
        return response.json()

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> OperatorClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
