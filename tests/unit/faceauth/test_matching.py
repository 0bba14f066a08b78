"""The calibrated tolerance against the public-domain fixtures: every genuine pair in, every impostor out."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest

from hardware_sim.personas.model import FACES_DIR
from hardware_sim.personas.photos import card_photo_jp2
from kiosk.faceauth import DEFAULT_TOLERANCE, FrameAnalysis, ReferenceFace, ReferenceFaceError, face_distance
from kiosk.faceauth.dlib_backend import DlibFaceMatcher

PHOTOS = sorted(path.name for path in FACES_DIR.glob("*.jpg"))


def _person(name: str) -> str:
    return name.split("_")[0]


@pytest.fixture(scope="module")
def chip_references(dlib_matcher: DlibFaceMatcher) -> dict[str, ReferenceFace]:
    return {name: dlib_matcher.encode_reference(card_photo_jp2(FACES_DIR / name)) for name in PHOTOS}


@pytest.fixture(scope="module")
def live_analyses(dlib_matcher: DlibFaceMatcher) -> dict[str, FrameAnalysis]:
    out = {}
    for name in PHOTOS:
        frame = cv2.imread(str(FACES_DIR / name), cv2.IMREAD_COLOR)
        out[name] = dlib_matcher.analyse(np.asarray(frame, dtype=np.uint8), encode=True)
    return out


def _distance(chip: dict[str, ReferenceFace], live: dict[str, FrameAnalysis], card: str, shown: str) -> float:
    encoding = live[shown].encoding
    assert encoding is not None, f"no face found in {shown}"
    return face_distance(chip[card], encoding)


GENUINE = [(a, b) for a, b in itertools.permutations(PHOTOS, 2) if _person(a) == _person(b)]
IMPOSTOR = [(a, b) for a, b in itertools.permutations(PHOTOS, 2) if _person(a) != _person(b)]


@pytest.mark.parametrize(("card", "shown"), GENUINE)
def test_chip_photo_matches_another_photo_of_the_same_person(
    chip_references: dict[str, ReferenceFace], live_analyses: dict[str, FrameAnalysis], card: str, shown: str
) -> None:
    assert _distance(chip_references, live_analyses, card, shown) <= DEFAULT_TOLERANCE


@pytest.mark.parametrize(("card", "shown"), IMPOSTOR)
def test_chip_photo_rejects_every_other_person(
    chip_references: dict[str, ReferenceFace], live_analyses: dict[str, FrameAnalysis], card: str, shown: str
) -> None:
    assert _distance(chip_references, live_analyses, card, shown) > DEFAULT_TOLERANCE


def test_hopper_and_collins_are_the_hard_pair_and_are_still_told_apart(
    chip_references: dict[str, ReferenceFace], live_analyses: dict[str, FrameAnalysis]
) -> None:
    hard = _distance(chip_references, live_analyses, "collins_nasa.jpg", "hopper_1984.jpg")
    # face_recognition's default tolerance (0.6) would not leave the margin this one needs.
    assert DEFAULT_TOLERANCE < hard < 0.7


def test_live_frame_reports_the_face_box_and_five_landmarks(live_analyses: dict[str, FrameAnalysis]) -> None:
    analysis = live_analyses["hopper_1984.jpg"]
    assert len(analysis.faces) == 1
    box = analysis.faces[0]
    assert analysis.landmarks is not None
    nose_x, nose_y = analysis.landmarks.nose
    assert box.left < nose_x < box.right and box.top < nose_y < box.bottom
    assert analysis.landmarks.image_left_eye[0][0] < analysis.landmarks.image_right_eye[0][0]


def _jp2(image: np.ndarray) -> bytes:
    ok, data = cv2.imencode(".jp2", image)
    assert ok
    return bytes(data.tobytes())


def test_a_card_photo_without_a_face_is_refused(dlib_matcher: DlibFaceMatcher) -> None:
    wall = np.full((320, 240), 180, dtype=np.uint8)
    cv2.rectangle(wall, (40, 60), (200, 260), 90, -1)
    with pytest.raises(ReferenceFaceError) as caught:
        dlib_matcher.encode_reference(_jp2(wall))
    assert caught.value.faces_found == 0


def test_a_corrupt_card_photo_is_refused(dlib_matcher: DlibFaceMatcher) -> None:
    with pytest.raises(ReferenceFaceError, match="decoded"):
        dlib_matcher.encode_reference(b"\x00\x00\x00\x0cjP  not really")


def test_chip_photo_is_the_small_monochrome_jp2(chip_photo: Callable[[str], bytes]) -> None:
    data = chip_photo("normal")
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    assert image.ndim == 2 and max(image.shape) == 320 and len(data) < 20_000
    assert isinstance(FACES_DIR, Path)
