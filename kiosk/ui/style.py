"""Sizes from the screen's physical DPI (touch targets of at least 15 mm) and the high-contrast style sheet."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette, QScreen

MM_PER_INCH = 25.4
FALLBACK_DPI = 96.0  # offscreen and some panels report nonsense; 96 is what most 21–24" kiosk panels are near
MIN_TOUCH_MM = 15.0
LARGE_TEXT = 1.3  # the larger-text setting a patient can choose on every screen
FONT_FAMILIES = ["Noto Sans CJK JP", "Noto Sans JP", "Noto Sans CJK SC", "Sans Serif"]

# High contrast (WCAG AAA on every pair used below): near-black on white, white on dark blue/red/green.
INK = "#111111"
PAPER = "#ffffff"
PRIMARY = "#0b3d91"
PRIMARY_PRESSED = "#072a66"
DANGER = "#a4001d"
SUCCESS = "#0b5d1e"
WARNING_BG = "#fff4ce"
MUTED_BG = "#eef1f6"
DISABLED_INK = "#5a5a5a"


def sane_dpi(reported: float) -> float:
    """The reported physical DPI, or a fallback when it is implausible for a real touch panel."""
    return reported if 60.0 <= reported <= 400.0 else FALLBACK_DPI


def mm_to_px(mm: float, dpi: float) -> int:
    return round(mm / MM_PER_INCH * sane_dpi(dpi))


@dataclass(frozen=True)
class Metrics:
    """Pixel sizes derived from the panel's DPI; everything a person touches is at least `touch` pixels."""

    dpi: float
    touch: int  # minimum touch target side, >= 15 mm
    gap: int
    body_px: int
    title_px: int
    huge_px: int
    small_px: int

    @classmethod
    def for_dpi(cls, dpi: float) -> Metrics:
        dpi = sane_dpi(dpi)
        touch = max(mm_to_px(MIN_TOUCH_MM, dpi), 48)
        return cls(
            dpi=dpi,
            touch=touch,
            gap=max(mm_to_px(4, dpi), 12),
            body_px=max(mm_to_px(7, dpi), 24),  # ~7 mm glyphs: readable by elderly patients at arm's length
            title_px=max(mm_to_px(11, dpi), 36),
            huge_px=max(mm_to_px(18, dpi), 56),
            small_px=max(mm_to_px(6.2, dpi), 23),  # patient text: at least 6 mm of ink on every screen
        )

    def larger_text(self) -> Metrics:
        """The same panel with the text about a third larger (the patient's 「文字を大きく」); touch sizes stay."""
        return Metrics(dpi=self.dpi, touch=self.touch, gap=self.gap, body_px=round(self.body_px * LARGE_TEXT),
                       title_px=round(self.title_px * LARGE_TEXT), huge_px=round(self.huge_px * LARGE_TEXT),
                       small_px=round(self.small_px * LARGE_TEXT))

    @classmethod
    def for_screen(cls, screen: QScreen | None = None) -> Metrics:
        screen = screen or QGuiApplication.primaryScreen()
        return cls.for_dpi(screen.physicalDotsPerInch() if screen is not None else FALLBACK_DPI)


def kiosk_palette(palette: QPalette) -> QPalette:
    """Placeholder words dark enough to read (7:1 on white, not Qt's ~3.5:1 grey)."""
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor(DISABLED_INK))
    return palette


def base_font(metrics: Metrics) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setPixelSize(metrics.body_px)
    return font


