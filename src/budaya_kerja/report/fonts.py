"""Fonts for the report, so that any text it is given can be typeset.

Typst embeds Libertinus Serif (Latin). The report adds two fonts that come with matplotlib,
already a pinned dependency, so nothing is downloaded and nothing large is committed:
DejaVu Sans and DejaVu Sans Bold (Latin, Greek, Cyrillic, Arabic, Hebrew, Armenian, Georgian,
many symbols; the Bitstream Vera / DejaVu licence) and Last Resort HE (one placeholder glyph,
naming the script, for every other code point; SIL Open Font License 1.1). Typst falls back
to them glyph by glyph. Text that PDF/A forbids (private-use and control characters) or that
would reorder what is printed (bidirectional overrides) is replaced first by
:func:`displayable`.
"""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

__all__ = [
    "FONT_FILES",
    "REPLACEMENT",
    "copy_fonts",
    "displayable",
    "displayable_strings",
    "font_source",
]

FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LastResortHE-Regular.ttf")
REPLACEMENT = "\ufffd"
_INVISIBLE = {"\ufeff", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))}


def font_source() -> Path:
    """matplotlib's folder of TrueType fonts."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def copy_fonts(folder: str | Path) -> Path:
    """Copy the fallback fonts into ``folder`` (Typst reads fonts from folders)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name in FONT_FILES:
        shutil.copyfile(font_source() / name, folder / name)
    return folder


def _safe_char(char: str) -> str:
    if char in "\n\t":
        return char
    if char in _INVISIBLE:
        return ""
    category = unicodedata.category(char)
    noncharacter = ord(char) & 0xFFFE == 0xFFFE or 0xFDD0 <= ord(char) <= 0xFDEF
    if category in ("Co", "Cs", "Cc") or noncharacter:
        return REPLACEMENT
    return char


def displayable(text: str) -> str:
    """``text`` with what PDF/A cannot hold replaced by U+FFFD and bidirectional overrides
    removed; everything else is left as it is (the fallback fonts draw it)."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(_safe_char(c) for c in text)


def displayable_strings(value):
    """:func:`displayable` applied to every string in a nested dict/list structure."""
    if isinstance(value, str):
        return displayable(value)
    if isinstance(value, dict):
        return {k: displayable_strings(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [displayable_strings(v) for v in value]
    return value
