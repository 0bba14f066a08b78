"""The consent catalogue: every item complete, names unique, and the shapes derived from it."""

from __future__ import annotations

import pytest

from kiosk.domain import (
    ASKABLE_ITEMS,
    CATALOGUE,
    DEFAULT_ASKED_ITEMS,
    INFORMATION_ONLY_ITEMS,
    LANGUAGES,
    LATEST_RESULT_SPEC,
    ConsentGroup,
    ConsentItem,
    QualificationValidity,
    ResultSpec,
    UnknownConsentItemError,
    asked_items,
    consent_item,
    result_flag_elements,
)


def test_every_item_is_in_the_catalogue_and_nothing_else() -> None:
    assert set(CATALOGUE) == set(ConsentItem)


@pytest.mark.parametrize("item", list(ConsentItem))
def test_every_item_has_its_words_in_every_language(item: ConsentItem) -> None:
    assert set(item.spec.words) == set(LANGUAGES)
    for language in LANGUAGES:
        words = item.words(language)
        assert words.name.strip() and words.description.strip(), (item, language)
        assert "\n" not in words.description  # one line on the screen


@pytest.mark.parametrize("item", list(ConsentItem))
def test_every_item_has_a_wire_name_and_result_elements_in_the_latest_layout(item: ConsentItem) -> None:
    assert item.wire_name and item.wire_name.isidentifier() and item.wire_name == item.wire_name.lower()
    elements = item.spec.result_elements(LATEST_RESULT_SPEC)
    assert elements is not None and elements.flag.endswith("ConsFlg")
    for spec, layout in item.spec.elements.items():
        names = [name for name in (layout.flag, layout.consented_at, layout.available_until) if name]
        assert all(name.isascii() and name.isidentifier() for name in names), (item, spec)


def test_wire_names_codes_and_flag_elements_are_unique() -> None:
    wire_names = [item.wire_name for item in ConsentItem]
    assert len(set(wire_names)) == len(wire_names)
    assert len({item.value for item in ConsentItem}) == len(ConsentItem)
    for spec in ResultSpec:
        flags = [e.flag for item in ConsentItem if (e := item.spec.result_elements(spec)) is not None]
        assert len(set(flags)) == len(flags), spec


def test_the_national_element_names_as_clinic_systems_read_them() -> None:
    latest = result_flag_elements()
    assert latest["PharmacistsInfoConsFlg"] is ConsentItem.MEDICATION
    assert latest["SpecificHealthCheckupsInfoConsFlg"] is ConsentItem.HEALTH_CHECKUP
    assert latest["DiagnosisInfoConsFlg"] is ConsentItem.TREATMENT
    assert latest["OperationInfoConsFlg"] is ConsentItem.SURGERY
    assert latest["LimitApplicationCertificateRelatedConsFlg"] is ConsentItem.COST_CEILING
    assert {latest[name] for name in ("DiagnosisNameConsFlg", "InfectiousInfoConsFlg", "ContraindicationInfoConsFlg",
                                      "AllergyInfoConsFlg", "TestInfoConsFlg", "PrescriptionInfoConsFlg")} \
        == {item for item in ConsentItem if item.group is ConsentGroup.ELECTRONIC_RECORDS}
    medication = ConsentItem.MEDICATION.spec
    assert medication.result_elements(ResultSpec.V2024_01) is not None
    assert (medication.elements[ResultSpec.V2024_01].consented_at,
            medication.elements[ResultSpec.V2024_01].available_until) == (
        "PharmacistsInfoConsTime", "PharmacistsInfoAvailableTime")
    assert medication.elements[ResultSpec.LEGACY_BULK].flag == "PharmaceuticalInfoConsFlg"


def test_the_electronic_record_items_are_not_in_the_2024_layout() -> None:
    in_2024 = set(result_flag_elements(ResultSpec.V2024_01).values())
    assert in_2024 == {item for item in ConsentItem if item.group is ConsentGroup.MEDICAL_INFORMATION}
    assert len(result_flag_elements(LATEST_RESULT_SPEC)) == 11


def test_the_cost_ceiling_is_information_only_and_the_others_are_asked() -> None:
    assert INFORMATION_ONLY_ITEMS == (ConsentItem.COST_CEILING,)
    assert set(ASKABLE_ITEMS) == set(ConsentItem) - {ConsentItem.COST_CEILING}
    assert sum(item.group is ConsentGroup.ELECTRONIC_RECORDS for item in ConsentItem) == 6


def test_by_default_the_classic_four_are_asked() -> None:
    assert DEFAULT_ASKED_ITEMS == (ConsentItem.TREATMENT, ConsentItem.MEDICATION, ConsentItem.HEALTH_CHECKUP,
                                   ConsentItem.SURGERY)


def test_asked_items_come_back_in_catalogue_order_and_refuse_what_cannot_be_asked() -> None:
    assert asked_items(["surgery", "test_results", "treatment"]) == (
        ConsentItem.TREATMENT, ConsentItem.SURGERY, ConsentItem.TEST_RESULTS)
    assert asked_items([]) == ()
    with pytest.raises(UnknownConsentItemError, match="'xray'.*known: treatment"):
        asked_items(["xray"])
    with pytest.raises(ValueError, match="cost_ceiling is shared by law"):
        asked_items(["treatment", "cost_ceiling"])
    with pytest.raises(ValueError, match="twice"):
        asked_items(["treatment", "treatment"])


def test_items_are_found_by_wire_name() -> None:
    assert consent_item("drug_allergies") is ConsentItem.DRUG_ALLERGIES
    with pytest.raises(UnknownConsentItemError):
        consent_item("DRUG_ALLERGIES")


@pytest.mark.parametrize(("validity", "valid"), [
    (QualificationValidity.VALID, True), (QualificationValidity.INVALID, False),
    (QualificationValidity.INVALID_NEWER_EXISTS, False), (QualificationValidity.NO_QUALIFICATION, False),
    (QualificationValidity.SEVERAL_CANDIDATES, False), (QualificationValidity.VALID_MEDICAL_AID_UNREGISTERED, True),
])
def test_medical_aid_without_registration_is_a_valid_qualification(validity: QualificationValidity,
                                                                    valid: bool) -> None:
    assert validity.is_valid is valid
