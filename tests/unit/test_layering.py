"""The house rules on imports: heavy dependencies have one importer each, and layers point down."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _modules(package: str) -> Iterator[tuple[str, set[str]]]:
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        imported: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported.add(node.module)
        yield path.relative_to(ROOT).as_posix(), imported


def _importers(prefix: str) -> set[str]:
    return {
        path
        for package in ("kiosk", "hardware_sim")
        for path, imported in _modules(package)
        if any(name == prefix or name.startswith(prefix + ".") for name in imported)
    }


def test_pyscard_is_imported_only_by_the_pcsc_backend() -> None:
    assert _importers("smartcard") <= {"kiosk/reader/pcsc.py"}


def test_face_recognition_and_dlib_have_a_single_importer_in_faceauth() -> None:
    importers = _importers("face_recognition") | _importers("dlib")
    assert len(importers) <= 1
    assert all(path.startswith("kiosk/faceauth/") for path in importers)


def test_qt_is_imported_only_by_the_ui_and_the_composition_root() -> None:
    for path in _importers("PySide6"):
        assert path.startswith("kiosk/ui/") or path == "kiosk/app.py", path


def test_simulators_use_nothing_of_the_kiosk_but_its_shared_types() -> None:
    for path, imported in _modules("hardware_sim"):
        kiosk_imports = {name for name in imported if name == "kiosk" or name.startswith("kiosk.")}
        outside = {name for name in kiosk_imports if name != "kiosk.domain" and not name.startswith("kiosk.domain.")}
        assert not outside, path


def test_device_layers_do_not_reach_up() -> None:
    upper = ("kiosk.ui", "kiosk.app", "kiosk.flow", "kiosk.services", "kiosk.simulation", "kiosk.cli", "hardware_sim")
    for package in ("kiosk/reader", "kiosk/faceauth", "kiosk/eligibility"):
        for path, imported in _modules(package):
            bad = {name for name in imported if name.startswith(upper)}
            assert not bad, f"{path} imports {bad}"


def test_the_flow_is_pure_python() -> None:
    allowed_kiosk = ("kiosk.domain", "kiosk.flow")
    io_modules = ("PySide6", "cv2", "smartcard", "httpx", "socket", "sqlite3", "threading", "subprocess", "time")
    for path, imported in _modules("kiosk"):
        if not (path == "kiosk/flow.py" or path.startswith("kiosk/flow/")):
            continue
        for name in imported:
            assert not name.startswith(io_modules), f"{path} imports {name}"
            if name.startswith("kiosk."):
                assert name.startswith(allowed_kiosk), f"{path} imports {name}"
