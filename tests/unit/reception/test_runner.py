"""The effects runner: every flow effect reaches the one capability that does it, and nothing else."""

from __future__ import annotations

import typing
from collections.abc import Callable
from datetime import date

import pytest

from kiosk.domain import IdentityMethod
from kiosk.flow import (
    DeclarationDraft,
    DisasterCheck,
    DisasterQuery,
    NumberCheck,
    PaperCertificate,
    PaperDocument,
    StaffAlert,
    SubmissionRequest,
)
from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.reception import ReceptionServices, execute_effect

DRAFT = DeclarationDraft("山田 花子", "ヤマダ ハナコ", date(1985, 4, 1), "テスト商事", "090-1234-5678")
QUERY = DisasterQuery("ヤマダ ハナコ", date(1985, 4, 1))
PAPER = PaperCertificate(PaperDocument.ELIGIBILITY_CERTIFICATE, "06139992", "12", "345", "01", date(1985, 4, 1))

# effect -> the calls it makes, in order; a call that answers has its answer returned as the effect's event.
ROUTES: list[tuple[fx.Effect, list[str], bool]] = [
    (fx.ReadCard(), ["card.read_card"], True),
    (fx.VerifyPin("1234"), ["card.verify_pin"], True),
    (fx.EndSession(), ["face.cancel_face", "card.end_session"], False),
    (fx.StartFace(1), ["face.verify_face"], True),
    (fx.CancelFace(), ["face.cancel_face"], False),
    (fx.CheckQualification(SubmissionRequest(IdentityMethod.PIN, {})), ["check.check"], True),
    (fx.CancelCheck(), ["check.cancel_check"], False),
    (fx.Register("2024-01", IdentityMethod.FACE), ["registration.register"], True),
    (fx.CancelRegister(), ["registration.cancel_register"], False),
    (fx.CheckQualification(NumberCheck(PAPER, "staff-1")), ["check.check"], True),
    (fx.SaveDraft(DRAFT), ["declarations.save_draft"], False),
    (fx.DiscardDraft(), ["declarations.discard_draft"], False),
    (fx.SubmitDeclaration(DRAFT), ["declarations.submit_declaration"], True),
    (fx.RecordDisasterMode(True, "staff-1"), ["disaster.record_disaster_mode"], False),
    (fx.CheckQualification(DisasterCheck(QUERY, "staff-1")), ["check.check"], True),
    (fx.NotifyStaff(StaffAlert.FAILSAFE), [], False),
]
CAPABILITIES = ("card", "face", "check", "registration", "declarations", "disaster", "startup")


def _answer(call: str) -> ev.Event:
    return ev.FacePrompt(f"answer of {call}")  # any event carrying text will do as a marker


class _Capability:
    """Stands in for one capability: records each call as "capability.method" and answers with a marker event."""

    def __init__(self, name: str, calls: list[str], fail: bool = False) -> None:
        self._name = name
        self._calls = calls
        self._fail = fail

    def __getattr__(self, method: str) -> Callable[..., ev.Event]:
        def call(*_args: object, **_kwargs: object) -> ev.Event:
            self._calls.append(f"{self._name}.{method}")
            if self._fail:
                raise OSError("the device broke")
            return _answer(f"{self._name}.{method}")

        return call


def _services(calls: list[str], failing: str | None = None) -> ReceptionServices:
    return ReceptionServices(**{name: _Capability(name, calls, name == failing) for name in CAPABILITIES})  # type: ignore[arg-type]


@pytest.mark.parametrize(("effect", "expected", "answers"), ROUTES, ids=[type(e).__name__ for e, _, _ in ROUTES])
def test_each_effect_reaches_its_capability(effect: fx.Effect, expected: list[str], answers: bool) -> None:
    calls: list[str] = []
    events = execute_effect(_services(calls), effect)
    assert calls == expected
    assert events == ([_answer(expected[-1])] if answers else [])


def test_every_effect_has_a_route() -> None:
    assert {type(effect) for effect, _, _ in ROUTES} == set(typing.get_args(fx.Effect))


def test_a_capability_that_breaks_sends_the_flow_to_its_failsafe() -> None:
    calls: list[str] = []
    check = fx.CheckQualification(SubmissionRequest(IdentityMethod.PIN, {}))
    assert execute_effect(_services(calls, failing="check"), check) == [ev.UnexpectedError("CheckQualification")]
    assert calls == ["check.check"]
