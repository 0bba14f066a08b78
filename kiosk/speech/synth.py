"""Speech synthesis: Japanese with Open JTalk (Debian open-jtalk, naist-jdic, the HTS voice "Mei"), English with
espeak-ng. Each call runs the engine as a subprocess and writes one WAV file; it never runs on the UI thread."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from kiosk.atomic_file import replace_durably

OPEN_JTALK = "open_jtalk"
ESPEAK = "espeak-ng"
OPEN_JTALK_DICTIONARY = Path("/var/lib/mecab/dic/open-jtalk/naist-jdic")
HTS_VOICE_FILE = "mei_normal.htsvoice"  # CC BY 3.0, Nagoya Institute of Technology (MMDAgent); see docs/voice.md
ENGLISH_VOICE = "en-us"
ENGLISH_WPM = 150  # espeak-ng words per minute at rate 1.0 (its default 175 is quick for older patients)
JAPANESE_SAMPLE_RATE = 22050  # Mei is a 48 kHz voice; 22.05 kHz keeps speech clear at half the size and time
JAPANESE_FRAME_PERIOD = 110  # samples per 5 ms frame at that rate (hts_engine wants both changed together)
TIMEOUT_S = 30.0


class SpeechEngineError(RuntimeError):
    """A speech engine is missing or did not produce its file."""


@dataclass(frozen=True)
class Voices:
    """Where the voices are: the HTS voice file for Japanese, the espeak-ng voice name for English."""

    hts_voice: Path
    dictionary: Path = OPEN_JTALK_DICTIONARY
    english: str = ENGLISH_VOICE

    def identity(self, language: str) -> str:
        """What, besides text and rate, decides the sound: part of every cache key."""
        if language == "en":
            return f"{ESPEAK}:{self.english}:{ENGLISH_WPM}"
        size = self.hts_voice.stat().st_size if self.hts_voice.is_file() else 0
        return f"{OPEN_JTALK}:{self.hts_voice.name}:{size}:{JAPANESE_SAMPLE_RATE}"


def _run(command: list[str], text: str) -> None:
    executable = shutil.which(command[0])
    if executable is None:
        raise SpeechEngineError(f"{command[0]} is not installed (scripts/setup.sh installs it)")
    try:
        done = subprocess.run([executable, *command[1:]], input=text.encode("utf-8"), capture_output=True,  # noqa: S603 - fixed engine, text on stdin
                              timeout=TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as error:
        raise SpeechEngineError(f"{command[0]} took longer than {TIMEOUT_S} s") from error
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise SpeechEngineError(f"{command[0]} failed ({done.returncode}): {detail[0]}")


def synthesize(text: str, language: str, rate: float, voices: Voices, out: Path) -> None:
    """Speak `text` into the WAV file `out` (written atomically); `rate` 1.0 is normal speed, 0.8 slower.

    Raises:
        SpeechEngineError: the engine or its voice is missing, or it failed.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(f".{out.stem}.{os.getpid()}.tmp.wav")
    if language == "en":
        command = [ESPEAK, "-v", voices.english, "-s", str(round(ENGLISH_WPM * rate)), "-w", str(temporary), "--stdin"]
    else:
        if not voices.hts_voice.is_file():
            raise SpeechEngineError(f"the Japanese voice {voices.hts_voice} is missing (scripts/setup.sh fetches it)")
        command = [OPEN_JTALK, "-x", str(voices.dictionary), "-m", str(voices.hts_voice), "-r", f"{rate:.2f}",
                   "-s", str(JAPANESE_SAMPLE_RATE), "-p", str(JAPANESE_FRAME_PERIOD), "-ow", str(temporary)]
    try:
        _run(command, text)
        if not temporary.is_file() or temporary.stat().st_size <= 44:
            raise SpeechEngineError(f"{command[0]} wrote no sound")
        replace_durably(temporary, out)
    finally:
        temporary.unlink(missing_ok=True)
