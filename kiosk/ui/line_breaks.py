"""Japanese sentences wrap between phrases (文節), never inside a word: 「置いたままに／してください」, not
「置いたま／まにしてください」 — for a slow reader a word cut across two lines is read twice.

BudouX (a small machine-learned phrase model, Apache-2.0, pure Python) splits a sentence into phrases; a WORD JOINER
(U+2060, which Qt's line breaking honours as Unicode's UAX #14 says) between the characters of a phrase forbids a
break inside it. Only text with Japanese in it is touched, and never next to a space, so English wraps as before.
"""

from __future__ import annotations

import functools
import re

import budoux

WORD_JOINER = "\u2060"
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


@functools.cache
def _parser() -> budoux.Parser:
    return budoux.load_default_japanese_parser()


def _joined(phrase: str) -> str:
    out: list[str] = []
    for index, char in enumerate(phrase):
        if index and not char.isspace() and not phrase[index - 1].isspace():
            out.append(WORD_JOINER)
        out.append(char)
    return "".join(out)


def keep_phrases_whole(text: str) -> str:
    """The text with a line break allowed only between its phrases (each line of it on its own)."""
    if not JAPANESE.search(text):
        return text
    return "\n".join("".join(_joined(phrase) for phrase in _parser().parse(line)) if line else line
                     for line in text.split("\n"))
