"""The house rules on imports: heavy dependencies have one importer each, and layers point down.

The table is `tests.fixtures.layering.LAYERS`; docs/architecture.md says the same in words. The second half of this
file checks the checker: on a copy of the tree with an import that breaks a rule, it must say so.
"""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

import pytest

from tests.fixtures.layering import (
    LAYERS,
    TREES,
    UnknownUnitError,
    Violation,
    check_layering,
    discover_units,
    importers_of,
    io_imports_of_the_flow,
)

ROOT = Path(__file__).resolve().parents[2]

#: Imports that break the table today, kept visible until they are fixed (and then this list must shrink).
KNOWN_VIOLATIONS: frozenset[tuple[str, str]] = frozenset()


def _found(violations: list[Violation]) -> set[tuple[str, str]]:
    return {(violation.path, violation.imported) for violation in violations}


@functools.cache
def _found_in_the_tree() -> frozenset[tuple[str, str]]:
    return frozenset(_found(check_layering(ROOT)))


def test_pyscard_is_imported_only_by_the_pcsc_backend() -> None:
    assert importers_of(ROOT, "smartcard") == {"kiosk/reader/pcsc.py"}


def test_face_recognition_and_dlib_have_a_single_importer_in_faceauth() -> None:
    importers = importers_of(ROOT, "face_recognition") | importers_of(ROOT, "dlib")
    assert len(importers) <= 1
    assert all(path.startswith("kiosk/faceauth/") for path in importers)


def test_qt_is_imported_only_by_the_ui_and_the_composition_root() -> None:
    importers = importers_of(ROOT, "PySide6")
    assert importers, "the checker found no PySide6 importer at all: it is not looking"
    for path in importers:
        assert path.startswith("kiosk/ui/") or path == "kiosk/app.py", path


def test_every_unit_of_the_tree_has_a_rule_and_every_rule_a_unit() -> None:
    assert set(LAYERS) == discover_units(ROOT)


def test_simulators_use_nothing_of_the_kiosk_but_its_shared_types() -> None:
    """The shared vocabulary, and the file helper that itself imports nothing of the kiosk."""
    assert LAYERS["kiosk.atomic_file"] == frozenset()
    for unit, allowed in LAYERS.items():
        if unit.startswith("hardware_sim"):
            assert {name for name in allowed if name.startswith("kiosk")} <= {"kiosk.domain", "kiosk.atomic_file"}, unit


def test_the_domain_imports_nothing_and_the_device_layers_only_the_domain() -> None:
    assert LAYERS["kiosk.domain"] == frozenset()
    assert LAYERS["kiosk.flow"] == {"kiosk.domain"}
    for unit in ("kiosk.reader", "kiosk.faceauth", "kiosk.eligibility"):
        assert LAYERS[unit] == {"kiosk.domain", "kiosk.atomic_file"}, unit


def test_layers_point_down_only() -> None:
    violations = check_layering(ROOT)
    unexpected = [str(v) for v in violations if (v.path, v.imported) not in KNOWN_VIOLATIONS]
    assert not unexpected
    assert KNOWN_VIOLATIONS <= _found(violations), "a known violation is fixed: remove it from KNOWN_VIOLATIONS"


def test_the_flow_is_pure_python() -> None:
    assert [f"{found.path}:{found.line} {found.name}" for found in io_imports_of_the_flow(ROOT)] == []


# --- the checker bites -------------------------------------------------------------------------------------


def _not_python_sources(directory: str, names: list[str]) -> set[str]:
    keep = {name for name in names if name.endswith(".py") or (Path(directory) / name).is_dir()}
    return set(names) - keep | {"__pycache__"}


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the Python sources of both trees, to break on purpose."""
    for name in TREES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=_not_python_sources)
    return tmp_path


def _append(root: Path, relative: str, source: str) -> None:
    path = root / relative
    path.write_text(path.read_text(encoding="utf-8") + "\n" + source + "\n", encoding="utf-8")


def test_the_copy_breaks_exactly_what_the_tree_breaks(tree: Path) -> None:
    assert _found(check_layering(tree)) == _found_in_the_tree()


@pytest.mark.parametrize("source", [
    "from ..ui import style",
    "from .. import ui",
    "import kiosk.ui.style",
    "from kiosk.ui.style import Metrics",
    "from kiosk import ui",
    "def later() -> None:\n    from ..ui import style",
    "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from kiosk.ui import style",
    "import importlib\nstyle = importlib.import_module('kiosk.ui.style')",
], ids=["relative", "relative package", "absolute", "from absolute", "from root", "in a function", "type checking",
        "import_module"])
def test_an_upward_import_in_the_flow_is_reported_however_it_is_written(tree: Path, source: str) -> None:
    _append(tree, "kiosk/flow/view.py", source)
    new = _found(check_layering(tree)) - _found_in_the_tree()
    assert new == {("kiosk/flow/view.py", "kiosk.ui")}


@pytest.mark.parametrize(("relative", "source", "imported"), [
    ("hardware_sim/card/card.py", "from kiosk.reader import apdu", "kiosk.reader"),
    ("hardware_sim/personas/model.py", "from hardware_sim.card import VirtualCard", "hardware_sim.card"),
    ("kiosk/reader/jpki.py", "from ..eligibility import errors", "kiosk.eligibility"),
    ("kiosk/domain/forms.py", "from . import pin\nfrom ..flow import model", "kiosk.flow"),
    ("kiosk/reception/runner.py", "from kiosk.ui import texts", "kiosk.ui"),
    ("kiosk/ui/texts.py", "from kiosk.devices import real_devices", "kiosk.devices"),
    ("kiosk/simulation.py", "from .cli import main", "kiosk.cli"),
])
def test_a_forbidden_import_anywhere_is_reported(tree: Path, relative: str, source: str, imported: str) -> None:
    _append(tree, relative, source)
    new = _found(check_layering(tree)) - _found_in_the_tree()
    assert new == {(relative, imported)}


def test_io_in_the_flow_is_reported(tree: Path) -> None:
    _append(tree, "kiosk/flow/context.py", "def now() -> float:\n    import time\n    return time.monotonic()")
    assert [found.name for found in io_imports_of_the_flow(tree)] == ["time"]


def test_a_second_pyscard_importer_is_reported(tree: Path) -> None:
    _append(tree, "kiosk/reader/jpki.py", "from smartcard.System import readers")
    assert importers_of(tree, "smartcard") == {"kiosk/reader/pcsc.py", "kiosk/reader/jpki.py"}


def test_a_rule_naming_a_package_that_does_not_exist_is_refused() -> None:
    with pytest.raises(UnknownUnitError, match="kiosk.services"):
        check_layering(ROOT, {**LAYERS, "kiosk.services": frozenset({"kiosk.domain"})})
    with pytest.raises(UnknownUnitError, match="kiosk.widgets"):
        check_layering(ROOT, {**LAYERS, "kiosk.app": LAYERS["kiosk.app"] | {"kiosk.widgets"}})


def test_a_new_package_without_a_rule_is_refused(tree: Path) -> None:
    (tree / "kiosk" / "printing").mkdir()
    (tree / "kiosk" / "printing" / "__init__.py").write_text("from kiosk.ui import style\n", encoding="utf-8")
    with pytest.raises(UnknownUnitError, match="kiosk.printing"):
        check_layering(tree)
