"""Registration, number check, disaster lookup and self-declaration in the in-process backend: every rule and code."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from hardware_sim.backend.errors import ErrorCode
from hardware_sim.backend.inprocess import InProcessBackend
from hardware_sim.backend.lookup_data import TWIN_BIRTH_DATE, TWIN_KANA
from hardware_sim.backend.operator import OperatorClient, OperatorError
from hardware_sim.backend.settings import BackendSettings
from hardware_sim.personas import get_persona
from kiosk.domain import ConsentCode, grace_period_end, with_insurer_check_digit
from kiosk.domain.forms import FormProblem
from kiosk.eligibility import (
    CheckRequest,
    ConsentChoices,
    Declaration,
    DeclarationForm,
    DisasterLookupRequest,
    EligibilityError,
    ErrorCategory,
    FaceIdentity,
    HttpEligibilityClient,
    KioskCredentials,
    NumberCheckRequest,
    PinIdentity,
    RegistrationRequest,
)
from tests.fixtures.backend import FACILITY, card_signer, certificate_der

INSURER = with_insurer_check_digit("0613001")
FORM = DeclarationForm("山田 太郎", "ヤマダ タロウ", date(1980, 4, 12), "テスト商事株式会社", "090-1234-5678")


@pytest.fixture
def raw(inprocess_backend: InProcessBackend) -> Iterator[httpx.Client]:
    with httpx.Client(base_url="http://backend.invalid", transport=inprocess_backend.transport) as client:
        yield client


def _registration(persona: str, *, identity: Any = None, terms: str = "2024-12", key: str | None = None
                  ) -> RegistrationRequest:
    extra = {"idempotency_key": key} if key else {}
    return RegistrationRequest(certificate_der(persona), identity or PinIdentity(card_signer(persona)), terms, True,
                               FACILITY, **extra)


def _check(client: HttpEligibilityClient, persona: str) -> Any:
    return client.check(CheckRequest(certificate_der(persona), PinIdentity(card_signer(persona)), ConsentChoices(),
                                     FACILITY))


def _code(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, response.json()["code"]


class Spy(httpx.BaseTransport):
    """Records the JSON bodies the client posts; can hand out an old challenge instead of a fresh one."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.bodies: list[dict[str, Any]] = []
        self.stale_challenge: str | None = None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/challenges" and self.stale_challenge is not None:
            return httpx.Response(200, json={"challenge": self.stale_challenge}, request=request)
        if request.method == "POST" and request.url.path != "/v1/challenges":
            self.bodies.append(json.loads(request.read()))
        return self.inner.handle_request(request)


@pytest.fixture
def spy(inprocess_backend: InProcessBackend) -> Spy:
    return Spy(inprocess_backend.transport)


@pytest.fixture
def spied_client(inprocess_backend: InProcessBackend, spy: Spy) -> Iterator[HttpEligibilityClient]:
    pki = inprocess_backend.pki
    client = HttpEligibilityClient("http://backend.invalid", KioskCredentials(pki.kiosk, pki.kiosk_key, pki.ca),
                                   transport=spy, sleep=lambda _: None)
    yield client
    client.close()


# --- 保険証利用登録 -----------------------------------------------------------------------------------------------

def test_unregistered_card_registers_then_its_check_succeeds(inprocess_client: HttpEligibilityClient) -> None:
    with pytest.raises(EligibilityError) as before:
        _check(inprocess_client, "not_registered")
    assert before.value.category is ErrorCategory.NOT_REGISTERED
    terms = inprocess_client.registration_terms()
    result = inprocess_client.register(_registration("not_registered", terms=terms.current))
    assert (result.terms_version, result.identity_method) == ("2024-12", "pin")
    assert _check(inprocess_client, "not_registered").name == "小林 さくら"


def test_registration_by_face_and_a_second_one_is_already_registered(inprocess_client: HttpEligibilityClient) -> None:
    face = FaceIdentity(0.3, True, True, card_signer("not_registered"))
    inprocess_client.register(_registration("not_registered", identity=face))
    with pytest.raises(EligibilityError) as again:
        inprocess_client.register(_registration("not_registered"))
    assert (again.value.code, again.value.category) == ("ALREADY_REGISTERED", ErrorCategory.ALREADY_REGISTERED)


