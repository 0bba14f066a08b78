"""Voice guidance below the screens: the prompt catalogue, which prompt to speak when, synthesis, the cache of
WAV files and a player that runs off the UI thread. No Qt here: `kiosk/ui/voice.py` connects it to the screens."""

from __future__ import annotations

from .cache import BUILT_RATES, NORMAL_RATE, SLOW_RATE, PromptCache, default_cache_dir
from .catalogue import LANGUAGES, PROMPTS, TONES, Prompt, Tone
from .guide import Cue, Player, VoiceGuide, screen_prompts
from .player import AplayPlayer
from .synth import SpeechEngineError, Voices

__all__ = [
    "BUILT_RATES",
    "LANGUAGES",
    "NORMAL_RATE",
    "PROMPTS",
    "SLOW_RATE",
    "TONES",
    "AplayPlayer",
    "Cue",
    "Player",
    "Prompt",
    "PromptCache",
    "SpeechEngineError",
    "Tone",
    "VoiceGuide",
    "Voices",
    "default_cache_dir",
    "screen_prompts",
]
