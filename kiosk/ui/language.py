"""Switching the on-screen language through Qt's translation system (sources are Japanese)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTranslator, Signal

TRANSLATIONS_DIR = Path(__file__).parent / "translations"
SOURCE_LANGUAGE = "ja"
LANGUAGE_NAMES = {"ja": "日本語", "en": "English"}


def current_language() -> str:
    """The language the screens speak now ("ja" or "en"): the installed translation itself says it (its .ts
    translates this source "ja" into its own code), so words kept as data (the consent catalogue) follow it."""
    return QCoreApplication.translate("Language", "ja")


def qm_path(language: str) -> Path:
    return TRANSLATIONS_DIR / f"kiosk_{language}.qm"


class LanguageSwitcher(QObject):
    """Installs the translator of the chosen language; Qt then sends every widget a LanguageChange event."""

    changed = Signal(str)

    def __init__(self, app: QCoreApplication, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._translator: QTranslator | None = None
        self.language = SOURCE_LANGUAGE

    def set_language(self, language: str) -> None:
        if language == self.language:
            return
        if language != SOURCE_LANGUAGE:
            translator = QTranslator(self)
            if not translator.load(str(qm_path(language))):
                raise FileNotFoundError(qm_path(language))
        else:
            translator = None
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
        self._translator = translator
        if translator is not None:
            self._app.installTranslator(translator)
        self.language = language
        self.changed.emit(language)

    def toggle(self) -> None:
        self.set_language("en" if self.language == SOURCE_LANGUAGE else SOURCE_LANGUAGE)

    def other_language_name(self) -> str:
        """The label of the language button: the language a tap switches to, in that language."""
        return LANGUAGE_NAMES["en" if self.language == SOURCE_LANGUAGE else SOURCE_LANGUAGE]
