"""The eligibility client against the in-process backend, over a transport the test can switch off."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hardware_sim.backend.inprocess import InProcessBackend
from kiosk.eligibility import HttpEligibilityClient, KioskCredentials
from kiosk.simulation import SwitchableTransport


@pytest.fixture
def switch(inprocess_backend: InProcessBackend) -> SwitchableTransport:
    return SwitchableTransport(inprocess_backend.transport)


@pytest.fixture
def client(inprocess_backend: InProcessBackend, switch: SwitchableTransport) -> Iterator[HttpEligibilityClient]:
    pki = inprocess_backend.pki
    with HttpEligibilityClient("http://x.invalid", KioskCredentials(pki.kiosk, pki.kiosk_key, pki.ca),
                               transport=switch, sleep=lambda _: None) as made:
        yield made
