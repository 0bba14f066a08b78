"""`kiosk reception --headless` for every persona and identity method, on the in-process simulators."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.cli.reception import EXIT_FAILED, EXIT_OK, EXIT_USAGE, main
from kiosk.domain import IdentityMethod
from kiosk.eligibility import ReceptionSubmitter
from kiosk.eligibility.models import CheckRequest, DeferredReception, EligibilityResult, FaceIdentity, Identity
from kiosk.faceauth import DEFAULT_TOLERANCE, VerificationConfig
from kiosk.reception import HeadlessPlan, run_headless_reception
from kiosk.simulation import Simulation

# persona -> (final state, error, burden ratio) for the PIN and staff methods, which answer alike.
EXPECTED = {
    "normal": ("result", None, 30),
    "pin_one_try": ("result", None, 30),
    "cert_grace": ("result", None, 30),
    "cert_expiring": ("result", None, 30),
    "child": ("result", None, 20),
    "elderly": ("result", None, 20),
    "cert_expired": ("failed", "cert_expired", None),
    "revoked": ("failed", "cert_revoked", None),
    "not_registered": ("failed", "not_registered", None),
    "qualification_lost": ("failed", "qualification_invalid", None),
    "not_mynumber": ("failed", "not_my_number_card", None),
}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object]]:
    status = main(["--headless", "--json", *args])
    return status, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("method", ["pin", "staff"])
@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_persona_gets_its_own_outcome(capsys: pytest.CaptureFixture[str], persona: str, method: str) -> None:
    status, report = run(capsys, "--persona", persona, "--auth", method)
    state, error, ratio = EXPECTED[persona]
    assert (report["final_state"], report["error"]) == (state, error)
    assert status == (EXIT_OK if state == "result" else EXIT_FAILED)
    assert report["ended_idle"] is True
    if ratio is not None:
        qualification = report["qualification"]
        assert isinstance(qualification, dict)
        assert qualification["burden_ratio_percent"] == ratio
        assert report["method"] == method


def test_grace_window_shares_no_medical_information(capsys: pytest.CaptureFixture[str]) -> None:
    _, report = run(capsys, "--persona", "cert_grace", "--auth", "pin")
    qualification = report["qualification"]
    assert isinstance(qualification, dict)
    assert set(qualification["consents"].values()) == {3}  # could not be obtained


def test_per_item_consent_reaches_the_national_system(capsys: pytest.CaptureFixture[str]) -> None:
    _, report = run(capsys, "--persona", "normal", "--auth", "pin", "--consent", "medication,surgery")
    qualification = report["qualification"]
    assert isinstance(qualification, dict)
    asked = {name: qualification["consents"][name] for name in ("treatment", "medication", "health_checkup", "surgery")}
    assert asked == {"treatment": 0, "medication": 1, "health_checkup": 0, "surgery": 1}
    assert qualification["consents"]["cost_ceiling"] == 1  # shared by law, never asked
    not_asked = set(qualification["consents"]) - set(asked) - {"cost_ceiling"}
    assert not_asked and {qualification["consents"][name] for name in not_asked} == {0}


def test_blocked_pin_stops_with_guidance_and_sends_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    status, report = run(capsys, "--persona", "pin_blocked", "--auth", "pin")
    assert status == EXIT_FAILED
    assert (report["final_state"], report["error"], report["next_step"]) == (
        "pin_blocked", "pin_blocked", "reset_pin_at_municipal_office")
    assert report["qualification"] is None


def test_wrong_pin_shows_tries_left(capsys: pytest.CaptureFixture[str]) -> None:
    status, report = run(capsys, "--persona", "normal", "--auth", "pin", "--pin", "0000")
    assert status == EXIT_FAILED
    assert (report["final_state"], report["error"], report["pin_tries_left"]) == ("pin_entry", "pin_wrong", 2)


def test_wrong_pin_on_the_last_try_blocks(capsys: pytest.CaptureFixture[str]) -> None:
    _, report = run(capsys, "--persona", "pin_one_try", "--auth", "pin", "--pin", "0000")
    assert (report["final_state"], report["pin_tries_left"]) == ("pin_blocked", 0)


def test_backend_down_keeps_the_reception_for_later(capsys: pytest.CaptureFixture[str]) -> None:
    status, report = run(capsys, "--persona", "normal", "--auth", "pin", "--offline")
    assert status == EXIT_FAILED
    assert (report["error"], report["queued_for_later"]) == ("backend_unavailable", True)
    assert report["next_step"] == "staff_will_check_later"
    assert "backend_unavailable" in report["staff_alerts"]  # type: ignore[operator]


def test_unknown_persona_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--headless", "--persona", "nobody", "--auth", "pin"]) == EXIT_USAGE
    assert "unknown persona" in capsys.readouterr().err


@pytest.mark.slow
@pytest.mark.parametrize("persona", ["normal", "pin_blocked"])
def test_face_with_the_live_webcam_scenario(tmp_path: Path, persona: str) -> None:
    # Liveness on. The webcam simulator is stepped: every frame is analysed and the verification keeps the scene's
    # clock, so a busy machine slows the scene down with the matcher instead of missing the head turn (before, the
    # scene ran at render speed against wall-clock timeouts and this failed on a loaded CI runner). The real-time
    # path is covered by the pytest-qt face reception and benchmarks/reception.py.
    with Simulation(tmp_path, camera_realtime=False) as simulation:
        reception = simulation.reception()
        try:
            simulation.place_card(persona)
            outcome = run_headless_reception(reception.services, HeadlessPlan(IdentityMethod.FACE),
                                             remove_card=simulation.remove_card)
        finally:
            reception.close()
    assert (outcome.final_state.value, outcome.method) == ("result", IdentityMethod.FACE), outcome


@pytest.mark.slow
def test_lost_camera_falls_back_to_pin(capsys: pytest.CaptureFixture[str]) -> None:
    status, report = run(capsys, "--persona", "normal", "--auth", "face", "--scenario", "camera_lost")
    assert status == EXIT_FAILED
    assert (report["final_state"], report["error"]) == ("pin_entry", "camera_lost")


class _RecordingSubmitter:
    """The simulation's submitter, remembering what identity each check sent (numbers only, never an image)."""

    def __init__(self, inner: ReceptionSubmitter) -> None:
        self._inner = inner
        self.sent: list[Identity] = []

    def submit(self, request: CheckRequest, *,
               cancelled: Callable[[], bool] = lambda: False) -> EligibilityResult | DeferredReception:
        self.sent.append(request.identity)
        return self._inner.submit(request, cancelled=cancelled)


