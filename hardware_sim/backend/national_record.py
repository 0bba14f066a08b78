"""What the national system knows of an insured person (the `insured` table's records), and what it answers.

One shape, used by the seed, the migration of older databases, the card check and the lookups without a card.
Keys are the national result's element names; nested certificate info uses lower-case keys (dates ISO).
"""

from __future__ import annotations

from datetime import date

from hardware_sim.personas import Persona
from kiosk.domain.insurance import PRESCHOOL, LimitCertificateKind, is_preschool

REGISTERED = "registered_for_insurance_use"  # the backend's own flag: never part of an answer
RECORD_VERSION = 2  # 2: InsuredCardClassification, Address, PostNumber, DisqualificationDate, certificate detail


def insured_record(persona: Persona) -> dict[str, object] | None:
    """What the national system knows of a persona, as stored in the `insured` table."""
    ins = persona.insurance
    if ins is None:
        return None
    elderly, limit = ins.elderly_recipient, ins.limit_certificate
    return {
        "InsuredCardClassification": ins.card_classification.value,
        "InsurerNumber": ins.insurer_number, "InsurerName": ins.insurer_name,
        "InsuredCardSymbol": ins.symbol, "InsuredIdentificationNumber": ins.number,
        "InsuredBranchNumber": ins.branch, "InsuredPartialContributionRatio": ins.burden_ratio_percent,
        "LimitApplicationCertificateRelatedInfo": None if limit is None else {
            "classification": limit.kind.value, "category": limit.category,
            "issued_on": limit.issued_on.isoformat(), "valid_from": limit.valid_from.isoformat(),
            "valid_until": limit.valid_until.isoformat()},
        "ElderlyRecipientCertificateInfo": None if elderly is None else {
            "ratio_percent": elderly.ratio_percent, "valid_from": elderly.valid_from.isoformat(),
            "valid_until": elderly.valid_until.isoformat(), "issued_on": elderly.issued_on.isoformat()},
        "QualificationValidity": int(ins.validity), "Name": persona.name, "NameKana": persona.name_kana,
        "Sex": int(persona.sex), "Birthdate": persona.birth_date.isoformat(),
        "Address": persona.address or None, "PostNumber": persona.post_number or None,
        "PersonalFamilyClassification": ins.personal_family.value,
        "ReasonOfLoss": None if ins.reason_of_loss is None else ins.reason_of_loss.value,
        "QualificationDate": ins.qualification_date.isoformat(),
        "DisqualificationDate": ins.disqualification_date.isoformat() if ins.disqualification_date else None,
        "InsuredCardValidDate": ins.valid_until.isoformat() if ins.valid_until else None,
        REGISTERED: ins.registered_for_insurance_use,
    }


def answer_fields(record: dict[str, object], on: date) -> dict[str, object]:
    """The record as the national system answers it on `on`: without the backend's own flag, with
    PreschoolClassification worked out for that day (it changes as the child grows, so it is never stored)."""
    fields = {key: value for key, value in record.items() if key != REGISTERED}
    preschool = is_preschool(date.fromisoformat(str(record["Birthdate"])), on)
    fields["PreschoolClassification"] = PRESCHOOL if preschool else None
    return fields


def upgrade_record(record: dict[str, object]) -> dict[str, object]:
    """A record stored by an older backend (version 1) in today's shape: the fields it never held are null (left
    out of answers, never made up), a bare 限度額適用区分 becomes the certificate info it is part of."""
    upgraded = dict(record)
    for key in ("InsuredCardClassification", "Address", "PostNumber", "DisqualificationDate"):
        upgraded.setdefault(key, None)
    limit = upgraded.get("LimitApplicationCertificateRelatedInfo")
    if isinstance(limit, str):
        upgraded["LimitApplicationCertificateRelatedInfo"] = {
            "classification": LimitCertificateKind.LIMIT.value, "category": limit,
            "issued_on": None, "valid_from": None, "valid_until": None}
    elderly = upgraded.get("ElderlyRecipientCertificateInfo")
    if isinstance(elderly, dict):
        upgraded["ElderlyRecipientCertificateInfo"] = {"issued_on": None, **elderly}
    return upgraded
