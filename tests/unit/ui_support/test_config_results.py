"""The `[results]` settings: how the result files reach the clinic system, checked when read."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import ConfigError, KioskSettings, ResultFileSettings, load_settings, save_settings, with_changes
from kiosk.devices import result_settings
from kiosk.domain import ResultSpec
from kiosk.results import CharacterCode, Retention


def test_a_clinic_that_wants_shift_jis_files_on_a_share_gets_them(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    settings = with_changes(KioskSettings(), **{"results.folder": str(share), "results.encoding": "shift_jis",
                                                "results.spec": "2024-01", "results.retention": "delete",
                                                "results.retention_days": 30.0, "results.kiosk_name": "entrance"})
    path = tmp_path / "kiosk.toml"
    save_settings(settings, path)
    read = load_settings(path).results
    taken = result_settings(read)
    assert taken.folder == share and taken.kiosk == "entrance"
    assert (taken.format.character_code, taken.format.spec) == (CharacterCode.SHIFT_JIS, ResultSpec.V2024_01)
    assert (taken.retention.mode, taken.retention.days) == (Retention.DELETE, 30.0)


def test_the_default_is_utf8_in_the_data_folder() -> None:
    taken = result_settings(ResultFileSettings())
    assert taken.folder is None and taken.format.character_code is CharacterCode.UTF8


@pytest.mark.parametrize(("key", "value", "named"), [
    ("results.encoding", "latin-1", "results.encoding"),
    ("results.retention", "forever", "results.retention"),
    ("results.folder", "/nonexistent/share", "results.folder"),
    ("results.retention_days", 0.0, "results.retention_days"),
])
def test_a_wrong_value_names_itself(key: str, value: object, named: str) -> None:
    with pytest.raises(ConfigError, match=named):
        with_changes(KioskSettings(), **{key: value}).validated()
