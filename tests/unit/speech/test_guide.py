"""The guide picks the right prompt for each view of a real flow; a fake player records the ids (no sound device)."""

from __future__ import annotations

from kiosk.domain import IdentityMethod
from kiosk.flow import CardReadFailure, CheckFailure, FlowView, State
from kiosk.flow import events as ev
from kiosk.speech import Cue, VoiceGuide
from kiosk.speech.catalogue import PROMPTS
from kiosk.speech.guide import screen_prompts
from tests.unit.flow.helpers import ONE_TRY_CARD, TO_CONSENT, TO_PIN_ENTRY, VALID_CARD, VALID_RESULT, Harness
from tests.unit.speech.fakes import RecordingPlayer


class Patient:
    """A flow, the guide listening to its views as the controller would, and what the patient heard."""

    def __init__(self, language: str = "ja") -> None:
        self.harness = Harness()
        self.player = RecordingPlayer()
        self.guide = VoiceGuide(self.player, reminder_s=10.0)
        self.language = language
        self.guide.show(self.harness.flow.view, language, self.now)
        self.player.take()

    @property
    def now(self) -> float:
        return self.harness.clock.monotonic()

    def send(self, *events: ev.Event) -> list[str]:
        """Each event, then the view it leads to, as the controller draws it; returns what was said."""
        for event in events:
            self.harness.send(event)
            self.guide.show(self.harness.flow.view, self.language, self.now)
        return self.player.take()

    def wait(self, seconds: float) -> list[str]:
        self.harness.clock.advance(seconds)
        self.harness.send(ev.Tick())
        self.guide.show(self.harness.flow.view, self.language, self.now)
        self.guide.tick(self.now)
        return self.player.take()


def test_a_pin_reception_is_spoken_from_card_to_take_card() -> None:
    patient = Patient()
    assert patient.send(ev.CardInserted()) == ["state.reading_card"]
    assert patient.send(ev.CardRead(VALID_CARD)) == ["tone.chime", "state.choose_method"]
    assert patient.send(ev.MethodChosen(IdentityMethod.PIN)) == ["state.pin_entry", "pin.tries_left.3"]
    for _ in range(4):
        patient.guide.digit_pressed()
    assert patient.player.take() == ["tone.click"] * 4  # one neutral click per digit, never the digit
    assert patient.send(ev.PinEntered("1234")) == ["state.verifying_pin"]
    assert patient.send(ev.PinVerified()) == [  # what would be shared is said, item by item, before the answers
        "notice.identity_confirmed", "state.consent", "consent.item.treatment", "consent.item.medication",
        "consent.item.health_checkup", "consent.item.surgery", "consent.answers"]
    assert patient.send(ev.ConsentByItemAsked()) == ["state.consent_items"]
    assert patient.send(ev.ConsentDone()) == ["state.confirm"]
    assert patient.send(ev.Confirmed()) == ["state.submitting"]
    assert patient.send(ev.QualificationChecked(VALID_RESULT)) == ["state.result", "result.take_card"]
    assert patient.send(ev.Acknowledged()) == ["take_card.completed"]
    assert patient.send(ev.CardRemoved()) == ["state.idle"]


def test_a_wrong_pin_gives_an_error_tone_and_the_tries_left_from_the_flow() -> None:
    patient = Patient()
    patient.send(*TO_PIN_ENTRY, ev.PinEntered("9999"))
    assert patient.send(ev.PinRejected(tries_left=2)) == ["tone.error", "notice.pin_wrong", "pin.tries_left.2"]
    patient.send(ev.PinEntered("9998"))
    assert patient.send(ev.PinRejected(tries_left=1)) == [
        "tone.error", "notice.pin_wrong", "pin.tries_left.1", "pin.last_try"]


def test_a_card_with_one_try_left_warns_before_the_first_pin() -> None:
    patient = Patient()
    said = patient.send(ev.CardInserted(), ev.CardRead(ONE_TRY_CARD), ev.MethodChosen(IdentityMethod.PIN))
    assert said[-3:] == ["state.pin_entry", "pin.tries_left.1", "pin.last_try"]


def test_a_failure_gives_an_error_tone_its_reason_and_the_offer_on_screen() -> None:
    patient = Patient()
    patient.send(*TO_CONSENT, ev.ConsentAllAgreed(), ev.Confirmed())
    said = patient.send(ev.QualificationCheckFailed(CheckFailure.NOT_REGISTERED))
    assert said == ["tone.error", "failure.not_registered", "offer.register", "offer.declare"]
    assert "failure.pin_blocked.no_face" in PROMPTS  # a locked PIN when face failed too: its own words