def test_same_idempotency_key_returns_the_first_registration(spied_client: HttpEligibilityClient, spy: Spy,
                                                             raw: httpx.Client) -> None:
    first = spied_client.register(_registration("not_registered", key="registration-key-0001"))
    replay = raw.post("/v1/registrations", json=spy.bodies[-1])
    assert replay.status_code == 200
    assert (replay.json()["request_id"], replay.json()["registered_at"]) == (
        first.request_id, first.registered_at.isoformat())
    audit = raw.get("/v1/audit", params={"kind": "registration"}).json()
    assert [a["outcome"] for a in audit] == ["OK"]


@pytest.mark.parametrize(("persona", "code"), [
    ("normal", "ALREADY_REGISTERED"), ("revoked", "CERT_REVOKED"), ("cert_expired", "CERT_EXPIRED"),
    ("cert_grace", "CERT_EXPIRED"),  # registration needs a certificate valid today
])
def test_registration_refusals_are_stored_and_explained(inprocess_client: HttpEligibilityClient, raw: httpx.Client,
                                                        persona: str, code: str) -> None:
    with pytest.raises(EligibilityError) as caught:
        inprocess_client.register(_registration(persona))
    assert caught.value.code == code and not caught.value.retryable
    assert [a["outcome"] for a in raw.get("/v1/audit").json()] == [code]


def test_registration_with_another_cards_signature(inprocess_client: HttpEligibilityClient) -> None:
    with pytest.raises(EligibilityError) as caught:
        inprocess_client.register(_registration("not_registered", identity=PinIdentity(card_signer("normal"))))
    assert caught.value.category is ErrorCategory.IDENTITY_REJECTED
    with pytest.raises(EligibilityError):  # still not registered
        _check(inprocess_client, "not_registered")


def test_registration_face_beyond_the_limit(inprocess_client: HttpEligibilityClient) -> None:
    with pytest.raises(EligibilityError) as caught:
        inprocess_client.register(_registration("not_registered", identity=FaceIdentity(
            0.7, True, True, card_signer("not_registered"))))
    assert caught.value.code == "FACE_NOT_MATCHED"


def test_registration_without_agreement_is_never_sent(spied_client: HttpEligibilityClient, spy: Spy) -> None:
    request = RegistrationRequest(certificate_der("not_registered"), PinIdentity(card_signer("not_registered")),
                                  "2024-12", False, FACILITY)
    with pytest.raises(EligibilityError) as caught:
        spied_client.register(request)
    assert caught.value.category is ErrorCategory.TERMS_NOT_AGREED
    assert spy.bodies == []


@pytest.mark.parametrize(("change", "expected"), [
    ({"agreed": False}, (422, "TERMS_NOT_AGREED")),
    ({"terms_version": "1999-01"}, (422, "TERMS_UNKNOWN")),
    ({"identity": {"method": "staff", "staff_id": "s1"}}, (422, "INVALID_REQUEST")),  # visual check cannot register
])
def test_registration_input_refusals_store_nothing(spied_client: HttpEligibilityClient, spy: Spy, raw: httpx.Client,
                                                   change: dict[str, Any], expected: tuple[int, str]) -> None:
    spied_client.register(_registration("not_registered"))
    body = {**spy.bodies[-1], "idempotency_key": "another-registration-01", **change}
    assert _code(raw.post("/v1/registrations", json=body)) == expected
    assert len(raw.get("/v1/audit").json()) == 1


def test_registration_challenge_is_single_use(spied_client: HttpEligibilityClient, spy: Spy, raw: httpx.Client
                                              ) -> None:
    spied_client.register(_registration("not_registered"))
    spy.stale_challenge = spy.bodies[-1]["challenge"]
    with pytest.raises(EligibilityError) as caught:  # properly signed, but over a used challenge
        spied_client.register(_registration("normal"))
    assert (caught.value.code, caught.value.category) == ("CHALLENGE_USED", ErrorCategory.CHALLENGE_FAILED)
    spy.stale_challenge = "AAAA"
    with pytest.raises(EligibilityError) as forged:
        spied_client.register(_registration("normal"))
    assert forged.value.code == "CHALLENGE_UNKNOWN"
    assert len(raw.get("/v1/audit").json()) == 1


