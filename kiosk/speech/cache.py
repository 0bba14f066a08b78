"""The prompt cache: one WAV file per prompt, language, voice and rate, named by a hash of all four.

Built once by `scripts/setup.sh` (`python -m kiosk.speech build`); a prompt missing at run time (a rate nobody
built) is synthesized on the player's thread and kept. The cache holds the catalogue's fixed words only.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk.atomic_file import write_atomically

from .audio import tone_sound, wav_bytes
from .catalogue import LANGUAGES, PROMPTS, TONES
from .guide import Cue
from .synth import HTS_VOICE_FILE, Voices, synthesize

CACHE_ENV = "KIOSK_VOICE_CACHE"
NORMAL_RATE = 1.0
SLOW_RATE = 0.8  # "slower speech" for patients who ask for it
BUILT_RATES = (NORMAL_RATE, SLOW_RATE)
_TONES = {tone.id: tone for tone in TONES}


def default_cache_dir() -> Path:
    """$KIOSK_VOICE_CACHE, else the user's cache folder ($XDG_CACHE_HOME or ~/.cache) /mynakiosk/voice."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mynakiosk" / "voice"


def every_cue() -> list[Cue]:
    """Every sound the guide can ask for: each prompt in each language, and each tone."""
    return [Cue(tone.id) for tone in TONES] + [Cue(prompt, language) for prompt in PROMPTS for language in LANGUAGES]


@dataclass
class BuildReport:
    """What one build did: seconds per newly synthesized file, and the cache's size afterwards."""

    synthesized: list[tuple[Cue, float, float]] = field(default_factory=list)  # (cue, rate, seconds)
    files: int = 0
    total_bytes: int = 0
    pruned: int = 0  # files of words no longer said (an older catalogue, a changed voice or rate), removed


class PromptCache:
    """Maps a cue at a rate to its WAV file, synthesizing it when it is not there yet."""

    def __init__(self, root: Path, voices: Voices | None = None) -> None:
        self.root = root
        self.voices = voices or Voices(hts_voice=root / "voices" / HTS_VOICE_FILE)

    def key(self, cue: Cue, rate: float) -> str:
        if cue.language is None:
            tone = _TONES[cue.sound]
            material = f"tone|{tone.notes}|{tone.level}"
        else:
            text = PROMPTS[cue.sound].text(cue.language)
            material = f"{self.voices.identity(cue.language)}|{rate:.2f}|{text}"
        return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]

    def path_for(self, cue: Cue, rate: float) -> Path:
        """Where the sound of `cue` at `rate` lives (tones do not depend on the rate)."""
        return self.root / "sounds" / f"{self.key(cue, rate)}.wav"

    def ensure(self, cue: Cue, rate: float) -> Path:
        """The cached file, made now if missing (seconds for a prompt: call off the UI thread).

        Raises:
            KeyError: no such prompt or tone.
            SpeechEngineError: synthesis failed.
        """
        path = self.path_for(cue, rate)
        if not path.is_file():
            self._make(cue, rate, path)
        return path

    def _make(self, cue: Cue, rate: float, path: Path) -> None:
        if cue.language is None:
            write_atomically(path, wav_bytes(tone_sound(_TONES[cue.sound])))
        else:
            synthesize(PROMPTS[cue.sound].text(cue.language), cue.language, rate, self.voices, path)

    def build(self, rates: Iterable[float] = BUILT_RATES) -> BuildReport:
        """Make every missing file for every cue at each rate; already cached files are left alone."""
        report = BuildReport()
        for rate in rates:
            for cue in every_cue():
                path = self.path_for(cue, rate)
                if path.is_file():
                    continue
                started = time.perf_counter()
                self._make(cue, rate, path)
                report.synthesized.append((cue, rate, time.perf_counter() - started))
        report.pruned = self.prune(rates)
        sounds = list((self.root / "sounds").glob("*.wav"))
        report.files = len(sounds)
        report.total_bytes = sum(path.stat().st_size for path in sounds)
        return report

    def prune(self, rates: Iterable[float] = BUILT_RATES) -> int:
        """Remove every cached sound that no cue at `rates` maps to (words changed by an update pile up otherwise:
        each prompt version is a new file); how many were removed. A file being played stays readable until it
        is closed. The built-in rates are always kept."""
        wanted = {self.path_for(cue, rate).name for rate in {*rates, *BUILT_RATES} for cue in every_cue()}
        removed = 0
        for path in (self.root / "sounds").glob("*.wav"):
            if path.name not in wanted:
                path.unlink(missing_ok=True)
                removed += 1
        return removed
