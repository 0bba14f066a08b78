"""Runs one flow effect against the service of its capability and returns the events it produced (blocking)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from kiosk.flow import effects as fx
from kiosk.flow import events as ev

from .protocol import FaceProgress, PreviewFrame, ReceptionServices

logger = logging.getLogger(__name__)


def execute_effect(
    services: ReceptionServices, effect: fx.Effect, *,
    on_event: Callable[[ev.Event], None] | None = None,
    on_frame: Callable[[PreviewFrame], None] | None = None,
    on_face_progress: Callable[[FaceProgress], None] | None = None,
) -> list[ev.Event]:
    """Do what `effect` asks; events arising meanwhile (face prompts) go to `on_event` as they happen.

    `on_frame` (the camera preview) and `on_face_progress` (where the face is) are called from worker threads.

    Never raises: an unexpected exception becomes UnexpectedError, which sends the flow to its failsafe screen.
    """
    prompts: list[ev.Event] = []

    def prompt(text: str) -> None:
        event = ev.FacePrompt(text)
        if on_event is not None:
            on_event(event)
        else:
            prompts.append(event)

    try:
        match effect:
            case fx.ReadCard():
                return [services.card.read_card()]
            case fx.StartFace():
                answer = services.face.verify_face(on_prompt=prompt, on_frame=on_frame,
                                                   on_progress=on_face_progress)
                return [*prompts, answer]
            case fx.CancelFace():
                services.face.cancel_face()
            case fx.VerifyPin(pin=pin):
                return [services.card.verify_pin(pin)]
            case fx.CheckQualification(request=request):
                return [services.check.check(request)]
            case fx.NotifyStaff(alert=alert):
                logger.info("staff alert: %s", alert.value)
            case fx.EndSession():
                services.face.cancel_face()
                services.card.end_session()
            case fx.CancelCheck():
                services.check.cancel_check()
            case fx.Register(terms_version=terms, method=method):
                return [services.registration.register(terms, method)]
            case fx.CancelRegister():
                services.registration.cancel_register()
            case fx.SaveDraft(draft=draft, reason=reason):
                services.declarations.save_draft(draft, reason)
            case fx.DiscardDraft():
                services.declarations.discard_draft()
            case fx.SubmitDeclaration(declaration=declaration, reason=reason):
                return [services.declarations.submit_declaration(declaration, reason)]
            case fx.RecordDisasterMode(on=on, staff_id=staff_id):
                services.disaster.record_disaster_mode(on, staff_id)
    except Exception as error:
        # Types only: messages may carry patient data, and the effect itself may hold a PIN.
        logger.error("effect %s failed: %s", type(effect).__name__, type(error).__name__)
        return [ev.UnexpectedError(type(effect).__name__)]
    return []