@pytest.mark.slow
@pytest.mark.parametrize("liveness", [True, False])
def test_headless_face_sends_the_distance_and_liveness_it_measured(tmp_path: Path, liveness: bool) -> None:
    with Simulation(tmp_path) as simulation:
        submitter = _RecordingSubmitter(simulation.backend_side.submitter)
        reception = simulation.reception(VerificationConfig(liveness=liveness), check_submitter=submitter)
        try:
            persona = simulation.place_card("normal")
            outcome = run_headless_reception(reception.services, HeadlessPlan(IdentityMethod.FACE, persona.pin),
                                             remove_card=simulation.remove_card)
        finally:
            reception.close()
    assert outcome.ended_idle
    assert len(submitter.sent) == 1  # matched at the first attempt, checked once
    identity = submitter.sent[0]
    assert isinstance(identity, FaceIdentity)
    assert 0.2 < identity.distance <= DEFAULT_TOLERANCE  # the measured median, not a rounded or fixed figure
    assert identity.liveness is liveness  # passed when asked for, and never claimed when it was not checked
    assert identity.card_face_signature_valid
    if liveness:
        assert (outcome.final_state.value, outcome.method) == ("result", IdentityMethod.FACE)
        # Passive liveness decides without asking (0 s of the patient's time); a prompted turn only when unsure.
        assert 0.0 <= reception.face.last_liveness_seconds < 5.0
