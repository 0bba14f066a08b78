"""Kiosk settings: a small TOML file in the user's config directory (path overridable), no Qt."""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, TypeVar

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from kiosk.atomic_file import write_atomically
from kiosk.domain import DEFAULT_ASKED_ITEMS, WRITABLE_RESULT_SPECS, ConsentItem, asked_items
from kiosk.faceauth.model import CALIBRATED_MAX_TOLERANCE, DEFAULT_TOLERANCE, VerificationConfig
from kiosk.reader.reader_auth import ReaderCredential
from kiosk.reader.trust_anchors import TrustAnchors

T = TypeVar("T")
CONFIG_ENV = "KIOSK_CONFIG"
CONFIG_DIR_ENV = "KIOSK_CONFIG_DIR"
LANGUAGES = ("ja", "en")
MIN_TOLERANCE, MAX_TOLERANCE = 0.3, CALIBRATED_MAX_TOLERANCE


class ConfigError(ValueError):
    """The settings file cannot be read or holds a value out of range."""


def config_dir() -> Path:
    """Where the kiosk keeps its settings and staff credential: $KIOSK_CONFIG_DIR, else XDG config home."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "mynakiosk"


def default_config_path() -> Path:
    override = os.environ.get(CONFIG_ENV)
    return Path(override) if override else config_dir() / "config.toml"


@dataclass(frozen=True)
class Timeouts:
    """Seconds a screen waits for the patient (every touch starts them again). Patient screens never get less than
    the flow's own minimum (2 minutes; 3 for consent): a smaller value here is not applied."""

    screen: float = 120.0  # any screen waiting for the patient
    pin_entry: float = 120.0
    face_capture: float = 30.0
    result: float = 30.0  # result shown before asking to take the card
    failsafe: float = 15.0


@dataclass(frozen=True)
class FaceSettings:
    tolerance: float = DEFAULT_TOLERANCE  # calibrated in docs/face-auth.md; lower is stricter
    liveness: bool = True

    def verification_config(self) -> VerificationConfig:
        """What every face entry point verifies with (the kiosk, `kiosk face verify`, the simulated reception)."""
        return VerificationConfig(tolerance=self.tolerance, liveness=self.liveness)


@dataclass(frozen=True)
class HardwareSettings:
    """Real devices (ignored by the simulated mode), and what the kiosk trusts on real cards."""

    reader_name: str = ""  # PC/SC reader name, or a prefix of it; empty: the first reader
    camera: str = "0"  # OpenCV device index or a video file/URL
    # The camera that reads the card's printed front (照合番号B unlocks the chip's photo for face auth): a document
    # camera over or under the card tray by device index or path (/dev/v4l/by-id/...), "face" for the face camera
    # with the card held up to it, or "" for none (face auth then falls back to the PIN).
    card_camera: str = ""
    backend_url: str = "https://127.0.0.1:8443"
    client_cert: str = ""  # PEM certificate for mutual TLS
    client_key: str = ""
    ca_cert: str = ""
    # J-LIS user-auth root certificates (PEM files), every generation: each is trusted for cards issued inside its
    # own validity (the 2015 root expired on 2025-10-19; its successors are separate files). Required on real cards.
    jpki_roots: tuple[str, ...] = ()
    # The card-face issuer's public keys (PEM SubjectPublicKeyInfo), every generation. Required on real cards.
    card_face_issuer_keys: tuple[str, ...] = ()
    # The certified-reader credential J-LIS issues for 特定機関認証 (certificate PEM and key PEM). Without it the card's
    # presence can be proven only by the PIN: face and the staff check are not available (diagnostics say so).
    reader_certificate: str = ""
    reader_key: str = ""


@dataclass(frozen=True)
class ConsentSettings:
    """What this facility asks at reception. In the file consent items are their wire names (kiosk.domain.consent).

    Default: the four medical-information items every facility can view (診療・薬剤・特定健診等・手術). A facility
    connected to the 電子カルテ情報共有サービス adds its six items (diagnosis_names, infections, drug_allergies,
    other_allergies, test_results, prescriptions); asking for data the facility cannot view would only confuse.
    The cost ceiling (限度額) is shared by law and never asked. Empty: no consent is asked.
    """

    asked: tuple[ConsentItem, ...] = DEFAULT_ASKED_ITEMS
    prescription_choice: bool = False  # ask 電子処方箋 or paper (facilities that issue electronic prescriptions)


VOICE_DEVICES = ("default", "headphones")


