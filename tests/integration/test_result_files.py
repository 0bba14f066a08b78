"""Every finished reception leaves one result file a clinic system can read: every persona by every identity method,
the paper and disaster paths, refusals and an unreachable backend; read back by an XML parser in both encodings and
compared field by field with the backend's own record of the check."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 - the kiosk's own files, parsed in tests
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hardware_sim.personas import all_personas
from kiosk.domain import CATALOGUE, IdentityMethod, ResultSpec, consent_item
from kiosk.faceauth import FaceMatcher, Frame, FrameAnalysis, ReferenceFace, VerificationConfig
from kiosk.faceauth.process_matcher import ProcessFaceMatcher
from kiosk.flow import DisasterQuery, PaperCertificate, PaperDocument
from kiosk.reception import HeadlessOutcome, HeadlessPath, HeadlessPlan, run_headless_reception
from kiosk.results import CharacterCode, DeskBoard, ResultFormat, ResultSettings
from kiosk.results.charset import half_width_kana, to_shift_jis_text
from kiosk.simulation import Simulation
from tests.fixtures.result_files import ResultFile, backend_records, read_result, result_files

PERSONAS = sorted(all_personas().keys())
ENCODINGS = [CharacterCode.UTF8, CharacterCode.SHIFT_JIS]
NO_CHECK = {"not_mynumber", "cert_expired"}  # refused by the kiosk itself (not a My Number card; expired
# past the grace window): nothing reaches the national system, no file
NO_CHECK_BY_METHOD = {("pin_blocked", "pin")}  # the PIN is blocked before any check


class _LentMatcher:
    """The session's matcher process lent to one simulation: its close() must not stop it."""

    def __init__(self, matcher: ProcessFaceMatcher) -> None:
        self._matcher = matcher

    def encode_reference(self, photo: bytes) -> ReferenceFace:
        return self._matcher.encode_reference(photo)

    def analyse(self, frame: Frame, *, encode: bool) -> FrameAnalysis:
        return self._matcher.analyse(frame, encode=encode)


def _run(tmp_path: Path, code: CharacterCode, plan: HeadlessPlan, persona: str | None,
         matcher: Callable[[], FaceMatcher] | None = None, *, online: bool = True,
         disaster: bool = False) -> tuple[HeadlessOutcome, list[ResultFile], dict[str, dict[str, Any]]]:
    settings = ResultSettings(format=ResultFormat(code))
    options: dict[str, Any] = {"camera_realtime": False, "results": settings}
    if matcher is not None:
        options["matcher"] = matcher
    with Simulation(tmp_path, **options) as simulation:
        if persona is not None:
            simulation.place_card(persona)
        if disaster:
            simulation.set_disaster_declared(True)
        simulation.set_backend_online(online)
        reception = simulation.reception(VerificationConfig(liveness=False))
        try:
            outcome = run_headless_reception(reception.services, plan, remove_card=simulation.remove_card)
        finally:
            reception.close()
    files = [read_result(path) for path in result_files(tmp_path / "face")]
    return outcome, files, backend_records(tmp_path / "backend.sqlite3")


def _expected_text(value: str, code: CharacterCode) -> str:
    return to_shift_jis_text(value) if code is CharacterCode.SHIFT_JIS else value


