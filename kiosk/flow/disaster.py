"""Disaster mode (災害時モード): staff switch it on and off; while on, a patient without a card may be looked up by
name in katakana and birth date, after staff record the patient's verbal consent.

The mode is a kiosk setting, not part of a reception: it survives the return to idle (and, through the
RecordDisasterMode effect, a restart). Switching it off cancels a lookup in progress.
"""

from __future__ import annotations

from kiosk.domain.forms import validate_disaster_lookup

from . import effects as fx
from . import events as ev
from .context import DISASTER_STATES, Effects, PathHandlers
from .model import DisasterCheck, OutcomeKind, ReceptionPath, StaffAlert, State


class DisasterPath(PathHandlers):

    def mode_changed(self, event: ev.DisasterModeChanged) -> Effects:
        if event.on == self._flow.disaster_mode:
            return ()
        self._flow.disaster_mode = event.on
        effects: Effects = (fx.RecordDisasterMode(event.on, event.staff_id),)
        if not event.on and self._flow.state in DISASTER_STATES:
            stop = self._flow.stop_work()
            self._flow.record(OutcomeKind.CANCELLED_BY_STAFF)
            return effects + stop + self._flow.to_take_card()
        return effects

    def start(self) -> Effects:
        if not self._flow.disaster_mode:
            return ()
        self._flow.start_path(ReceptionPath.DISASTER, State.DISASTER_CONSENT)
        return (fx.NotifyStaff(StaffAlert.VERBAL_CONSENT_NEEDED),)

    def consent(self, event: ev.Event) -> Effects:
        match event:
            case ev.StaffVerbalConsent(staff_id=staff_id, given=True):
                self._flow.session.staff_id = staff_id
                self._flow.go(State.DISASTER_FORM)
            case ev.StaffVerbalConsent(given=False) | ev.Cancelled():
                return self._flow.end(OutcomeKind.CANCELLED_BY_PATIENT)
        return ()

    def form(self, event: ev.Event) -> Effects:
        s = self._flow.session
        match event:
            case ev.DisasterQueryEntered(query=entered):
                assert s.staff_id is not None  # noqa: S101 - the form opens only once consent is recorded
                query = entered.cleaned()
                s.disaster_query = query
                s.problems = tuple(validate_disaster_lookup(
                    name_kana=query.name_kana, birth_date=query.birth_date, staff_id=s.staff_id,
                    verbal_consent=True, today=self._flow.clock.today(),
                ))
                if s.problems:
                    return ()
                self._flow.go(State.DISASTER_LOOKUP)
                return (fx.CheckQualification(DisasterCheck(query, s.staff_id)),)
            case ev.Cancelled():
                return self._flow.end(OutcomeKind.CANCELLED_BY_PATIENT)
        return ()
