"""What the maintenance diagnostics probe on real hardware: the backend's /healthz and the camera's presence."""

from __future__ import annotations

from pathlib import Path

from hardware_sim.backend.inprocess import InProcessBackend
from kiosk.devices import camera_present
from kiosk.eligibility import HttpEligibilityClient, KioskCredentials


def test_the_backend_probe_says_reachable_or_why_not(inprocess_backend: InProcessBackend) -> None:
    pki = inprocess_backend.pki
    credentials = KioskCredentials(pki.kiosk, pki.kiosk_key, pki.ca)
    with HttpEligibilityClient("http://backend.invalid", credentials, transport=inprocess_backend.transport) as up:
        assert up.reachable() is None
    # Nothing listens on port 9 of this machine: refused at once, reported as the network being down.
    with HttpEligibilityClient("https://127.0.0.1:9", credentials, attempts=1) as down:
        assert down.reachable() == "network_down"


def test_the_camera_probe_never_opens_the_camera(tmp_path: Path) -> None:
    assert camera_present("97") == (False, "/dev/video97 missing")
    video = tmp_path / "patient.avi"
    assert camera_present(str(video))[0] is False
    video.write_bytes(b"")
    assert camera_present(str(video)) == (True, f"file {video} present")
    assert camera_present("rtsp://camera.local/stream")[0] is True  # not probed: reported as such