@dataclass(frozen=True)
class VoiceSettings:
    """Spoken guidance (docs/voice.md). `device`: "default" (the kiosk's speaker) or "headphones" (the ALSA device
    named by `headphones_pcm`); `rate` 1.0 is normal speech, 0.8 slower; `volume` 0..1."""

    enabled: bool = True
    volume: float = 0.8
    rate: float = 1.0
    device: str = "default"
    headphones_pcm: str = "plughw:CARD=Headphones"

    def validated(self) -> VoiceSettings:
        if self.device not in VOICE_DEVICES:
            raise ConfigError(f"voice.device must be one of {', '.join(VOICE_DEVICES)}, not {self.device!r}")
        if not 0.0 <= self.volume <= 1.0:
            raise ConfigError(f"voice.volume must be between 0 and 1, not {self.volume}")
        if not 0.5 <= self.rate <= 1.5:
            raise ConfigError(f"voice.rate must be between 0.5 and 1.5, not {self.rate}")
        return self


RESULT_ENCODINGS = ("utf-8", "shift_jis")
RESULT_SPECS = tuple(spec.value for spec in WRITABLE_RESULT_SPECS)
RESULT_RETENTIONS = ("archive", "delete", "keep")


@dataclass(frozen=True)
class ResultFileSettings:
    """The qualification-result files the clinic system takes (docs/clinic-results.md). `folder` "": `face/` in the
    kiosk's data folder; otherwise that folder (a share), which must exist. `retention`: what happens to files older
    than `retention_days` (archive to face/archive/, delete, or keep: the clinic system removes what it took)."""

    folder: str = ""
    encoding: str = "utf-8"  # CharacterCodeIdentifier 0; "shift_jis" is 1
    spec: str = "2025-01"  # the consent element names' layout
    retention: str = "archive"
    retention_days: float = 7.0
    kiosk_name: str = "kiosk"  # this kiosk on the desk page, when several feed one desk

    def validated(self) -> ResultFileSettings:
        for name, value, allowed in (("encoding", self.encoding, RESULT_ENCODINGS), ("spec", self.spec, RESULT_SPECS),
                                     ("retention", self.retention, RESULT_RETENTIONS)):
            if value not in allowed:
                raise ConfigError(f"results.{name} must be one of {', '.join(allowed)}, not {value!r}")
        if not 0 < self.retention_days <= 3650:
            raise ConfigError(f"results.retention_days must be between 0 and 3650, not {self.retention_days}")
        if self.folder and not Path(self.folder).is_dir():
            raise ConfigError(f"results.folder {self.folder!r} is not a folder (a share must be mounted first)")
        return self


def _consent_items(value: object) -> tuple[ConsentItem, ...]:
    """Consent items in catalogue order from a list of wire names, or ConfigError saying what is wrong."""
    if not isinstance(value, list | tuple) or not all(isinstance(name, str) for name in value):
        raise ConfigError("consent.asked must be a list of consent item names")
    try:
        return asked_items(str(name) for name in value)
    except ValueError as error:  # UnknownConsentItemError included
        raise ConfigError(f"consent.asked: {error}") from error


@dataclass(frozen=True)
class KioskSettings:
    language: str = "ja"
    fullscreen: bool = True
    face: FaceSettings = field(default_factory=FaceSettings)
    timeouts: Timeouts = field(default_factory=Timeouts)
    hardware: HardwareSettings = field(default_factory=HardwareSettings)
    consent: ConsentSettings = field(default_factory=ConsentSettings)
    voice: VoiceSettings = field(default_factory=VoiceSettings)
    results: ResultFileSettings = field(default_factory=ResultFileSettings)

    def validated(self) -> KioskSettings:
        """Self with consent items in catalogue order, or ConfigError naming the first value out of range."""
        if self.language not in LANGUAGES:
            raise ConfigError(f"language must be one of {', '.join(LANGUAGES)}, not {self.language!r}")
        # Above the calibrated bound impostors of the closest group pass (kiosk.faceauth.model).
        if not MIN_TOLERANCE <= self.face.tolerance <= MAX_TOLERANCE:
            raise ConfigError(
                f"face.tolerance must be between {MIN_TOLERANCE} and {MAX_TOLERANCE}, not {self.face.tolerance}")
        for item in fields(self.timeouts):
            value = getattr(self.timeouts, item.name)
            if not 5 <= value <= 600:
                raise ConfigError(f"timeouts.{item.name} must be between 5 and 600 seconds, not {value}")
        url = self.hardware.backend_url
        if url and not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise ConfigError("hardware.backend_url must be https:// (plain http only on loopback)")
        self.voice.validated()
        self.results.validated()
        asked = _consent_items(self.consent.asked)
        if all(isinstance(item, ConsentItem) for item in self.consent.asked) and asked == self.consent.asked:
            return self
        return replace(self, consent=replace(self.consent, asked=asked))


_SECTIONS: dict[str, type[Any]] = {"face": FaceSettings, "timeouts": Timeouts, "hardware": HardwareSettings,
                                   "consent": ConsentSettings, "voice": VoiceSettings, "results": ResultFileSettings}


