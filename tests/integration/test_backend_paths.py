"""The new paths against the real HTTPS backend: registration, number check, disaster mode, declarations (offline,
replay, kill -9 of the kiosk mid-submission)."""

from __future__ import annotations

import os
import signal
import ssl
import time
from datetime import date
from pathlib import Path

import httpx
import pytest

from hardware_sim.backend.operator import OperatorClient
from hardware_sim.backend.tls_pki import PkiPaths
from hardware_sim.personas import get_persona
from kiosk.domain import with_insurer_check_digit
from kiosk.eligibility import (
    CheckRequest,
    ConsentChoices,
    Declaration,
    DeclarationForm,
    DeclarationOutbox,
    DeclarationReceipt,
    DeclarationSubmitter,
    DeferredDeclaration,
    DisasterLookupRequest,
    EligibilityError,
    ErrorCategory,
    HttpEligibilityClient,
    KioskCredentials,
    NumberCheckRequest,
    OutboxState,
    PinIdentity,
    RegistrationRequest,
)
from tests.fixtures.backend import FACILITY, BackendProcess, card_signer, certificate_der, kill_9_kiosk_mid_request

FORM = DeclarationForm("加藤 誠", "カトウ マコト", date(1985, 12, 24), "株式会社新職場", "080-1111-2222")


def test_registration_over_https_then_the_check_succeeds(backend_process: BackendProcess) -> None:
    backend_process.start()
    with backend_process.client() as client:
        request = CheckRequest(certificate_der("not_registered"), PinIdentity(card_signer("not_registered")),
                               ConsentChoices.all_given(), FACILITY)
        with pytest.raises(EligibilityError):
            client.check(request)
        terms = client.registration_terms().current
        signer = PinIdentity(card_signer("not_registered"))
        client.register(RegistrationRequest(certificate_der("not_registered"), signer, terms, True, FACILITY))
        retry = CheckRequest(certificate_der("not_registered"), PinIdentity(card_signer("not_registered")),
                             ConsentChoices.all_given(), FACILITY)
        assert client.check(retry).name == "小林 さくら"


def test_number_check_over_https(backend_server: BackendProcess) -> None:
    with backend_server.client() as client:
        result = client.check_by_number(NumberCheckRequest(with_insurer_check_digit("0127001"), "2001", "77", "00",
                                                           date(1975, 9, 3), "staff-1", FACILITY))
        assert (result.name, result.kind, result.insurer_name) == ("佐藤 花子", "number", "全国健康保険協会 大阪支部")
        with pytest.raises(EligibilityError) as caught:
            client.check_by_number(NumberCheckRequest("01270010", "2001", "77", "00", date(1975, 9, 3), "staff-1",
                                                      FACILITY))
        assert caught.value.code == "INSURER_NUMBER_CHECK_DIGIT"


def test_disaster_mode_declared_on_the_command_line(backend_process: BackendProcess) -> None:
    backend_process.extra_args = ["--disaster-declared", FACILITY]
    backend_process.start()
    lookup = DisasterLookupRequest("ナカムラ トメ", None, "staff-1", True, FACILITY)
    with backend_process.client() as client:
        born = get_persona("elderly").birth_date
        result = client.disaster_lookup(DisasterLookupRequest("ナカムラ トメ", born, "staff-1", True, FACILITY))
        assert result.limit_certificate is not None
        assert (result.name, result.limit_certificate.category, result.kind) == ("中村 トメ", "A03", "disaster")
        with pytest.raises(EligibilityError) as elsewhere:  # a kiosk asks only for its own facility
            client.disaster_lookup(DisasterLookupRequest("ナカムラ トメ", born, "staff-1", True, "2712345678"))
        assert elsewhere.value.code == "FACILITY_MISMATCH"
        with pytest.raises(EligibilityError) as missing:
            client.disaster_lookup(lookup)
        assert missing.value.category is ErrorCategory.INVALID_INPUT


def test_over_https_only_the_operator_token_declares_a_disaster(backend_process: BackendProcess) -> None:
    backend_process.start()
    pki = PkiPaths(backend_process.pki)
    context = ssl.create_default_context(cafile=str(pki.ca))
    context.load_cert_chain(str(pki.kiosk), str(pki.kiosk_key))
    with httpx.Client(base_url=backend_process.url, verify=context) as kiosk_only:  # a valid kiosk certificate
        refused = kiosk_only.put("/v1/admin/disasters/*", json={"declared": True})
    assert (refused.status_code, refused.json()["code"]) == (401, "OPERATOR_ONLY")
    with OperatorClient.for_pki(backend_process.url, pki) as operator, backend_process.client() as client:
        assert operator.declared_disasters() == []
        operator.set_disaster(FACILITY, True)
        result = client.disaster_lookup(
            DisasterLookupRequest("ナカムラ トメ", get_persona("elderly").birth_date, "staff-1", True, FACILITY))
        assert result.kind == "disaster"
        operator.set_disaster(FACILITY, False)
        assert operator.declared_disasters() == []


def _workers(server: BackendProcess) -> set[int]:
    """The uvicorn worker processes of `server` (spawned children; not multiprocessing's resource tracker)."""
    assert server.process is not None
    main = server.process.pid
    children = Path(f"/proc/{main}/task/{main}/children").read_text().split()
    return {int(pid) for pid in children
            if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()}