def test_registration_survives_a_backend_restart(tmp_path: Path) -> None:
    settings = BackendSettings(db_path=tmp_path / "b.sqlite3", pki_dir=tmp_path / "pki")
    for attempt in range(2):
        with InProcessBackend(settings) as backend:
            pki = backend.pki
            with HttpEligibilityClient("http://x.invalid", KioskCredentials(pki.kiosk, pki.kiosk_key, pki.ca),
                                       transport=backend.transport) as client:
                if attempt == 0:
                    client.register(_registration("not_registered"))
                assert _check(client, "not_registered").is_valid


# --- 資格確認書 / 資格情報のお知らせ ----------------------------------------------------------------------------------

def _number(**changes: Any) -> NumberCheckRequest:
    fields: dict[str, Any] = {"insurer_number": INSURER, "symbol": "1234", "number": "5678", "branch": "00",
                              "birth_date": date(1980, 4, 12), "staff_id": "staff-7", "facility_code": FACILITY,
                              **changes}
    return NumberCheckRequest(**fields)


def test_number_check_answers_like_a_card_check(inprocess_client: HttpEligibilityClient, raw: httpx.Client) -> None:
    result = inprocess_client.check_by_number(_number())
    assert (result.name, result.insurer_name, result.burden_ratio_label, result.kind) == (
        "山田 太郎", "テスト健康保険組合", "3割", "number")
    assert set(result.consents.values()) == {ConsentCode.NOT_OBTAINED}
    assert result.consent_refused_reason == "NO_CARD"
    child = inprocess_client.check_by_number(_number(branch="02", birth_date=get_persona("child").birth_date))
    assert (child.name, child.burden_ratio_percent) == ("山田 ひなた", 20)
    audit = raw.get("/v1/audit", params={"kind": "number_check"}).json()
    assert [(a["staff_id"], a["outcome"], a["evidence"]["insurer_number"]) for a in audit] == [
        ("staff-7", "OK", INSURER)] * 2


def test_number_check_with_the_wrong_birth_date_finds_nobody(inprocess_client: HttpEligibilityClient) -> None:
    with pytest.raises(EligibilityError) as caught:
        inprocess_client.check_by_number(_number(birth_date=date(1980, 4, 13)))
    assert caught.value.category is ErrorCategory.PERSON_UNKNOWN


def test_number_check_of_a_lost_qualification(inprocess_client: HttpEligibilityClient) -> None:
    with pytest.raises(EligibilityError) as caught:
        inprocess_client.check_by_number(_number(symbol="9009", number="3", birth_date=date(1985, 12, 24)))
    assert caught.value.category is ErrorCategory.INVALID_QUALIFICATION
    assert caught.value.result is not None and caught.value.result.reason_of_loss == "99"


@pytest.mark.parametrize(("change", "code"), [
    ({"insurer_number": "06130011"}, "INSURER_NUMBER_CHECK_DIGIT"),
    ({"insurer_number": "0613001"}, "INSURER_NUMBER_FORMAT"),
    ({"symbol": ""}, "SYMBOL_INVALID"),
    ({"number": "56 78"}, "NUMBER_INVALID"),
    ({"branch": "0"}, "BRANCH_INVALID"),
    ({"birth_date": None}, "BIRTH_DATE_REQUIRED"),
    ({"birth_date": "2999-01-01"}, "BIRTH_DATE_IN_FUTURE"),
    ({"staff_id": ""}, "STAFF_ID_INVALID"),
])
def test_the_server_validates_numbers_again(spied_client: HttpEligibilityClient, spy: Spy, raw: httpx.Client,
                                            change: dict[str, Any], code: str) -> None:
    spied_client.check_by_number(_number())
    body = {**spy.bodies[-1], "idempotency_key": "number-check-bad-01", **change}
    response = raw.post("/v1/number-checks", json=body)
    assert _code(response) == (422, code)
    assert len(raw.get("/v1/audit").json()) == 1  # only the good one


def test_the_client_refuses_a_wrong_check_digit_before_sending(spied_client: HttpEligibilityClient, spy: Spy
                                                               ) -> None:
    with pytest.raises(EligibilityError) as caught:
        spied_client.check_by_number(_number(insurer_number="06130011", branch="1"))
    assert caught.value.category is ErrorCategory.INVALID_INPUT
    assert [(p.field, p.problem) for p in caught.value.problems] == [
        ("insurer_number", FormProblem.INSURER_NUMBER_CHECK_DIGIT), ("branch", FormProblem.BRANCH_INVALID)]
    assert spy.bodies == []