def test_take_card_is_repeated_every_ten_seconds_while_the_card_stays() -> None:
    patient = Patient()
    patient.send(*TO_CONSENT, ev.ConsentAllAgreed(), ev.Confirmed(), ev.QualificationChecked(VALID_RESULT))
    patient.send(ev.Acknowledged())
    assert patient.harness.state is State.TAKE_CARD
    assert patient.wait(5) == []
    assert patient.wait(5) == ["take_card.completed"]
    assert patient.wait(4) == []
    assert patient.wait(6) == ["take_card.completed"]
    patient.send(ev.CardRemoved())
    assert patient.wait(10) == []  # taken: no more reminders


def test_still_there_is_asked_aloud_once_when_the_flow_asks_it() -> None:
    patient = Patient()
    patient.send(*TO_PIN_ENTRY)
    heard: list[str] = []
    for _ in range(40):
        heard += patient.wait(5)
        if patient.harness.flow.view.still_there_asked:
            break
    assert patient.harness.flow.view.still_there_asked, "the flow never asked"
    assert heard == ["still_there"]
    assert patient.wait(1) == []  # asked once, not at every tick


def test_a_staff_call_is_said_with_the_next_screen_unless_it_already_says_so() -> None:
    patient = Patient()
    patient.send(ev.CardInserted(), ev.CardRead(VALID_CARD))
    patient.guide.staff_called()  # the controller emits the alert before it draws the new screen
    assert patient.send(ev.MethodChosen(IdentityMethod.STAFF)) == ["state.staff_check"]
    patient.guide.tick(patient.now)
    assert patient.player.take() == []  # 係員がまいります already said it
    other = Patient()
    other.send(ev.CardInserted(), ev.CardRead(VALID_CARD))
    other.guide.staff_called()
    other.guide.tick(other.now)  # no screen change came with it: said alone, after what is playing
    assert other.player.calls == [((Cue("staff.called", "ja"),), False)]


def test_a_staff_call_from_a_failure_screen_is_said_once() -> None:
    patient = Patient()
    patient.send(ev.CardInserted(), ev.CardReadFailed(CardReadFailure.UNREADABLE))
    patient.guide.staff_called()  # the controller emits the alert before it draws the notice
    heard = patient.send(ev.StaffHelpRequested())
    patient.guide.tick(patient.now)
    heard += patient.player.take()
    assert heard == ["notice.staff_called"]


def test_repeat_says_the_current_screen_again_and_the_language_button_says_it_in_english() -> None:
    patient = Patient()
    patient.send(*TO_PIN_ENTRY)
    patient.guide.repeat()
    assert patient.player.take() == ["state.pin_entry", "pin.tries_left.3"]
    patient.guide.set_language("en")
    assert patient.player.calls[0][0] == (Cue("state.pin_entry", "en"), Cue("pin.tries_left.3", "en"))


def test_a_newer_screen_interrupts_and_a_disabled_guide_says_nothing() -> None:
    patient = Patient()
    patient.harness.send(ev.CardInserted())
    patient.guide.show(patient.harness.flow.view, "ja", patient.now)
    assert patient.player.calls == [((Cue("state.reading_card", "ja"),), True)]
    patient.player.take()
    patient.guide.set_enabled(False)
    assert patient.player.stops == 1
    assert patient.send(ev.CardRead(VALID_CARD)) == []
    patient.guide.digit_pressed()
    assert patient.player.take() == []


def test_english_views_are_spoken_in_english() -> None:
    patient = Patient(language="en")
    for event in (ev.CardInserted(), ev.CardRead(VALID_CARD)):
        patient.harness.send(event)
        patient.guide.show(patient.harness.flow.view, "en", patient.now)
    assert patient.player.calls[-1][0] == (Cue("tone.chime"), Cue("state.choose_method", "en"))
    patient.guide.show(FlowView(State.IDLE), "en", patient.now)
    assert patient.player.calls[-1][0] == (Cue("state.idle", "en"),)


def test_a_locked_pin_after_face_failed_is_said_as_the_screen_words_it() -> None:
    """Not 「顔認証か係員による確認で受付できます」 when face authentication is no longer offered."""
    assert screen_prompts(FlowView(State.PIN_BLOCKED, face_available=False)) == ("failure.pin_blocked.no_face",)
    assert screen_prompts(FlowView(State.PIN_BLOCKED, face_available=True)) == ("failure.pin_blocked",)