def _section(kind: type[Any], raw: object, name: str) -> Any:
    if raw is None:
        return kind()
    if not isinstance(raw, Mapping):
        raise ConfigError(f"[{name}] must be a table")
    known = {f.name: f for f in fields(kind)}
    values: dict[str, Any] = {}
    defaults = kind()
    for key, value in raw.items():
        if key not in known:
            raise ConfigError(f"unknown setting {name}.{key}")
        expected = type(getattr(defaults, key))
        if expected is tuple:  # a list of names, checked against its catalogue by KioskSettings.validated()
            if not isinstance(value, list) or not all(isinstance(name, str) for name in value):
                raise ConfigError(f"{name}.{key} must be a list of names")
            values[key] = tuple(value)
            continue
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or (expected is not bool and isinstance(value, bool)):
            raise ConfigError(f"{name}.{key} must be {expected.__name__}")
        values[key] = value
    return kind(**values)


def settings_from_dict(raw: Mapping[str, Any]) -> KioskSettings:
    top: dict[str, Any] = {}
    for key, value in raw.items():
        if key in _SECTIONS:
            top[key] = _section(_SECTIONS[key], value, key)
        elif key == "language":
            if not isinstance(value, str):
                raise ConfigError("language must be a string")
            top[key] = value
        elif key == "fullscreen":
            if not isinstance(value, bool):
                raise ConfigError("fullscreen must be true or false")
            top[key] = value
        else:
            raise ConfigError(f"unknown setting {key}")
    return KioskSettings(**top).validated()


def load_settings(path: Path) -> KioskSettings:
    """Settings from `path`; defaults when the file does not exist yet."""
    if not path.exists():
        return KioskSettings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read {path}: {error}") from error
    return settings_from_dict(raw)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # JSON string escapes are valid TOML basic-string escapes
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def settings_to_toml(settings: KioskSettings) -> str:
    data = asdict(settings)
    lines = ["# Reception kiosk settings (written by maintenance mode; safe to edit by hand)."]
    lines += [f"{key} = {_toml_value(value)}" for key, value in data.items() if key not in _SECTIONS]
    for section in _SECTIONS:
        lines += ["", f"[{section}]"]
        lines += [f"{key} = {_toml_value(value)}" for key, value in data[section].items()]
    return "\n".join(lines) + "\n"


def save_settings(settings: KioskSettings, path: Path) -> None:
    """Write atomically (temporary file, fsync, rename), so a power cut never leaves half a file."""
    settings.validated()
    write_atomically(path, settings_to_toml(settings).encode("utf-8"))


def with_changes(settings: KioskSettings, **changes: Any) -> KioskSettings:
    """A copy with dotted-name changes, e.g. with_changes(s, **{"face.tolerance": 0.45})."""
    top: dict[str, Any] = {}
    sections: dict[str, dict[str, Any]] = {}
    for name, value in changes.items():
        section, _, key = name.partition(".")
        if key:
            sections.setdefault(section, {})[key] = value
        else:
            top[name] = value
    for section, values in sections.items():
        if section not in _SECTIONS:
            raise ConfigError(f"unknown section {section}")
        top[section] = replace(getattr(settings, section), **values)
    return replace(settings, **top).validated()


def load_card_trust(hardware: HardwareSettings) -> TrustAnchors:
    """Read the trust anchors a kiosk on real cards needs.

    Raises:
        ConfigError: a root or issuer key is missing (real mode refuses to start without them) or unreadable.
    """
    if not hardware.jpki_roots or not hardware.card_face_issuer_keys:
        raise ConfigError("[hardware] jpki_roots and card_face_issuer_keys are required on real cards: without "
                          "them a self-made card would pass (see docs/reader.md, trust anchors)")
    roots = tuple(_pem(path, "hardware.jpki_roots", x509.load_pem_x509_certificate) for path in hardware.jpki_roots)
    issuers = []
    for path in hardware.card_face_issuer_keys:
        key = _pem(path, "hardware.card_face_issuer_keys", serialization.load_pem_public_key)
        if not isinstance(key, rsa.RSAPublicKey):
            raise ConfigError(f"hardware.card_face_issuer_keys: {path} is not an RSA public key")
        issuers.append(key)
    credential = None
    if hardware.reader_certificate or hardware.reader_key:
        certificate = _pem(hardware.reader_certificate, "hardware.reader_certificate", x509.load_pem_x509_certificate)
        private = _pem(hardware.reader_key, "hardware.reader_key",
                       lambda data: serialization.load_pem_private_key(data, password=None))
        if not isinstance(private, rsa.RSAPrivateKey):
            raise ConfigError("hardware.reader_key is not an RSA private key")
        credential = ReaderCredential.from_key(certificate, private)
    return TrustAnchors(roots, tuple(issuers), credential)


def _pem(path: str, setting: str, parse: Callable[[bytes], T]) -> T:
    try:
        return parse(Path(path).read_bytes())
    except (OSError, ValueError, TypeError) as error:
        raise ConfigError(f"{setting}: cannot read {path}: {type(error).__name__}") from error
