"""Settings of the simulated eligibility backend."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path


@dataclass(frozen=True)
class BackendSettings:
    """Everything `create_app` needs; serialisable so that uvicorn worker processes can rebuild it."""

    db_path: Path
    pki_dir: Path
    today: date | None = None  # None: the real today (personas and certificate checks are relative to it)
    challenge_ttl_seconds: float = 60.0
    max_body_bytes: int = 64 * 1024
    # The service's own face policy, whatever a kiosk was set to: the calibrated tolerance (docs/face-auth.md), and
    # liveness required except for the facilities listed (their own setting, e.g. a ward where patients lie down).
    max_face_distance: float = 0.52
    liveness_optional_facilities: tuple[str, ...] = ()
    deferred_max_age_hours: float = 72.0
    consent_valid_hours: float = 24.0
    sqlite_synchronous: str = "NORMAL"  # WAL + NORMAL survives a process crash; FULL also a power cut
    # Versions of the insurance-use terms a patient may agree to (the last is the current one).
    terms_versions: tuple[str, ...] = ("2024-12",)
    # Facilities in a declared disaster area at start-up ("*" = every facility); more via the admin endpoint.
    disaster_facilities: tuple[str, ...] = ()
    lookup_max_skew_seconds: float = 300.0  # captured_at of a number check or disaster lookup vs the clock
    # Per kiosk identity, shared by every worker (in the database): a burst, then a steady rate; beyond it 429.
    rate_limit_burst: int = 60
    rate_limit_per_second: float = 20.0
    # A request's headers and body must arrive within this many seconds of its first byte (uvicorn has no such limit).
    request_read_timeout_seconds: float = 10.0

    def to_json(self) -> str:
        data = asdict(self)
        data["db_path"], data["pki_dir"] = str(self.db_path), str(self.pki_dir)
        data["today"] = self.today.isoformat() if self.today else None
        return json.dumps(data)

    @classmethod
    def from_json(cls, text: str) -> BackendSettings:
        data = json.loads(text)
        data["db_path"], data["pki_dir"] = Path(data["db_path"]), Path(data["pki_dir"])
        data["today"] = date.fromisoformat(data["today"]) if data["today"] else None
        for name in ("terms_versions", "disaster_facilities", "liveness_optional_facilities"):
            if name in data:
                data[name] = tuple(data[name])
        return cls(**data)
