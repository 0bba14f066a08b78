"""Which consent items a facility asks, and whether it asks the prescription choice: settings checked against the
consent catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import ConfigError, KioskSettings, load_settings, save_settings, with_changes
from kiosk.domain import DEFAULT_ASKED_ITEMS, ConsentGroup, ConsentItem


def test_by_default_the_classic_four_are_asked_and_the_prescription_is_not(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "none.toml")
    assert settings.consent.asked == DEFAULT_ASKED_ITEMS == (
        ConsentItem.TREATMENT, ConsentItem.MEDICATION, ConsentItem.HEALTH_CHECKUP, ConsentItem.SURGERY)
    assert settings.consent.prescription_choice is False


def test_a_facility_on_the_electronic_record_service_asks_its_items_too(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    records = [item.wire_name for item in ConsentItem if item.group is ConsentGroup.ELECTRONIC_RECORDS]
    names = ", ".join(f'"{name}"' for name in [*records, "surgery", "treatment"])
    path.write_text(f"[consent]\nasked = [{names}]\nprescription_choice = true\n", encoding="utf-8")
    settings = load_settings(path)
    assert settings.consent.asked == (ConsentItem.TREATMENT, ConsentItem.SURGERY, ConsentItem.DIAGNOSIS_NAMES,
                                      ConsentItem.INFECTIONS, ConsentItem.DRUG_ALLERGIES, ConsentItem.OTHER_ALLERGIES,
                                      ConsentItem.TEST_RESULTS, ConsentItem.PRESCRIPTIONS)  # catalogue order
    assert all(isinstance(item, ConsentItem) for item in settings.consent.asked)
    assert settings.consent.prescription_choice is True


def test_asked_items_survive_a_save(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    changed = with_changes(KioskSettings(), **{"consent.asked": ("test_results", "medication"),
                                               "consent.prescription_choice": True})
    assert changed.consent.asked == (ConsentItem.MEDICATION, ConsentItem.TEST_RESULTS)
    save_settings(changed, path)
    assert 'asked = ["medication", "test_results"]' in path.read_text(encoding="utf-8")
    assert load_settings(path) == changed


def test_asking_nothing_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[consent]\nasked = []\n", encoding="utf-8")
    assert load_settings(path).consent.asked == ()


@pytest.mark.parametrize(("text", "message"), [
    ('[consent]\nasked = ["xray"]\n', r"consent.asked: unknown consent item 'xray'; known: treatment"),
    ('[consent]\nasked = ["cost_ceiling"]\n', "consent.asked: cost_ceiling is shared by law and never asked"),
    ('[consent]\nasked = ["surgery", "surgery"]\n', "consent.asked: a consent item is named twice"),
    ('[consent]\nasked = "treatment"\n', "consent.asked must be a list of names"),
    ("[consent]\nasked = [1]\n", "consent.asked must be a list of names"),
    ("[consent]\nprescription_choice = 1\n", "consent.prescription_choice must be bool"),
    ("[consent]\nvaccines = true\n", "unknown setting consent.vaccines"),
])
def test_unknown_or_unaskable_items_are_a_settings_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings(path)


def test_changing_to_an_unknown_item_is_refused() -> None:
    with pytest.raises(ConfigError, match="unknown consent item 'xray'"):
        with_changes(KioskSettings(), **{"consent.asked": ("xray",)})
