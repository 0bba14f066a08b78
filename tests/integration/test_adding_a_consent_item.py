"""Adding a consent item is one catalogue entry and its words: shown on a copy of the source tree with one new item,
which a whole reception then asks, sends to the backend and gets back, headless and through the real widgets."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = Path("kiosk/domain/consent.py")

# The whole change a new item needs: its member and its catalogue entry (words, wire name, result-file names).
NEW_MEMBER = '    VACCINATIONS = "vaccinations"  # 予防接種\n'
NEW_ENTRY = '''    ConsentItem.VACCINATIONS: ConsentSpec(
        "vaccinations", _RECORDS, True,
        _words("予防接種", "受けた予防接種の記録", "Vaccinations", "Vaccinations you have had"),
        _elements("VaccinationInfo", _V2025)),
'''

WIDGET_TEST = '''
from kiosk.config import KioskSettings, with_changes
from kiosk.domain import ConsentItem, consent_item

from tests.ui.conftest import click, pin_to_consent, wait_for


def test_the_new_item_through_the_widgets(qtbot, kiosk_with):
    new = consent_item("vaccinations")
    kiosk = kiosk_with(with_changes(KioskSettings(fullscreen=False),
                                    **{"consent.asked": (ConsentItem.TREATMENT, new)}))
    s = kiosk.screens
    simulation = kiosk.devices.tester["simulation"]
    pin_to_consent(qtbot, kiosk)
    click(qtbot, s.consent.by_item_button)
    wait_for(qtbot, kiosk, s.consent_items)
    assert s.consent_items.item_names[new].text() == "予防接種"
    click(qtbot, s.consent_items.answer_buttons[(new, True)])
    click(qtbot, s.consent_items.next_button)
    wait_for(qtbot, kiosk, s.confirm)
    assert "予防接種：同意する" in s.confirm.summary.text()
    click(qtbot, s.confirm.confirm_button)
    wait_for(qtbot, kiosk, s.result)
    record = simulation.backend.service.records(None, None)[-1]
    assert record["consents"]["vaccinations"] == 1 and record["consents"]["treatment"] == 0
'''


@pytest.fixture(scope="module")
def tree_with_a_new_item(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tree = tmp_path_factory.mktemp("tree")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for part in ("kiosk", "hardware_sim", "tests"):
        shutil.copytree(ROOT / part, tree / part, ignore=ignore)
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    source = (tree / CATALOGUE).read_text(encoding="utf-8")
    member_anchor = '    COST_CEILING = "cost_ceiling"'
    entry_anchor = "    ConsentItem.COST_CEILING: ConsentSpec("
    assert source.count(member_anchor) == 1 and source.count(entry_anchor) == 1
    source = source.replace(member_anchor, NEW_MEMBER + member_anchor).replace(entry_anchor, NEW_ENTRY + entry_anchor)
    (tree / CATALOGUE).write_text(source, encoding="utf-8")
    (tree / "tests" / "ui" / "test_added_item.py").write_text(WIDGET_TEST, encoding="utf-8")
    return tree


def _run(tree: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, *args], cwd=tree, env=env, capture_output=True, text=True, timeout=240,
                          check=False)


def test_a_headless_reception_asks_the_new_item_and_the_backend_records_it(tree_with_a_new_item: Path) -> None:
    result = _run(tree_with_a_new_item, "-c", "import sys; from kiosk.cli import main; sys.exit(main())",
                  "reception", "--headless", "--persona", "normal", "--auth", "pin", "--asked",
                  "treatment,vaccinations", "--consent", "vaccinations", "--json")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads(result.stdout)
    consents = report["qualification"]["consents"]
    assert consents["vaccinations"] == 1  # given, and the backend answered it back
    assert consents["treatment"] == 0


def test_a_reception_through_the_widgets_asks_the_new_item(tree_with_a_new_item: Path) -> None:
    result = _run(tree_with_a_new_item, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                  "tests/ui/test_added_item.py")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "1 passed" in result.stdout