def stylesheet(m: Metrics) -> str:
    """One style sheet for the whole kiosk; widgets pick a look through their objectName or a `role` property."""
    radius = m.gap
    return f"""
QWidget {{ background: {PAPER}; color: {INK}; font-size: {m.body_px}px; }}
QLabel[role="title"] {{ font-size: {m.title_px}px; font-weight: bold; }}
QLabel[role="huge"] {{ font-size: {m.huge_px}px; font-weight: bold; color: {PRIMARY}; }}
QLabel[role="small"] {{ font-size: {m.small_px}px; }}
QLabel[role="note"] {{ background: {MUTED_BG}; border-radius: {radius}px; padding: {m.gap}px; }}
QLabel[role="warning"] {{ background: {WARNING_BG}; border: 3px solid {DANGER}; border-radius: {radius}px;
    padding: {m.gap}px; font-weight: bold; }}
QLabel[role="goodNews"] {{ background: {MUTED_BG}; border: 3px solid {SUCCESS}; border-radius: {radius}px;
    padding: {m.gap}px; font-weight: bold; }}
QLabel[role="error"] {{ color: {DANGER}; font-weight: bold; }}
QLabel[role="privacy"] {{ background: {MUTED_BG}; border-left: 8px solid {SUCCESS}; padding: {m.gap // 2}px;
    font-size: {m.small_px}px; }}
QLabel[role="pin"] {{ font-size: {m.huge_px}px; letter-spacing: {m.gap}px; border: 3px solid {INK};
    border-radius: {radius}px; padding: {m.gap // 2}px; }}
QPushButton {{ min-height: {m.touch}px; padding: 0 {m.gap}px; border-radius: {radius}px;
    border: 3px solid {PRIMARY}; background: {PAPER}; color: {PRIMARY}; font-weight: bold; }}
QPushButton:pressed {{ background: {MUTED_BG}; }}
QPushButton[role="primary"] {{ background: {PRIMARY}; color: {PAPER}; }}
QPushButton[role="primary"]:pressed {{ background: {PRIMARY_PRESSED}; }}
QPushButton[role="danger"] {{ border-color: {DANGER}; color: {DANGER}; }}
QPushButton:checked {{ background: {PRIMARY}; color: {PAPER}; }}
QPushButton:disabled {{ border-color: {DISABLED_INK}; color: {DISABLED_INK}; background: {MUTED_BG}; }}
QPushButton[role="key"] {{ padding: 0; border-width: 2px; }}
QPushButton[role="key"]:checked {{ background: {PRIMARY}; color: {PAPER}; }}
QPushButton[role="keyControl"], QPushButton[role="keyDelete"] {{ padding: 0; border-width: 2px;
    font-size: {m.small_px}px; }}
QPushButton[role="keyControl"]:checked {{ background: {PRIMARY}; color: {PAPER}; }}
QPushButton[role="keyDelete"] {{ border-color: {DANGER}; color: {DANGER}; }}
QLabel[role="fieldError"] {{ color: {DANGER}; font-weight: bold; font-size: {m.small_px}px; }}
QLabel#disasterBanner {{ background: {DANGER}; color: {PAPER}; font-weight: bold; padding: 0 {m.gap}px;
    border-radius: {m.gap // 2}px; }}
QLabel#staffCall {{ background: {WARNING_BG}; color: {INK}; font-weight: bold; padding: 0 {m.gap}px;
    border: 2px solid {DANGER}; border-radius: {m.gap // 2}px; }}
QLabel[role="terms"] {{ font-size: {m.small_px}px; background: {MUTED_BG}; padding: {m.gap}px; }}
QPushButton[role="language"] {{ font-size: {m.small_px}px; }}
QProgressBar {{ min-height: {m.gap * 2}px; border: 2px solid {PRIMARY}; border-radius: {m.gap}px;
    background: {MUTED_BG}; }}
QProgressBar::chunk {{ background: {PRIMARY}; border-radius: {m.gap - 2}px; }}
QLineEdit, QComboBox, QDoubleSpinBox, QSpinBox {{ min-height: {m.touch}px; border: 2px solid {INK};
    border-radius: {m.gap // 2}px; padding: 0 {m.gap // 2}px; }}
QLineEdit:focus, QComboBox:focus, QDoubleSpinBox:focus, QSpinBox:focus {{ border: 5px solid {PRIMARY};
    background: {WARNING_BG}; }}
QCheckBox::indicator {{ width: {m.touch // 2}px; height: {m.touch // 2}px; }}
QTabBar::tab {{ min-height: {m.touch}px; padding: 0 {m.gap}px; border: 2px solid {PRIMARY}; }}
QTabBar::tab:selected {{ background: {PRIMARY}; color: {PAPER}; }}
QTableWidget {{ font-size: {m.small_px}px; gridline-color: {DISABLED_INK}; }}
QWidget#header {{ background: {PRIMARY}; }}
QScrollBar:vertical {{ width: {m.touch // 2}px; background: {MUTED_BG}; }}
QScrollBar::handle:vertical {{ background: {PRIMARY}; min-height: {m.touch}px; border-radius: {m.gap // 2}px; }}
QFrame#stillThere {{ border: 6px solid {PRIMARY}; border-radius: {radius}px; }}
QLabel#headerTitle {{ background: {PRIMARY}; color: {PAPER}; font-size: {m.small_px}px; font-weight: bold; }}
"""