def test_number_check_replay_conflict_tamper_and_stale(inprocess_backend: InProcessBackend,
                                                       spied_client: HttpEligibilityClient, spy: Spy,
                                                       raw: httpx.Client) -> None:
    first = spied_client.check_by_number(_number())
    body = spy.bodies[-1]
    assert raw.post("/v1/number-checks", json=body).json()["request_id"] == first.check_id
    # Changed content no longer verifies: the attestation is checked before any stored answer is looked up.
    assert _code(raw.post("/v1/number-checks", json={**body, "branch": "02"})) == (401, "ATTESTATION_INVALID")
    tampered = {**body, "idempotency_key": "number-check-tamper-1"}
    assert _code(raw.post("/v1/number-checks", json=tampered)) == (401, "ATTESTATION_INVALID")
    pki = inprocess_backend.pki
    with HttpEligibilityClient("http://x.invalid", KioskCredentials(pki.kiosk, pki.kiosk_key, pki.ca),
                               transport=inprocess_backend.transport, clock=lambda: time.time() - 3600) as late:
        with pytest.raises(EligibilityError) as caught:
            late.check_by_number(_number())
    assert (caught.value.code, caught.value.category) == ("REQUEST_STALE", ErrorCategory.CLOCK_SKEW)
    assert len(raw.get("/v1/audit").json()) == 1


# --- 災害時モード -----------------------------------------------------------------------------------------------

def _disaster(**changes: Any) -> DisasterLookupRequest:
    fields: dict[str, Any] = {"name_kana": "ヤマダ タロウ", "birth_date": date(1980, 4, 12), "staff_id": "staff-7",
                              "verbal_consent": True, "facility_code": FACILITY, **changes}
    return DisasterLookupRequest(**fields)


def test_disaster_lookup_only_while_a_disaster_is_declared(inprocess_client: HttpEligibilityClient,
                                                           operator: OperatorClient, raw: httpx.Client) -> None:
    with pytest.raises(EligibilityError) as refused:
        inprocess_client.disaster_lookup(_disaster())
    assert refused.value.category is ErrorCategory.DISASTER_NOT_DECLARED
    operator.set_disaster(FACILITY, True)
    assert operator.declared_disasters() == [FACILITY]
    result = inprocess_client.disaster_lookup(_disaster(name_kana="ヤマダタロウ"))  # spaces do not matter
    assert (result.name, result.kind, result.consents[next(iter(result.consents))]) == (
        "山田 太郎", "disaster", ConsentCode.NOT_OBTAINED)
    operator.set_disaster(FACILITY, False)
    with pytest.raises(EligibilityError):
        inprocess_client.disaster_lookup(_disaster())
    audit = raw.get("/v1/audit", params={"kind": "disaster_lookup"}).json()
    assert [(a["outcome"], a["staff_id"], a["evidence"]["verbal_consent"]) for a in audit] == [
        ("DISASTER_NOT_DECLARED", "staff-7", True), ("OK", "staff-7", True), ("DISASTER_NOT_DECLARED", "staff-7", True)]


def test_disaster_lookup_elsewhere_is_refused(inprocess_client: HttpEligibilityClient,
                                              operator: OperatorClient) -> None:
    operator.set_disaster("9999999999", True)
    with pytest.raises(EligibilityError) as caught:
        inprocess_client.disaster_lookup(_disaster())
    assert caught.value.code == "DISASTER_NOT_DECLARED"


def test_several_candidates_reveal_nobody(tmp_path: Path) -> None:
    settings = BackendSettings(db_path=tmp_path / "b.sqlite3", pki_dir=tmp_path / "pki", disaster_facilities=("*",))
    with InProcessBackend(settings) as backend, httpx.Client(base_url="http://x.invalid",
                                                             transport=backend.transport) as raw:
        spy = Spy(backend.transport)
        pki = backend.pki
        with HttpEligibilityClient("http://x.invalid", KioskCredentials(pki.kiosk, pki.kiosk_key, pki.ca),
                                   transport=spy) as client:
            with pytest.raises(EligibilityError) as caught:
                client.disaster_lookup(_disaster(name_kana=TWIN_KANA, birth_date=TWIN_BIRTH_DATE))
            assert caught.value.category is ErrorCategory.SEVERAL_CANDIDATES
            body = raw.post("/v1/disaster-lookups", json=spy.bodies[-1]).json()
            assert (body["QualificationValidity"], body["candidates"]) == (5, 2)
            assert "Name" not in body and "InsurerNumber" not in body
            with pytest.raises(EligibilityError) as nobody:
                client.disaster_lookup(_disaster(name_kana="ダレモ イナイ"))
            assert nobody.value.category is ErrorCategory.PERSON_UNKNOWN


