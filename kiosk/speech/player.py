"""Plays cues through ALSA's `aplay` on a thread of its own: one sound at a time, stopped at once by a newer screen.

Without a sound device (or without aplay) the kiosk works unchanged: the first failure is logged, sounds are
dropped without being synthesized, and the device is tried again after a while (headphones plugged in later).
"""

from __future__ import annotations

import logging
import queue
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Sequence

from .audio import read_wav, scaled, wav_bytes
from .cache import NORMAL_RATE, PromptCache
from .guide import Cue
from .synth import SpeechEngineError

log = logging.getLogger(__name__)

APLAY = "aplay"
RETRY_AFTER_S = 30.0
FIRST_CHUNK = 8192  # bytes handed to aplay before playback counts as started
JOIN_S = 2.0


class AplayPlayer:
    """The kiosk's `Player`: volume (0..1) and speech rate apply to the next sound."""

    def __init__(self, cache: PromptCache, *, pcm: str = "default", volume: float = 0.8, rate: float = NORMAL_RATE,
                 command: str = APLAY, retry_after_s: float = RETRY_AFTER_S,
                 on_started: Callable[[Cue], None] | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._cache = cache
        self.pcm = pcm
        self._volume = _clamp(volume)
        self.rate = rate
        self._command = command
        self._retry_after_s = retry_after_s
        self._on_started = on_started
        self._clock = clock
        self._queue: queue.Queue[tuple[int, Cue] | None] = queue.Queue()
        self._lock = threading.Lock()
        self._generation = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._stopped: subprocess.Popen[bytes] | None = None  # the last process ended on purpose
        self._thread: threading.Thread | None = None
        self._unavailable_until = 0.0
        self._closed = False
        self.device_failures = 0  # how often the output could not be opened (diagnostics, tests)
        self.started = 0  # sounds handed to the device

    @property
    def volume(self) -> float:
        return self._volume

    def set_volume(self, volume: float) -> None:
        self._volume = _clamp(volume)

    @property
    def device_available(self) -> bool:
        """False while a failure to open the output is recent (it is tried again after `retry_after_s`)."""
        return self._clock() >= self._unavailable_until

    def play(self, cues: Sequence[Cue], *, interrupt: bool = True) -> None:
        if self._closed:
            return
        with self._lock:
            if interrupt:
                self._generation += 1
                self._terminate()
            generation = self._generation
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="voice-player", daemon=True)
                self._thread.start()
        for cue in cues:
            self._queue.put((generation, cue))

    def stop(self) -> None:
        with self._lock:
            self._generation += 1
            self._terminate()

    def close(self) -> None:
        """Stop, and end the player's thread (safe to call twice)."""
        self._closed = True
        self.stop()
        self._queue.put(None)
        thread = self._thread
        if thread is not None:
            thread.join(JOIN_S)

    def _terminate(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._stopped = self._process
            self._process.terminate()

    def _current(self, generation: int) -> bool:
        return generation == self._generation and not self._closed

    def _work(self) -> None:
        while (item := self._queue.get()) is not None:
            generation, cue = item
            if not self._current(generation) or not self.device_available:
                continue  # a newer screen spoke, or there is nowhere to play: do not even synthesize
            try:
                path = self._cache.ensure(cue, self.rate)
                data = wav_bytes(scaled(read_wav(path), self._volume))
            except (SpeechEngineError, OSError, ValueError, KeyError) as error:
                log.warning("voice prompt %s not available: %s", cue.sound, error)
                continue
            self._play(generation, cue, data)

    def _play(self, generation: int, cue: Cue, data: bytes) -> None:
        executable = shutil.which(self._command)
        if executable is None:
            self._device_failed(f"{self._command} is not installed")
            return
        with self._lock:
            if not self._current(generation):
                return
            process = subprocess.Popen([executable, "-q", "-D", self.pcm, "-"],  # noqa: S603 - fixed player, no shell
                                       stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            self._process = process
        try:
            assert process.stdin is not None  # noqa: S101 - opened with stdin=PIPE
            process.stdin.write(data[:FIRST_CHUNK])
            process.stdin.flush()
            self.started += 1
            if self._on_started is not None:
                self._on_started(cue)
            _, errors = process.communicate(data[FIRST_CHUNK:])
        except (BrokenPipeError, ValueError, OSError):
            _, errors = process.communicate()  # the device refused, or a newer screen stopped it
        with self._lock:
            self._process = None
            stopped = self._stopped is process
        if process.returncode != 0 and not stopped:  # a failure, not a newer screen ending it
            last = errors.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {process.returncode}"]
            self._device_failed(last[0])

    def _device_failed(self, reason: str) -> None:
        if self.device_available:
            log.warning("no sound output on %r (%s): voice guidance is silent, trying again in %.0f s",
                        self.pcm, reason, self._retry_after_s)
        self.device_failures += 1
        self._unavailable_until = self._clock() + self._retry_after_s


def _clamp(volume: float) -> float:
    return max(0.0, min(1.0, volume))
