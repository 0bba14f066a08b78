"""Characters of the result file: half-width katakana for NameKana, and what Shift_JIS (JIS X 0208) cannot hold.

The ● problem: names registered with characters outside JIS X 0208 (外字, e.g. 髙, 﨑, 𠮷) reach the clinic as
they are in a UTF-8 file; in a Shift_JIS file each such character becomes ● (U+25CF, JIS X 0208 1-2-60), the mark
the national system's own screens use for a character they cannot show. Either way the reception is flagged.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

SUBSTITUTE = "●"

# Code points that Windows (cp932) and Unicode tables give for a character JIS X 0208 does have: mapped, not lost.
_SAME_JIS_CHARACTER: Mapping[str, str] = MappingProxyType({
    "\uff5e": "\u301c",  # ～ -> 〜 (WAVE DASH)
    "\u2225": "\u2016",  # ∥ -> ‖
    "\uff0d": "\u2212",  # － -> −
    "\uffe0": "\u00a2",  # ￠ -> ¢
    "\uffe1": "\u00a3",  # ￡ -> £
    "\uffe2": "\u00ac",  # ￢ -> ¬
})


def _half_width_table() -> Mapping[str, str]:
    """Full-width katakana (and marks) -> half-width, derived from Unicode's own compatibility mappings."""
    table: dict[str, str] = {"\u3000": " "}
    singles = [chr(code) for code in range(0xFF61, 0xFFA0)]
    for half in singles:
        full = unicodedata.normalize("NFKC", half)
        if len(full) == 1 and full not in table:
            table[full] = half
        for mark in ("\uff9e", "\uff9f"):  # ﾞ ﾟ: ガ -> ｶﾞ, パ -> ﾊﾟ
            voiced = unicodedata.normalize("NFKC", half + mark)
            if len(voiced) == 1:
                table.setdefault(voiced, half + mark)
    table.setdefault("ヮ", "ﾜ")
    table.setdefault("ヵ", "ｶ")
    table.setdefault("ヶ", "ｹ")
    return MappingProxyType(table)


_HALF_WIDTH = _half_width_table()


def half_width_kana(text: str) -> str:
    """NameKana as clinic systems expect it: ヤマダ タロウ -> ﾔﾏﾀﾞ ﾀﾛｳ (characters without a half-width form stay)."""
    return "".join(_HALF_WIDTH.get(char, char) for char in text)


def _in_jis_x_0208(char: str) -> bool:
    try:
        char.encode("shift_jis")  # Python's shift_jis is JIS X 0201 + JIS X 0208, without the cp932 extensions
    except UnicodeEncodeError:
        return False
    return True


def outside_jis_x_0208(text: str) -> tuple[str, ...]:
    """The characters of `text` a Shift_JIS file cannot hold (after mapping cp932 look-alikes), in order."""
    return tuple(char for char in text if not _in_jis_x_0208(_SAME_JIS_CHARACTER.get(char, char)))


def to_shift_jis_text(text: str) -> str:
    """`text` with every character outside JIS X 0208 replaced by ● (look-alikes mapped to their JIS form)."""
    mapped = (_SAME_JIS_CHARACTER.get(char, char) for char in text)
    return "".join(char if _in_jis_x_0208(char) else SUBSTITUTE for char in mapped)