def _has_open(pid: int, path: Path) -> bool:
    try:
        return any(Path(os.readlink(fd)) == path for fd in Path(f"/proc/{pid}/fd").iterdir())
    except (FileNotFoundError, ProcessLookupError):
        return False


def test_a_restarted_worker_does_not_declare_again_what_the_operator_lifted(backend_process: BackendProcess) -> None:
    backend_process.extra_args = ["--workers", "2", "--disaster-declared", FACILITY]
    backend_process.start()
    with OperatorClient.for_pki(backend_process.url, PkiPaths(backend_process.pki)) as operator:
        assert operator.declared_disasters() == [FACILITY]  # --disaster-declared, applied once at start
        operator.set_disaster(FACILITY, False)
        old = _workers(backend_process)
        assert len(old) == 2
        for pid in old:
            os.kill(pid, signal.SIGKILL)  # uvicorn's supervisor starts new workers
        db = backend_process.db.resolve()
        deadline = time.monotonic() + 30
        new: set[int] = set()
        # Each new worker has built its app once it holds the database open: the moment a per-worker declaration
        # would have happened.
        while time.monotonic() < deadline:
            new = _workers(backend_process) - old
            if len(new) == 2 and all(_has_open(pid, db) for pid in new):
                break
            time.sleep(0.1)
        assert len(new) == 2, "uvicorn did not restart the killed workers"
        backend_process._wait_ready()  # noqa: SLF001 - the fixture's own readiness probe
        assert [operator.declared_disasters() for _ in range(6)] == [[]] * 6  # whichever worker answers


def test_disaster_lookup_refused_without_a_declaration(backend_server: BackendProcess, tmp_path: Path) -> None:
    from hardware_sim.backend.tls_pki import issue_kiosk_certificate

    cert, key = tmp_path / "kiosk.pem", tmp_path / "kiosk-key.pem"  # a kiosk of a facility with no disaster
    issue_kiosk_certificate(PkiPaths(backend_server.pki), "kiosk-99", cert, key, "1399999999")
    credentials = KioskCredentials(cert, key, backend_server.pki / "ca.pem")
    with HttpEligibilityClient(backend_server.url, credentials) as client, pytest.raises(EligibilityError) as caught:
        client.disaster_lookup(DisasterLookupRequest("ヤマダ タロウ", date(1980, 4, 12), "staff-1", True, "1399999999"))
    assert caught.value.code == "DISASTER_NOT_DECLARED"


def test_declaration_offline_then_replayed_exactly_once(backend_process: BackendProcess, tmp_path: Path) -> None:
    backend_process.start()
    backend_process.stop()  # same port and database when it comes back
    with DeclarationOutbox(tmp_path / "outbox.sqlite3") as outbox, \
            backend_process.client(attempts=2, backoff_seconds=0.01) as client:
        submitter = DeclarationSubmitter(client, outbox)
        assert isinstance(submitter.submit(Declaration(FORM, FACILITY)), DeferredDeclaration)
        backend_process.start()
        assert submitter.replay_pending().sent == 1
        assert submitter.replay_pending().sent == 0
        assert [d.form for d in client.today_declarations()] == [
            DeclarationForm("加藤 誠", "カトウ マコト", date(1985, 12, 24), "株式会社新職場", "08011112222")]
        assert outbox.count(OutboxState.DONE) == 1


SUBMIT_DECLARATION = """
    from datetime import date
    from tests.fixtures.backend import FACILITY
    form = DeclarationForm("加藤 誠", "カトウ マコト", date(1985, 12, 24), "株式会社新職場", "080-1111-2222")
    DeclarationSubmitter(client, DeclarationOutbox(Path(outbox_path))).submit(Declaration(form, FACILITY))
"""


@pytest.mark.parametrize("mode", ["before", "after"])  # killed before the request left / after the answer came
def test_kill_9_mid_declaration_loses_nothing(backend_process: BackendProcess, tmp_path: Path, mode: str) -> None:
    backend_process.start()
    outbox_path = tmp_path / "outbox.sqlite3"
    kill_9_kiosk_mid_request(backend_process, outbox_path, "/v1/declarations", mode, SUBMIT_DECLARATION)
    with backend_process.client() as client:
        assert len(client.today_declarations()) == (1 if mode == "after" else 0)
        with DeclarationOutbox(outbox_path) as outbox:  # the kiosk restarts
            [waiting] = outbox.entries()
            assert (waiting.state, waiting.form is not None) == (OutboxState.PENDING, True)
            assert DeclarationSubmitter(client, outbox).replay_pending().sent == 1
            assert outbox.pending() == []
        assert len(client.today_declarations()) == 1


def test_declaration_online_over_https(backend_server: BackendProcess, tmp_path: Path) -> None:
    with DeclarationOutbox(tmp_path / "outbox.sqlite3") as outbox, backend_server.client() as client:
        receipt = DeclarationSubmitter(client, outbox).submit(Declaration(FORM, FACILITY))
        assert isinstance(receipt, DeclarationReceipt)
        assert receipt.request_id in [d.request_id for d in client.today_declarations()]
