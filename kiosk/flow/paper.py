"""Paper eligibility certificate (資格確認書) or 資格情報のお知らせ: staff sign in and enter the numbers.

Started from the idle screen without a card. The staff credential is checked by the UI/services; the flow only
learns who signed in. The flow validates the entry with `kiosk.domain.forms` (the backend's own rules) and sends
nothing until every field is right. No medical-information consent is asked on this path.
"""

from __future__ import annotations

from kiosk.domain.forms import validate_number_lookup

from . import effects as fx
from . import events as ev
from .context import Effects, PathHandlers
from .model import NumberCheck, OutcomeKind, ReceptionPath, StaffAlert, State


class PaperPath(PathHandlers):

    def start(self) -> Effects:
        self._flow.start_path(ReceptionPath.PAPER, State.PAPER_STAFF_AUTH)
        return (fx.NotifyStaff(StaffAlert.PAPER_CERTIFICATE),)

    def staff_auth(self, event: ev.Event) -> Effects:
        s = self._flow.session
        match event:
            case ev.StaffAuthenticated(staff_id=staff_id):
                s.staff_id = staff_id
                self._flow.go(State.PAPER_FORM)
            case ev.Cancelled():
                return self._flow.end(OutcomeKind.CANCELLED_BY_PATIENT)
        return ()

    def form(self, event: ev.Event) -> Effects:
        s = self._flow.session
        match event:
            case ev.PaperCertificateEntered(certificate=entered):
                assert s.staff_id is not None  # noqa: S101 - the form opens only after staff signed in
                certificate = entered.cleaned()
                s.paper = certificate
                s.problems = tuple(validate_number_lookup(
                    insurer_number=certificate.insurer_number, symbol=certificate.symbol, number=certificate.number,
                    branch=certificate.branch, birth_date=certificate.birth_date, staff_id=s.staff_id,
                    today=self._flow.clock.today(),
                ))
                if s.problems:
                    return ()
                self._flow.go(State.PAPER_CHECKING)
                return (fx.CheckQualification(NumberCheck(certificate, s.staff_id)),)
            case ev.Cancelled():
                return self._flow.end(OutcomeKind.CANCELLED_BY_PATIENT)
        return ()
