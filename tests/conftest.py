"""Suite-wide settings: Qt runs offscreen; tests are marked by the folder they live in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = ["tests.fixtures.pcsc", "tests.fixtures.backend", "tests.fixtures.camera", "tests.fixtures.desk"]

_TESTS = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        parts = Path(str(item.fspath)).relative_to(_TESTS).parts
        if parts[0] == "ui":
            item.add_marker(pytest.mark.gui)
        elif parts[0] == "integration":
            item.add_marker(pytest.mark.integration)