@pytest.mark.parametrize(("change", "code"), [
    ({"verbal_consent": False}, "VERBAL_CONSENT_MISSING"),
    ({"name_kana": "やまだ"}, "KANA_NOT_KATAKANA"),
    ({"name_kana": ""}, "KANA_REQUIRED"),
    ({"birth_date": "2999-01-01"}, "BIRTH_DATE_IN_FUTURE"),
])
def test_the_server_validates_disaster_lookups_again(operator: OperatorClient, raw: httpx.Client,
                                                     spied_client: HttpEligibilityClient, spy: Spy,
                                                     change: dict[str, Any], code: str) -> None:
    operator.set_disaster(FACILITY, True)
    spied_client.disaster_lookup(_disaster())
    body = {**spy.bodies[-1], "idempotency_key": "disaster-lookup-bad1", **change}
    assert _code(raw.post("/v1/disaster-lookups", json=body)) == (422, code)


# --- 被保険者資格申立書 -------------------------------------------------------------------------------------------

def test_declaration_is_stored_once_and_shown_to_staff(spied_client: HttpEligibilityClient, spy: Spy,
                                                       raw: httpx.Client) -> None:
    submission = spied_client.prepare_declaration(Declaration(FORM, FACILITY, "declaration-key-0001"))
    first = spied_client.send_declaration(submission)
    again = spied_client.send_declaration(submission)
    assert again.request_id == first.request_id
    records = spied_client.today_declarations()
    assert [(r.form.name, r.form.name_kana, r.form.phone, r.form.birth_date) for r in records] == [
        ("山田 太郎", "ヤマダ タロウ", "09012345678", date(1980, 4, 12))]
    changed = {**spy.bodies[-1], "phone": "03-1111-2222"}
    assert _code(raw.post("/v1/declarations", json=changed)) == (401, "ATTESTATION_INVALID")


@pytest.mark.parametrize(("change", "code"), [
    ({"name": ""}, "NAME_REQUIRED"), ({"name": "長" * 51}, "NAME_TOO_LONG"),
    ({"name": "山田\u0007"}, "NAME_INVALID_CHARACTERS"), ({"name_kana": "yamada"}, "KANA_NOT_KATAKANA"),
    ({"name_kana": "ア" * 51}, "KANA_TOO_LONG"), ({"birth_date": None}, "BIRTH_DATE_REQUIRED"),
    ({"birth_date": "2999-01-01"}, "BIRTH_DATE_IN_FUTURE"), ({"birth_date": "1850-01-01"}, "BIRTH_DATE_TOO_OLD"),
    ({"insurer_or_employer": " "}, "INSURER_OR_EMPLOYER_REQUIRED"),
    ({"insurer_or_employer": "会" * 61}, "INSURER_OR_EMPLOYER_TOO_LONG"),
    ({"phone": ""}, "PHONE_REQUIRED"), ({"phone": "12345"}, "PHONE_INVALID"),
])
def test_the_server_validates_declarations_again(spied_client: HttpEligibilityClient, spy: Spy, raw: httpx.Client,
                                                 change: dict[str, Any], code: str) -> None:
    spied_client.send_declaration(spied_client.prepare_declaration(Declaration(FORM, FACILITY)))
    body = {**spy.bodies[-1], "idempotency_key": "declaration-bad-0001", **change}
    response = raw.post("/v1/declarations", json=body)
    assert _code(response) == (422, code)
    assert len(raw.get("/v1/declarations").json()) == 1


