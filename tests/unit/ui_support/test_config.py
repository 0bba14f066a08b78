"""Settings file: defaults, round trip, validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import ConfigError, KioskSettings, load_settings, save_settings, with_changes


def test_missing_file_gives_japanese_fullscreen_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "nope.toml")
    assert settings.language == "ja"
    assert settings.fullscreen is True
    assert settings.face.liveness is True


def test_saved_settings_read_back_equal(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "config.toml"
    changed = with_changes(
        KioskSettings(),
        language="en",
        **{"face.tolerance": 0.45, "face.liveness": False, "timeouts.screen": 42.0,
           "hardware.backend_url": "https://backend.example:8443", "hardware.reader_name": 'SONY "RC-S380"'},
    )
    save_settings(changed, path)
    assert load_settings(path) == changed
    assert "tolerance = 0.45" in path.read_text(encoding="utf-8")


def test_integer_written_by_hand_is_accepted_for_a_float(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[timeouts]\nscreen = 30\n", encoding="utf-8")
    assert load_settings(path).timeouts.screen == 30.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('language = "fr"\n', "language"),
        ("[face]\ntolerance = 0.95\n", "face.tolerance"),
        ("[face]\ntolerance = 0.62\n", "face.tolerance"),
        ("[face]\nliveness = 1\n", "face.liveness"),
        ("[timeouts]\nscreen = 1\n", "timeouts.screen"),
        ('[hardware]\nbackend_url = "http://example.com"\n', "backend_url"),
        ("colour = 3\n", "unknown setting colour"),
        ("[face]\nbeard = true\n", "unknown setting face.beard"),
        ("language = \n", "cannot read"),
    ],
)
def test_bad_values_are_refused_with_the_setting_named(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings(path)


def test_saving_an_invalid_setting_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    save_settings(KioskSettings(language="en"), path)
    with pytest.raises(ConfigError):
        with_changes(KioskSettings(), **{"face.tolerance": 2.0})
    assert load_settings(path).language == "en"


def test_real_cards_need_the_jlis_roots_and_issuer_keys(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization

    from hardware_sim.personas.pki import auth_ca_certificate, card_face_issuer_key
    from kiosk.config import ConfigError, HardwareSettings, load_card_trust

    with pytest.raises(ConfigError, match="jpki_roots"):
        load_card_trust(HardwareSettings())
    root, issuer = tmp_path / "root.pem", tmp_path / "issuer.pem"
    root.write_bytes(auth_ca_certificate().public_bytes(serialization.Encoding.PEM))
    issuer.write_bytes(card_face_issuer_key().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    trust = load_card_trust(HardwareSettings(jpki_roots=(str(root), str(root)), card_face_issuer_keys=(str(issuer),)))
    assert len(trust.jpki_roots) == 2 and trust.reader_credential is None
    with pytest.raises(ConfigError, match="cannot read"):
        load_card_trust(HardwareSettings(jpki_roots=(str(tmp_path / "missing.pem"),),
                                         card_face_issuer_keys=(str(issuer),)))
