"""Voice guidance figures: synthesis time per prompt, the size of the cache, and the latency from a view change
(the controller's `view_changed`) to playback start (the first block of the WAV handed to aplay).

Playback goes to ALSA's `null` device, which every alsa-lib has, so the figure is the kiosk's own part (the guide,
the Qt hop, the player thread, reading and scaling the WAV, starting aplay), not a sound card's buffer.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/voice_latency.py [--rounds 40]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QObject, Signal  # noqa: E402

from kiosk.flow import FlowView, State  # noqa: E402
from kiosk.speech import BUILT_RATES, AplayPlayer, Cue, PromptCache, default_cache_dir  # noqa: E402
from kiosk.speech.cache import every_cue  # noqa: E402
from kiosk.ui.voice import VoiceGuidance  # noqa: E402

# EMIT_NOTE: PySide6-Essentials 6.12.0 on CPython 3.11 drops a reference to what a Qt call returns to Python
# (None for void methods such as processEvents() and setText(), True for emit()), and the process aborts
# ("none_dealloc") after a few thousand calls; this benchmark keeps its own Qt calls to one or two per round.
STATES = [State.READING_CARD, State.CHOOSE_METHOD, State.PIN_ENTRY, State.VERIFYING_PIN, State.CONSENT,
          State.CONFIRM, State.SUBMITTING, State.TAKE_CARD]


class Controller(QObject):
    """Stands in for KioskController: the same signal, emitted on the UI thread."""

    view_changed = Signal(object)
    staff_alert = Signal(object)
    digit = Signal()


class LanguageStub(QObject):
    changed = Signal(str)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def synthesis_figures(cache_root: Path, rounds: int) -> None:
    """Synthesize a sample of prompts into an empty cache: the cost of a cache miss."""
    built = PromptCache(default_cache_dir())
    cache = PromptCache(cache_root, built.voices)
    sample = [cue for cue in every_cue() if cue.language][:: max(1, len(every_cue()) // rounds)]
    for language in ("ja", "en"):
        times = []
        for cue in (cue for cue in sample if cue.language == language):
            started = time.perf_counter()
            cache.ensure(cue, 1.0)
            times.append((time.perf_counter() - started) * 1000)
        print(f"synthesis {language}: {len(times)} prompts, median {statistics.median(times):.0f} ms, "
              f"max {max(times):.0f} ms per prompt")


def cache_figures() -> None:
    root = default_cache_dir() / "sounds"
    files = list(root.glob("*.wav"))
    size = sum(path.stat().st_size for path in files)
    print(f"cache: {len(files)} files, {size / 1e6:.1f} MB at rates {', '.join(map(str, BUILT_RATES))} ({root})")


def latency_figures(app: QCoreApplication, cache: PromptCache, rounds: int, label: str) -> None:
    started_at: dict[str, float] = {}
    done = threading.Event()

    def on_started(cue: Cue) -> None:
        if cue.language is not None and cue.sound not in started_at:
            started_at[cue.sound] = time.perf_counter()
            done.set()

    player = AplayPlayer(cache, pcm="null", on_started=on_started)
    voice = VoiceGuidance(player)
    controller = Controller()
    voice.attach(controller.view_changed, controller.staff_alert, controller.digit, LanguageStub())  # type: ignore[arg-type]
    latencies = []
    for index in range(rounds):
        state = STATES[index % len(STATES)]
        started_at.clear()
        done.clear()
        emitted = time.perf_counter()
        voice.view_changed(FlowView(state))  # the slot itself: see EMIT_NOTE
        app.processEvents()  # the binding's zero-timer hop, as in the kiosk's event loop; then the player's thread
        done.wait(5.0)
        if started_at:
            latencies.append((min(started_at.values()) - emitted) * 1000)
        time.sleep(0.05)
    voice.close()
    if not latencies:
        print(f"latency {label}: aplay never started (is alsa-utils installed?)")
        return
    median, p95 = statistics.median(latencies), percentile(latencies, 0.95)
    print(f"latency {label}: view change -> playback start, {len(latencies)} screens: median "
          f"{median:.1f} ms, p95 {p95:.1f} ms, max {max(latencies):.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    app = QCoreApplication.instance() or QCoreApplication([])
    cache_figures()
    with tempfile.TemporaryDirectory() as folder:
        synthesis_figures(Path(folder) / "cold", 24)
        latency_figures(app, PromptCache(default_cache_dir()), args.rounds, "(cached)")
        cold = PromptCache(Path(folder) / "miss", PromptCache(default_cache_dir()).voices)
        latency_figures(app, cold, len(STATES), "(not cached: synthesized first)")


if __name__ == "__main__":
    main()
