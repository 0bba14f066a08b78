"""A player that only records what it was asked to play: the guide's logic without a sound device."""

from __future__ import annotations

from collections.abc import Sequence

from kiosk.speech import Cue


class RecordingPlayer:
    """Keeps every `play` call; `stop` only counts."""

    def __init__(self) -> None:
        self.calls: list[tuple[tuple[Cue, ...], bool]] = []
        self.stops = 0
        self.volume = 0.8
        self.closed = False

    def play(self, cues: Sequence[Cue], *, interrupt: bool = True) -> None:
        self.calls.append((tuple(cues), interrupt))

    def stop(self) -> None:
        self.stops += 1

    def set_volume(self, volume: float) -> None:
        self.volume = volume

    def close(self) -> None:
        self.closed = True

    @property
    def sounds(self) -> list[str]:
        """Every sound asked for, in order, as ids."""
        return [cue.sound for cues, _interrupt in self.calls for cue in cues]

    def take(self) -> list[str]:
        """The sounds asked for since the last take."""
        sounds = self.sounds
        self.calls.clear()
        return sounds
