"""`kiosk face verify`: the kiosk's own face-verification path against a card photo, from the command line.

A pre-rendered video cannot answer a random liveness prompt: pass the prompt it was rendered with, e.g.
`python -m hardware_sim camera ... --prompt turn_left` then `kiosk face verify ... --prompt turn_left`.
Exit status: 0 matched, 1 any other decision, 2 the reference or the camera could not be used.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from kiosk.config import MAX_TOLERANCE, MIN_TOLERANCE, ConfigError, default_config_path, load_settings
from kiosk.faceauth import (
    FaceAuthError,
    FaceVerificationSession,
    LivenessPrompt,
    OpenCVFrameSource,
    ReferenceFaceError,
    VerificationOutcome,
    run_verification,
)
from kiosk.faceauth.process_matcher import default_matcher


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk face", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    verify = commands.add_parser("verify", help="verify the face in front of a camera against a reference photo")
    verify.add_argument("--reference", required=True, type=Path, help="the card photo (JPEG 2000, JPEG, PNG)")
    verify.add_argument("--camera", required=True,
                        help="device index, video file, image pattern (frames/%%03d.png) or stream URL")
    verify.add_argument("--no-liveness", action="store_true", help="skip the prompted head turn")
    verify.add_argument("--prompt", choices=[p.value for p in LivenessPrompt],
                        help="use this liveness prompt instead of a random one (pre-rendered videos)")
    verify.add_argument("--config", type=Path, default=None,
                        help="the kiosk's settings file: its face tolerance and liveness apply (default: the kiosk's)")
    verify.add_argument("--tolerance", type=float, default=None,
                        help=f"stricter or looser than the settings, within {MIN_TOLERANCE}-{MAX_TOLERANCE} "
                             "(the calibrated bound)")
    verify.add_argument("--timeout", type=float, default=20.0, help="seconds before giving up (default 20)")
    verify.add_argument("--json", action="store_true", help="print the outcome as JSON")
    return parser


def _as_dict(outcome: VerificationOutcome, tolerance: float) -> dict[str, object]:
    return {
        "decision": outcome.decision.value,
        "matched": outcome.matched,
        "distance": None if outcome.distance is None else round(outcome.distance, 4),
        "tolerance": tolerance,
        "frames_used": outcome.frames_used,
        "frames_dropped": outcome.frames_dropped,
        "seconds": round(outcome.seconds, 3),
        "seconds_since_face": None if outcome.seconds_since_face is None else round(outcome.seconds_since_face, 3),
        "liveness": {
            "checked": outcome.liveness.checked,
            "prompt": None if outcome.liveness.prompt is None else outcome.liveness.prompt.value,
            "passed": outcome.liveness.passed,
            "passive": outcome.liveness.passive,
            "surroundings": outcome.liveness.surroundings,
            "blinked": outcome.liveness.blinked,
            "best_turn": round(outcome.liveness.best_turn, 3),
        },
    }


def _print(outcome: VerificationOutcome, tolerance: float, as_json: bool) -> None:
    if as_json:
        print(json.dumps(_as_dict(outcome, tolerance)))
        return
    distance = "-" if outcome.distance is None else f"{outcome.distance:.3f}"
    print(f"decision:    {outcome.decision.value}")
    print(f"distance:    {distance} (tolerance {tolerance:.2f})")
    print(f"frames used: {outcome.frames_used} (dropped {outcome.frames_dropped})")
    print(f"seconds:     {outcome.seconds:.2f}")
    if outcome.liveness.checked:
        liveness = outcome.liveness
        verdict = "failed" if not liveness.passed else "passed (passive)" if liveness.passive else "passed"
        print(f"liveness:    {outcome.liveness.prompt} {verdict} (turn {outcome.liveness.best_turn:.2f})")


def _error(message: str, as_json: bool) -> int:
    if as_json:
        print(json.dumps({"decision": "error", "matched": False, "error": message}))
    else:
        print(f"error: {message}", file=sys.stderr)
    return 2


def verify(args: argparse.Namespace) -> int:
    try:
        photo = args.reference.read_bytes()
    except OSError as error:
        return _error(f"cannot read {args.reference}: {error.strerror}", args.json)
    try:
        settings = load_settings(args.config or default_config_path()).face
    except ConfigError as error:
        return _error(str(error), args.json)
    tolerance = settings.tolerance if args.tolerance is None else args.tolerance
    if not MIN_TOLERANCE <= tolerance <= MAX_TOLERANCE:
        return _error(f"tolerance must be between {MIN_TOLERANCE} and {MAX_TOLERANCE}", args.json)
    config = replace(
        settings.verification_config(), tolerance=tolerance, liveness=settings.liveness and not args.no_liveness,
        timeout_s=args.timeout, prompt=LivenessPrompt(args.prompt) if args.prompt else None,
    )
    with default_matcher() as matcher:
        try:
            reference = matcher.encode_reference(photo)
        except ReferenceFaceError as error:
            return _error(f"reference photo: {error.reason}", args.json)
        try:
            source = OpenCVFrameSource(args.camera)
        except FaceAuthError as error:
            return _error(str(error), args.json)
        try:
            outcome = run_verification(source, FaceVerificationSession(matcher, reference, config))
        finally:
            source.close()
    _print(outcome, config.tolerance, args.json)
    return 0 if outcome.matched else 1


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.command == "verify":
        return verify(args)
    return 2  # pragma: no cover - argparse requires a command
