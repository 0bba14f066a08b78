"""Coaching from what the camera sees: a mask, glasses the card photo lacks; through the simulator and real matcher."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from hardware_sim.camera import SimulatedCamera
from hardware_sim.camera.render import load_face_photo
from hardware_sim.camera.wearables import wearing
from hardware_sim.personas import get_persona
from kiosk.faceauth import Decision, FaceVerificationSession, Progress, ReferenceFace, run_verification, scene_clock
from kiosk.faceauth.dlib_backend import DlibFaceMatcher
from kiosk.faceauth.model import Coaching
from kiosk.faceauth.process_matcher import ProcessFaceMatcher
from kiosk.reception.face_support import prompt_of
from tests.fixtures.camera import chip_of, fast_config


class Patient:
    """Shows the patient every prompt as the reception does (`prompt_of`); a patient who listens acts on it."""

    def __init__(self, camera: SimulatedCamera, *, listens: bool) -> None:
        self.camera = camera
        self.listens = listens
        self.coaching: list[Coaching] = []
        self.shown: str | None = None

    def __call__(self, progress: Progress) -> None:
        if progress.coaching is not None:
            self.coaching.append(progress.coaching)
        prompt = prompt_of(progress, self.shown)
        if prompt != self.shown:
            self.shown = prompt
            if self.listens:
                self.camera.show_prompt(prompt)


def _verify(matcher: ProcessFaceMatcher, reference: ReferenceFace, persona: str, scenario: str, *,
            listens: bool = True, **config: object) -> tuple[Decision, float | None, Patient]:
    camera = SimulatedCamera(get_persona(persona), scenario, seed=5, realtime=False)
    patient = Patient(camera, listens=listens)
    session = FaceVerificationSession(matcher, reference, fast_config(liveness=False, **config), on_progress=patient,
                                      clock=scene_clock(camera))
    outcome = run_verification(camera, session, lockstep=True)
    return outcome.decision, outcome.distance, patient


# pin_one_try: Grace Hopper, whose masked face HOG finds with a box that puts dlib's points on her neck;
# cert_grace: a masked face HOG finds whose colour differs little from her skin in lightness.
@pytest.mark.parametrize("persona", ["normal", "pin_one_try", "cert_grace"])
def test_a_masked_patient_is_asked_to_take_it_off_and_is_then_matched(
    process_matcher: ProcessFaceMatcher, card_reference: Callable[[str], ReferenceFace], persona: str
) -> None:
    decision, distance, patient = _verify(process_matcher, card_reference(persona), persona, "masked")
    assert patient.coaching[:3] == [Coaching.REMOVE_MASK] * 3
    assert decision is Decision.MATCHED
    assert distance is not None and distance < 0.52


def test_a_masked_face_is_never_compared_with_the_card(
    process_matcher: ProcessFaceMatcher, card_reference: Callable[[str], ReferenceFace]
) -> None:
    # A patient who keeps the mask on: the try ends at the timeout, with no distance (no rejection by a mask).
    decision, distance, patient = _verify(process_matcher, card_reference("normal"), "normal", "masked",
                                          listens=False, timeout_s=2.0)
    assert decision is Decision.TIMED_OUT
    assert distance is None
    assert set(patient.coaching) == {Coaching.REMOVE_MASK}


def test_glasses_the_card_photo_lacks_are_asked_off(
    process_matcher: ProcessFaceMatcher, card_reference: Callable[[str], ReferenceFace]
) -> None:
    decision, _, patient = _verify(process_matcher, card_reference("pin_blocked"), "pin_blocked", "glasses")
    assert Coaching.REMOVE_GLASSES in patient.coaching
    assert decision is Decision.MATCHED


def test_glasses_the_card_photo_shows_are_never_asked_off(
    process_matcher: ProcessFaceMatcher, dlib_matcher: DlibFaceMatcher
) -> None:
    card = get_persona("pin_blocked").card_photo_path
    assert card is not None
    reference = dlib_matcher.encode_reference(chip_of(wearing(load_face_photo(card), "glasses").image))
    assert reference.glasses
    decision, _, patient = _verify(process_matcher, reference, "pin_blocked", "glasses", timeout_s=3.0)
    assert Coaching.REMOVE_GLASSES not in patient.coaching
    assert decision in (Decision.MATCHED, Decision.NOT_MATCHED)  # decided on the face in glasses, as it is


@pytest.mark.parametrize("persona", ["normal", "cert_grace"])
def test_a_bare_face_gets_no_mask_or_glasses_prompt(
    process_matcher: ProcessFaceMatcher, card_reference: Callable[[str], ReferenceFace], persona: str
) -> None:
    decision, _, patient = _verify(process_matcher, card_reference(persona), persona, "live")
    assert decision is Decision.MATCHED
    assert not {Coaching.REMOVE_MASK, Coaching.REMOVE_GLASSES} & set(patient.coaching)

