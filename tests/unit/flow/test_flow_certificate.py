"""Certificate notices: expiry within three months with where to renew, and the grace window explained."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from kiosk.domain import IdentityMethod, add_months
from kiosk.domain.notices import NoticeKind
from kiosk.flow import CardSummary, FlowConfig, State
from kiosk.flow import events as ev
from tests.unit.flow.helpers import GRACE_CARD, TODAY, VALID_CARD, VALID_RESULT, Harness


def _card(days_left: int) -> CardSummary:
    return CardSummary(date(2021, 5, 1), TODAY + timedelta(days=days_left), pin_tries_left=3)


def _to_result(card: CardSummary, config: FlowConfig | None = None) -> Harness:
    harness = Harness(config)
    harness.send(ev.CardInserted(), ev.CardRead(card), ev.MethodChosen(IdentityMethod.PIN), ev.PinEntered("1234"),
                 ev.PinVerified())
    if harness.state is State.CONSENT:
        harness.send(ev.ConsentAllAgreed())
    harness.send(ev.Confirmed(), ev.QualificationChecked(VALID_RESULT))
    assert harness.state is State.RESULT
    return harness


CASES = [
    # (name, card, notice kind on the result screen)
    ("far_from_expiry", VALID_CARD, None),
    ("expires_today", _card(0), NoticeKind.EXPIRING),
    ("45_days", _card(45), NoticeKind.EXPIRING),
    ("three_months_to_the_day", _card((add_months(TODAY, 3) - TODAY).days), NoticeKind.EXPIRING),
    ("a_day_more", _card((add_months(TODAY, 3) - TODAY).days + 1), None),
    ("grace", GRACE_CARD, NoticeKind.GRACE),
]


@pytest.mark.parametrize(("name", "card", "kind"), CASES, ids=[c[0] for c in CASES])
def test_result_screen_carries_the_certificate_dates_and_notice(
    name: str, card: CardSummary, kind: NoticeKind | None
) -> None:
    view = _to_result(card).flow.view
    assert view.cert_not_after == card.cert_not_after
    assert view.cert_grace_end is not None and view.cert_grace_end > card.cert_not_after
    notice = view.certificate_notice
    assert (notice.kind if notice else None) is kind
    if notice is not None:
        assert notice.not_after == card.cert_not_after
        assert "municipal office" in notice.renew_at and "free" in notice.renew_at


def test_grace_window_result_explains_the_qualification_only_check() -> None:
    view = _to_result(GRACE_CARD).flow.view
    assert view.in_grace_period is True
    assert view.certificate_notice is not None
    assert view.certificate_notice.grace_until == date(2026, 5, 31)  # end of the third month after February
    assert view.cert_grace_end == date(2026, 5, 31)
    assert view.consent_offered == ()


def test_certificate_dates_are_forgotten_at_idle() -> None:
    harness = _to_result(_card(10))
    harness.send(ev.CardRemoved())
    view = harness.flow.view
    assert view.cert_not_after is None and view.cert_grace_end is None and view.certificate_notice is None
