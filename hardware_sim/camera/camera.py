"""The simulated webcam: scripted scenarios at real-time pace, usable in process as a frame source.

It satisfies the kiosk's `FrameSource` protocol structurally (`read() -> frame | None`, `close()`); `None`
means the camera is lost. `show_prompt()` lets the live persona do what the liveness prompt asks.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from hardware_sim.personas import Persona

from .eyelids import BlinkSchedule
from .render import FacePhoto, Image, camera_effects, load_face_photo, paste_flat, paste_folded, paste_head, room
from .wearables import wearing

SCENARIOS: dict[str, str] = {
    "live": "the persona in front of the camera, doing what the liveness prompt asks",
    "nobody": "an empty waiting room",
    "other_person": "somebody else (the hardest impostor among the fixtures) in front of the camera",
    "two_people": "the persona with somebody else beside them",
    "live_still": "the persona keeping very still (passive liveness sees almost no motion), blinking, obeying prompts",
    "live_staring": "the persona keeping very still and staring, not blinking for the whole try, obeying prompts",
    "photo_attack": "a printed photo of the persona, held up, moved and turned",
    "print_moving": "a flat print of the persona moved about, closer and further, without turning",
    "print_still": "a flat print of the persona propped up in front of the camera, not moving at all",
    "folded_print": "a print of the persona folded down the nose and turned +-35 deg and tilted",
    "phone_attack": "a phone showing the persona's photo, held up, moved and turned",
    "photo_then_other": "the persona's print held up, then lowered to show somebody else's live head",
    "late_arrival": "nobody for 2.5 s, then the persona steps in",
    "camera_lost": "the persona keeping still, then the camera disconnects after 1 s (before any liveness verdict)",
    "masked": "the persona wearing a surgical mask, taking it off 0.8 s after being asked to (remove_mask)",
    "glasses": "the persona in glasses the card photo lacks, taking them off 0.8 s after being asked (remove_glasses)",
}
TURN_PEAK_DEG = 32.0
NOISE_FRAMES = 8
ARRIVAL_S = 2.5
SWAP_S = 2.0  # photo_then_other: the print is lowered from here, uncovering the other person
ATTACKS = ("photo_attack", "print_moving", "print_still", "folded_print", "phone_attack", "photo_then_other")
LOST_AFTER_S = 1.0
TAKE_OFF_S = 0.8  # masked / glasses: from the request to the face shown bare
# The hardest impostor for each fixture person (see the faces' PROVENANCE): Hopper and Collins are closest.
_HARDEST_OTHER = {"hopper": "collins", "collins": "hopper", "obama": "biden", "biden": "obama"}


class UnknownScenarioError(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(f"unknown scenario {name!r}; known: {', '.join(SCENARIOS)}")
        self.name = name


def other_person_photo(photo: Path) -> Path:
    """A photo of somebody else from the same folder, preferring the most similar-looking person."""
    person = photo.stem.split("_")[0]
    others = sorted(p for p in photo.parent.glob("*.jpg") if p.stem.split("_")[0] != person)
    preferred = [p for p in others if p.stem.split("_")[0] == _HARDEST_OTHER.get(person)]
    if not (preferred or others):
        raise FileNotFoundError(f"no photo of another person next to {photo}")
    return (preferred or others)[0]


class SimulatedCamera:
    """A webcam showing one scenario; frame `i` shows scenario time `i / fps`.

    Not real-time: every frame is delivered, so runs are reproducible. Real-time: like a real webcam, the
    scene moves on with the wall clock whether or not anybody reads; a reader that falls behind gets the
    current moment and misses the frames in between (so a slow consumer cannot slow the patient down).
    """

    def __init__(
        self,
        persona: Persona,
        scenario: str,
        *,
        fps: float = 30.0,
        size: tuple[int, int] = (640, 480),
        realtime: bool = True,
        seed: int = 0,
        scripted_prompt: str | None = None,
        duration_s: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if scenario not in SCENARIOS:
            raise UnknownScenarioError(scenario)
        if persona.live_photo_path is None or persona.card_photo_path is None:
            raise ValueError(f"persona {persona.key!r} has no face photo")
        self.scenario = scenario
        self.fps = fps
        self.size = size
        self.duration_s = LOST_AFTER_S if scenario == "camera_lost" else duration_s
        self._realtime = realtime
        self._clock = clock
        self._sleep = sleep
        self._live = load_face_photo(persona.live_photo_path)
        self._print = load_face_photo(persona.card_photo_path)
        self._other = load_face_photo(other_person_photo(persona.live_photo_path))
        self._worn = {"masked": "mask", "glasses": "glasses"}.get(scenario)
        self._dressed = wearing(self._live, self._worn) if self._worn else self._live
        self._taken_off_at: float | None = None  # when the patient was asked to take it off
        self._room = room(size[0], size[1], seed)
        # Each live head blinks on its own irregular schedule (hardware_sim.camera.eyelids).
        self._live_blinks, self._other_blinks = BlinkSchedule(seed * 7 + 1), BlinkSchedule(seed * 7 + 2)
        # Sensor noise: 8 frames, drawn on first use (drawing all of them up front took ~100 ms per camera).
        self._noise_rng = np.random.default_rng(seed + 1)
        self._noise: list[NDArray[np.int16]] = []
        self._scripted_prompt = scripted_prompt
        self._prompt: str | None = None
        self._prompted_at = 0.0
        self._index = 0
        self._started: float | None = None
        self._closed = False

    @property
    def time_s(self) -> float:
        """Scenario time of the next frame."""
        return self._index / self.fps

    @property
    def scene_time_s(self) -> float | None:
        """Stepped (not real-time): the scenario time the frames have reached, a clock for whoever analyses them."""
        return None if self._realtime else self.time_s

    def show_prompt(self, prompt: str | None) -> None:
        """The kiosk asks for `turn_left` / `turn_right` (the patient's own sides); the live persona obeys."""
        if prompt != self._prompt:
            self._prompted_at = self._now_s()
            self._prompt = prompt
        if self._worn and prompt == f"remove_{self._worn}" and self._taken_off_at is None:
            self._taken_off_at = self._now_s() + TAKE_OFF_S

    def _now_s(self) -> float:
        """Scenario time now: the wall clock since the first read (real time), else the next frame's time."""
        if self._realtime and self._started is not None:
            return max(self.time_s, self._clock() - self._started)
        return self.time_s

    def read(self) -> Image | None:
        if self._realtime:
            now = self._clock()
            if self._started is None:
                self._started = now
            # A late reader gets the current frame, not a backlog: frames that were due meanwhile are missed.
            self._index = max(self._index, math.floor((now - self._started) * self.fps))
        if self._closed or (self.duration_s is not None and self.time_s >= self.duration_s):
            return None
        if self._realtime:
            assert self._started is not None  # noqa: S101 - set above
            due = self._started + self._index / self.fps
            now = self._clock()
            if due > now:
                self._sleep(due - now)
        frame = self.render(self.time_s, self._index)
        self._index += 1
        return frame

    def close(self) -> None:
        self._closed = True

    # -- drawing -------------------------------------------------------------------------------------------

    def render(self, t: float, index: int) -> Image:
        frame = self._room.copy()
        width, height = self.size
        centre = (width / 2.0 + 6.0 * math.sin(t * 1.9), height / 2.0 + 2.0 * math.sin(t * 1.3) - 10.0)
        face_width = width * 0.28
        scenario = self.scenario
        if scenario == "live":
            self._person(frame, self._live, t, centre, face_width, blinks=self._live_blinks)
        elif scenario in ("masked", "glasses"):
            bare = self._taken_off_at is not None and t >= self._taken_off_at
            self._person(frame, self._live if bare else self._dressed, t, centre, face_width, blinks=self._live_blinks)
        elif scenario in ("live_still", "live_staring", "camera_lost"):
            self._person(frame, self._live, t, (width / 2.0, height / 2.0 - 10.0), face_width, still=True,
                         blinks=None if scenario == "live_staring" else self._live_blinks)
        elif scenario == "late_arrival" and t >= ARRIVAL_S:
            step_in = min(1.0, (t - ARRIVAL_S) / 0.6)
            offset = (1.0 - step_in) ** 2 * width * 0.6
            self._person(frame, self._live, t, (centre[0] + offset, centre[1]), face_width, since=ARRIVAL_S,
                         blinks=self._live_blinks)
        elif scenario == "other_person":
            self._person(frame, self._other, t, centre, face_width, blinks=self._other_blinks)
        elif scenario == "two_people":
            self._person(frame, self._live, t, (width * 0.3, centre[1]), width * 0.22, blinks=self._live_blinks)
            self._person(frame, self._other, t + 1.1, (width * 0.7, centre[1] + 8), width * 0.21, turns=False,
                         blinks=self._other_blinks)
        elif scenario == "print_still":  # nothing moves: no surroundings verdict, and a print has no lids
            paste_flat(frame, self._print, yaw_deg=0.0, pitch_deg=0.0, roll_deg=1.5,
                       centre=(width / 2.0, height / 2.0 - 10.0), face_width=face_width)
        elif scenario in ("print_moving", "folded_print", "photo_then_other"):
            self._attack(frame, scenario, t, centre, face_width)
        elif scenario in ("photo_attack", "phone_attack"):
            paste_flat(
                frame, self._print,
                yaw_deg=30.0 * math.sin(t * math.pi), pitch_deg=10.0 * math.sin(t * 2.3),
                roll_deg=8.0 * math.sin(t * 1.7),
                centre=(centre[0] + 40.0 * math.sin(t * 1.1), centre[1] + 20.0 * math.sin(t * 1.6)),
                face_width=face_width * (0.8 + 0.08 * math.sin(t * 0.9)), phone=scenario == "phone_attack",
            )
        gain = 1.0 + 0.07 * math.sin(t * 2 * math.pi / 4.7) - (0.18 if 3.0 <= t < 4.5 else 0.0)
        return camera_effects(frame, gain=gain, noise=self._noise_frame(index % NOISE_FRAMES))

    def _noise_frame(self, k: int) -> NDArray[np.int16]:
        width, height = self.size
        while len(self._noise) <= k:  # drawn in order, so every run sees the same noise
            self._noise.append(self._noise_rng.normal(0, 4.0, (height, width, 3)).astype(np.int16))
        return self._noise[k]

    def _attack(self, frame: Image, scenario: str, t: float, centre: tuple[float, float], face_width: float) -> None:
        if scenario == "print_moving":
            paste_flat(frame, self._print, yaw_deg=0.0, pitch_deg=0.0, roll_deg=4.0 * math.sin(t * 1.3),
                       centre=(centre[0] + 60.0 * math.sin(t * 1.7), centre[1] + 30.0 * math.sin(t * 2.1)),
                       face_width=face_width * (0.85 + 0.2 * math.sin(t * 1.2)))
        elif scenario == "folded_print":
            paste_folded(frame, self._print, fold_deg=35.0, yaw_deg=35.0 * math.sin(t * 2.0),
                         pitch_deg=8.0 * math.sin(t * 2.3), roll_deg=5.0 * math.sin(t * 1.7), centre=centre,
                         face_width=face_width)
        else:  # photo_then_other: the print covers the other person's face, then drops away below the frame
            self._person(frame, self._other, t, centre, face_width)
            drop = max(0.0, t - SWAP_S) * frame.shape[0] * 2.5
            if drop < frame.shape[0]:
                paste_flat(frame, self._print, yaw_deg=6.0 * math.sin(t * 2.0), pitch_deg=0.0, roll_deg=0.0,
                           centre=(centre[0], centre[1] + drop), face_width=face_width * 1.05)

    def _person(self, frame: Image, photo: FacePhoto, t: float, centre: tuple[float, float], face_width: float,
                *, since: float = 0.0, turns: bool = True, still: bool = False,
                blinks: BlinkSchedule | None = None) -> None:
        sway = 0.3 if still else 3.0
        yaw = sway * math.sin(t * 2.0) + (self._turn_yaw(t, since) if turns else 0.0)
        roll = 0.2 if still else 2.0
        closed = blinks.closure(t) if blinks is not None else 0.0
        paste_head(frame, photo, yaw_deg=yaw, centre=centre, face_width=face_width, roll_deg=roll * math.sin(t * 1.4),
                   eyes_closed=closed)

    def _turn_yaw(self, t: float, since: float) -> float:
        """Head yaw (positive: nose to the image's right, i.e. the patient turns to their own left)."""
        if self._prompt is not None:
            prompt, elapsed = self._prompt, t - self._prompted_at - 0.5  # half a second to react
        elif self._scripted_prompt is not None:
            # Rendered video: nobody can ask, so the persona repeats the scripted turn every 2.5 s from 1.5 s.
            prompt, elapsed = self._scripted_prompt, (t - since - 1.5) % 2.5 if t - since >= 1.5 else -1.0
        else:
            return 0.0
        sign = 1.0 if prompt == "turn_left" else -1.0 if prompt == "turn_right" else 0.0
        if elapsed < 0.0 or elapsed > 1.4:
            return 0.0
        ramp = min(elapsed / 0.4, 1.0, (1.4 - elapsed) / 0.4)
        return sign * TURN_PEAK_DEG * ramp
