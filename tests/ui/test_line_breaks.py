"""Japanese words are never cut across two lines: a label wraps only between phrases, at every width."""

from __future__ import annotations

import itertools

import budoux
from PySide6.QtGui import QFont, QTextLayout, QTextOption
from pytestqt.qtbot import QtBot

from kiosk.ui.line_breaks import WORD_JOINER, keep_phrases_whole
from kiosk.ui.widgets import make_label

SENTENCE = ("カードは受付が終わるまで置いたままにしてください。資格確認書（紙）や資格情報のお知らせをお持ちの方は、"
            "下のボタンを押してください。係員がまいります")


def _line_ends(shown: str, font: QFont, width: int) -> list[int]:
    """Where each wrapped line ends, counted in the characters a reader sees (joiners left out)."""
    layout = QTextLayout(shown, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    ends = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        end = line.textStart() + line.textLength()
        ends.append(end - shown[:end].count(WORD_JOINER))
    layout.endLayout()
    return ends


def test_a_label_wraps_japanese_between_phrases_at_every_width(qtbot: QtBot) -> None:
    label = make_label()
    qtbot.addWidget(label)
    label.setText(SENTENCE)
    assert label.text() == SENTENCE  # what the code reads back is what it set
    font = QFont("Noto Sans CJK JP")
    font.setPixelSize(30)
    phrase_ends = set(itertools.accumulate(len(p) for p in budoux.load_default_japanese_parser().parse(SENTENCE)))
    cut_plain = 0
    for width in range(180, 1000, 23):
        assert set(_line_ends(keep_phrases_whole(SENTENCE), font, width)) <= phrase_ends, width
        cut_plain += not set(_line_ends(SENTENCE, font, width)) <= phrase_ends
    assert cut_plain > 10  # without the joiners Qt does cut words (so this test can tell)


def test_english_and_spaces_wrap_as_before() -> None:
    assert keep_phrases_whole("Please take your card") == "Please take your card"
    name = keep_phrases_whole("山田 太郎")
    assert name.replace(WORD_JOINER, "") == "山田 太郎"
    assert f"{WORD_JOINER} " not in name and f" {WORD_JOINER}" not in name  # the space still lets a line break
