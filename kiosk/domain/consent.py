"""The consent catalogue: every item of information a patient may share, defined once as data.

To add an item: add its `ConsentItem` member and its `ConsentSpec` in `CATALOGUE`, both below. Everything else
(the kiosk's `ConsentChoices`, the request body, the backend's request model, its stored and returned consent
codes, the facility's settings) is derived from here; `tests/unit/test_domain_consent.py` fails when an item
lacks its words, its wire name or its result-file element names.

Element names of the national qualification result (資格確認結果, `ResultOfQualificationConfirmation`), as
clinic systems read them:
- ORCA API 患者基本情報 (https://www.orca.med.or.jp/receipt/tec/api/patientget.html, items 6-52-x): the
  classic four with `PharmacistsInfo…` and `LimitApplicationCertificateRelatedConsFlg` added 2024-01-31; the
  six 電子カルテ情報共有サービス items (`DiagnosisName…`, `InfectiousInfo…`, `ContraindicationInfo…`
  薬剤アレルギー等, `AllergyInfo…` その他アレルギー等, `TestInfo…`, `PrescriptionInfo…`) added 2025-01-28,
  each with `ConsFlg`, `ConsTime` and `AvailableTime`.
- pinus/OpenDolphin-1.3.0 `orcaapi/bean/Resultofqualificationconfirmation.java`: the same names.
- hangilc/myclinic-ts `packages/onshi-lib` (OQSCD016 consent flags 0–3, `PrescriptionIssueSelect` 1 電子処方箋 /
  2 紙の処方箋) and the OQS sample results it parses (`PharmacistsInfoConsFlg`, `PharmacistsInfoConsTime`,
  `PharmacistsInfoAvailableTime`).
- A public bulk-check (一括照会) result writer uses `PharmaceuticalInfoConsFlg` and `…AcquisitionTime` for the
  classic four; another project's tests call those tags legacy. Kept as `ResultSpec.LEGACY_BULK` so such files can
  be read; nothing here writes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

LANGUAGES = ("ja", "en")


class ConsentItem(StrEnum):
    """Information the patient may agree to share (asked) or is told is shared (information only)."""

    TREATMENT = "treatment"  # 診療情報
    MEDICATION = "medication"  # 薬剤情報
    HEALTH_CHECKUP = "health_checkup"  # 特定健診等情報
    SURGERY = "surgery"  # 手術情報
    DIAGNOSIS_NAMES = "diagnosis_names"  # 傷病名 (電子カルテ情報共有サービス)
    INFECTIONS = "infections"  # 感染症
    DRUG_ALLERGIES = "drug_allergies"  # 薬剤アレルギー等
    OTHER_ALLERGIES = "other_allergies"  # その他アレルギー等
    TEST_RESULTS = "test_results"  # 検査
    PRESCRIPTIONS = "prescriptions"  # 処方
    COST_CEILING = "cost_ceiling"  # 限度額情報: shared by law since 2024-10-07, shown and never asked

    @property
    def spec(self) -> ConsentSpec:
        return CATALOGUE[self]

    @property
    def wire_name(self) -> str:
        return CATALOGUE[self].wire_name

    @property
    def asked(self) -> bool:
        """False for information shared without consent (shown to the patient, never a choice)."""
        return CATALOGUE[self].asked

    @property
    def group(self) -> ConsentGroup:
        return CATALOGUE[self].group

    def words(self, language: str) -> Words:
        """Name and one-line description in `language` ("ja" or "en")."""
        return CATALOGUE[self].words[language]


class ConsentGroup(StrEnum):
    MEDICAL_INFORMATION = "medical_information"  # 医療情報 (オンライン資格確認)
    ELECTRONIC_RECORDS = "electronic_records"  # 電子カルテ情報共有サービス (in the result since 2025)


class ResultSpec(StrEnum):
    """Layouts of the national qualification result, by the date their consent elements appeared."""

    LEGACY_BULK = "legacy-bulk"  # Pharmaceutical…, …AcquisitionTime: read only
    V2024_01 = "2024-01"  # the classic four and the cost ceiling
    V2025_01 = "2025-01"  # plus the six 電子カルテ情報共有サービス items


LATEST_RESULT_SPEC = ResultSpec.V2025_01
WRITABLE_RESULT_SPECS = (ResultSpec.V2024_01, ResultSpec.V2025_01)  # legacy-bulk is only read


@dataclass(frozen=True)
class Words:
    name: str
    description: str


@dataclass(frozen=True)
class ResultElements:
    """The element names of one item in one result layout (None: the layout has no such element)."""

    flag: str
    consented_at: str | None
    available_until: str | None


@dataclass(frozen=True)
class ConsentSpec:
    wire_name: str  # field of the kiosk's request and of the backend's `consents`
    group: ConsentGroup
    asked: bool
    words: Mapping[str, Words]  # by language, every one of LANGUAGES
    elements: Mapping[ResultSpec, ResultElements]  # the layouts the item appears in

    def result_elements(self, spec: ResultSpec = LATEST_RESULT_SPEC) -> ResultElements | None:
        return self.elements.get(spec)


_ALL_SPECS = tuple(ResultSpec)


def _elements(stem: str, since: ResultSpec, *, legacy_stem: str | None = None, available: bool = True
              ) -> Mapping[ResultSpec, ResultElements]:
    """`<stem>ConsFlg`, `<stem>ConsTime`, `<stem>AvailableTime` in every layout from `since` on; the classic items
    also in the legacy bulk layout, where the expiry is `…AcquisitionTime`."""
    table = {spec: ResultElements(f"{stem}ConsFlg", f"{stem}ConsTime", f"{stem}AvailableTime" if available else None)
             for spec in _ALL_SPECS[_ALL_SPECS.index(since):]}
    if legacy_stem is not None:
        table[ResultSpec.LEGACY_BULK] = ResultElements(
            f"{legacy_stem}ConsFlg", f"{legacy_stem}ConsTime", f"{legacy_stem}AcquisitionTime")
    return MappingProxyType(table)


def _words(ja_name: str, ja_description: str, en_name: str, en_description: str) -> Mapping[str, Words]:
    return MappingProxyType({"ja": Words(ja_name, ja_description), "en": Words(en_name, en_description)})


_MEDICAL, _RECORDS = ConsentGroup.MEDICAL_INFORMATION, ConsentGroup.ELECTRONIC_RECORDS
_V2024, _V2025 = ResultSpec.V2024_01, ResultSpec.V2025_01

CATALOGUE: Mapping[ConsentItem, ConsentSpec] = MappingProxyType({
    ConsentItem.TREATMENT: ConsentSpec(
        "treatment", _MEDICAL, True,
        _words("診療情報", "過去の診療や検査の記録", "Treatment", "Your past treatment and test records"),
        _elements("DiagnosisInfo", _V2024, legacy_stem="DiagnosisInfo")),
    ConsentItem.MEDICATION: ConsentSpec(
        "medication", _MEDICAL, True,
        _words("薬剤情報", "処方されたお薬の記録", "Medication", "Medicines you were prescribed"),
        _elements("PharmacistsInfo", _V2024, legacy_stem="PharmaceuticalInfo")),
    ConsentItem.HEALTH_CHECKUP: ConsentSpec(
        "health_checkup", _MEDICAL, True,
        _words("特定健診等情報", "特定健診などの結果", "Health check-ups", "Results of your health check-ups"),
        _elements("SpecificHealthCheckupsInfo", _V2024, legacy_stem="SpecificHealthCheckupsInfo")),
    ConsentItem.SURGERY: ConsentSpec(
        "surgery", _MEDICAL, True,
        _words("手術情報", "受けた手術の記録", "Surgery", "Operations you have had"),
        _elements("OperationInfo", _V2024, legacy_stem="OperationInfo")),
    ConsentItem.DIAGNOSIS_NAMES: ConsentSpec(
        "diagnosis_names", _RECORDS, True,
        _words("傷病名", "医療機関でついた病名", "Diagnoses", "Names of illnesses doctors have recorded"),
        _elements("DiagnosisName", _V2025)),
    ConsentItem.INFECTIONS: ConsentSpec(
        "infections", _RECORDS, True,
        _words("感染症", "感染症の検査結果など", "Infections", "Infectious diseases recorded by doctors"),
        _elements("InfectiousInfo", _V2025)),
    ConsentItem.DRUG_ALLERGIES: ConsentSpec(
        "drug_allergies", _RECORDS, True,
        _words("薬剤アレルギー等", "お薬のアレルギーや副作用", "Drug allergies",
               "Allergies and reactions to medicines"),
        _elements("ContraindicationInfo", _V2025)),
    ConsentItem.OTHER_ALLERGIES: ConsentSpec(
        "other_allergies", _RECORDS, True,
        _words("その他アレルギー等", "食べ物などのアレルギー", "Other allergies", "Allergies to food and other things"),
        _elements("AllergyInfo", _V2025)),
    ConsentItem.TEST_RESULTS: ConsentSpec(
        "test_results", _RECORDS, True,
        _words("検査", "血液検査などの結果", "Test results", "Results of blood and other tests"),
        _elements("TestInfo", _V2025)),
    ConsentItem.PRESCRIPTIONS: ConsentSpec(
        "prescriptions", _RECORDS, True,
        _words("処方", "医療機関で出された処方", "Prescriptions", "Prescriptions doctors have written for you"),
        _elements("PrescriptionInfo", _V2025)),
    ConsentItem.COST_CEILING: ConsentSpec(
        "cost_ceiling", _MEDICAL, False,
        _words("限度額情報", "窓口での支払いの上限（高額療養費）。法律に基づき医療機関に提供されます（同意は不要です）",
               "Cost ceiling", "Your payment ceiling at the counter (high-cost medical care). The law has it shared "
               "with the clinic; no consent is needed"),
        _elements("LimitApplicationCertificateRelated", _V2024, available=False)),
})

ASKABLE_ITEMS: tuple[ConsentItem, ...] = tuple(item for item in ConsentItem if CATALOGUE[item].asked)
INFORMATION_ONLY_ITEMS: tuple[ConsentItem, ...] = tuple(item for item in ConsentItem if not CATALOGUE[item].asked)
# Asked unless a facility's settings say otherwise: the medical-information items every facility can view.
# The 電子カルテ情報共有サービス items are asked only by facilities connected to that service.
DEFAULT_ASKED_ITEMS: tuple[ConsentItem, ...] = tuple(
    item for item in ASKABLE_ITEMS if CATALOGUE[item].group is ConsentGroup.MEDICAL_INFORMATION)
_BY_WIRE_NAME: Mapping[str, ConsentItem] = MappingProxyType({spec.wire_name: item for item, spec in CATALOGUE.items()})


class UnknownConsentItemError(ValueError):
    """A name that is no consent item of the catalogue."""

    def __init__(self, name: str) -> None:
        super().__init__(f"unknown consent item {name!r}; known: {', '.join(_BY_WIRE_NAME)}")
        self.name = name


def consent_item(wire_name: str) -> ConsentItem:
    """The item with this wire name.

    Raises:
        UnknownConsentItemError: no item has it.
    """
    try:
        return _BY_WIRE_NAME[wire_name]
    except KeyError:
        raise UnknownConsentItemError(wire_name) from None


def result_flag_elements(spec: ResultSpec = LATEST_RESULT_SPEC) -> Mapping[str, ConsentItem]:
    """Consent-flag element name -> item, for the items present in the layout `spec`."""
    return {elements.flag: item for item, item_spec in CATALOGUE.items()
            if (elements := item_spec.result_elements(spec)) is not None}


def asked_items(names: Iterable[str]) -> tuple[ConsentItem, ...]:
    """The items a facility asks, in catalogue order, from their wire names.

    Raises:
        UnknownConsentItemError: a name is no item.
        ValueError: an item is information only (never asked), or named twice.
    """
    items = [consent_item(name) for name in names]
    information_only = [item.wire_name for item in items if not item.asked]
    if information_only:
        raise ValueError(f"{', '.join(information_only)} is shared by law and never asked")
    if len(set(items)) != len(items):
        raise ValueError("a consent item is named twice")
    return tuple(item for item in ConsentItem if item in items)
