"""WAV files as samples: reading, loudness (RMS), volume scaling and the synthetic tones. No sound device here."""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from .catalogue import Tone

TONE_RATE = 22050
FADE_S = 0.005  # a few milliseconds of fade in and out: no click at the edges of a note
#: Below this RMS (of full scale) a prompt counts as silent; speech here measures 0.05-0.15.
SILENCE_RMS = 0.01

Samples = npt.NDArray[np.int16]


@dataclass(frozen=True)
class Sound:
    """Mono or interleaved 16-bit samples and how to play them."""

    samples: Samples
    rate: int
    channels: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / (self.rate * self.channels)


def read_wav(path: Path) -> Sound:
    """A 16-bit PCM WAV file (what Open JTalk, espeak-ng and the tones write)."""
    with wave.open(str(path), "rb") as wav:
        if wav.getsampwidth() != 2:
            raise ValueError(f"{path.name}: {wav.getsampwidth() * 8}-bit samples, expected 16")
        frames = wav.readframes(wav.getnframes())
        return Sound(np.frombuffer(frames, dtype="<i2").copy(), wav.getframerate(), wav.getnchannels())


def rms(sound: Sound) -> float:
    """Root mean square of the samples as a fraction of full scale (0 for an empty sound)."""
    if len(sound.samples) == 0:
        return 0.0
    values = sound.samples.astype(np.float64) / 32768.0
    return float(np.sqrt(np.mean(values * values)))


def scaled(sound: Sound, volume: float) -> Sound:
    """The sound at `volume` (0..1) of its level."""
    factor = max(0.0, min(1.0, volume))
    samples = np.clip(sound.samples.astype(np.float32) * factor, -32768, 32767).astype(np.int16)
    return Sound(samples, sound.rate, sound.channels)


def wav_bytes(sound: Sound) -> bytes:
    """The sound as a whole WAV file in memory (what aplay reads on its standard input)."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(sound.channels)
        wav.setsampwidth(2)
        wav.setframerate(sound.rate)
        wav.writeframes(sound.samples.astype("<i2").tobytes())
    return buffer.getvalue()


def tone_sound(tone: Tone) -> Sound:
    """The notes of `tone` as sine waves with short fades."""
    parts = []
    fade = int(TONE_RATE * FADE_S)
    for frequency, seconds in tone.notes:
        count = int(TONE_RATE * seconds)
        times = np.arange(count, dtype=np.float64) / TONE_RATE
        wave_ = np.sin(2 * np.pi * frequency * times)
        envelope = np.ones(count)
        ramp = np.linspace(0.0, 1.0, min(fade, count // 2))
        envelope[: len(ramp)] = ramp
        envelope[count - len(ramp):] = ramp[::-1]
        parts.append(wave_ * envelope)
    samples = np.concatenate(parts) * tone.level * 32767
    return Sound(samples.astype(np.int16), TONE_RATE, 1)
