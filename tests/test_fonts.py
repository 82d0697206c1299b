"""Text the report cannot hold is replaced; fallback fonts come from matplotlib."""

import pytest

from budaya_kerja.report import fonts


@pytest.mark.parametrize("text,shown", [
    ("Dinas Кадров 人事 😀", "Dinas Кадров 人事 😀"),  # the fallback fonts draw these
    ("a\ue000b", "a\ufffdb"),  # private use: PDF/A forbids it
    ("a\x07b\x00", "a\ufffdb\ufffd"),  # control characters
    ("a\u202eevil\u202c", "aevil"),  # bidirectional override: would print reversed
    ("\ufeffx\uffff", "x\ufffd"),  # BOM dropped; a noncharacter replaced
    ("baris\nkedua\tx", "baris\nkedua\tx"),
])  # fmt: skip
def test_displayable(text, shown):
    assert fonts.displayable(text) == shown


def test_nested_contexts_and_the_font_files(tmp_path):
    ctx = {"a": ["x\ue000", {"b": "\x07"}], "n": 3}
    assert fonts.displayable_strings(ctx) == {"a": ["x\ufffd", {"b": "\ufffd"}], "n": 3}
    folder = fonts.copy_fonts(tmp_path / "fonts")
    assert sorted(p.name for p in folder.iterdir()) == sorted(fonts.FONT_FILES)
