"""One layout rule: every screen, in both languages and both text sizes, with and without a notice, fits a
1280x800 display (96.8 ppi, a 15.6" touch panel): the window keeps its size, the title is never cut, no
patient text stands under 6 mm or under 7:1 contrast as drawn, no button's words are cut, and every action
button and every on-screen keyboard stays on the display at a touchable size. (Long bodies scroll inside the
screen; keyboards never scroll away.)"""

from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QRect
from PySide6.QtGui import QFontMetrics, QImage
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from kiosk.flow import Notice
from kiosk.ui.keyboard import TouchKeyboard
from kiosk.ui.language import LanguageSwitcher
from kiosk.ui.main_window import KioskWindow, Screens
from kiosk.ui.style import Metrics, base_font, mm_to_px, stylesheet
from kiosk.ui.text_size import TextSize
from kiosk.ui.texts import notice_text
from kiosk.ui.widgets import Screen
from scripts.screenshots import STAFF_SCENES, scenes

SIZE = (1280, 800)
PANEL_DPI = 96.8  # 1280x800 on a 15.6" panel
MIN_INK = mm_to_px(6, PANEL_DPI)  # patient text: at least 6 mm of ink, for eyes that need reading glasses
MIN_CONTRAST = 7.0  # WCAG AAA for body text
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
# Data a patient or staff entered, or a record shows as it is: Japanese in an English screen is right there.
DATA = ("テスト健康保険組合", "全国健康保険協会", "大阪支部", "東京支部", "山田", "太郎", "ヤマダ", "タロウ", "日本語")


@pytest.fixture(scope="module")
def window() -> Iterator[KioskWindow]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    metrics = Metrics.for_dpi(PANEL_DPI)
    app.setFont(base_font(metrics))
    app.setStyleSheet(stylesheet(metrics))
    built = KioskWindow(metrics, Screens.build(metrics))
    built.resize(*SIZE)  # as a window manager would; nothing may make it grow
    built.show()
    yield built
    built.close()
    built.deleteLater()


def _ink_height(widget: QWidget) -> int:
    """How tall a line of Japanese stands on the panel in this widget's font (its kanji fill the em square)."""
    return QFontMetrics(widget.font()).tightBoundingRect("漢字あア").height()


