"""Face verification timing on this machine, liveness off and passive liveness on, with the kiosk's matcher process.

    python benchmarks/face_latency.py [--trials N]

- decision latency: first frame showing the face -> decision, replaying simulated webcam frames at 30 fps, with
  liveness off and with passive liveness (a run that needed the prompted turn is counted and listed apart);
- matcher cost per frame (detection + 5-point landmarks, and with the encoding), through the child process;
- preview frame rate and longest preview gap while the matcher works.
Targets: decision <= 300 ms median liveness off, <= 1.0 s with passive liveness, preview >= 25 fps.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable

import numpy as np

from hardware_sim.camera import SimulatedCamera
from hardware_sim.personas import get_persona
from hardware_sim.personas.photos import card_photo_jp2
from kiosk.faceauth import Decision, FaceVerificationSession, Frame, VerificationConfig, VerificationOutcome
from kiosk.faceauth.process_matcher import ProcessFaceMatcher, default_matcher

FPS = 30.0


def _trial(matcher: ProcessFaceMatcher, session_args: tuple[object, ...], frames: list[Frame],
           start: int) -> tuple[float, VerificationOutcome, list[float]]:
    done = threading.Event()
    decided: list[float] = []

    def finished(outcome: VerificationOutcome) -> None:
        decided.append(time.perf_counter())
        done.set()

    reference, config = session_args
    session = FaceVerificationSession(matcher, reference, config, on_finished=finished)  # type: ignore[arg-type]
    shown: list[float] = []
    first = time.perf_counter()
    index = 0
    while not done.is_set() and index < len(frames):
        due = first + index / FPS
        time.sleep(max(0.0, due - time.perf_counter()))
        frame = frames[(start + index) % len(frames)]
        shown.append(time.perf_counter())  # the preview shows the frame...
        session.submit(frame)  # ...and offers it to the matcher without waiting
        index += 1
    outcome = session.wait(5.0)
    session.close()
    assert outcome is not None and decided
    return decided[0] - first, outcome, shown


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=15)
    args = parser.parse_args(argv)
    print("load average before: " + " ".join(f"{v:.2f}" for v in os.getloadavg()))
    persona = get_persona("normal")
    assert persona.card_photo_path is not None
    camera = SimulatedCamera(persona, "live", realtime=False, seed=11)
    frames = [camera.render(i / FPS, i) for i in range(150)]
    with default_matcher() as matcher:
        reference = matcher.encode_reference(card_photo_jp2(persona.card_photo_path))
        for frame in frames[:3]:  # warm up
            matcher.analyse(frame, encode=True)
        detect = [_timed(lambda f=f: matcher.analyse(f, encode=False)) for f in frames[:20]]
        full = [_timed(lambda f=f: matcher.analyse(f, encode=True)) for f in frames[:20]]
        results = {}
        for name, config in (("liveness off", VerificationConfig(liveness=False)),
                             ("passive liveness", VerificationConfig(liveness=True))):
            results[name] = _series(matcher, reference, config, frames, args.trials)
    print(f"matcher per frame (child process, 640x480): detect+landmarks median {statistics.median(detect):.0f} ms, "
          f"with encoding median {statistics.median(full):.0f} ms (p90 {np.percentile(full, 90):.0f} ms)")
    fps_values: list[float] = []
    for name, (latencies, prompted, fps, gaps) in results.items():
        fps_values += fps
        print(f"{name}: first face frame -> decision, {len(latencies)} trials: median "
              f"{statistics.median(latencies) * 1000:.0f} ms, p90 {np.percentile(latencies, 90) * 1000:.0f} ms, "
              f"max {max(latencies) * 1000:.0f} ms; needed the prompt: {prompted}")
        print(f"  preview while matching: median {statistics.median(fps):.1f} fps, worst {min(fps):.1f} fps, "
              f"longest gap {max(gaps) * 1000:.0f} ms")
    off, passive = results["liveness off"][0], results["passive liveness"][0]
    ok = (statistics.median(off) <= 0.3 and statistics.median(passive) <= 1.0
          and statistics.median(fps_values) >= 25.0)
    print("targets met" if ok else "TARGETS MISSED")
    print("load average after: " + " ".join(f"{v:.2f}" for v in os.getloadavg()))
    return 0


def _series(matcher: ProcessFaceMatcher, reference: object, config: VerificationConfig, frames: list[Frame],
            trials: int) -> tuple[list[float], int, list[float], list[float]]:
    latencies, fps_values, gaps = [], [], []
    prompted = 0
    for trial in range(trials):
        latency, outcome, shown = _trial(matcher, (reference, config), frames, start=0)
        if outcome.decision is not Decision.MATCHED:
            print(f"trial {trial}: unexpected {outcome.decision}")
        prompted += outcome.liveness.prompt is not None
        latencies.append(latency)
        if len(shown) > 2:
            fps_values.append((len(shown) - 1) / (shown[-1] - shown[0]))
            gaps.append(float(np.max(np.diff(shown))))
    return latencies, prompted, fps_values, gaps


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
