"""`python -m hardware_sim camera --persona NAME --scenario NAME --out FILE.avi`: render a webcam scenario.

A rendered file cannot hear the liveness prompt, so `--prompt turn_left|turn_right` scripts the live persona
to repeat that turn every 2.5 s from 1.5 s after appearing; give `kiosk face verify` the same `--prompt`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import cv2

from hardware_sim.personas import UnknownPersonaError, get_persona

from .camera import SCENARIOS, SimulatedCamera, UnknownScenarioError


def render_video(camera: SimulatedCamera, out: Path) -> int:
    """Write every frame of `camera` to an MJPG .avi; returns the number of frames."""
    writer = cv2.VideoWriter(str(out), cv2.VideoWriter.fourcc(*"MJPG"), camera.fps, camera.size)
    if not writer.isOpened():
        raise OSError(f"cannot write {out}")
    frames = 0
    try:
        while (frame := camera.read()) is not None:
            writer.write(frame)
            frames += 1
    finally:
        writer.release()
    return frames


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m hardware_sim camera", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persona", required=True, help="persona key (python -m hardware_sim personas)")
    parser.add_argument("--scenario", required=True, help=", ".join(SCENARIOS))
    parser.add_argument("--out", required=True, type=Path, help="the .avi file to write (MJPG)")
    parser.add_argument("--seconds", type=float, default=6.0, help="length of the video (default 6)")
    parser.add_argument("--prompt", choices=["turn_left", "turn_right"], default="turn_left",
                        help="the turn the live persona repeats (default turn_left)")
    parser.add_argument("--fps", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=0, help="noise and room texture")
    args = parser.parse_args(argv)
    try:
        camera = SimulatedCamera(get_persona(args.persona), args.scenario, fps=args.fps, realtime=False,
                                 seed=args.seed, scripted_prompt=args.prompt, duration_s=args.seconds)
    except (UnknownPersonaError, UnknownScenarioError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    frames = render_video(camera, args.out)
    print(f"wrote {args.out}: {frames} frames, {frames / camera.fps:.1f} s, scenario {args.scenario}")
    return 0
