"""Drives the flow from the screens and the devices, runs its effects off the UI thread, and draws its view.

Effects that touch the card, camera or backend run one after another on worker threads (the card is one
resource); their answers come back as flow events in the UI thread. CancelFace is a flag and runs at once.
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

from kiosk.domain import IdentityMethod, PrescriptionIssue, consent_item
from kiosk.flow import Failure, Flow, FlowConfig, FlowView, Notice, Outcome, StaffAlert, State
from kiosk.flow import effects as fx
from kiosk.flow import events as ev
from kiosk.reception.protocol import FaceProgress, ReceptionServices
from kiosk.reception.runner import execute_effect

from .inactivity import ActivityRelay
from .language import LanguageSwitcher
from .main_window import KioskWindow
from .paths_controller import PathScreens
from .screens.face import FACE_PROMPTS, FacePrompt
from .screens.guidance import Action
from .screens.submitting import Stage
from .text_size import TextSize
from .texts import GOOD_NEWS, notice_text
from .widgets import Screen
from .workers import AbortToken, EventRelay, FaceRelay, TaskRunner

log = logging.getLogger(__name__)

CARD_POLL_S = 0.25
REPLAY_MS = 60_000  # outboxes (receptions, declarations) are replayed now and then, off the UI thread


class KioskController(QObject):
    """One patient at a time: flow events in, screens out."""

    outcome_recorded = Signal(object)  # kiosk.flow.Outcome
    staff_alert = Signal(object)  # kiosk.flow.StaffAlert
    view_changed = Signal(object)  # kiosk.flow.FlowView

    def __init__(self, window: KioskWindow, flow: Flow, services: ReceptionServices, language: LanguageSwitcher,
                 default_language: str = "ja", tick_ms: int = 250, parent: QObject | None = None, *,
                 text_size: TextSize | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.screens = window.screens
        self.flow = flow
        self.services = services
        self.language = language
        self.text_size = text_size
        self.default_language = default_language
        self.runner = TaskRunner(self)
        self.maintenance_active = False
        self._lane: deque[fx.Effect] = deque()
        self._lane_busy = False
        self._rendered: FlowView | None = None
        self._last_outcome: Outcome | None = flow.last_outcome
        self._pending_config: FlowConfig | None = None
        self._watch_token: AbortToken | None = None
        self._face_relay = FaceRelay(self)
        self._face_relay.prompt.connect(lambda text: self.dispatch(ev.FacePrompt(text)))
        self._face_relay.frame.connect(self._show_frame)
        self._face_relay.progress.connect(self._face_progress)
        self._face_guide: FaceProgress | None = None  # the last analysed frame's face, drawn on the preview
        self._card_relay = EventRelay(self)
        self._card_relay.item.connect(self._card_changed)
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(lambda: self.dispatch(ev.Tick()))
        self._replay_timer = QTimer(self)
        self._replay_timer.setInterval(REPLAY_MS)
        self._replay_timer.timeout.connect(self.replay_pending)
        self._replay_busy = False
        self._connect_screens()
        self.paths = PathScreens(self)
        self._activity = ActivityRelay(parent=self)
        self._activity.active.connect(self._patient_active)
        window.still_there.continued.connect(lambda: self.dispatch(ev.PatientActive()))
        language.changed.connect(lambda _language: self._update_language_button())

    # -- life cycle -------------------------------------------------------------------------------------------

    def start(self, watch_card: bool = True) -> None:
        self._timer.start()
        if watch_card:
            self._watch_token = self.runner.start("card-watch", self._watch_card, lambda _r: None, self._watch_failed)
        self.render(force=True)
        # What the last run left: disaster mode, a self-declaration draft (read off the UI thread).
        self.runner.start("startup-events", lambda _token: self.services.startup.startup_events(), self._startup_events,
                          lambda error: log.error("restoring the kiosk state failed: %s", type(error).__name__))
        self._replay_timer.start()

    def _startup_events(self, events: object) -> None:
        for event in events if isinstance(events, list) else []:
            self.dispatch(event)
        self.replay_pending()

    def replay_pending(self) -> None:
        """Send what the outboxes kept while the backend was away (a worker thread; one replay at a time)."""
        if self._replay_busy:
            return
        self._replay_busy = True

        def done(_result: object) -> None:
            self._replay_busy = False

        def failed(error: Exception) -> None:
            self._replay_busy = False
            log.warning("outbox replay failed: %s", type(error).__name__)

        self.runner.start("outbox-replay", lambda _token: self.services.startup.replay_pending(), done, failed)

    def _patient_active(self) -> None:
        if not self.maintenance_active and self.flow.state is not State.IDLE:
            self.dispatch(ev.PatientActive())

    def stop(self) -> None:
        self._activity.stop()
        self._timer.stop()
        self._replay_timer.stop()
        if self._watch_token is not None:
            self._watch_token.abort()
        self.services.face.cancel_face()
        self.runner.shutdown()

    def reconfigure_when_idle(self, config: FlowConfig) -> None:
        """New settings apply from the next patient: now if idle, else on the return to idle. The flow itself is
        kept (replacing it switched a disaster mode that staff had turned on silently off)."""
        if self.flow.state is State.IDLE:
            self.flow.reconfigure(config)
        else:
            self._pending_config = config

    # -- events -----------------------------------------------------------------------------------------------

    def dispatch(self, event: ev.Event) -> None:
        effects = self.flow.handle(event)
        for effect in effects:
            self._run(effect)
        if self.flow.state is State.IDLE and self._pending_config is not None:
            self.flow.reconfigure(self._pending_config)
            self._pending_config = None
        outcome = self.flow.last_outcome
        if outcome is not None and outcome is not self._last_outcome:
            self._last_outcome = outcome
            self.outcome_recorded.emit(outcome)
        try:
            self.render()
        except Exception:
            log.exception("drawing the screen failed")
            if self.flow.state is not State.FAILSAFE:
                self.dispatch(ev.UnexpectedError("ui"))

    def _card_changed(self, present: object) -> None:
        self.dispatch(ev.CardInserted() if present else ev.CardRemoved())

    def _watch_card(self, token: AbortToken) -> None:
        present = False
        while not token.aborted:
            if self.services.card.wait_for_card(not present, timeout=CARD_POLL_S, abort=token.event):
                present = not present
                self._card_relay.send(present)

    def _watch_failed(self, error: Exception) -> None:
        log.error("card reader watch stopped: %s", type(error).__name__)
        self.staff_alert.emit(StaffAlert.FAILSAFE)

    def _run(self, effect: fx.Effect) -> None:
        match effect:
            case fx.CancelFace():
                self.services.face.cancel_face()  # sets a flag; the face job then answers and the flow ignores it
            case fx.NotifyStaff(alert=alert):
                log.info("staff alert: %s", alert.value)
                self.staff_alert.emit(alert)
            case fx.CancelCheck():
                self.services.check.cancel_check()  # a flag: at once, not behind the running check
            case fx.CancelRegister():
                self.services.registration.cancel_register()  # a flag: at once, not behind the running request
            case fx.SaveDraft():
                # Only the newest draft matters: a queued older one is replaced, not saved twice.
                self._lane = deque(e for e in self._lane if not isinstance(e, fx.SaveDraft))
                self._lane.append(effect)
                self._pump()
            case _:
                self._lane.append(effect)
                self._pump()

    def _pump(self) -> None:
        if self._lane_busy or not self._lane:
            return
        effect = self._lane.popleft()
        self._lane_busy = True

        def job(_token: AbortToken) -> list[ev.Event]:
            return execute_effect(self.services, effect, on_event=self._relay_prompt,
                                  on_frame=self._face_relay.send_frame,
                                  on_face_progress=self._face_relay.send_progress)

        self.runner.start(type(effect).__name__, job, self._lane_done,
                          lambda error: self._lane_done([ev.UnexpectedError(type(effect).__name__)]))

    def _relay_prompt(self, event: ev.Event) -> None:
        if isinstance(event, ev.FacePrompt):
            self._face_relay.send_prompt(event.prompt)

    def _lane_done(self, events: object) -> None:
        self._lane_busy = False
        for event in events if isinstance(events, list) else []:
            self.dispatch(event)
        self._pump()

    # -- screens ----------------------------------------------------------------------------------------------

    def _connect_screens(self) -> None:
        s = self.screens
        s.choose_method.method_chosen.connect(lambda value: self.dispatch(ev.MethodChosen(IdentityMethod(value))))
        s.choose_method.cancelled.connect(lambda: self.dispatch(ev.Cancelled()))
        s.face.use_pin.connect(lambda: self.dispatch(ev.MethodChosen(IdentityMethod.PIN)))
        s.face.call_staff.connect(lambda: self.dispatch(ev.StaffCheckRequested()))
        s.face.cancelled.connect(lambda: self.dispatch(ev.Cancelled()))
        s.pin.pin_entered.connect(lambda pin: self.dispatch(ev.PinEntered(pin)))
        s.pin.use_face.connect(lambda: self.dispatch(ev.MethodChosen(IdentityMethod.FACE)))
        s.pin.call_staff.connect(lambda: self.dispatch(ev.StaffCheckRequested()))
        s.pin.cancelled.connect(lambda: self.dispatch(ev.Cancelled()))
        s.guidance.action_chosen.connect(self._guidance_action)
        s.staff_wait.cancelled.connect(lambda: self.dispatch(ev.Cancelled()))
        s.consent.agree_all.connect(lambda: self.dispatch(ev.ConsentAllAgreed()))
        s.consent.by_item.connect(lambda: self.dispatch(ev.ConsentByItemAsked()))
        s.consent.cancelled.connect(lambda: self.dispatch(ev.Cancelled()))
        s.consent_items.item_answered.connect(
            lambda item, agreed: self.dispatch(ev.ConsentChosen(consent_item(item), bool(agreed))))
        s.consent_items.done.connect(lambda: self.dispatch(ev.ConsentDone()))
        s.consent_items.back.connect(lambda: self.dispatch(ev.Back()))
        s.consent_items.cancelled.connect(lambda: self.dispatch(ev.Cancelled()))
        s.prescription.chosen.connect(lambda value: self.dispatch(ev.PrescriptionChosen(PrescriptionIssue(value))))
        s.prescription.back.connect(lambda: self.dispatch(ev.Back()))
        s.prescription.cancelled.connect(lambda: self.dispatch(ev.Cancelled()))
        s.confirm.confirmed.connect(lambda: self.dispatch(ev.Confirmed()))
        s.confirm.back.connect(lambda: self.dispatch(ev.Back()))
        s.result.done.connect(lambda: self.dispatch(ev.Acknowledged()))
        self.window.language_button_clicked.connect(self.language.toggle)
        if self.text_size is not None:
            self.window.text_size_button_clicked.connect(self.text_size.toggle)
            self.text_size.changed.connect(self.window.set_large_text)

    def _guidance_action(self, value: str) -> None:
        action = Action(value)
        events: dict[Action, ev.Event] = {
            Action.FACE: ev.MethodChosen(IdentityMethod.FACE),
            Action.STAFF: ev.StaffCheckRequested(),
            Action.CALL_STAFF: ev.StaffHelpRequested(),
            Action.REGISTER: ev.RegistrationRequested(),
            Action.DECLARE: ev.DeclarationRequested(),
            Action.FINISH: ev.Acknowledged(),
        }
        self.dispatch(events[action])

    def _face_progress(self, progress: object) -> None:
        if isinstance(progress, FaceProgress) and self.flow.state is State.FACE:
            self._face_guide = progress

    def _show_frame(self, image: QImage) -> None:
        if self.flow.state is State.FACE:
            guide = self._face_guide
            face = guide.face if guide is not None else None
            # Green once exactly one face is seen (a second face, or none, leaves the guide white/amber).
            self.screens.face.preview.show_frame(image, face, guide is not None and guide.faces == 1)
            if self.screens.face.prompt is FacePrompt.STARTING:
                self.screens.face.set_prompt(FacePrompt.ALIGN)
        QTimer.singleShot(0, self._face_relay.frame_shown)

    def _update_language_button(self) -> None:
        state = self.flow.state
        self.window.set_language_label(self.language.other_language_name(),
                                       visible=not self.maintenance_active and state is not State.FAILSAFE)

    def render(self, force: bool = False) -> None:
        """Show the screen for the flow's state; only what changed is redrawn (seconds left are not drawn)."""
        view = replace(self.flow.view, seconds_left=None)
        previous = self._rendered
        if not force and view == previous:
            return
        self._rendered = view
        self.view_changed.emit(view)
        entered = previous is None or previous.state is not view.state or force
        if view.state is State.IDLE and entered and not self.maintenance_active:
            self.language.set_language(self.default_language)  # every patient starts in the default language
            if self.text_size is not None:
                self.text_size.set_large(False)  # ... and the usual text size
        if previous is not None and previous.state is State.FACE and view.state is not State.FACE:
            self.screens.face.preview.clear()  # no frame outlives the face step
            self._face_guide = None
        self._update_language_button()
        self.window.set_disaster_mode(view.disaster_mode)
        self.window.still_there.set_shown(view.still_there_asked and not self.maintenance_active)
        if self.maintenance_active:
            return
        screen = self._draw(view, previous, entered)
        screen.show_notice(notice_text(view.notice), good_news=view.notice in GOOD_NEWS)
        self.window.show_screen(screen)

    def _draw(self, view: FlowView, previous: FlowView | None, entered: bool) -> Screen:
        s = self.screens
        match view.state:
            case State.IDLE:
                s.idle.set_disaster_lookup(view.disaster_lookup_offered)
                return s.idle
            case State.READING_CARD:
                return s.reading
            case State.CHOOSE_METHOD:
                s.choose_method.set_availability(view.face_available, not view.pin_available)
                return s.choose_method
            case State.FACE:
                attempts_left = max(0, view.max_face_attempts - view.face_attempt + 1)
                if entered or (previous is not None and previous.face_attempt != view.face_attempt):
                    s.face.reset(pin_available=view.pin_available, attempts_left=attempts_left)
                    self._face_guide = None
                if view.face_prompt in FACE_PROMPTS:
                    s.face.set_prompt(FACE_PROMPTS[view.face_prompt])
                return s.face
            case State.PIN_ENTRY:
                if entered or previous is None or (previous.notice, previous.pin_tries_left) != (
                        view.notice, view.pin_tries_left):
                    s.pin.reset(view.pin_tries_left, wrong=view.notice is Notice.PIN_WRONG,
                                face_available=view.face_available)
                return s.pin
            case State.VERIFYING_PIN:
                s.submitting.show_stage(Stage.CHECKING_PIN)
                return s.submitting
            case State.PIN_BLOCKED:
                actions = (Action.FACE,) if view.face_available else ()
                s.guidance.show_failure(Failure.PIN_BLOCKED, (*actions, Action.STAFF, Action.FINISH),
                                        face_available=view.face_available)
                return s.guidance
            case State.STAFF_CHECK:
                return s.staff_wait
            case State.CONSENT:
                s.consent.show_offer(view.consent_offered)
                return s.consent
            case State.CONSENT_ITEMS:
                chosen = frozenset(item for item, agreed in view.consent_choices.items() if agreed)
                s.consent_items.reset(view.consent_offered, chosen)
                return s.consent_items
            case State.PRESCRIPTION:
                s.prescription.show_choice(view.prescription, can_go_back=bool(view.consent_offered))
                return s.prescription
            case State.CONFIRM:
                chosen = frozenset(item for item, agreed in view.consent_choices.items() if agreed)
                s.confirm.show_choices(view.consent_offered, chosen, view.prescription)
                return s.confirm
            case State.SUBMITTING:
                s.submitting.show_stage(Stage.CHECKING_ELIGIBILITY)
                return s.submitting
            case State.RESULT:
                result = view.result
                s.result.show_result(result.burden_ratio_percent if result else None,
                                     result.insurer_name if result else "", view.certificate_notice,
                                     medical_aid=result is not None and result.medical_aid,
                                     card_present=view.card_present)
                return s.result
            case State.FAILED:
                assert view.failure is not None  # noqa: S101 - FAILED always names its failure
                offers: tuple[Action, ...] = (Action.REGISTER,) if view.registration_offered else ()
                offers += (Action.DECLARE,) if view.declaration_offered else ()
                offers += (Action.CALL_STAFF,)
                s.guidance.show_failure(view.failure, (*offers, Action.FINISH), queued=view.queued_for_later)
                return s.guidance
            case State.TAKE_CARD:
                outcome = view.last_outcome
                s.take_card.set_outcome(outcome.kind if outcome is not None else None)
                return s.take_card
            case _:
                return self.paths.draw(view, entered) or s.failsafe

