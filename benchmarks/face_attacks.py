"""Presentation attacks and genuine patients through the webcam simulator: accepted / tried per scenario.

    python benchmarks/face_attacks.py [--seeds N] [--no-passive]

Every persona with a face, each scenario, N seeds, stepped in lock step (every frame analysed, the scene's clock),
with the kiosk's configuration. A genuine patient passes if any of 3 tries matches; an attack is accepted if any
single try matches. "passive" counts genuine passes without the prompted turn, "blink" those of them a blink
decided (the surroundings had not yet said "still"); for an attack, "blink seen" counts tries whose picture was
taken for a blink (it should be 0: a print cannot blink). The simulator's heads and prints are models: these are not
figures about real people.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections import Counter

from hardware_sim.camera import ATTACKS, SimulatedCamera
from hardware_sim.personas import all_personas
from hardware_sim.personas.photos import card_photo_jp2
from kiosk.faceauth import (
    Decision,
    FaceVerificationSession,
    Progress,
    VerificationConfig,
    run_verification,
    scene_clock,
)
from kiosk.faceauth.dlib_backend import DlibFaceMatcher

GENUINE = ("live", "live_still", "live_staring")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--no-passive", action="store_true", help="prompted head turn only (the old liveness)")
    args = parser.parse_args()
    matcher = DlibFaceMatcher()
    config = VerificationConfig(passive_liveness=not args.no_passive)
    seen: set[str] = set()
    personas = []
    for persona in all_personas().values():  # one persona per face photo pair
        if persona.card_photo_path is not None and (persona.card_photo, persona.live_photo) not in seen:
            seen.add((persona.card_photo, persona.live_photo))  # type: ignore[arg-type]
            personas.append(persona)
    started = time.perf_counter()
    for scenario in GENUINE + ATTACKS:
        tried = accepted = 0
        decisions: Counter[str] = Counter()
        passive = blinked = false_blinks = 0
        for persona in personas:
            assert persona.card_photo_path is not None  # noqa: S101 - filtered above
            reference = matcher.encode_reference(card_photo_jp2(persona.card_photo_path))
            for seed in range(args.seeds):
                tries = 3 if scenario in GENUINE else 1
                ok = False
                for attempt in range(tries):
                    camera = SimulatedCamera(persona, scenario, realtime=False, seed=seed * 10 + attempt)

                    def shown(progress: Progress, camera: SimulatedCamera = camera) -> None:
                        camera.show_prompt(progress.prompt.value if progress.prompt else None)

                    session = FaceVerificationSession(matcher, reference, config, on_progress=shown,
                                                      clock=scene_clock(camera), rng=random.Random(seed))
                    outcome = run_verification(camera, session, lockstep=True)
                    decisions[outcome.decision.value] += 1
                    false_blinks += scenario in ATTACKS and outcome.liveness.blinked
                    if outcome.decision is Decision.MATCHED:
                        ok = True
                        passive += outcome.liveness.passive
                        blinked += outcome.liveness.passive and outcome.liveness.surroundings != "still"
                        break
                tried += 1
                accepted += ok
        kind = "genuine, passed within 3 tries" if scenario in GENUINE else "attack, accepted"
        evidence = (f"blink seen {false_blinks:2d}" if scenario in ATTACKS
                    else f"passive {passive:2d} (blink {blinked:2d})")
        print(f"{scenario:17s} {accepted:3d}/{tried:<3d} {kind:32s} {evidence}  {dict(decisions)}")
    load = " ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"({len(personas)} faces x {args.seeds} seeds; {time.perf_counter() - started:.0f} s; load average {load})")


if __name__ == "__main__":
    main()
