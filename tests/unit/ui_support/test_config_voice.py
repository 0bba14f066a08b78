"""The [voice] settings: on by default, headphones and slower speech by hand or from maintenance, bad values refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import ConfigError, KioskSettings, VoiceSettings, load_settings, save_settings, with_changes


def test_voice_is_on_through_the_speaker_by_default(tmp_path: Path) -> None:
    voice = load_settings(tmp_path / "missing.toml").voice
    assert (voice.enabled, voice.device, voice.rate) == (True, "default", 1.0)


def test_headphones_and_slower_speech_are_saved_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    settings = with_changes(KioskSettings(), **{"voice.device": "headphones", "voice.rate": 0.8, "voice.volume": 0.5})
    save_settings(settings, path)
    assert "[voice]" in path.read_text(encoding="utf-8")
    assert load_settings(path).voice == VoiceSettings(volume=0.5, rate=0.8, device="headphones")


def test_a_hand_written_voice_section_is_read(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[voice]\nenabled = false\ndevice = "headphones"\nheadphones_pcm = "plughw:CARD=Device"\n',
                    encoding="utf-8")
    voice = load_settings(path).voice
    assert (voice.enabled, voice.headphones_pcm) == (False, "plughw:CARD=Device")


@pytest.mark.parametrize(("name", "value"), [("voice.device", "bluetooth"), ("voice.volume", 1.5),
                                             ("voice.rate", 0.2), ("voice.rate", 3.0)])
def test_values_out_of_range_are_refused(name: str, value: object) -> None:
    with pytest.raises(ConfigError, match=name):
        with_changes(KioskSettings(), **{name: value})