def test_declaration_personal_data_stays_out_of_the_logs(inprocess_client: HttpEligibilityClient,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        inprocess_client.send_declaration(inprocess_client.prepare_declaration(Declaration(FORM, FACILITY)))
    assert "declaration" in caplog.text
    for secret in ("山田", "ヤマダ", "1234-5678", "12345678", "1980", "テスト商事"):
        assert secret not in caplog.text


# --- certificate notices, codes, OpenAPI -----------------------------------------------------------------------

def test_card_checks_carry_the_certificate_dates(inprocess_client: HttpEligibilityClient) -> None:
    grace = _check(inprocess_client, "cert_grace")
    not_after = get_persona("cert_grace").cert_not_after
    assert (grace.certificate_not_after, grace.certificate_grace_until) == (not_after, grace_period_end(not_after))
    expiring = _check(inprocess_client, "cert_expiring")
    assert expiring.certificate_not_after == get_persona("cert_expiring").cert_not_after
    assert expiring.certificate_grace_until is None
    notice = expiring.certificate_notice(date.today())
    assert notice is not None and notice.kind.value == "expiring"
    assert _check(inprocess_client, "normal").certificate_notice(date.today()) is None


def test_every_form_problem_is_a_backend_error_code() -> None:
    assert {problem.value for problem in FormProblem} <= {code.value for code in ErrorCode}


def test_openapi_documents_every_new_endpoint(raw: httpx.Client) -> None:
    paths = raw.get("/openapi.json").json()["paths"]
    assert {"/v1/registrations", "/v1/registrations/terms", "/v1/number-checks", "/v1/disaster-lookups",
            "/v1/admin/disasters", "/v1/admin/disasters/{facility_code}", "/v1/declarations", "/v1/audit"} <= set(paths)
    assert "TERMS_NOT_AGREED" in str(paths["/v1/registrations"]["post"]["responses"])
    assert "INSURER_NUMBER_CHECK_DIGIT" in str(paths["/v1/number-checks"]["post"]["responses"])
    assert "DISASTER_NOT_DECLARED" in str(paths["/v1/disaster-lookups"]["post"]["responses"])
    assert "PHONE_INVALID" in str(paths["/v1/declarations"]["post"]["responses"])


@pytest.mark.parametrize("authorization", [None, "Bearer not-the-token", "Basic b3BlcmF0b3I6eA==", "Bearer "])
def test_only_the_operator_declares_a_disaster(raw: httpx.Client, operator: OperatorClient,
                                               inprocess_backend: InProcessBackend, authorization: str | None) -> None:
    # A kiosk may look patients up once a disaster is declared; it must not be able to declare one itself.
    headers = {"authorization": authorization} if authorization else {}
    put = raw.put(f"/v1/admin/disasters/{FACILITY}", json={"declared": True}, headers=headers)
    assert _code(put) == (401, "OPERATOR_ONLY")
    assert _code(raw.get("/v1/admin/disasters", headers=headers)) == (401, "OPERATOR_ONLY")
    assert operator.declared_disasters() == []  # nothing was declared by the refused request
    with pytest.raises(OperatorError) as refused:
        OperatorClient("http://backend.invalid", "wrong", transport=inprocess_backend.transport).set_disaster(
            FACILITY, True)
    assert (refused.value.status, refused.value.code) == (401, "OPERATOR_ONLY")


def test_the_operator_token_is_the_owners_alone(inprocess_backend: InProcessBackend) -> None:
    token_file = inprocess_backend.pki.operator_token
    assert token_file.stat().st_mode & 0o777 == 0o600
    assert len(token_file.read_text().strip()) >= 40  # 32 random bytes, url-safe base64


def test_refusals_before_any_decision_are_kept_for_the_operator(raw: httpx.Client, operator: OperatorClient,
                                                                inprocess_client: HttpEligibilityClient) -> None:
    # Malformed, replayed or forged requests store no check; the audit still sees that they came, never the body.
    assert raw.post("/v1/checks", content=b'{"idempotency_key": ',
                    headers={"content-type": "application/json"}).status_code == 400
    request = CheckRequest(certificate_der("normal"), PinIdentity(card_signer("normal")), ConsentChoices(), FACILITY)
    body = dict(inprocess_client.prepare(request, inprocess_client.issue_challenge()).payload)
    body["consents"]["surgery"] = True  # not what the kiosk signed
    assert raw.post("/v1/checks", json=body).status_code == 401
    raw.get("/v1/nothing")  # a GET that goes nowhere is not worth an audit row
    refusals = operator.refusals()
    assert [(r["method"], r["path"], r["code"]) for r in refusals] == [
        ("POST", "/v1/checks", "INVALID_JSON"), ("POST", "/v1/checks", "ATTESTATION_INVALID")]
    assert all(set(r) == {"at", "method", "path", "code"} for r in refusals)  # what and when: nobody's data
    assert _code(raw.get("/v1/admin/refusals")) == (401, "OPERATOR_ONLY")
