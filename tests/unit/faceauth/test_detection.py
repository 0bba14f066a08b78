"""BlazeFace finds faces HOG misses (small, masked, tilted), none in an empty room; masks and glasses are seen."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from hardware_sim.camera import SimulatedCamera
from hardware_sim.camera.render import load_face_photo
from hardware_sim.camera.wearables import wearing
from hardware_sim.personas import get_persona
from kiosk.faceauth import FaceBox
from kiosk.faceauth.blazeface import BlazeFaceDetector
from kiosk.faceauth.dlib_backend import DlibFaceMatcher
from tests.fixtures.camera import chip_of

PERSONAS = ("normal", "pin_blocked", "cert_expired", "qualification_lost")  # four photos, three people


@pytest.fixture(scope="module")
def blazeface() -> BlazeFaceDetector:
    return BlazeFaceDetector()


@pytest.fixture(scope="module")
def hog_matcher() -> DlibFaceMatcher:
    return DlibFaceMatcher(detector="hog")


def _overlap(a: FaceBox, b: FaceBox) -> float:
    width = max(0, min(a.right, b.right) - max(a.left, b.left))
    height = max(0, min(a.bottom, b.bottom) - max(a.top, b.top))
    inter = width * height
    return inter / (a.area + b.area - inter)


def _photo(persona: str) -> np.ndarray:
    path = get_persona(persona).live_photo_path
    assert path is not None
    return np.asarray(cv2.imread(str(path), cv2.IMREAD_COLOR), dtype=np.uint8)


def _small(photo: np.ndarray, face_width: int, width_now: int) -> np.ndarray:
    """The photo shrunk so the face is `face_width` px wide, in a 640x480 frame: a patient far from the camera."""
    scale = face_width / width_now
    small = cv2.resize(photo, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    frame = np.full((480, 640, 3), 170, dtype=np.uint8)
    frame[180:180 + small.shape[0], 280:280 + small.shape[1]] = small
    return frame


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_face_is_found_where_hog_finds_it_with_its_eyes_inside(
    blazeface: BlazeFaceDetector, hog_matcher: DlibFaceMatcher, persona: str
) -> None:
    photo = _photo(persona)
    hog = hog_matcher.analyse(photo, encode=False).faces[0]
    found = blazeface.detect(photo)
    assert len(found) == 1
    assert _overlap(found[0].box, hog) > 0.5
    box = found[0].box
    for x, y in found[0].keypoints[:2]:
        assert box.left < x < box.right and box.top < y < box.bottom


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_face_60_px_wide_is_found_where_hog_finds_none(
    blazeface: BlazeFaceDetector, hog_matcher: DlibFaceMatcher, persona: str
) -> None:
    photo = _photo(persona)
    frame = _small(photo, 60, hog_matcher.analyse(photo, encode=False).faces[0].width)
    assert hog_matcher.analyse(frame, encode=False).faces == ()
    found = blazeface.detect(frame)
    assert len(found) == 1
    assert 45 <= found[0].box.width <= 80


def test_a_tilted_face_is_found(blazeface: BlazeFaceDetector) -> None:
    photo = _photo("normal")
    height, width = photo.shape[:2]
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), 35.0, 1.0)
    tilted = np.asarray(cv2.warpAffine(photo, turn, (width, height), borderMode=cv2.BORDER_REPLICATE), np.uint8)
    (found,) = blazeface.detect(tilted)
    (ax, ay), (bx, by) = found.keypoints[:2]
    assert 25 <= abs(np.degrees(np.arctan2(by - ay, bx - ax))) <= 45  # the eyes' line follows the tilt


def test_an_empty_room_shows_no_face(blazeface: BlazeFaceDetector) -> None:
    camera = SimulatedCamera(get_persona("normal"), "nobody", realtime=False, seed=4)
    assert all(blazeface.detect(camera.render(i / 30, i)) == [] for i in range(0, 90, 15))


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_masked_face_is_found_seen_as_masked_and_never_encoded(dlib_matcher: DlibFaceMatcher, persona: str) -> None:
    camera = SimulatedCamera(get_persona(persona), "masked", realtime=False, seed=1)
    analyses = [dlib_matcher.analyse(camera.render(i / 30, i), encode=True) for i in range(0, 60, 20)]
    assert all(analysis.faces for analysis in analyses)
    # Three of the four seen masked in every frame; all four in most.
    assert sum(analysis.lower_face_covered for analysis in analyses) >= 2
    assert all(analysis.encoding is None for analysis in analyses if analysis.lower_face_covered)


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_bare_face_is_neither_masked_nor_in_glasses(dlib_matcher: DlibFaceMatcher, persona: str) -> None:
    camera = SimulatedCamera(get_persona(persona), "live", realtime=False, seed=1)
    analyses = [dlib_matcher.analyse(camera.render(i / 30, i), encode=True) for i in range(0, 60, 20)]
    assert not any(analysis.lower_face_covered or analysis.glasses for analysis in analyses)
    assert all(analysis.encoding is not None for analysis in analyses)


@pytest.mark.parametrize("persona", ["normal", "pin_blocked", "cert_grace"])
def test_glasses_are_seen_on_the_live_face_and_on_a_card_photo(dlib_matcher: DlibFaceMatcher, persona: str) -> None:
    camera = SimulatedCamera(get_persona(persona), "glasses", realtime=False, seed=1)
    analyses = [dlib_matcher.analyse(camera.render(i / 30, i), encode=False) for i in range(0, 60, 12)]
    assert sum(analysis.glasses for analysis in analyses) >= 3
    card = get_persona(persona).card_photo_path
    assert card is not None
    bare = load_face_photo(card)
    assert not dlib_matcher.encode_reference(chip_of(bare.image)).glasses
    assert dlib_matcher.encode_reference(chip_of(wearing(bare, "glasses").image)).glasses