def check_against_backend(file: ResultFile, record: dict[str, Any], code: CharacterCode, facility: str) -> None:
    """The file says what the backend recorded, in the layout and encoding asked for."""
    header = file.header
    assert file.declared == ("UTF-8" if code is CharacterCode.UTF8 else "Shift_JIS")
    assert header["CharacterCodeIdentifier"] == str(int(code))
    assert header["MedicalInstitutionCode"] == facility
    assert file.path.name == f"OQSsiquc01res_face_{header['ArbitraryFileIdentifier']}_" \
                             f"{header['ProcessExecutionTime']}.xml"
    assert header["QualificationConfirmationDate"] == header["ProcessExecutionTime"][:8]
    if "code" in record:  # refused: an abnormal end with the backend's code
        assert (header["SegmentOfResult"], header["ErrorCode"]) == ("9", record["code"])
        assert file.text("MessageBody/ProcessingResultStatus") == "2"
        assert file.person is None
        return
    assert header["SegmentOfResult"] == "1" and "ErrorCode" not in header
    assert file.text("MessageBody/QualificationValidity") == str(record["QualificationValidity"])
    person = file.person
    if "Name" not in record:  # several candidates: nobody's data
        assert person is None
        return
    assert person is not None
    fields = {child.tag: child.text or "" for child in person}
    assert fields["InsurerNumber"] == record["InsurerNumber"].rjust(8)
    assert fields["InsuredIdentificationNumber"] == record["InsuredIdentificationNumber"]
    assert fields.get("InsuredCardSymbol", "") == _expected_text(record["InsuredCardSymbol"], code)
    assert fields["InsuredBranchNumber"] == record["InsuredBranchNumber"]
    assert fields["Name"] == _expected_text(record["Name"], code)
    assert fields["NameKana"] == half_width_kana(record["NameKana"])
    assert fields["NameKana"].isascii() or all("\uff61" <= ch <= "\uff9f" or ch == " " for ch in fields["NameKana"])
    assert fields["Birthdate"] == record["Birthdate"].replace("-", "")
    assert fields["Sex1"] == {1: "1", 2: "2"}.get(record["Sex"], "3")
    assert fields["InsuredPartialContributionRatio"] == f"{record['InsuredPartialContributionRatio']:03d}"
    assert fields["PersonalFamilyClassification"] == record["PersonalFamilyClassification"]
    assert fields["InsurerName"] == _expected_text(record["InsurerName"], code)
    _check_the_whole_record(person, fields, record, code)
    for wire_name, value in record["consents"].items():
        elements = CATALOGUE[consent_item(wire_name)].result_elements(ResultSpec.V2025_01)
        assert elements is not None
        assert fields[elements.flag] == str(value)
        assert (elements.available_until in fields) == (value == 1 and elements.available_until is not None)
    prescription = record.get("PrescriptionIssueSelect")
    assert file.text("MessageBody/PrescriptionIssueSelect") == (None if prescription is None else str(prescription))


def _day(iso: str | None) -> str | None:
    return None if iso is None else iso.replace("-", "")


def _check_the_whole_record(person: ET.Element, fields: dict[str, str], record: dict[str, Any],
                            code: CharacterCode) -> None:
    """The fields beyond the card's numbers: each in the file exactly when the backend's record holds it."""
    assert fields.get("InsuredCardClassification") == record["InsuredCardClassification"]
    assert fields.get("Address") == (None if record["Address"] is None else _expected_text(record["Address"], code))
    assert fields.get("PostNumber") == record["PostNumber"]
    assert record["PostNumber"] is None or re.fullmatch(r"[0-9]{3}-[0-9]{4}", fields["PostNumber"])
    assert fields.get("DisqualificationDate") == _day(record["DisqualificationDate"])
    assert fields.get("InsuredCardExpirationDate") == _day(record["InsuredCardValidDate"])
    assert fields.get("PreschoolClassification") == record["PreschoolClassification"]
    assert fields.get("ReasonOfLoss") == record["ReasonOfLoss"]
    elderly = person.find("ElderlyRecipientCertificateInfo")
    assert (elderly is None) == (record["ElderlyRecipientCertificateInfo"] is None)
    if elderly is not None:
        info = record["ElderlyRecipientCertificateInfo"]
        assert {child.tag: child.text for child in elderly} == {
            "ElderlyRecipientCertificateDate": _day(info["issued_on"]),
            "ElderlyRecipientValidStartDate": _day(info["valid_from"]),
            "ElderlyRecipientValidEndDate": _day(info["valid_until"]),
            "ElderlyRecipientContributionRatio": f"{info['ratio_percent']:03d}"}
    limit = person.find("LimitApplicationCertificateRelatedInfo")
    assert (limit is None) == (record["LimitApplicationCertificateRelatedInfo"] is None)
    if limit is not None:
        info = record["LimitApplicationCertificateRelatedInfo"]
        assert {child.tag: child.text for child in limit} == {
            "LimitApplicationCertificateClassification": info["classification"],
            "LimitApplicationCertificateClassificationFlag": info["category"],
            "LimitApplicationCertificateDate": _day(info["issued_on"]),
            "LimitApplicationCertificateValidStartDate": _day(info["valid_from"]),
            "LimitApplicationCertificateValidEndDate": _day(info["valid_until"])}


