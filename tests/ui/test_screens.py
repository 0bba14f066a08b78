"""What every patient sees: language switch, touch target sizes, translations kept up to date."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.domain import ConsentItem
from kiosk.ui.language import TRANSLATIONS_DIR
from kiosk.ui.style import Metrics, mm_to_px

from .conftest import click, place, wait_for

LRELEASE = Path(sys.executable).with_name("pyside6-lrelease")


def test_language_button_switches_to_english_and_back(qtbot: QtBot, kiosk: Kiosk) -> None:
    button = kiosk.window.language_button
    assert button.text() == "English"
    click(qtbot, button)
    qtbot.waitUntil(lambda: kiosk.screens.idle.instruction.text() == "Please place your My Number card")
    assert button.text() == "日本語"
    assert kiosk.screens.idle.paper_note.text().startswith("With a paper certificate")
    assert kiosk.screens.idle.paper_button.text().startswith("Paper eligibility certificate")
    click(qtbot, button)
    qtbot.waitUntil(lambda: kiosk.screens.idle.instruction.text() == "マイナ保険証を置いてください")


def test_patient_language_resets_for_the_next_patient(qtbot: QtBot, kiosk: Kiosk) -> None:
    click(qtbot, kiosk.window.language_button)
    place(kiosk, "normal")
    wait_for(qtbot, kiosk, kiosk.screens.choose_method)
    qtbot.waitUntil(lambda: kiosk.screens.choose_method.face_button.text() == "Face recognition")
    kiosk.devices.tester["remove"]()
    wait_for(qtbot, kiosk, kiosk.screens.idle)
    qtbot.waitUntil(lambda: kiosk.screens.idle.instruction.text() == "マイナ保険証を置いてください")


def test_every_patient_button_is_at_least_15_mm(qtbot: QtBot, kiosk: Kiosk) -> None:
    minimum = mm_to_px(15, kiosk.window.metrics.dpi)
    place(kiosk, "normal")
    wait_for(qtbot, kiosk, kiosk.screens.choose_method)
    for screen in (kiosk.screens.choose_method, kiosk.screens.pin, kiosk.screens.consent, kiosk.screens.result):
        kiosk.window.stack.setCurrentWidget(screen)
        qtbot.wait(10)
        for button in screen.findChildren(QPushButton):
            if button.isVisible():
                assert min(button.width(), button.height()) >= minimum, (screen.screen_id, button.text())


def test_touch_size_follows_the_panel_dpi() -> None:
    assert Metrics.for_dpi(96).touch == 57  # 15 mm at 96 dpi
    assert Metrics.for_dpi(160).touch == 94
    assert Metrics.for_dpi(0).touch == 57  # implausible DPI: fallback


def test_compiled_translations_match_their_source(tmp_path: Path) -> None:
    """Fails when kiosk_en.ts was edited without re-running pyside6-lrelease (see docs/ui.md)."""
    source, compiled = TRANSLATIONS_DIR / "kiosk_en.ts", TRANSLATIONS_DIR / "kiosk_en.qm"
    fresh = tmp_path / "kiosk_en.qm"
    result = subprocess.run([str(LRELEASE), str(source), "-qm", str(fresh)], capture_output=True, text=True,
                            check=True)
    assert "0 unfinished" in result.stdout, result.stdout
    assert fresh.read_bytes() == compiled.read_bytes()


def test_every_source_string_is_in_the_translation_file(tmp_path: Path) -> None:
    """Fails when a new tr() string was added to the UI without running pyside6-lupdate."""
    copy = tmp_path / "kiosk_en.ts"
    copy.write_bytes((TRANSLATIONS_DIR / "kiosk_en.ts").read_bytes())
    sources = sorted(str(path) for path in TRANSLATIONS_DIR.parent.rglob("*.py"))
    result = subprocess.run([str(LRELEASE.with_name("pyside6-lupdate")), *sources, "-source-language", "ja",
                             "-target-language", "en", "-no-obsolete", "-ts", str(copy)],
                            capture_output=True, text=True, check=True)
    assert "0 new" in result.stdout, result.stdout


def test_the_english_confirmation_says_agree_and_do_not_agree_in_english(qtbot: QtBot, kiosk: Kiosk) -> None:
    click(qtbot, kiosk.window.language_button)
    qtbot.waitUntil(lambda: kiosk.screens.idle.instruction.text() == "Please place your My Number card")
    confirm = kiosk.screens.confirm
    confirm.show_choices((ConsentItem.TREATMENT, ConsentItem.MEDICATION), frozenset({ConsentItem.MEDICATION}))
    lines = confirm.summary.text().splitlines()
    assert lines[0].endswith(": Do not agree") and lines[1].endswith(": Agree"), lines
    assert "同意" not in confirm.summary.text() and "：" not in confirm.summary.text()


def test_every_prompt_the_face_service_emits_has_words_on_the_face_screen() -> None:
    from kiosk.faceauth.model import Coaching, LivenessPrompt
    from kiosk.ui.screens.face import FACE_PROMPTS

    assert {prompt.value for prompt in (*LivenessPrompt, *Coaching)} <= set(FACE_PROMPTS)
