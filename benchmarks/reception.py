"""Machine time of a whole headless reception (card placed -> result) per identity method, and cold start.

Runs on the embedded simulators (in-process reader, webcam simulator at real-time pace, in-process backend).
Face, liveness on (the kiosk default): left out is exactly the patient's part of the liveness check, from the
moment the prompt is decided to the capture of the first camera frame showing the face turned back to the camera
(`VerificationOutcome.liveness.seconds`; the simulated patient reacts after 0.5 s and turns for 1.4 s). Everything
else counts: card read, card-face read and reference encoding (once per card), camera start, the frames that match
before the prompt, detecting the turn, the confirming encoding after it, the backend check. Starting the matcher
process (once per kiosk, in the background after the idle screen) is not counted: a warm-up run comes first.
Cold start: the figure `kiosk run --simulate --exit-when-idle` prints (process creation -> idle screen painted),
and the wall time of the whole command (including shutting down) for reference.
Cold start under cage (the kiosk appliance, tests/fixtures/cage.py: wlroots headless backend, pixman renderer,
1280x720): from starting cage to the kiosk's READY=1 (sent once the idle screen is up), and the kiosk's own figure.
"""

from __future__ import annotations

import math
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kiosk.domain import IdentityMethod  # noqa: E402
from kiosk.reception import HeadlessPlan, run_headless_reception  # noqa: E402
from kiosk.simulation import Simulation  # noqa: E402
from tests.fixtures.cage import CageSession, missing_tools  # noqa: E402

RUNS = 20
TARGETS = {"pin": 0.3, "staff": 0.3, "face": 1.5}
START_TARGET = 3.0
CAGE_START_TARGET = 2.0
CAGE_RUN = ["-c", "import sys; from kiosk.cli import main; sys.exit(main())", "run", "--simulate", "--fullscreen",
            "--no-tester-panel", "--exit-when-idle"]


def reception_seconds(simulation: Simulation, method: str) -> tuple[list[float], int]:
    """Seconds of each completed reception after a warm-up run, and how many did not complete."""
    reception = simulation.reception()
    reception.start_matcher()  # as the kiosk does once its idle screen is up
    times: list[float] = []
    incomplete = 0
    try:
        for run in range(RUNS + 1):  # the first run warms caches and, for face, loads the model
            persona = simulation.place_card("normal")
            outcome = run_headless_reception(reception.services, HeadlessPlan(IdentityMethod(method), persona.pin),
                                             remove_card=simulation.remove_card)
            if run == 0:
                continue
            if outcome.ok and outcome.method is IdentityMethod(method):
                times.append(outcome.seconds - reception.face.last_liveness_seconds)
            else:
                incomplete += 1
    finally:
        reception.close()
    return times, incomplete


def cold_start_seconds() -> tuple[list[float], list[float]]:
    """(to the idle screen as the kiosk reports it, wall time of the whole command) for 5 starts."""
    kiosk = Path(sys.executable).with_name("kiosk")
    command = [str(kiosk), "run", "--simulate", "--exit-when-idle"]
    to_idle, wall = [], []
    with tempfile.TemporaryDirectory(prefix="bench-start-") as home:
        env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": home}
        subprocess.run(command, check=True, capture_output=True, env=env)  # first run writes the dev credential
        for _ in range(5):
            started = time.perf_counter()
            done = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
            wall.append(time.perf_counter() - started)
            match = re.search(r"cold start to idle: ([0-9.]+) s", done.stdout)
            if match is None:
                raise RuntimeError(f"no cold start figure in: {done.stdout!r}")
            to_idle.append(float(match.group(1)))
    return to_idle, wall


def cage_cold_start_seconds(runs: int = 5) -> tuple[list[float], list[float]]:
    """(cage started -> READY=1, the kiosk's own process-start -> idle figure) for `runs` starts after a first."""
    to_ready, to_idle = [], []
    data = Path(tempfile.mkdtemp(prefix="bench-cage-"))
    try:
        for run in range(runs + 1):  # the first writes the simulated kiosk's dev credential
            session = CageSession(CAGE_RUN, data=data)
            try:
                session.start()
                ready = session.wait_for("READY=1", timeout=60)
                session.stop()
                match = re.search(r"cold start to idle: ([0-9.]+) s", session.log.read_text())
            finally:
                session.close()
            if match is None:
                raise RuntimeError("no cold start figure from the kiosk under cage")
            if run:
                to_ready.append(ready)
                to_idle.append(float(match.group(1)))
    finally:
        shutil.rmtree(data, ignore_errors=True)
    return to_ready, to_idle


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(0.9 * len(ordered)) - 1)]


def main() -> int:
    failed = False
    with tempfile.TemporaryDirectory(prefix="bench-reception-") as scratch, Simulation(Path(scratch)) as simulation:
        for method in ("pin", "staff", "face"):
            times, incomplete = reception_seconds(simulation, method)
            if not times:
                print(f"reception {method:<5} never completed in {RUNS} runs")
                failed = True
                continue
            median = statistics.median(times)
            ok = median <= TARGETS[method] and not incomplete
            failed |= not ok
            print(f"reception {method:<5} median {median * 1000:7.1f} ms  p90 {p90(times) * 1000:7.1f} ms  "
                  f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}, n={len(times)}, "
                  f"incomplete {incomplete})  target <= {TARGETS[method] * 1000:.0f} ms {'OK' if ok else 'MISSED'}")
    starts, walls = cold_start_seconds()
    median = statistics.median(starts)
    failed |= median > START_TARGET
    print(f"cold start (kiosk run --simulate to idle screen): median {median:.2f} s  p90 {p90(starts):.2f} s "
          f"(n={len(starts)}; whole command incl. shutdown: median {statistics.median(walls):.2f} s)  "
          f"target <= {START_TARGET:.0f} s {'OK' if median <= START_TARGET else 'MISSED'}")
    if missing := missing_tools():
        print(f"cold start under cage: not measured, needs {', '.join(missing)} (scripts/setup.sh installs them)")
    else:
        ready, idle = cage_cold_start_seconds()
        median = statistics.median(ready)
        failed |= median > CAGE_START_TARGET
        print(f"cold start under cage (cage started to READY=1 with the idle screen up): median {median:.2f} s  "
              f"p90 {p90(ready):.2f} s (n={len(ready)}; kiosk process to idle: median {statistics.median(idle):.2f} s)"
              f"  target <= {CAGE_START_TARGET:.0f} s {'OK' if median <= CAGE_START_TARGET else 'MISSED'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
