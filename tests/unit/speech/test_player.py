"""The aplay player, with a stand-in `aplay` script: volume, no sound device, interruption. No real device needed."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.speech import AplayPlayer, Cue, PromptCache, Voices
from kiosk.speech.audio import read_wav, rms


def fake_aplay(folder: Path, body: str) -> str:
    """A script standing in for aplay: it records its arguments; `body` decides what it does with the sound."""
    script = folder / "fake-aplay"
    script.write_text(f'#!/bin/sh\necho "$@" >> "{folder}/args"\n{body}\n', encoding="utf-8")
    script.chmod(0o755)
    return str(script)


def until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.fixture
def cache(tmp_path: Path) -> PromptCache:
    return PromptCache(tmp_path / "cache", Voices(hts_voice=tmp_path / "no-voice.htsvoice"))


def test_sounds_go_to_the_chosen_output_at_the_chosen_volume(tmp_path: Path, cache: PromptCache) -> None:
    command = fake_aplay(tmp_path, f'cat > "{tmp_path}/played-$$.wav"')
    player = AplayPlayer(cache, pcm="plughw:CARD=Headphones", volume=0.5, command=command)
    player.play([Cue("tone.chime")])
    until(lambda: len(list(tmp_path.glob("played-*.wav"))) == 1 and player.started == 1)
    player.close()
    played = read_wav(next(tmp_path.glob("played-*.wav")))
    original = read_wav(cache.path_for(Cue("tone.chime"), 1.0))
    assert rms(played) == pytest.approx(rms(original) * 0.5, rel=0.02)
    assert (tmp_path / "args").read_text().split() == ["-q", "-D", "plughw:CARD=Headphones", "-"]


def test_without_a_sound_device_the_player_goes_quiet_and_does_not_synthesize(tmp_path: Path,
                                                                             cache: PromptCache) -> None:
    command = fake_aplay(tmp_path, 'cat > /dev/null\necho "aplay: main:831: audio open error: No such file" >&2\n'
                                   "exit 1")
    player = AplayPlayer(cache, command=command, retry_after_s=60.0)
    player.play([Cue("tone.click")])
    until(lambda: player.device_failures == 1)
    assert not player.device_available
    player.play([Cue("state.idle", "en")])  # would need espeak-ng and the cache: dropped first
    player.play([Cue("tone.error")])
    player.close()
    assert (tmp_path / "args").read_text().count("-D") == 1  # tried once, then quiet
    assert not cache.path_for(Cue("tone.error"), 1.0).exists()


def test_without_aplay_at_all_the_player_goes_quiet(cache: PromptCache) -> None:
    player = AplayPlayer(cache, command="no-such-aplay-here")
    player.play([Cue("tone.click")])
    until(lambda: player.device_failures == 1)
    player.close()
    assert player.started == 0


def test_a_newer_screen_stops_the_sound_playing_now(tmp_path: Path, cache: PromptCache) -> None:
    command = fake_aplay(tmp_path, "cat > /dev/null\nexec sleep 30")
    player = AplayPlayer(cache, command=command)
    player.play([Cue("tone.chime"), Cue("tone.click")])
    until(lambda: player.started == 1)
    started = time.monotonic()
    player.play([Cue("tone.error")])  # interrupts: the chime's player is ended, the queued click dropped
    until(lambda: player.started == 2)
    assert time.monotonic() - started < 5
    player.close()
    assert player.device_failures == 0  # being stopped is not a device failure
    assert not cache.path_for(Cue("tone.click"), 1.0).exists()