def test_the_whole_record_reaches_the_file(tmp_path: Path) -> None:
    """Not vacuous: a pre-school child, a lost qualification and a 70-year-old's certificates each reach the file."""
    seen: dict[str, dict[str, str]] = {}
    for persona in ("child", "qualification_superseded", "elderly"):
        plan = HeadlessPlan(IdentityMethod.PIN, all_personas()[persona].pin)
        _, files, records = _run(tmp_path / persona, CharacterCode.SHIFT_JIS, plan, persona)
        file = _one_file_for_the_check(files, records)
        check_against_backend(file, records[file.header["ArbitraryFileIdentifier"]], CharacterCode.SHIFT_JIS,
                              "1310000001")
        assert file.person is not None
        seen[persona] = {element.tag: element.text or "" for element in file.person.iter()}
    assert seen["child"]["PreschoolClassification"] == "1"
    assert "PreschoolClassification" not in seen["elderly"] and "DisqualificationDate" not in seen["child"]
    assert seen["qualification_superseded"]["InsuredCardClassification"] == "03"
    assert len(seen["qualification_superseded"]["DisqualificationDate"]) == 8
    assert seen["qualification_superseded"]["ReasonOfLoss"] == "03"
    assert seen["elderly"]["LimitApplicationCertificateClassificationFlag"] == "A03"
    assert seen["elderly"]["LimitApplicationCertificateClassification"] == "01"
    assert seen["elderly"]["PostNumber"] == "380-8570"
    assert seen["elderly"]["Address"] == "長野県長野市大字南長野字幅下692-2"


def _one_file_for_the_check(files: list[ResultFile], records: dict[str, dict[str, Any]]) -> ResultFile:
    assert len(files) == 1, [file.path.name for file in files]
    assert len(records) == 1
    file = files[0]
    assert file.header["ArbitraryFileIdentifier"] in records
    return file


