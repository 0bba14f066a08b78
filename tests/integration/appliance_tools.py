"""What the appliance tests need from the machine: skip with the reason outside CI, fail in CI (where
scripts/setup.sh installs everything)."""

from __future__ import annotations

import os
import shutil

import pytest

REPO = __import__("pathlib").Path(__file__).resolve().parents[2]


def require(*commands: str) -> None:
    missing = [command for command in commands if shutil.which(command) is None]
    if not missing:
        return
    message = f"needs {', '.join(missing)} (scripts/setup.sh installs them)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)
