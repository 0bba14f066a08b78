"""`kiosk reception --headless`: one whole reception through the flow, on the embedded simulated hardware.

Paths (`--path`): card (the card check), register (not registered: register on the spot, then the check),
paper (no card: staff enter a paper certificate's numbers), declaration (no qualification confirmed: the patient
fills the self-declaration; with --offline it is kept in the outbox), disaster (no card: disaster mode, verbal
consent, lookup by kana and birth date). Form fields default to the persona's own records.

The result file (`OQSsiquc01res_face_*.xml`) is written into `face/` under --workdir exactly as the kiosk writes
it; the JSON names it (`result_files`).

Exit status: 0 the patient got a result (declaration: it was recorded); 1 the reception ended on a failure screen
(the JSON says which); 2 bad arguments; 3 the kiosk hit its failsafe; 4 a form was refused (each field and its
rule on stderr, nothing sent).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.cli.arguments import writable_folder
from kiosk.domain import (
    ASKABLE_ITEMS,
    DEFAULT_ASKED_ITEMS,
    ConsentItem,
    IdentityMethod,
    PrescriptionIssue,
    asked_items,
    with_insurer_check_digit,
)
from kiosk.domain.forms import (
    EARLIEST_BIRTH_DATE,
    INSURER_OR_EMPLOYER_MAX,
    KANA_MAX,
    NAME_MAX,
    NUMBER_MAX,
    SYMBOL_MAX,
    FormProblem,
)

if TYPE_CHECKING:
    from hardware_sim.personas import Persona
    from kiosk.reception import HeadlessOutcome, HeadlessPlan

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_FAILSAFE, EXIT_INVALID_INPUT = 0, 1, 2, 3, 4
PATHS = ("card", "register", "paper", "declaration", "disaster")
DEFAULT_PHONE = "03-1234-5678"  # personas carry no phone number; a well-formed placeholder
FIELD_FLAGS = {
    "insurer_number": "--insurer-number", "symbol": "--symbol", "number": "--number", "branch": "--branch",
    "birth_date": "--birth-date", "staff_id": "--staff-id", "name": "--name", "name_kana": "--name-kana",
    "insurer_or_employer": "--insurer-or-employer", "phone": "--phone", "verbal_consent": "(staff)",
}
RULES = {
    FormProblem.NAME_REQUIRED: "is required",
    FormProblem.NAME_TOO_LONG: f"has at most {NAME_MAX} characters",
    FormProblem.NAME_INVALID_CHARACTERS: "may not contain control characters",
    FormProblem.KANA_REQUIRED: "is required",
    FormProblem.KANA_TOO_LONG: f"has at most {KANA_MAX} characters",
    FormProblem.KANA_NOT_KATAKANA: "is full-width katakana only (ー, ・ and spaces allowed)",
    FormProblem.BIRTH_DATE_REQUIRED: "is required",
    FormProblem.BIRTH_DATE_IN_FUTURE: "cannot be after today",
    FormProblem.BIRTH_DATE_TOO_OLD: f"cannot be before {EARLIEST_BIRTH_DATE.isoformat()}",
    FormProblem.INSURER_OR_EMPLOYER_REQUIRED: "is required (printable text)",
    FormProblem.INSURER_OR_EMPLOYER_TOO_LONG: f"has at most {INSURER_OR_EMPLOYER_MAX} characters",
    FormProblem.PHONE_REQUIRED: "is required",
    FormProblem.PHONE_INVALID: "is 10 or 11 digits starting with 0 (hyphens, spaces and brackets allowed)",
    FormProblem.INSURER_NUMBER_FORMAT: "is 6 or 8 digits",
    FormProblem.INSURER_NUMBER_CHECK_DIGIT: "ends with the check digit of the digits before it",
    FormProblem.SYMBOL_INVALID: f"is 1 to {SYMBOL_MAX} characters, no surrounding spaces or control characters",
    FormProblem.NUMBER_INVALID: f"is 1 to {NUMBER_MAX} letters or digits",
    FormProblem.BRANCH_INVALID: "is exactly 2 digits",
    FormProblem.STAFF_ID_INVALID: "is 1 to 32 letters, digits, '_' or '-'",
    FormProblem.VERBAL_CONSENT_MISSING: "the patient's verbal consent must be recorded",
}


def _items(text: str) -> tuple[ConsentItem, ...]:
    try:
        return asked_items(item.strip() for item in text.split(",") if item.strip())
    except ValueError:
        known = ", ".join(item.wire_name for item in ASKABLE_ITEMS)
        raise argparse.ArgumentTypeError(f"a comma list of: {known}") from None


def _consent(text: str) -> str | tuple[ConsentItem, ...]:
    return text if text in ("all", "none") else _items(text)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk reception", description=__doc__.splitlines()[0])
    parser.add_argument("--headless", action="store_true", required=True, help="run without a screen (required)")
    parser.add_argument("--persona", required=True, help="whose card (or records) (python -m hardware_sim personas)")
    parser.add_argument("--path", choices=PATHS, default="card", help="which reception path (default card)")
    parser.add_argument("--auth", default="pin", choices=[m.value for m in IdentityMethod],
                        help="identity method on the card paths (default pin)")
    parser.add_argument("--pin", help="PIN typed by the patient (default: the persona's own PIN)")
    parser.add_argument("--consent", type=_consent, default="all", help="all, none, or ITEM,... (default all)")
    parser.add_argument("--asked", type=_items, default=DEFAULT_ASKED_ITEMS,
                        help="the consent items the facility asks, ITEM,... (default: the settings' default)")
    parser.add_argument("--prescription", choices=[p.name.lower() for p in PrescriptionIssue],
                        help="the facility asks for the 電子処方箋 choice, and the patient answers this")
    parser.add_argument("--scenario", default="live", help="webcam simulator scenario for face auth (default live)")
    parser.add_argument("--no-liveness", action="store_true", help="skip the liveness prompt")
    parser.add_argument("--offline", action="store_true", help="the backend cannot be reached (tests the outboxes)")
    parser.add_argument("--workdir", type=writable_folder,
                        help="keep databases, PKI and the result file (DIR/face/) here (default: a temporary folder)")
    from kiosk.config import RESULT_ENCODINGS, RESULT_SPECS, ResultFileSettings

    defaults = ResultFileSettings()
    parser.add_argument("--result-encoding", choices=RESULT_ENCODINGS, default=defaults.encoding,
                        help="the result file's encoding (CharacterCodeIdentifier 0 or 1; default utf-8)")
    parser.add_argument("--result-spec", choices=RESULT_SPECS, default=defaults.spec,
                        help="the result layout's consent element names (default 2025-01)")
    parser.add_argument("--json", action="store_true", help="print the outcome as JSON (default: one line of text)")
    forms = parser.add_argument_group("forms (default: the persona's records)")
    forms.add_argument("--staff-id", default="headless", help="staff member on the paper and disaster paths")
    forms.add_argument("--document", choices=["eligibility_certificate", "qualification_notice"],
                       default="eligibility_certificate", help="paper: which document staff read from")
    for flag in ("--insurer-number", "--symbol", "--number", "--branch"):
        forms.add_argument(flag, help="paper: as printed on the certificate")
    forms.add_argument("--birth-date", type=_date, help="paper, declaration, disaster: YYYY-MM-DD")
    forms.add_argument("--name", help="declaration: name as written")
    forms.add_argument("--name-kana", help="declaration, disaster: name in full-width katakana")
    forms.add_argument("--insurer-or-employer", help="declaration: insurer or employer")
    forms.add_argument("--phone", help=f"declaration: contact number (default {DEFAULT_PHONE})")
    forms.add_argument("--not-declared", action="store_true", help="disaster: no disaster declared for the facility")
    return parser


def build_plan(args: argparse.Namespace, persona: Persona) -> HeadlessPlan:
    from kiosk.flow import DeclarationDraft, DisasterQuery, PaperCertificate, PaperDocument
    from kiosk.reception import HeadlessPath, HeadlessPlan

    path = HeadlessPath(args.path)
    insurance = persona.insurance
    born = args.birth_date or persona.birth_date
    paper = declaration = disaster = None
    if path is HeadlessPath.PAPER:
        def pick(value: str | None, default: str | None) -> str:
            return value if value is not None else (default or "")

        paper = PaperCertificate(
            PaperDocument(args.document), pick(args.insurer_number, insurance.insurer_number if insurance else None),
            pick(args.symbol, insurance.symbol if insurance else None),
            pick(args.number, insurance.number if insurance else None),
            pick(args.branch, insurance.branch if insurance else None), born)
    elif path is HeadlessPath.DECLARATION:
        declaration = DeclarationDraft(
            args.name if args.name is not None else persona.name,
            args.name_kana if args.name_kana is not None else persona.name_kana, born,
            args.insurer_or_employer if args.insurer_or_employer is not None else (
                insurance.insurer_name if insurance else ""),
            args.phone if args.phone is not None else DEFAULT_PHONE)
    elif path is HeadlessPath.DISASTER:
        disaster = DisasterQuery(args.name_kana if args.name_kana is not None else persona.name_kana, born)
    prescription = PrescriptionIssue[args.prescription.upper()] if args.prescription else None
    return HeadlessPlan(IdentityMethod(args.auth), args.pin or persona.pin, args.consent, args.staff_id, path,
                        paper, declaration, disaster, prescription)


def explain(field: str, code: str, args: argparse.Namespace) -> str:
    """One line naming the flag and its rule, e.g. the check digit an insurer number should end with."""
    problem = FormProblem(code)
    rule = RULES[problem]
    if problem is FormProblem.INSURER_NUMBER_CHECK_DIGIT and args.insurer_number:
        rule += f" (for {args.insurer_number[:-1]} it is {with_insurer_check_digit(args.insurer_number[:-1])[-1]})"
    return f"kiosk reception: {FIELD_FLAGS.get(field, field)} {rule} [{code}]"


def main(argv: list[str]) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exit_:
        return EXIT_OK if exit_.code == 0 else EXIT_USAGE
    # Heavy imports only once the arguments are known to be sane.
    from hardware_sim.camera import SCENARIOS
    from hardware_sim.personas import UnknownPersonaError, get_persona
    from kiosk.config import ConfigError, ResultFileSettings, default_config_path, load_settings
    from kiosk.devices import result_settings
    from kiosk.flow import FlowConfig
    from kiosk.reception import run_headless_reception
    from kiosk.simulation import Simulation

    if args.scenario not in SCENARIOS:
        print(f"kiosk reception: unknown scenario {args.scenario!r}; known: {', '.join(SCENARIOS)}", file=sys.stderr)
        return EXIT_USAGE
    results = result_settings(ResultFileSettings(encoding=args.result_encoding, spec=args.result_spec,
                                                 kiosk_name="headless"))  # the folder: face/ in --workdir
    with tempfile.TemporaryDirectory(prefix="kiosk-reception-") as scratch:
        with Simulation(args.workdir or Path(scratch), results=results) as simulation:
            written_before = set(simulation.backend_side.results.store.file_names().values())
            try:
                persona = get_persona(args.persona, simulation.today)
            except UnknownPersonaError as error:
                print(f"kiosk reception: {error}", file=sys.stderr)
                return EXIT_USAGE
            plan = build_plan(args, persona)
            if plan.path.needs_card:
                simulation.place_card(args.persona)
            if args.path == "disaster":
                simulation.set_disaster_declared(not args.not_declared)
            simulation.set_scenario(args.scenario)
            simulation.set_backend_online(not args.offline)
            # The configured tolerance and liveness, as the kiosk itself would use them.
            try:
                face = load_settings(default_config_path()).face.verification_config()
            except ConfigError as error:
                print(f"kiosk reception: {error}", file=sys.stderr)
                return EXIT_USAGE
            reception = simulation.reception(replace(face, liveness=face.liveness and not args.no_liveness))
            try:
                config = FlowConfig(consent_items=args.asked, ask_prescription=plan.prescription is not None)
                outcome = run_headless_reception(reception.services, plan, config=config,
                                                 remove_card=simulation.remove_card)
            finally:
                reception.close()
            pending = sum(1 for entry in simulation.pending_declarations() if entry.state.value == "pending")
            draft_saved = simulation.backend_side.store.load_draft() is not None
            delivery = simulation.backend_side.results
            delivery.deliver_pending()
            files = sorted(str(delivery.folder.path / name) for name in delivery.store.file_names().values()
                           if name not in written_before)
    return _report(args, outcome, {"declarations_pending": pending, "draft_saved": draft_saved,
                                   "result_files": files if args.workdir else []})


def _report(args: argparse.Namespace, outcome: HeadlessOutcome, local: dict[str, Any]) -> int:
    from kiosk.flow import State

    report = {"persona": args.persona, **outcome.to_json(), **local}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        qualification = report["qualification"] or {}
        print(f"{args.persona}/{args.path}/{args.auth}: {report['final_state']}"
              + (f" error={report['error']}" if report["error"] else "")
              + (f" {qualification.get('insurer_name')} {qualification.get('burden_ratio_percent')}%"
                 if outcome.ok and qualification else ""))
    for field, code in outcome.form_problems:
        print(explain(field, code, args), file=sys.stderr)
    if outcome.form_problems:
        return EXIT_INVALID_INPUT
    if outcome.final_state is State.FAILSAFE:
        return EXIT_FAILSAFE
    return EXIT_OK if outcome.ok else EXIT_FAILED
