"""Figures: deterministic SVGs and alt text carrying the key numbers, drawn from the pipeline's
own tables on a small generated survey (tests/factories.py); nothing statistical is computed
in the figures."""

from __future__ import annotations

import pytest

from budaya_kerja import figures
from budaya_kerja.figures import change, items, style, trend, units, values
from budaya_kerja.text import format_number

EXPECTED = ["index_trend", "values", "item_diverging", "unit_heatmap", "unit_funnel",
            "change_forest", "change_forest_units"]  # fmt: skip


def _province(est, year, measure="index"):
    return est.query(f"year == {year} and group_by == 'all' and measure == '{measure}'").iloc[0]


def test_trend_alt_has_the_numbers(processed, config, tmp_path):
    est = processed.estimates
    alt = trend.plot_index_trend(est, tmp_path / "t.svg", bands=config["bands"],
                                 targets=config["targets"], published={2024: 76.3})  # fmt: skip
    for year in (2024, 2025):
        assert f"{year}: {format_number(_province(est, year).estimate)}" in alt
    assert "target 80–90" in alt and "Sehat ≥ 75" in alt
    svg = (tmp_path / "t.svg").read_text()
    assert svg.startswith("<?xml") and "<dc:date>" not in svg


def test_heatmap_counts_published_and_hidden_agencies(processed, instrument, tmp_path):
    est = processed.estimates
    alt = units.plot_unit_heatmap(est, instrument, 2025, tmp_path / "h.svg")
    agencies = est.query("year == 2025 and group_by == 'unit' and measure == 'index'")
    hidden = int(agencies.suppressed.sum())
    assert f"{len(agencies) - hidden} perangkat daerah" in alt
    assert f"{hidden} perangkat daerah disembunyikan" in alt
    lowest = agencies[~agencies.suppressed].sort_values("estimate").iloc[0]
    assert f"terendah {lowest.group_label}" in alt


def test_funnel_alt_names_the_agencies_outside_the_limits(processed, tmp_path):
    funnel = processed.of(2025, "funnel")
    alt = units.plot_unit_funnel(funnel, 2025, tmp_path / "f.svg")
    outside = funnel[funnel.position.isin(["above998", "below998"])]
    for r in outside.itertuples():
        assert r.group_label in alt
    calm = funnel[~funnel.position.isin(["above998", "below998"])]
    alt = units.plot_unit_funnel(calm, 2025, tmp_path / "g.svg")
    assert "Tidak ada perangkat daerah di luar batas 99,8%" in alt


def test_values_and_items_alt(processed, instrument, config, tmp_path):
    est = processed.estimates
    alt = values.plot_values(est, instrument, 2025, tmp_path / "v.svg", bands=config["bands"])
    assert f"Akuntabel {format_number(_province(est, 2025, 'AK').estimate)}" in alt
    assert "dibandingkan dengan 2024" in alt
    alt = items.plot_item_diverging(processed.of(2025, "items"), instrument, 2025,
                                    tmp_path / "i.svg")  # fmt: skip
    assert alt.startswith("Sebaran jawaban 21 butir perilaku tahun 2025") and "%" in alt


def test_forest_marks_significance(processed, instrument, tmp_path):
    comp = processed.comparison
    alt = change.plot_change_forest(comp, instrument, tmp_path / "c.svg", year0=2024, year1=2025)
    index = comp.query("group_by == 'all' and measure == 'index'").iloc[0]
    assert f"Indeks {format_number(index['diff'], sign=True)} poin" in alt
    agencies = comp.query("group_by == 'unit' and measure == 'index'")
    labels = dict(zip(agencies.group, agencies.group, strict=True))
    alt = change.plot_change_forest(comp, instrument, tmp_path / "u.svg", year0=2024,
                                    year1=2025, units=True, labels=labels)  # fmt: skip
    untested = int((~agencies.tested).sum())
    assert f"{len(agencies) - untested} perangkat daerah" in alt
    assert f"{untested} perangkat daerah tidak diuji" in alt


def test_english_figures(processed, config, tmp_path):
    alt = trend.plot_index_trend(processed.estimates, tmp_path / "t.svg", bands=config["bands"],
                                 language="en")  # fmt: skip
    assert f"2024: {format_number(_province(processed.estimates, 2024).estimate, 1, 'en')}" in alt
    assert "confidence" in alt


def test_interval_labels_follow_the_configured_level():
    assert style.words("id", 0.9)["estimate_ci"] == "Indeks (IK 90%)"
    assert "99,8%" in style.words("id", 0.9)["cap_unit_funnel"]  # the funnel's own limits stay


def test_write_figures_manifest_and_determinism(processed, config, instrument, tmp_path):
    args = (processed.estimates, processed.comparison, processed.of(2025, "items"),
            processed.of(2025, "funnel"), 2025, config, instrument)  # fmt: skip
    first = figures.write_figures(*args, tmp_path / "a")
    second = figures.write_figures(*args, tmp_path / "b")
    assert list(first) == EXPECTED
    for name, entry in first.items():
        assert set(entry) == {"file", "alt", "caption"} and entry["alt"] and entry["caption"]
        a, b = (tmp_path / d / f"{name}.svg" for d in ("a", "b"))
        assert entry["file"] == str(a)
        assert a.read_bytes() == b.read_bytes(), f"{name} is not byte-identical"
        assert second[name]["alt"] == entry["alt"]


def test_write_figures_first_year_has_no_change_plots(processed, config, instrument, tmp_path):
    est = processed.estimates.query("year == 2024")
    manifest = figures.write_figures(est, None, None, processed.of(2024, "funnel"), 2024,
                                     config, instrument, tmp_path)  # fmt: skip
    assert "change_forest" not in manifest and "item_diverging" not in manifest
    assert {"index_trend", "values", "unit_heatmap", "unit_funnel"} <= set(manifest)


@pytest.mark.parametrize("years, year, expected",
                         [([2024, 2025, 2026], 2026, (2025, 2026)), ([2024, 2025], 2024, None),
                          ([2026, 2024], 2026, (2024, 2026))])  # fmt: skip
def test_one_function_picks_the_comparison_a_report_shows(years, year, expected):
    from budaya_kerja.stats.compare import report_comparison

    assert report_comparison(years, year) == expected
