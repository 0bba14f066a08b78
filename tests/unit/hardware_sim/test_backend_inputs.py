"""Every bad input gets a 4xx with its documented code, never a 500, and leaves no record.

Each case runs twice: against the app in process, and against the real HTTPS server on 127.0.0.1 (mutual TLS,
uvicorn, its own SQLite file), so what holds in the app also holds on the wire.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from hardware_sim.backend.inprocess import InProcessBackend
from hardware_sim.backend.settings import BackendSettings
from kiosk.domain import ASKABLE_ITEMS
from kiosk.eligibility import CheckRequest, ConsentChoices, HttpEligibilityClient, KioskCredentials, PinIdentity
from kiosk.eligibility.http_client import kiosk_ssl_context
from tests.fixtures.backend import FACILITY, BackendProcess, card_signer, certificate_der


@dataclass(frozen=True)
class Api:
    raw: httpx.Client  # sends whatever bytes the test makes
    kiosk: HttpEligibilityClient  # builds well-formed, signed bodies for the same server


@pytest.fixture(params=["in_process", pytest.param("https", marks=pytest.mark.integration)])
def api(request: pytest.FixtureRequest) -> Iterator[Api]:
    if request.param == "in_process":
        backend: InProcessBackend = request.getfixturevalue("inprocess_backend")
        pki = backend.pki
        raw = httpx.Client(base_url="http://backend.invalid", transport=backend.transport)
        kiosk = HttpEligibilityClient("http://backend.invalid", KioskCredentials(pki.kiosk, pki.kiosk_key, pki.ca),
                                      transport=backend.transport, sleep=lambda _: None)
    else:
        server: BackendProcess = request.getfixturevalue("backend_server")  # shared: tests count, never expect none
        raw = httpx.Client(base_url=server.url, verify=kiosk_ssl_context(server.credentials))
        kiosk = server.client(sleep=lambda _: None)
    with raw, kiosk:
        yield Api(raw, kiosk)


def _body(client: HttpEligibilityClient, persona: str = "normal", challenge: str | None = "fresh",
          key: str | None = None) -> dict[str, Any]:
    request = CheckRequest(certificate_der(persona), PinIdentity(card_signer(persona)), ConsentChoices(), FACILITY,
                           **({"idempotency_key": key} if key else {}))
    if challenge == "fresh":
        challenge = client.issue_challenge()
    return dict(client.prepare(request, challenge, sequence=int(time.time() * 1000)).payload)


def _code(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, response.json()["code"]


def _records(raw: httpx.Client) -> list[dict[str, Any]]:
    return list(raw.get("/v1/records").json())


def test_malformed_json(api: Api) -> None:
    response = api.raw.post("/v1/checks", content=b'{"idempotency_key": ', headers={"content-type": "application/json"})
    assert _code(response) == (400, "INVALID_JSON")


@pytest.mark.parametrize("mutate", [
    lambda b: b.pop("certificate"),
    lambda b: b.update(facility_code="12ab"),
    lambda b: b.update(idempotency_key="short"),
    lambda b: b["identity"].update(method="telepathy"),
    lambda b: b.update(extra="field"),
    lambda b: b.update(captured_at="yesterday"),
    lambda b: b.update(captured_at="2024-99-99T99:99:99Z"),  # fits the pattern, is no moment: was a 500
    lambda b: b["consents"].update(xray=True),  # no item of the catalogue
    lambda b: b["consents"].update(cost_ceiling=True),  # shared by law: no answer to give
    lambda b: b.update(prescription_issue=3),  # PrescriptionIssueSelect is 1 or 2
])
def test_schema_violations(api: Api, mutate: Any) -> None:
    body = _body(api.kiosk)
    mutate(body)
    assert _code(api.raw.post("/v1/checks", json=body)) == (422, "INVALID_REQUEST")


@pytest.mark.parametrize("field", ["certificate", "challenge", "card_signature"])
def test_malformed_base64(api: Api, field: str) -> None:
    body = _body(api.kiosk)
    target = body["identity"] if field == "card_signature" else body
    target[field] = "not*base64!"
    assert _code(api.raw.post("/v1/checks", json=body)) == (422, "INVALID_BASE64")


def test_malformed_der(api: Api) -> None:
    body = _body(api.kiosk)
    body["certificate"] = base64.b64encode(b"\x30\x82\x01\x00garbage").decode()
    assert _code(api.raw.post("/v1/checks", json=body)) == (422, "INVALID_CERTIFICATE")


def _with_unknown_key_algorithm(der: bytes) -> bytes:
    """A well-formed certificate whose public key has an algorithm nobody knows (rsaEncryption's OID bent)."""
    rsa_encryption, ec_public_key = bytes.fromhex("06092A864886F70D010101"), bytes.fromhex("06072A8648CE3D0201")
    for oid in (rsa_encryption, ec_public_key):
        if oid in der:
            return der.replace(oid, oid[:-1] + b"\x7f", 1)
    raise AssertionError("no RSA or EC key in the certificate")


@pytest.mark.parametrize("where", ["certificate", "kiosk"])
def test_certificate_with_an_unknown_key_algorithm(api: Api,
                                                   where: str) -> None:
    # DER that parses, but whose key cannot be loaded: a clear 422, never a 500 (the key is parsed lazily).
    before = len(_records(api.raw))
    body = _body(api.kiosk)
    target = body["kiosk"] if where == "kiosk" else body
    target["certificate"] = base64.b64encode(_with_unknown_key_algorithm(
        base64.b64decode(target["certificate"]))).decode()
    assert _code(api.raw.post("/v1/checks", json=body)) == (422, "INVALID_CERTIFICATE")
    assert len(_records(api.raw)) == before


def test_oversize_body(api: Api) -> None:
    response = api.raw.post("/v1/checks", content=b"{" + b" " * 70_000 + b"}",
                            headers={"content-type": "application/json"})
    assert _code(response) == (413, "BODY_TOO_LARGE")


def test_unknown_and_reused_challenge(api: Api) -> None:
    before = len(_records(api.raw))
    unknown = _body(api.kiosk, challenge=base64.b64encode(b"\x01" * 32).decode())
    assert _code(api.raw.post("/v1/checks", json=unknown)) == (409, "CHALLENGE_UNKNOWN")
    missing = {**_body(api.kiosk, challenge=None), "deferred": False}  # online, but without a challenge
    assert _code(api.raw.post("/v1/checks", json=missing)) == (422, "INVALID_REQUEST")
    first = _body(api.kiosk)
    assert api.raw.post("/v1/checks", json=first).status_code == 200
    second = _body(api.kiosk, challenge=first["challenge"])  # a new reception, same challenge
    assert _code(api.raw.post("/v1/checks", json=second)) == (409, "CHALLENGE_USED")
    assert len(_records(api.raw)) == before + 1


def test_expired_challenge(tmp_path: Path) -> None:
    settings = BackendSettings(db_path=tmp_path / "b.sqlite3", pki_dir=tmp_path / "pki", challenge_ttl_seconds=0.2)
    with InProcessBackend(settings) as backend:
        creds = KioskCredentials(backend.pki.kiosk, backend.pki.kiosk_key, backend.pki.ca)
        client = HttpEligibilityClient("http://x.invalid", creds, transport=backend.transport)
        body = _body(client)
        time.sleep(0.3)
        with httpx.Client(base_url="http://x.invalid", transport=backend.transport) as raw:
            assert _code(raw.post("/v1/checks", json=body)) == (409, "CHALLENGE_EXPIRED")


def test_same_key_for_another_reception_conflicts(api: Api) -> None:
    first = _body(api.kiosk)
    assert api.raw.post("/v1/checks", json=first).status_code == 200
    other = _body(api.kiosk, persona="child", key=first["idempotency_key"])  # signed, another reception
    assert _code(api.raw.post("/v1/checks", json=other)) == (409, "IDEMPOTENCY_CONFLICT")


def test_tampered_kiosk_attestation(api: Api) -> None:
    before = len(_records(api.raw))
    body = _body(api.kiosk)
    body["consents"]["surgery"] = True  # not what the kiosk signed
    assert _code(api.raw.post("/v1/checks", json=body)) == (401, "ATTESTATION_INVALID")
    assert len(_records(api.raw)) == before


def test_deferred_reception_too_old(tmp_path: Path, inprocess_backend: InProcessBackend) -> None:
    pki = inprocess_backend.pki
    week_ago = HttpEligibilityClient("http://x.invalid", KioskCredentials(pki.kiosk, pki.kiosk_key, pki.ca),
                                     transport=inprocess_backend.transport, clock=lambda: time.time() - 7 * 86400)
    body = _body(week_ago, challenge=None)
    with httpx.Client(base_url="http://x.invalid", transport=inprocess_backend.transport) as raw:
        assert _code(raw.post("/v1/checks", json=body)) == (422, "DEFERRED_TOO_OLD")


def test_unknown_path_and_method(api: Api) -> None:
    assert _code(api.raw.get("/v1/nothing")) == (404, "NOT_FOUND")
    assert _code(api.raw.get("/v1/checks")) == (405, "METHOD_NOT_ALLOWED")


def test_openapi_documents_the_api(api: Api) -> None:
    paths = api.raw.get("/openapi.json").json()["paths"]
    assert {"/v1/challenges", "/v1/checks", "/v1/records", "/v1/crl"} <= set(paths)
    assert "CERT_REVOKED" in str(paths["/v1/checks"]["post"]["responses"])
    schemas = api.raw.get("/openapi.json").json()["components"]["schemas"]
    assert set(schemas["Consents"]["properties"]) == {item.wire_name for item in ASKABLE_ITEMS}
    assert "prescription_issue" in schemas["CheckIn"]["properties"]
    assert "PrescriptionIssueSelect" in schemas["CheckResult"]["properties"]
