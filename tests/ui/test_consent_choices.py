"""A facility's own questions through the real widgets: the consent items it asks and the prescription choice,
answered by tapping, reach the backend's record."""

from __future__ import annotations

from collections.abc import Callable

from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.config import KioskSettings, with_changes
from kiosk.domain import DEFAULT_ASKED_ITEMS, ConsentItem

from .conftest import click, pin_to_consent, wait_for


def test_asked_items_and_the_prescription_choice_reach_the_backend(
        qtbot: QtBot, kiosk_with: Callable[[KioskSettings], Kiosk]) -> None:
    asked = (*DEFAULT_ASKED_ITEMS, ConsentItem.DRUG_ALLERGIES)
    kiosk = kiosk_with(with_changes(KioskSettings(fullscreen=False), **{
        "consent.asked": asked, "consent.prescription_choice": True}))
    s = kiosk.screens
    simulation = kiosk.devices.tester["simulation"]
    before = len(simulation.backend.service.records(None, None))
    pin_to_consent(qtbot, kiosk)
    click(qtbot, s.consent.by_item_button)
    wait_for(qtbot, kiosk, s.consent_items)
    assert s.consent_items.item_names[ConsentItem.DRUG_ALLERGIES].isVisible()
    assert s.consent_items.item_names[ConsentItem.DRUG_ALLERGIES].text() == "薬剤アレルギー等"
    assert not s.consent_items.item_names[ConsentItem.INFECTIONS].isVisible()  # not asked by this facility
    assert s.consent_items.group_labels[ConsentItem.DRUG_ALLERGIES.group].text() == "電子カルテ情報共有サービス"
    click(qtbot, s.consent_items.answer_buttons[(ConsentItem.DRUG_ALLERGIES, True)])
    click(qtbot, s.consent_items.answer_buttons[(ConsentItem.MEDICATION, True)])
    click(qtbot, s.consent_items.answer_buttons[(ConsentItem.MEDICATION, False)])  # changed her mind
    click(qtbot, s.consent_items.next_button)
    wait_for(qtbot, kiosk, s.prescription)
    click(qtbot, s.prescription.paper_button)
    wait_for(qtbot, kiosk, s.confirm)
    summary = s.confirm.summary.text()
    assert "薬剤アレルギー等：同意する" in summary and "薬剤情報：同意しない" in summary
    assert "処方箋：紙の処方箋" in summary
    click(qtbot, s.confirm.back_button)
    wait_for(qtbot, kiosk, s.prescription)
    assert s.prescription.paper_button.text() == "✓ 紙の処方箋"
    click(qtbot, s.prescription.electronic_button)
    wait_for(qtbot, kiosk, s.confirm)
    click(qtbot, s.confirm.confirm_button)
    wait_for(qtbot, kiosk, s.result)
    records = simulation.backend.service.records(None, None)
    assert len(records) == before + 1
    record = records[-1]
    assert record["prescription_issue"] == 1  # 電子処方箋
    consents = record["consents"]
    assert consents["drug_allergies"] == 1 and consents["medication"] == 0 and consents["treatment"] == 0


def test_medical_aid_shows_no_co_payment_instead_of_a_ratio(qtbot: QtBot, kiosk_with: Callable[[KioskSettings], Kiosk]
                                                            ) -> None:
    kiosk = kiosk_with(KioskSettings(fullscreen=False))
    s = kiosk.screens
    pin_to_consent(qtbot, kiosk, "medical_aid", "3571")
    click(qtbot, s.consent.all_button)  # the list was in view: no second confirmation
    wait_for(qtbot, kiosk, s.result)
    assert s.result.ratio.text() == "医療扶助：窓口でのお支払いはありません"
