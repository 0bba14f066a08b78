"""Issue 11 at the card: a clone, a tampered card face or a self-made card is refused when it is read, before any
PIN; face and staff receptions carry the card's PIN-less signature; the chip photo never touches the disk."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from hardware_sim.card.content import card_face_ef
from hardware_sim.card.files import KeyFile
from hardware_sim.personas import get_persona
from hardware_sim.personas.pki import load_key
from kiosk.domain import DEFAULT_ASKED_ITEMS, IdentityMethod
from kiosk.domain.card_interface import Aid
from kiosk.flow import CardReadFailure, SubmissionRequest
from kiosk.flow import events as ev
from kiosk.reader import PrintedCardFace, ReaderError
from kiosk.reader.jpki import JpkiFile
from kiosk.simulation import Simulation, _PersonaSurface
from tests.fixtures.backend import ROOT

STAFF_CHECK = SubmissionRequest(IdentityMethod.STAFF, dict.fromkeys(DEFAULT_ASKED_ITEMS, True), staff_id="nurse-1")


@contextmanager
def _kiosk(tmp_path: Path) -> Iterator[Simulation]:
    with Simulation(tmp_path) as simulation:
        yield simulation


def test_a_clone_without_the_certificates_key_is_refused_before_any_pin(tmp_path: Path) -> None:
    with _kiosk(tmp_path) as simulation:
        reception = simulation.reception()
        try:
            simulation.place_card("normal")
            assert simulation.card is not None
            jpki = simulation.card._applications[Aid.JPKI.value]  # noqa: SLF001 - build the clone's chip
            jpki.files[0x0017] = KeyFile(0x0017, load_key("child-auth"), use_requires=0x0018, certified_reader=True)
            answer = reception.services.card.read_card()
        finally:
            reception.close()
    assert answer == ev.CardReadFailed(CardReadFailure.UNREADABLE)


def _self_made_ca_and_certificate(persona: str) -> tuple[bytes, bytes]:
    """A CA of the forger's own, named like the J-LIS CA, and a user-auth certificate from it for the card's key."""
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    from hardware_sim.personas.pki import auth_ca_certificate, user_auth_certificate

    genuine_ca, genuine = auth_ca_certificate(), user_auth_certificate(get_persona(persona))
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = datetime.now(UTC)
    ca = (x509.CertificateBuilder().subject_name(genuine_ca.subject).issuer_name(genuine_ca.subject)
          .public_key(forger.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=3650))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .sign(forger, hashes.SHA256()))
    certificate = (x509.CertificateBuilder().subject_name(genuine.subject).issuer_name(ca.subject)
                   .public_key(genuine.public_key()).serial_number(genuine.serial_number)
                   .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=365))
                   .sign(forger, hashes.SHA256()))
    der = serialization.Encoding.DER
    return ca.public_bytes(der), certificate.public_bytes(der)


def test_a_self_made_card_chaining_only_to_its_own_ca_is_refused(tmp_path: Path) -> None:
    with _kiosk(tmp_path) as simulation:
        reception = simulation.reception()
        try:
            simulation.place_card("normal")
            assert simulation.card is not None
            ca_der, certificate_der = _self_made_ca_and_certificate("normal")
            simulation.card.faults.replace_file(Aid.JPKI, JpkiFile.AUTH_CA_CERTIFICATE, ca_der)
            simulation.card.faults.replace_file(Aid.JPKI, JpkiFile.AUTH_CERTIFICATE, certificate_der)
            answer = reception.services.card.read_card()
        finally:
            reception.close()
    assert answer == ev.CardReadFailed(CardReadFailure.UNREADABLE)


def test_a_card_with_a_tampered_photo_is_refused(tmp_path: Path) -> None:
    with _kiosk(tmp_path) as simulation:
        reception = simulation.reception()
        try:
            simulation.place_card("normal")
            assert simulation.card is not None
            data = bytearray(card_face_ef(get_persona("normal")))
            data[len(data) // 2] ^= 0x01  # inside the photo (the largest object): the issuer signature breaks
            simulation.card.faults.replace_file(Aid.CARD_FACE, 0x0002, bytes(data))
            answer = reception.services.card.read_card()
        finally:
            reception.close()
    assert answer == ev.CardReadFailed(CardReadFailure.UNREADABLE)


def test_a_staff_check_carries_the_cards_pinless_signature(tmp_path: Path) -> None:
    with _kiosk(tmp_path) as simulation:
        reception = simulation.reception()
        try:
            simulation.place_card("pin_blocked")
            assert isinstance(reception.services.card.read_card(), ev.CardRead)
            answer = reception.services.check.check(STAFF_CHECK)
            records = simulation.admin.today_records(simulation.facility_code)
        finally:
            reception.close()
    assert isinstance(answer, ev.QualificationChecked), answer
    assert [(r["identity_method"], r["staff_id"], "card_signature_sha256" in r["evidence"]) for r in records] == \
        [("staff", "nurse-1", True)]


# --- no image on disk -----------------------------------------------------------------------------------------

WATCHED_DECODE = """
import ctypes, ctypes.util, os, struct, sys
import numpy as np
from hardware_sim.personas import get_persona
from hardware_sim.personas.photos import card_photo_jp2
photo = card_photo_jp2(get_persona("normal").card_photo_path)
libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
fd = libc.inotify_init1(os.O_NONBLOCK)
assert libc.inotify_add_watch(fd, os.fsencode(sys.argv[2]), 0x100 | 0x80) >= 0
if sys.argv[1] == "opencv":  # OpenCV's JPEG 2000 codec goes through a temporary file (here: its encoder)
    import cv2
    image = cv2.imdecode(np.frombuffer(photo, dtype=np.uint8), cv2.IMREAD_COLOR)
    assert cv2.imencode(".jp2", image)[0]