def _inside_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _relative_luminance(rgb: np.ndarray) -> np.ndarray:
    """WCAG 2 relative luminance of sRGB colours (rows of 0–255)."""
    c = rgb.astype(float) / 255.0
    linear = np.where(c <= 0.03928, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return np.asarray(linear @ np.array([0.2126, 0.7152, 0.0722]))


def _contrast(pixels: np.ndarray) -> float | None:
    """The contrast of a widget's words as drawn: its commonest colour is the background, its ink the colour
    furthest from it that covers at least 2 % of the rest (anti-aliasing's in-between colours are ignored)."""
    flat = pixels.reshape(-1, 3).astype(np.uint32)
    packed, counts = np.unique((flat[:, 0] << 16) | (flat[:, 1] << 8) | flat[:, 2], return_counts=True)
    colours = np.stack([(packed >> 16) & 255, (packed >> 8) & 255, packed & 255], axis=1)
    background = counts.argmax()
    ink = counts >= max(3, 0.02 * (counts.sum() - counts[background]))
    ink[background] = False
    if not ink.any():
        return None
    lum, lum_bg = _relative_luminance(colours[ink]), _relative_luminance(colours[background:background + 1])
    return float(((np.maximum(lum, lum_bg) + 0.05) / (np.minimum(lum, lum_bg) + 0.05)).max())


def _contrast_problems(window: KioskWindow, screen: Screen) -> list[str]:
    """Every enabled word on the screen as rendered stands at 7:1 or more against what is behind it (disabled
    buttons are exempt, as in WCAG)."""
    image = window.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    pixels = rows[:, :image.width() * 3].reshape(image.height(), image.width(), 3)
    problems = []
    for shown in [*screen.findChildren(QLabel), *screen.findChildren(QAbstractButton)]:
        if not shown.isVisible() or not shown.text() or not shown.isEnabled():
            continue
        if shown.visibleRegion().boundingRect() != shown.rect():
            continue  # partly scrolled away: a strip of padding says nothing about the words
        seen = QRect(shown.mapTo(window, QPoint(0, 0)), shown.size())
        ratio = _contrast(pixels[seen.top():seen.bottom() + 1, seen.left():seen.right() + 1])
        if ratio is not None and ratio < MIN_CONTRAST:
            problems.append(f"{shown.text()!r} stands at {ratio:.1f}:1, under 7:1")
    return problems


def _problems(window: KioskWindow, screen: Screen, english: bool) -> list[str]:
    problems = _contrast_problems(window, screen)
    if (window.width(), window.height()) != SIZE:
        problems.append(f"window grew to {window.width()}x{window.height()}")
    display = QRect(QPoint(0, 0), window.size())
    minimum = mm_to_px(15, PANEL_DPI) - 1
    for index in range(screen.action_row.count()):
        button = screen.action_row.itemAt(index).widget()
        if not isinstance(button, QAbstractButton) or not button.isVisible():
            continue
        place = QRect(button.mapTo(window, QPoint(0, 0)), button.size())
        if not display.contains(place):
            problems.append(f"{button.text()!r} leaves the display at {place}")
        if min(button.width(), button.height()) < minimum:
            problems.append(f"{button.text()!r} is {button.width()}x{button.height()} px, under 15 mm")
    content, viewport = screen.content_area.widget(), screen.content_area.viewport()
    if content.minimumSizeHint().width() > viewport.width():  # nothing may be cut at the side (no side scrolling)
        problems.append(f"the body needs {content.minimumSizeHint().width()} px of {viewport.width()}")
    title = screen.title
    if title.isVisible() and title.height() < title.heightForWidth(title.width()) - 1:
        problems.append(f"the title {title.text()!r} is cut")
    for shown in [*screen.findChildren(QLabel), *screen.findChildren(QAbstractButton)]:
        if shown.isVisible() and shown.text() and _ink_height(shown) < MIN_INK:
            problems.append(f"{shown.text()!r} is {_ink_height(shown)} px of ink, under 6 mm")
    for button in screen.findChildren(QAbstractButton):
        if button.isVisible() and "\n" not in button.text() \
                and button.fontMetrics().horizontalAdvance(button.text()) > button.width():
            problems.append(f"the button {button.text()!r} is cut")
    for squeezable in [*screen.findChildren(QAbstractButton), *screen.findChildren(QLineEdit),
                       *screen.findChildren(TouchKeyboard)]:
        # A layout short of room squeezes widgets under their minimum: keys and fields drawn over each other.
        if squeezable.isVisible() and not _inside_scroll_area(squeezable) \
                and squeezable.height() < squeezable.minimumSizeHint().height() - 1:
            words = squeezable.text() if isinstance(squeezable, QAbstractButton | QLineEdit) else ""
            problems.append(f"{type(squeezable).__name__} {words!r} is squeezed to {squeezable.height()} px of "
                            f"{squeezable.minimumSizeHint().height()}")
    for keyboard in screen.findChildren(TouchKeyboard):  # every key in view, never one scroll away
        place = QRect(keyboard.mapTo(window, QPoint(0, 0)), keyboard.size())
        if keyboard.isVisible() and (_inside_scroll_area(keyboard) or not display.contains(place)):
            problems.append(f"the keyboard at {place} is not all in view")
    for label in screen.findChildren(QLabel):
        if label.isVisible() and not _inside_scroll_area(label) and label.wordWrap() and label.text() \
                and label.height() < label.heightForWidth(label.width()) - 1:
            problems.append(f"{label.text()!r} is cut")
        if english and label.isVisible():
            text = label.text()
            for data in DATA:
                text = text.replace(data, "")
            if JAPANESE.search(text):
                problems.append(f"Japanese on an English screen: {label.text()!r}")
    return problems


@pytest.mark.parametrize("large_text", [False, True], ids=["usual text", "large text"])
@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_screen_fits_the_display_with_and_without_a_notice(qtbot: QtBot, window: KioskWindow,
                                                                 language: str, large_text: bool) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    text_size = TextSize(app, Metrics.for_dpi(PANEL_DPI))
    text_size.set_large(large_text)
    switcher = LanguageSwitcher(app)
    switcher.set_language(language)
    QCoreApplication.processEvents()
    found: dict[str, list[str]] = {}
    longest_notice = max((notice_text(notice) or "" for notice in Notice), key=len)  # in this language
    try:
        for name, screen, fill in scenes(window.screens, QImage(640, 480, QImage.Format.Format_RGB888)):
            fill()
            if not isinstance(screen, Screen) or name.startswith(STAFF_SCENES):
                continue  # staff screens: below
            for notice in (None, longest_notice):
                screen.show_notice(notice)
                window.show_screen(screen)
                QCoreApplication.processEvents()
                problems = _problems(window, screen, english=language == "en")
                if problems:
                    found[f"{name} (notice: {bool(notice)})"] = problems
            screen.show_notice(None)
    finally:
        switcher.set_language("ja")
        text_size.set_large(False)
    assert not found, found


@pytest.mark.parametrize("large_text", [False, True], ids=["usual text", "large text"])
@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_staff_screen_fits_the_display(qtbot: QtBot, window: KioskWindow, language: str,
                                             large_text: bool) -> None:
    """The staff login, every maintenance tab (visual check, disaster mode, accounts...) and their keyboards,
    also when a patient left large text on."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    text_size = TextSize(app, Metrics.for_dpi(PANEL_DPI))
    text_size.set_large(large_text)
    switcher = LanguageSwitcher(app)
    switcher.set_language(language)
    QCoreApplication.processEvents()
    found: dict[str, list[str]] = {}
    checked = []
    try:
        for name, screen, fill in scenes(window.screens, QImage(640, 480, QImage.Format.Format_RGB888)):
            if not isinstance(screen, Screen) or not name.startswith(STAFF_SCENES):
                continue
            fill()
            window.show_screen(screen)
            QCoreApplication.processEvents()
            checked.append(name)
            problems = _problems(window, screen, english=language == "en")
            if problems:
                found[name] = problems
    finally:
        switcher.set_language("ja")
        text_size.set_large(False)
    assert len(checked) == len(STAFF_SCENES), checked
    assert not found, "\n".join(f"{name}: {problems}" for name, problems in found.items())


@pytest.mark.parametrize("language", ["ja", "en"])
def test_staff_see_every_maintenance_tab_without_the_tiny_scroll_arrows(qtbot: QtBot, window: KioskWindow,
                                                                      language: str) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    switcher = LanguageSwitcher(app)
    switcher.set_language(language)
    try:
        window.show_screen(window.screens.maintenance)
        QCoreApplication.processEvents()
        tabs = window.screens.maintenance.tabs
        assert tabs.tabBar().sizeHint().width() <= tabs.width(), [tabs.tabText(i) for i in range(tabs.count())]
    finally:
        switcher.set_language("ja")
