"""`kiosk reception --headless --path ...`: the paths beside the card check (registration,
paper certificate, self-declaration, disaster lookup) end to end on the in-process simulators."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kiosk.cli.reception import EXIT_FAILED, EXIT_INVALID_INPUT, EXIT_OK, EXIT_USAGE, main
from kiosk.domain import IdentityMethod
from kiosk.eligibility import OutboxState
from kiosk.faceauth import VerificationConfig
from kiosk.flow import DeclarationDraft, Flow, State
from kiosk.flow import events as ev
from kiosk.reception import HeadlessPath, HeadlessPlan, ReceptionServices, execute_effect, run_headless_reception
from kiosk.reception.clock import SystemClock
from kiosk.reception.compose import open_backend_side
from kiosk.simulation import Simulation
from tests.fixtures.backend import BackendProcess

DRAFT = DeclarationDraft("山田 花子", "ヤマダ ハナコ", date(1985, 4, 1), "テスト商事", "090-1234-5678")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object], str]:
    status = main(["--headless", "--json", *args])
    captured = capsys.readouterr()
    return status, json.loads(captured.out) if captured.out else {}, captured.err


# -- paper certificate -----------------------------------------------------------------------------------------


def test_paper_certificate_from_the_personas_record(capsys: pytest.CaptureFixture[str]) -> None:
    status, report, _ = run(capsys, "--persona", "normal", "--path", "paper")
    assert status == EXIT_OK
    assert (report["final_state"], report["path"], report["outcome"], report["ended_idle"]) == (
        "result", "paper", "completed", True)
    qualification = report["qualification"]
    assert isinstance(qualification, dict)
    assert qualification["burden_ratio_percent"] == 30
    assert set(qualification["consents"].values()) == {3}  # no consent on this path


@pytest.mark.parametrize(("flag", "value", "code"), [
    ("--insurer-number", "06139996", "INSURER_NUMBER_CHECK_DIGIT"),
    ("--insurer-number", "12345", "INSURER_NUMBER_FORMAT"),
    ("--symbol", "", "SYMBOL_INVALID"),
    ("--number", "12-34", "NUMBER_INVALID"),
    ("--branch", "1", "BRANCH_INVALID"),
    ("--birth-date", "2999-01-01", "BIRTH_DATE_IN_FUTURE"),
    ("--staff-id", "staff one", "STAFF_ID_INVALID"),
])
def test_paper_form_refuses_each_bad_field_by_name(capsys: pytest.CaptureFixture[str], flag: str, value: str,
                                                   code: str) -> None:
    status, report, err = run(capsys, "--persona", "normal", "--path", "paper", flag, value)
    assert status == EXIT_INVALID_INPUT
    assert (report["final_state"], report["error"], report["qualification"]) == ("paper_form", "invalid_input", None)
    assert {"field": flag[2:].replace("-", "_"), "problem": code} in report["form_problems"]  # type: ignore[operator]
    assert f"{flag} " in err and code in err


def test_check_digit_message_says_the_right_digit(capsys: pytest.CaptureFixture[str]) -> None:
    _, _, err = run(capsys, "--persona", "normal", "--path", "paper", "--insurer-number", "06139996")
    assert "for 0613999 it is 2" in err


def test_bad_date_is_a_usage_error_naming_the_flag(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--headless", "--persona", "normal", "--path", "paper", "--birth-date", "1.4.1985"]) == EXIT_USAGE
    assert "--birth-date" in capsys.readouterr().err


def test_paper_numbers_of_nobody_end_without_qualification(capsys: pytest.CaptureFixture[str]) -> None:
    status, report, _ = run(capsys, "--persona", "normal", "--path", "paper", "--number", "99999")
    assert status == EXIT_FAILED
    assert (report["final_state"], report["error"]) == ("failed", "no_qualification")


# -- registration on the spot ----------------------------------------------------------------------------------


def test_not_registered_registers_with_pin_and_completes(capsys: pytest.CaptureFixture[str]) -> None:
    status, report, _ = run(capsys, "--persona", "not_registered", "--path", "register", "--auth", "pin")
    assert status == EXIT_OK
    assert (report["final_state"], report["method"], report["ended_idle"]) == ("result", "pin", True)


def test_not_registered_registers_with_face_and_completes(tmp_path: Path) -> None:
    with Simulation(tmp_path, camera_realtime=False) as simulation:
        reception = simulation.reception(VerificationConfig(liveness=False))
        try:
            simulation.place_card("not_registered")
            outcome = run_headless_reception(
                reception.services, HeadlessPlan(IdentityMethod.FACE, path=HeadlessPath.REGISTER),
                remove_card=simulation.remove_card)
        finally:
            reception.close()
    assert (outcome.final_state, outcome.method, outcome.ended_idle) == (State.RESULT, IdentityMethod.FACE, True)


def test_card_path_still_stops_at_not_registered(capsys: pytest.CaptureFixture[str]) -> None:
    status, report, _ = run(capsys, "--persona", "not_registered", "--path", "card")
    assert (status, report["error"]) == (EXIT_FAILED, "not_registered")


def test_registration_while_offline_is_unavailable(capsys: pytest.CaptureFixture[str]) -> None:
    # Offline the check itself is queued (backend_unavailable), so registration is never offered.
    status, report, _ = run(capsys, "--persona", "not_registered", "--path", "register", "--offline")
    assert (status, report["error"], report["queued_for_later"]) == (EXIT_FAILED, "backend_unavailable", True)


# -- self-declaration --------------------------------------------------------------------------------------------


def test_declaration_online_reaches_the_backend(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, report, _ = run(capsys, "--persona", "qualification_lost", "--path", "declaration",
                            "--workdir", str(tmp_path))
    assert status == EXIT_OK
    assert (report["final_state"], report["outcome"], report["declaration_sent"], report["error"]) == (
        "declaration_done", "declaration_recorded", True, None)
    assert (report["declarations_pending"], report["draft_saved"]) == (0, False)
    assert "declaration_recorded" in report["staff_alerts"]  # type: ignore[operator]
    with Simulation(tmp_path) as simulation:
        assert simulation.backend_declarations() == 1


def test_declaration_offline_is_kept_then_sent_once(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, report, _ = run(capsys, "--persona", "normal", "--path", "declaration", "--offline",
                            "--workdir", str(tmp_path))
    assert status == EXIT_OK
    assert (report["final_state"], report["declaration_sent"], report["declarations_pending"]) == (
        "declaration_done", False, 1)
    # The next reception on this kiosk (backend back) replays the outbox at start.
    status, report, _ = run(capsys, "--persona", "normal", "--path", "card", "--workdir", str(tmp_path))
    assert (status, report["declarations_pending"]) == (EXIT_OK, 0)
    with Simulation(tmp_path) as simulation:
        assert simulation.backend_declarations() == 1
        assert [entry.state for entry in simulation.pending_declarations()] == [OutboxState.DONE]


@pytest.mark.parametrize(("flag", "value", "code"), [
    ("--name", "", "NAME_REQUIRED"),
    ("--name-kana", "やまだ", "KANA_NOT_KATAKANA"),
    ("--birth-date", "1899-12-31", "BIRTH_DATE_TOO_OLD"),
    ("--insurer-or-employer", "", "INSURER_OR_EMPLOYER_REQUIRED"),
    ("--phone", "12", "PHONE_INVALID"),
])
def test_declaration_form_refuses_each_bad_field(capsys: pytest.CaptureFixture[str], flag: str, value: str,
                                                 code: str) -> None:
    status, report, err = run(capsys, "--persona", "cert_expired", "--path", "declaration", flag, value)
    assert status == EXIT_INVALID_INPUT
    assert report["final_state"] == "declaration_form"
    assert report["declarations_pending"] == 0  # nothing half-filled is stored or sent
    assert report["draft_saved"] is True  # what was typed is kept for a restart
    assert f"{flag} " in err and code in err


def _pump(flow: Flow, services: ReceptionServices, event: ev.Event) -> None:
    queue = [event]
    while queue:
        for effect in flow.handle(queue.pop(0)):
            queue.extend(execute_effect(services, effect))


def test_draft_survives_a_restart_then_the_outbox_is_replayed_exactly_once(tmp_path: Path) -> None:
    with Simulation(tmp_path) as simulation:  # the patient types, then the kiosk dies
        simulation.place_card("cert_expired")
        services = simulation.reception().services
        flow = Flow(SystemClock())
        for event in (ev.CardInserted(), ev.DeclarationRequested(), ev.DeclarationEdited(DRAFT)):
            _pump(flow, services, event)
        assert flow.state is State.DECLARATION_FORM
    with Simulation(tmp_path) as simulation:  # restarted, still offline: the form comes back and is kept
        simulation.set_backend_online(False)
        services = simulation.reception().services
        outcome = run_headless_reception(services, HeadlessPlan(IdentityMethod.PIN, path=HeadlessPath.DECLARATION))
        assert (outcome.restored_draft, outcome.final_state, outcome.declaration_sent) == (
            True, State.DECLARATION_DONE, False)
        assert simulation.backend_side.store.load_draft() is None
        [kept] = simulation.pending_declarations()
        assert (kept.state, kept.form is not None and kept.form.name) == (OutboxState.PENDING, "山田 花子")
        assert kept.form is not None and kept.form.reason.value == "card_unusable"
    with Simulation(tmp_path) as simulation:  # restarted again, backend back
        startup = simulation.reception().services.startup
        assert startup.startup_events() == []  # nothing to restore
        assert startup.replay_pending() == 0
        assert startup.replay_pending() == 0
        assert simulation.backend_declarations() == 1


def test_crash_between_outbox_and_draft_delete_does_not_restore_the_form(tmp_path: Path) -> None:
    with Simulation(tmp_path) as simulation:
        simulation.set_backend_online(False)
        services = simulation.reception().services
        store = simulation.backend_side.store
        services.declarations.save_draft(DRAFT, None)
        assert services.declarations.submit_declaration(DRAFT, None) == ev.DeclarationRecorded(sent=False)
        store.save_draft(DRAFT, None)  # as if the draft delete had never happened ...
        [entry] = simulation.pending_declarations()
        store.mark_submitting(entry.idempotency_key)  # ... after the outbox write
        assert services.startup.startup_events() == []
        assert store.load_draft() is None


# -- disaster mode -------------------------------------------------------------------------------------------


def test_disaster_lookup_with_verbal_consent(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, report, _ = run(capsys, "--persona", "normal", "--path", "disaster", "--workdir", str(tmp_path))
    assert status == EXIT_OK
    assert (report["final_state"], report["path"], report["ended_idle"]) == ("result", "disaster", True)
    assert "verbal_consent_needed" in report["staff_alerts"]  # type: ignore[operator]
    with Simulation(tmp_path) as simulation:  # the mode survives the restart
        services = simulation.reception().services
        assert services.startup.startup_events() == [ev.DisasterModeChanged(True, "headless")]
        assert simulation.backend_side.store.disaster_mode_audit()[0][1:] == (True, "headless")


def test_disaster_not_declared(capsys: pytest.CaptureFixture[str]) -> None:
    status, report, _ = run(capsys, "--persona", "normal", "--path", "disaster", "--not-declared")
    assert status == EXIT_FAILED
    assert (report["final_state"], report["error"], report["next_step"]) == (
        "failed", "disaster_not_declared", "ask_staff")


def test_disaster_namesakes_show_no_one(capsys: pytest.CaptureFixture[str]) -> None:
    status, report, _ = run(capsys, "--persona", "normal", "--path", "disaster", "--name-kana", "スズキ ハナコ",
                            "--birth-date", "1950-05-05")
    assert (status, report["error"]) == (EXIT_FAILED, "several_candidates")
    qualification = report["qualification"]
    assert isinstance(qualification, dict) and qualification["insurer_name"] == ""


def test_disaster_kana_must_be_katakana(capsys: pytest.CaptureFixture[str]) -> None:
    status, report, err = run(capsys, "--persona", "normal", "--path", "disaster", "--name-kana", "Yamada")
    assert (status, report["final_state"]) == (EXIT_INVALID_INPUT, "disaster_form")
    assert "--name-kana" in err and "KANA_NOT_KATAKANA" in err


# -- the real HTTPS backend ------------------------------------------------------------------------------------


def test_paper_path_against_the_real_https_backend(backend_server: BackendProcess, tmp_path: Path) -> None:
    real = open_backend_side(tmp_path / "real", backend_server.client())
    with Simulation(tmp_path) as simulation:
        reception = simulation.reception(backend_side=real, facility_code="1310000001")
        persona = simulation.place_card("child")
        simulation.remove_card()  # a paper certificate: no card
        insurance = persona.insurance
        assert insurance is not None
        from kiosk.flow import PaperCertificate, PaperDocument

        certificate = PaperCertificate(PaperDocument.QUALIFICATION_NOTICE, insurance.insurer_number,
                                       insurance.symbol, insurance.number, insurance.branch, persona.birth_date)
        try:
            outcome = run_headless_reception(reception.services, HeadlessPlan(
                IdentityMethod.PIN, staff_id="nurse-7", path=HeadlessPath.PAPER, paper=certificate))
        finally:
            reception.close()
            real.close()
    assert (outcome.final_state, outcome.ended_idle) == (State.RESULT, True)
    assert outcome.result is not None and outcome.result.burden_ratio_percent == 20