else:
    from kiosk.reception.photo_codec import as_png, decode_bgr
    assert decode_bgr(photo).shape[2] == 3 and decode_bgr(as_png(photo)).shape[2] == 3
try:
    events = os.read(fd, 65536)
except BlockingIOError:
    events = b""
offset = 0
while offset < len(events):
    size = struct.unpack_from("iIII", events, offset)[3]
    print(events[offset + 16:offset + 16 + size].rstrip(b"\\0").decode())
    offset += 16 + size
"""


def _created_in_tmp_while_decoding(decoder: str, temporary: Path) -> list[str]:
    """Names of files created (inotify sees them even if unlinked at once) in the temporary folder of a fresh
    process decoding the chip photo with `decoder`; the process's temporary folder (TMPDIR, OpenCV's
    OPENCV_TEMP_PATH) is `temporary`, which no other process shares, and only OpenCV's temporary files count."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(temporary),
                   "OPENCV_TEMP_PATH": str(temporary)}
    done = subprocess.run([sys.executable, "-c", WATCHED_DECODE, decoder, str(temporary)], capture_output=True,
                          text=True, timeout=60, cwd=ROOT, env=environment)
    assert done.returncode == 0, done.stderr
    return [name for name in done.stdout.split() if name.startswith("__opencv_temp")]


def test_the_chip_photo_is_decoded_without_writing_a_file(tmp_path: Path) -> None:
    # The bite: the watcher sees OpenCV's temporary JPEG 2000 file, created and unlinked at once. (OpenCV 5.0's
    # imdecode reads JPEG 2000 in memory; the version the issue saw wrote the photo there, its encoder still does.)
    assert _created_in_tmp_while_decoding("opencv", tmp_path)
    assert _created_in_tmp_while_decoding("kiosk", tmp_path) == []


DECODE_WITHOUT_OPENCV = """
import sys
from kiosk.reception.photo_codec import as_png, decode_bgr
photo = sys.stdin.buffer.read()
assert decode_bgr(photo).shape[2] == 3 and decode_bgr(as_png(photo)).shape[2] == 3
print("opencv loaded" if "cv2" in sys.modules else "opencv not loaded")
"""


def test_the_chip_photo_never_reaches_opencvs_codecs() -> None:
    # Whether OpenCV's JPEG 2000 decoder goes through a temporary file depends on how OpenCV was built (a codec
    # without buffer support writes `/tmp/__opencv_temp.*`; the pip wheels tried here, 4.10-5.0, decode in memory).
    # The chip photo never reaches OpenCV at all, so no OpenCV build can put it on disk.
    from hardware_sim.personas.photos import card_photo_jp2

    photo = card_photo_jp2(get_persona("normal").card_photo_path)
    done = subprocess.run([sys.executable, "-c", DECODE_WITHOUT_OPENCV], input=photo, capture_output=True,
                          timeout=60, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().strip() == "opencv not loaded"


def test_a_kiosk_without_a_card_surface_scan_reads_the_card_scans_once_and_keeps_the_pin(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A real kiosk has no card-surface scanner yet (the issuer keys are configured): the card is read all the
    same, the failed scan is never tried again (each try would spend one of the card's 照合番号B tries), and the
    PIN still confirms the patient."""
    scans: list[int] = []

    def no_scanner(_self: object) -> PrintedCardFace:
        scans.append(1)
        raise ReaderError("no card-surface scanner configured")

    monkeypatch.setattr(_PersonaSurface, "scan", no_scanner)
    with _kiosk(tmp_path) as simulation:
        reception = simulation.reception()
        try:
            simulation.place_card("normal")
            answer = reception.services.card.read_card()
            photos = [reception.services.card.card_photo() for _ in range(3)]
            pin = reception.services.card.verify_pin(get_persona("normal").pin)
        finally:
            reception.close()
    assert isinstance(answer, ev.CardRead), answer
    assert photos == [None, None, None] and len(scans) == 1
    assert pin == ev.PinVerified()
