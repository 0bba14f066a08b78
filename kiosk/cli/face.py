"""`kiosk face verify`: the kiosk's own face-verification path against a card photo, from the command line.

A pre-rendered video cannot answer a random liveness prompt: pass the prompt it was rendered with, e.g.
`python -m hardware_sim camera ... --prompt turn_left` then `kiosk face verify ... --prompt turn_left`.
Exit status: 0 matched, 1 any other decision, 2 the reference or the camera could not be used.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from kiosk.faceauth import (
    DEFAULT_TOLERANCE,
    FaceAuthError,
    FaceVerificationSession,
    LivenessPrompt,
    OpenCVFrameSource,
    ReferenceFaceError,
    VerificationConfig,
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
    verify.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE,
                        help=f"largest face distance accepted (default {DEFAULT_TOLERANCE})")
    verify.add_argument("--timeout", type=float, default=20.0, help="seconds before giving up (default 20)")
    verify.add_argument("--json", action="store_true", help="print the outcome as JSON")
    return parser


def _as_dict(outcome: VerificationOutcome) -> dict[str, object]:
    return {
        "decision": outcome.decision.value,
        "matched": outcome.matched,
        "distance": None if outcome.distance is None else round(outcome.distance, 4),
        "frames_used": outcome.frames_used,
        "frames_dropped": outcome.frames_dropped,
        "seconds": round(outcome.seconds, 3),
        "seconds_since_face": None if outcome.seconds_since_face is None else round(outcome.seconds_since_face, 3),
        "liveness": {
            "checked": outcome.liveness.checked,
            "prompt": None if outcome.liveness.prompt is None else outcome.liveness.prompt.value,
            "passed": outcome.liveness.passed,
            "best_turn": round(outcome.liveness.best_turn, 3),
        },
    }


def _print(outcome: VerificationOutcome, as_json: bool) -> None:
    if as_json:
        print(json.dumps(_as_dict(outcome)))
        return
    distance = "-" if outcome.distance is None else f"{outcome.distance:.3f}"
    print(f"decision:    {outcome.decision.value}")
    print(f"distance:    {distance}")
    print(f"frames used: {outcome.frames_used} (dropped {outcome.frames_dropped})")
    print(f"seconds:     {outcome.seconds:.2f}")
    if outcome.liveness.checked:
        verdict = "passed" if outcome.liveness.passed else "failed"
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
    config = VerificationConfig(
        tolerance=args.tolerance, liveness=not args.no_liveness, timeout_s=args.timeout,
        prompt=LivenessPrompt(args.prompt) if args.prompt else None,
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
    _print(outcome, args.json)
    return 0 if outcome.matched else 1


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    if args.command == "verify":
        return verify(args)
    return 2  # pragma: no cover - argparse requires a command
