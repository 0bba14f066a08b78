"""The prompt cache: built once by scripts/setup.sh, never silent, keyed by text, voice and rate."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from kiosk.speech import BUILT_RATES, PROMPTS, TONES, Cue, PromptCache, Voices, default_cache_dir
from kiosk.speech.audio import SILENCE_RMS, Sound, read_wav, rms, wav_bytes
from kiosk.speech.cache import every_cue

# A fixed sample: every tone, and every fifth prompt in both languages (screens, failures, tries left...).
SAMPLE = [Cue(tone.id) for tone in TONES] + [cue for cue in every_cue() if cue.language][::5]


@pytest.fixture(scope="module")
def built() -> PromptCache:
    return PromptCache(default_cache_dir())


@pytest.mark.parametrize("rate", BUILT_RATES)
def test_the_cache_built_by_setup_is_not_silent(built: PromptCache, rate: float) -> None:
    for cue in SAMPLE:
        path = built.path_for(cue, rate)
        assert path.is_file(), f"{cue} at {rate} is not cached in {built.root}: run scripts/setup.sh"
        sound = read_wav(path)
        assert rms(sound) > SILENCE_RMS, f"{cue} at {rate} is silent ({rms(sound):.4f})"
        if cue.language is not None:
            assert sound.seconds > 0.5, f"{cue} lasts only {sound.seconds:.2f} s"


def test_slower_speech_is_really_slower(built: PromptCache) -> None:
    cue = Cue("state.pin_entry", "ja")
    normal, slow = (read_wav(built.path_for(cue, rate)).seconds for rate in BUILT_RATES)
    assert slow > normal * 1.1


def test_the_silence_check_bites_on_a_silent_file(tmp_path: Path) -> None:
    path = tmp_path / "silent.wav"
    path.write_bytes(wav_bytes(Sound(np.zeros(22050, dtype=np.int16), 22050, 1)))
    assert rms(read_wav(path)) < SILENCE_RMS


def test_the_file_name_follows_text_language_voice_and_rate(tmp_path: Path) -> None:
    cache = PromptCache(tmp_path, Voices(hts_voice=tmp_path / "mei.htsvoice"))
    ja = Cue("state.idle", "ja")
    assert cache.path_for(ja, 1.0) == cache.path_for(ja, 1.0)
    assert len({cache.path_for(ja, 1.0), cache.path_for(ja, 0.8), cache.path_for(Cue("state.idle", "en"), 1.0),
                cache.path_for(Cue("state.face", "ja"), 1.0)}) == 4
    other_voice = PromptCache(tmp_path, Voices(hts_voice=tmp_path / "mei.htsvoice", english="en-gb"))
    assert other_voice.path_for(Cue("state.idle", "en"), 1.0) != cache.path_for(Cue("state.idle", "en"), 1.0)
    assert cache.path_for(Cue("tone.click"), 1.0) == cache.path_for(Cue("tone.click"), 0.8)  # tones have no rate


def test_a_missing_prompt_is_synthesized_once_and_kept(tmp_path: Path, built: PromptCache) -> None:
    cache = PromptCache(tmp_path, built.voices)
    for language in ("ja", "en"):
        cue = Cue("state.verifying_pin", language)
        path = cache.ensure(cue, 0.9)
        assert rms(read_wav(path)) > SILENCE_RMS
        made = path.stat().st_mtime_ns
        assert cache.ensure(cue, 0.9) == path and path.stat().st_mtime_ns == made
    with wave.open(str(cache.ensure(Cue("tone.chime"), 1.0))) as chime:
        assert 0.2 < chime.getnframes() / chime.getframerate() < 0.5


def test_the_cache_can_hold_only_catalogue_sounds(tmp_path: Path, built: PromptCache) -> None:
    """Only a prompt or tone id of the catalogue can be cached: free text (a name, a number) has no way in."""
    cache = PromptCache(tmp_path, built.voices)
    for stranger in (Cue("山田 太郎", "ja"), Cue("1234", "en"), Cue("名前")):
        with pytest.raises(KeyError):
            cache.ensure(stranger, 1.0)
    assert not (tmp_path / "sounds").exists()
    expected = {built.path_for(cue, rate).name for rate in BUILT_RATES for cue in every_cue()}
    assert len(expected) > len(PROMPTS) * len(BUILT_RATES)  # (prompts with the same words share one file)
    assert expected <= {path.name for path in (built.root / "sounds").glob("*.wav")}


def test_words_no_longer_said_are_pruned_and_the_current_ones_kept(tmp_path: Path) -> None:
    """An update that changes a prompt's words makes a new file; the old one must not pile up on the appliance."""
    cache = PromptCache(tmp_path)
    sounds = tmp_path / "sounds"
    sounds.mkdir()
    current = [cache.path_for(cue, rate) for rate in BUILT_RATES for cue in SAMPLE]
    for path in current:
        path.write_bytes(b"RIFF")
    stale = [sounds / "0123456789abcdef0123456789abcdef.wav", sounds / f"{'f' * 32}.wav"]
    for path in stale:
        path.write_bytes(b"RIFF")
    assert cache.prune((0.8,)) == len(stale)  # asked for one rate: the built-in rates are kept all the same
    assert all(path.is_file() for path in current)
    assert not any(path.exists() for path in stale)
    assert cache.prune() == 0
