"""The real backend over HTTPS with mutual TLS on 127.0.0.1: persona answers and bad inputs."""

from __future__ import annotations

import ssl

import httpx
import pytest

from kiosk.domain import QualificationValidity
from kiosk.eligibility import CheckRequest, ConsentChoices, EligibilityError, FaceIdentity, PinIdentity
from tests.fixtures.backend import FACILITY, PERSONA_EXPECTATIONS, BackendProcess, card_signer, certificate_der


@pytest.mark.parametrize("persona", sorted(PERSONA_EXPECTATIONS))
def test_each_persona_over_https(backend_server: BackendProcess, persona: str) -> None:
    expected = PERSONA_EXPECTATIONS[persona]
    sign = card_signer(persona)
    identity = FaceIdentity(0.3, True, True, sign) if persona == "pin_blocked" else PinIdentity(sign)
    request = CheckRequest(certificate_der(persona), identity, ConsentChoices.all_given(), FACILITY)
    client = backend_server.client()
    try:
        result = client.send(client.prepare(request, client.issue_challenge()))
    except EligibilityError as error:
        assert error.code == expected.error
        return
    finally:
        client.close()
    assert expected.error is None
    assert result.qualification_validity is QualificationValidity(expected.validity)
    assert (result.burden_ratio_percent, result.personal_family.value) == (expected.ratio, expected.family)


def test_a_client_without_a_kiosk_certificate_is_turned_away(backend_server: BackendProcess) -> None:
    context = ssl.create_default_context(cafile=str(backend_server.credentials.ca))
    with httpx.Client(verify=context) as anonymous, pytest.raises(httpx.TransportError):
        anonymous.post(f"{backend_server.url}/v1/challenges")


def test_a_server_not_signed_by_the_pinned_ca_is_refused(backend_server: BackendProcess) -> None:
    with httpx.Client(verify=True) as system_trust, pytest.raises(httpx.ConnectError):
        system_trust.get(f"{backend_server.url}/healthz")


@pytest.mark.parametrize(("content", "status", "code"), [
    (b'{"idempotency_key": ', 400, "INVALID_JSON"),
    (b'{"idempotency_key": "x"}', 422, "INVALID_REQUEST"),
    (b"[" + b"1," * 40_000 + b"1]", 413, "BODY_TOO_LARGE"),
])
def test_bad_bodies_over_https(backend_server: BackendProcess, content: bytes, status: int, code: str) -> None:
    creds = backend_server.credentials
    context = ssl.create_default_context(cafile=str(creds.ca))
    context.load_cert_chain(str(creds.certificate), str(creds.key))
    with httpx.Client(verify=context, base_url=backend_server.url) as raw:
        response = raw.post("/v1/checks", content=content, headers={"content-type": "application/json"})
        assert (response.status_code, response.json()["code"]) == (status, code)
        assert raw.get("/healthz").status_code == 200  # still serving
