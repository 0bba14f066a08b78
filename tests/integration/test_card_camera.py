"""The card camera on real frames: an image sequence the simulator renders, opened by OpenCV as `[hardware]
card_camera` names it, read by Tesseract, and the read 照合番号B unlocking the virtual card's photo."""

from __future__ import annotations

import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest

from hardware_sim.camera.card_front import VIEWS, card_front, photograph
from hardware_sim.personas import get_persona
from kiosk.config import HardwareSettings
from kiosk.devices import card_camera_spec, card_surface_scanner
from kiosk.flow import events as ev
from kiosk.reader import PrintedCardFace
from kiosk.reader.card_surface import CardSurfaceUnreadableError
from kiosk.simulation import Simulation, _PersonaSurface

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr is not installed")


def _render_tray(folder: Path, persona_key: str | None, *, frames: int = 6) -> str:
    """An image sequence of the card tray: two empty frames, then the persona's card lying on it (or still empty)."""
    folder.mkdir()
    empty = np.asarray(np.clip(np.random.default_rng(0).normal(52, 6, (960, 1280, 3)), 0, 255), dtype=np.uint8)
    card = card_front(get_persona(persona_key)) if persona_key is not None else None
    for index in range(frames):
        view = VIEWS[index % len(VIEWS)]
        image = empty if card is None or index < 2 else photograph(card, view, seed=index)
        assert cv2.imwrite(str(folder / f"{index:03d}.png"), image)
    return str(folder / "%03d.png")


def test_the_card_camera_reads_the_card_on_the_tray_from_real_frames(tmp_path: Path) -> None:
    scanner = card_surface_scanner(HardwareSettings(card_camera=_render_tray(tmp_path / "tray", "elderly")))
    printed = get_persona("elderly").card_face_print
    read = scanner.scan()
    assert read.collation_number_b == printed.collation_number_b


def test_face_means_the_face_camera_holds_the_card() -> None:
    assert card_camera_spec(HardwareSettings(camera="2", card_camera="face")) == "2"
    assert card_camera_spec(HardwareSettings(camera="2", card_camera="/dev/video4")) == "/dev/video4"
    assert card_camera_spec(HardwareSettings(camera="2")) == ""


@pytest.mark.parametrize(("card_camera", "reason"), [
    ("", "no card camera configured"),
    ("/nonexistent/card-camera/%03d.png", "the card camera cannot be opened"),
])
def test_without_a_usable_card_camera_a_scan_is_refused_as_a_reader_error(card_camera: str, reason: str) -> None:
    with pytest.raises(CardSurfaceUnreadableError) as refused:
        card_surface_scanner(HardwareSettings(card_camera=card_camera)).scan()
    assert refused.value.reason == reason


def test_an_empty_tray_is_refused(tmp_path: Path) -> None:
    scanner = card_surface_scanner(HardwareSettings(card_camera=_render_tray(tmp_path / "tray", None)))
    with pytest.raises(CardSurfaceUnreadableError) as refused:
        scanner.scan()
    assert refused.value.reason == "no image"


def test_the_read_number_unlocks_the_cards_photo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole path: the card-reading worker scans the tray through OpenCV, the OCR'd 照合番号B is sent to the
    virtual card once (a wrong one would cost a try and leave no photo), and the chip's photo is decoded."""
    camera = card_surface_scanner(HardwareSettings(card_camera=_render_tray(tmp_path / "tray", "normal")))
    scans: list[PrintedCardFace] = []

    def ocr_scan(_self: object) -> PrintedCardFace:
        scans.append(camera.scan())
        return scans[-1]

    monkeypatch.setattr(_PersonaSurface, "scan", ocr_scan)
    with Simulation(tmp_path / "kiosk") as simulation:
        reception = simulation.reception()
        try:
            simulation.place_card("normal")
            answer = reception.services.card.read_card()
            photo = reception.services.card.card_photo()
        finally:
            reception.close()
    assert isinstance(answer, ev.CardRead), answer
    assert photo is not None and photo.ndim == 3
    assert [scan.collation_number_b for scan in scans] == [get_persona("normal").card_face_print.collation_number_b]


def test_an_unread_card_front_leaves_the_chip_locked_and_says_so(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty tray: the card is read all the same, no 照合番号B is sent, face answers 'card front unread' (the
    patient is told so and offered the PIN), and the PIN still confirms the patient."""
    camera = card_surface_scanner(HardwareSettings(card_camera=_render_tray(tmp_path / "tray", None)))
    monkeypatch.setattr(_PersonaSurface, "scan", lambda _self: camera.scan())
    with Simulation(tmp_path / "kiosk") as simulation:
        reception = simulation.reception()
        try:
            simulation.place_card("normal")
            answer = reception.services.card.read_card()
            face = reception.services.face.verify_face()
            pin = reception.services.card.verify_pin(get_persona("normal").pin)
        finally:
            reception.close()
    assert isinstance(answer, ev.CardRead), answer
    assert face == ev.CardFrontUnread()
    assert pin == ev.PinVerified()
