"""The text layer: the one number formatter and the locale files (same keys, every key used)."""

import re

import numpy as np
import pytest

from budaya_kerja import text
from budaya_kerja.settings import REPO_ROOT
from budaya_kerja.text import (
    format_date,
    format_interval,
    format_number,
    format_p,
    format_percent,
    format_probability,
    wording,
)

PACKAGE = REPO_ROOT / "src" / "budaya_kerja"


# --------------------------------------------------------------------------- formatting
@pytest.mark.parametrize(
    ("value", "decimals", "language", "expected"),
    [
        (76.3, 1, "id", "76,3"),
        (76.25, 1, "id", "76,3"),  # half away from zero on the decimal digits, not binary
        (0.05, 1, "id", "0,1"),
        (0.15, 1, "id", "0,2"),
        (2.675, 2, "id", "2,68"),
        (-2.25, 1, "id", "−2,3"),
        (-0.04, 1, "id", "0,0"),  # no negative zero
        (-1234.5, 1, "id", "−1.234,5"),
        (4_300_000, 0, "id", "4.300.000"),
        (4_300_000, 0, "en", "4,300,000"),
        (76.3, 1, "en", "76.3"),
        (1e20, 0, "id", "100.000.000.000.000.000.000"),
        (np.int64(6904), 0, "id", "6.904"),
        (0.9999, 2, "id", "1,00"),
    ],
)
def test_format_number(value, decimals, language, expected):
    assert format_number(value, decimals, language) == expected


@pytest.mark.parametrize("missing", [float("nan"), None, np.nan, float("inf"), "x"])
def test_format_number_missing(missing):
    assert format_number(missing) == "—"


def test_format_helpers():
    assert format_number(3.33, sign=True) == "+3,3"
    assert format_number(-3.33, sign=True) == "−3,3"
    assert format_number(0.01, sign=True) == "0,0"
    assert format_interval(75.94, 76.66) == "75,9–76,7"
    assert format_interval(-0.5, 1.2) == "−0,5 s.d. 1,2"
    assert format_interval(-0.5, 1.2, language="en") == "−0.5 to 1.2"
    assert format_p(0.0004) == "< 0,001" and format_p(0.0123) == "= 0,012"
    assert format_p(0.41) == "= 0,41"
    assert format_probability(0.001) == "< 1%" and format_probability(0.42) == "42%"
    assert format_date("2026-01-01") == "1 Januari 2026"
    assert format_date("2026-03-05", "en") == "5 March 2026"


def test_percent_and_levels():
    assert format_percent(82.94, 1) == "82,9%" and format_percent(float("nan")) == "—"
    assert text.level_text(0.95) == "95%" and text.level_text(0.975, "en") == "97.5%"


def _keys(tree, prefix=""):
    out = set()
    for key, value in tree.items():
        out.add(prefix + key)
        if isinstance(value, dict) and prefix == "":
            out |= {f"{key}.{k}" for k in value}
    return out


def test_both_languages_have_the_same_keys_and_placeholders():
    ids, ens = text.catalog("id"), text.catalog("en")
    assert _keys(ids) == _keys(ens)
    fields = re.compile(r"\{(\w*)")
    for section, words in ids.items():
        for key, value in words.items():
            if isinstance(value, str):
                assert set(fields.findall(value)) == set(fields.findall(ens[section][key])), key


def test_every_key_is_used():
    """Each word of the locale files is looked up somewhere in the figures or the report."""
    sources = "\n".join(p.read_text() for part in ("report", "figures") for p in
                        (PACKAGE / part).glob("*.py"))  # fmt: skip
    for section in ("report", "figures", "evaluation", "evaluation_figures"):
        for key in text.catalog("id")[section]:
            assert f'"{key}"' in sources or f"'{key}'" in sources, (section, key)


def test_the_interval_level_is_a_placeholder_filled_once():
    assert "{ci_level}" in text.catalog("id")["figures"]["estimate_ci"]
    assert wording("id", "figures", 0.9)["estimate_ci"] == "Indeks laporan ini (IK 90%)"
    assert "95%" not in str(wording("id", "report", 0.9).get("m_confidence"))


def test_score_intervals_are_clipped_to_the_scale_when_printed():
    assert text.format_score_interval(92.94, 100.63) == "92,9–100,0"
    assert text.format_score_interval(-0.4, 3.2, 1, "en") == "0.0–3.2"
    assert text.format_score_interval(75.94, 76.66) == text.format_interval(75.94, 76.66)
    assert text.format_score_interval(float("nan"), 80.0) == text.DASH
