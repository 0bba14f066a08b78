"""Voice guidance on the kiosk: the controller's views, staff calls and PIN key presses go to the speech guide.

Nothing here plays or synthesizes sound: the player (kiosk/speech) does that on its own thread, so the UI thread
only hands over prompt ids. QtMultimedia is not part of PySide6-Essentials, hence `aplay` (docs/voice.md).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, SignalInstance

from kiosk.config import VoiceSettings
from kiosk.flow import FlowView
from kiosk.speech import AplayPlayer, Cue, PromptCache, VoiceGuide, default_cache_dir

from .language import LanguageSwitcher, current_language

TICK_MS = 250
VOLUME_STEP = 0.1


class AdjustablePlayer(Protocol):
    """A speech player whose volume the patient can change."""

    @property
    def volume(self) -> float: ...

    def set_volume(self, volume: float) -> None: ...

    def play(self, cues: Sequence[Cue], *, interrupt: bool = True) -> None: ...

    def stop(self) -> None: ...

    def close(self) -> None: ...


class VoiceGuidance(QObject):
    """The kiosk's voice: `repeat()`, `volume_up()`, `volume_down()` and `set_enabled()` are for the screens."""

    def __init__(self, player: AdjustablePlayer, *, enabled: bool = True, tick_ms: int = TICK_MS,
                 clock: Callable[[], float] = time.monotonic, language: Callable[[], str] = current_language,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.player = player
        self.guide = VoiceGuide(player, enabled=enabled)
        self._clock = clock
        self._language = language
        self._pending: FlowView | None = None
        self._flush_queued = False
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(lambda: self.guide.tick(self._clock()))
        self._timer.start()

    @classmethod
    def from_settings(cls, settings: VoiceSettings, *, cache_dir: Path | None = None,
                      parent: QObject | None = None) -> VoiceGuidance:
        """The aplay player on the configured output (speaker or headphones) over the prompt cache."""
        pcm = settings.headphones_pcm if settings.device == "headphones" else "default"
        player = AplayPlayer(PromptCache(cache_dir or default_cache_dir()), pcm=pcm, volume=settings.volume,
                             rate=settings.rate)
        return cls(player, enabled=settings.enabled, parent=parent)

    def attach(self, view_changed: SignalInstance, staff_alert: SignalInstance, pin_digit: SignalInstance,
               language: LanguageSwitcher) -> None:
        """Listen to the controller's `view_changed` and `staff_alert`, the PIN pad and the language button."""
        view_changed.connect(self.view_changed)
        staff_alert.connect(self.staff_called)
        pin_digit.connect(self.guide.digit_pressed)
        language.changed.connect(self.guide.set_language)

    # -- from the controller (UI thread) ----------------------------------------------------------------------

    def view_changed(self, view: object) -> None:
        """Spoken once the controller has finished drawing (it resets the language on the idle screen after
        emitting the view), and only for the newest view when several come in one event."""
        if isinstance(view, FlowView):
            self._pending = view
            self._queue_flush()

    def staff_called(self, _alert: object = None) -> None:
        self.guide.staff_called()
        self._queue_flush()

    def _queue_flush(self) -> None:
        if not self._flush_queued:
            self._flush_queued = True
            QTimer.singleShot(0, self._flush)

    def _flush(self) -> None:
        self._flush_queued = False
        view, self._pending = self._pending, None
        now = self._clock()
        if view is not None:
            self.guide.show(view, self._language(), now)
        self.guide.tick(now)

    # -- for the screens --------------------------------------------------------------------------------------

    def repeat(self) -> None:
        """Say the current screen again (a "もう一度聞く" button or key)."""
        self.guide.repeat()

    @property
    def volume(self) -> float:
        return self.player.volume

    def set_volume(self, volume: float) -> None:
        self.player.set_volume(volume)

    def volume_up(self) -> None:
        self.player.set_volume(min(1.0, round(self.player.volume + VOLUME_STEP, 2)))
        self.guide.repeat()  # the patient hears the new level at once

    def volume_down(self) -> None:
        self.player.set_volume(max(0.0, round(self.player.volume - VOLUME_STEP, 2)))
        self.guide.repeat()

    def louder_or_quiet(self) -> None:
        """One button for a touchscreen: louder each tap, and from the loudest back to the quietest."""
        if self.player.volume >= 1.0:
            self.set_volume(VOLUME_STEP)
            self.guide.repeat()
        else:
            self.volume_up()

    def set_enabled(self, enabled: bool) -> None:
        self.guide.set_enabled(enabled)

    def close(self) -> None:
        """Stop speaking and end the player's thread."""
        self._timer.stop()
        self.player.close()
