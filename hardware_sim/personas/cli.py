"""`python -m hardware_sim personas`: every test patient as JSON (secrets included: this is a simulator)."""

from __future__ import annotations

import argparse
import dataclasses
import json
from datetime import date
from enum import Enum
from typing import Any

from . import all_personas


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m hardware_sim personas", description=__doc__)
    parser.add_argument("--today", type=date.fromisoformat, help="simulate another day (YYYY-MM-DD)")
    args = parser.parse_args(argv)
    today = args.today or date.today()
    out = []
    for persona in all_personas(today).values():
        record = _plain(dataclasses.asdict(persona))
        record["certificate_status"] = persona.certificate_status(today).value if persona.is_my_number_card else None
        record["collation_number_b"] = persona.card_face_print.collation_number_b
        out.append(record)
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0