@pytest.mark.parametrize("code", ENCODINGS, ids=["utf8", "sjis"])
@pytest.mark.parametrize("method", ["pin", "staff"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_card_check_file_matches_the_backend(tmp_path: Path, persona: str, method: str, code: CharacterCode) -> None:
    pin = all_personas()[persona].pin
    outcome, files, records = _run(tmp_path, code, HeadlessPlan(IdentityMethod(method), pin), persona)
    if persona in NO_CHECK or (persona, method) in NO_CHECK_BY_METHOD:
        assert files == [] and records == {}, outcome
        return
    file = _one_file_for_the_check(files, records)
    check_against_backend(file, records[file.header["ArbitraryFileIdentifier"]], code, "1310000001")
    assert file.header["ReferenceClassification"] == "1"


@pytest.mark.slow
@pytest.mark.parametrize("persona", [p for p in PERSONAS if p not in NO_CHECK])
def test_face_check_file_matches_the_backend(tmp_path: Path, persona: str,
                                             process_matcher: ProcessFaceMatcher) -> None:
    code = CharacterCode.SHIFT_JIS if len(persona) % 2 else CharacterCode.UTF8  # both encodings over the grid
    outcome, files, records = _run(tmp_path, code, HeadlessPlan(IdentityMethod.FACE), persona,
                                   lambda: _LentMatcher(process_matcher))
    assert outcome.method is IdentityMethod.FACE, outcome
    file = _one_file_for_the_check(files, records)
    check_against_backend(file, records[file.header["ArbitraryFileIdentifier"]], code, "1310000001")


def _paper(persona: str) -> PaperCertificate:
    p = all_personas()[persona]
    assert p.insurance is not None
    i = p.insurance
    return PaperCertificate(PaperDocument.ELIGIBILITY_CERTIFICATE, i.insurer_number, i.symbol, i.number, i.branch,
                            p.birth_date)


# A paper certificate always has a symbol (the form requires one); 医療扶助 has none: no paper path.
WITH_RECORDS = [key for key, p in all_personas().items() if p.insurance is not None and p.insurance.symbol]


@pytest.mark.parametrize("code", ENCODINGS, ids=["utf8", "sjis"])
@pytest.mark.parametrize("persona", WITH_RECORDS)
def test_paper_check_file_matches_the_backend(tmp_path: Path, persona: str, code: CharacterCode) -> None:
    plan = HeadlessPlan(IdentityMethod.STAFF, path=HeadlessPath.PAPER, paper=_paper(persona))
    _, files, records = _run(tmp_path, code, plan, None)
    file = _one_file_for_the_check(files, records)
    check_against_backend(file, records[file.header["ArbitraryFileIdentifier"]], code, "1310000001")
    assert file.header["ReferenceClassification"] == "2"


@pytest.mark.parametrize("code", ENCODINGS, ids=["utf8", "sjis"])
@pytest.mark.parametrize("declared", [True, False], ids=["declared", "not_declared"])
def test_disaster_lookup_file_matches_the_backend(tmp_path: Path, code: CharacterCode, declared: bool) -> None:
    p = all_personas()["normal"]
    plan = HeadlessPlan(IdentityMethod.STAFF, path=HeadlessPath.DISASTER,
                        disaster=DisasterQuery(p.name_kana, p.birth_date))
    _, files, records = _run(tmp_path, code, plan, None, disaster=declared)
    file = _one_file_for_the_check(files, records)
    record = records[file.header["ArbitraryFileIdentifier"]]
    check_against_backend(file, record, code, "1310000001")
    assert ("code" in record) is not declared  # DISASTER_NOT_DECLARED is an abnormal end


def test_several_candidates_name_nobody(tmp_path: Path) -> None:
    from datetime import date
    plan = HeadlessPlan(IdentityMethod.STAFF, path=HeadlessPath.DISASTER,
                        disaster=DisasterQuery("スズキ ハナコ", date(1950, 5, 5)))
    _, files, records = _run(tmp_path, CharacterCode.UTF8, plan, None, disaster=True)
    file = _one_file_for_the_check(files, records)
    assert file.text("MessageBody/QualificationValidity") == "5"
    assert file.person is None


def test_unreachable_backend_writes_an_abnormal_end_once(tmp_path: Path) -> None:
    persona = all_personas()["normal"]
    outcome, files, records = _run(tmp_path, CharacterCode.UTF8, HeadlessPlan(IdentityMethod.PIN, persona.pin),
                                   "normal", online=False)
    assert outcome.queued and records == {}
    assert len(files) == 1
    assert (files[0].header["SegmentOfResult"], files[0].header["ErrorCode"]) == ("9", "BACKEND_UNREACHABLE")


@pytest.mark.parametrize(("persona", "online", "missing"), [
    ("normal", True, None), ("qualification_lost", True, "confirmed_qualification"),
    ("normal", False, "check_answer")])
def test_a_paper_check_without_a_valid_qualification_waits_for_staff(tmp_path: Path, persona: str, online: bool,
                                                                    missing: str | None) -> None:
    plan = HeadlessPlan(IdentityMethod.STAFF, path=HeadlessPath.PAPER, paper=_paper(persona))
    _, files, _ = _run(tmp_path, CharacterCode.UTF8, plan, None, online=online)
    (file,) = files
    board = DeskBoard(tmp_path / "results.sqlite3")
    try:
        items = board.open_items()
    finally:
        board.close()
    if missing is None:
        assert items == []
        return
    (item,) = items
    assert (item["kind"], item["missing"]) == ("paper_check", [missing])
    assert item["item_id"] == f"paper:{file.header['ArbitraryFileIdentifier']}"
    assert item["who"].get("name") == (all_personas()[persona].name if online else None)
    assert item["detail"] == ("validity.2" if online else file.header["ErrorCode"])
