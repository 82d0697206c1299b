"""Figures: deterministic SVGs and alt text carrying the key numbers, drawn from the pipeline's
own tables on a small generated survey (tests/factories.py); nothing statistical is computed
in the figures."""

from __future__ import annotations

import itertools

import matplotlib.text
import numpy as np
import pytest

from budaya_kerja import figures
from budaya_kerja.figures import change, items, style, trend, units, values
from budaya_kerja.text import format_interval, format_number, format_percent

EXPECTED = ["index_trend", "values", "item_diverging", "unit_heatmap", "unit_funnel",
            "change_forest", "change_forest_units"]  # fmt: skip


@pytest.fixture
def drawn(monkeypatch):
    """The figures the plot functions draw (each still written), to read their texts."""
    figs = []

    def keep(fig, path):
        figs.append(fig)
        style.save(fig, path)

    for module in (change, items, trend, units, values):
        monkeypatch.setattr(module, "_save", keep)
    return figs


def _texts(fig) -> list[str]:
    """Every text drawn on a figure (tick labels, annotations, legend, key), lines joined."""
    fig.draw_without_rendering()
    found = [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_visible()]
    return [" ".join(t.split("\n")) for t in found if t]


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
    shown = agencies[~agencies.suppressed].sort_values("estimate_shrunk")
    assert f"terbawah {shown.group_label.iloc[0]}" in alt
    assert f"teratas {shown.group_label.iloc[-1]}" in alt


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
    assert style.words("id", 0.9)["estimate_ci"] == "Indeks laporan ini (IK 90%)"
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


def test_no_label_is_cut_and_every_name_is_whole(processed, instrument, drawn, tmp_path):
    est, comp = processed.estimates, processed.comparison
    agencies = est.query("year == 2025 and group_by == 'unit' and measure == 'index'")
    labels = dict(zip(agencies.group, agencies.group_label, strict=True))
    items.plot_item_diverging(processed.of(2025, "items"), instrument, 2025, tmp_path / "i.svg")
    units.plot_unit_heatmap(est, instrument, 2025, tmp_path / "h.svg")
    change.plot_change_forest(comp, instrument, tmp_path / "u.svg", year0=2024, year1=2025,
                              units=True, labels=labels)  # fmt: skip
    texts = [_texts(fig) for fig in drawn]
    assert not [t for fig in texts for t in fig if "…" in t]
    for item in instrument.items:
        assert f"{item}  {instrument.statements[item]}" in texts[0]
    assert set(agencies.group_label) <= set(texts[1])
    tested = comp.query("group_by == 'unit' and measure == 'index' and tested")
    assert {labels[g] for g in tested.group} <= set(texts[2])


def test_funnel_every_agency_is_findable_by_number_and_key(processed, drawn, tmp_path):
    funnel = processed.of(2025, "funnel")
    units.plot_unit_funnel(funnel, 2025, tmp_path / "f.svg")
    fig = drawn[0]
    plot, key = fig.axes[:2]
    by_name = funnel.sort_values(["group_label", "group"]).reset_index(drop=True)
    numbers = [t.get_text() for t in plot.texts]
    assert sorted(numbers, key=int) == [str(i) for i in range(1, len(funnel) + 1)]
    entries = " ".join(" ".join(t.get_text().split("\n")) for t in key.texts)
    for i, r in enumerate(by_name.itertuples(), 1):
        assert f"{r.group_label} ({format_number(r.estimate)})" in entries
        # the number beside the point is the number in the key
        point = next(t for t in plot.texts if t.get_text() == str(i))
        assert point.xy == pytest.approx((r.n, r.estimate))
    # no two numbers overlap
    fig.draw_without_rendering()
    boxes = [t.get_window_extent() for t in plot.texts]
    assert not [(a, b) for a, b in itertools.combinations(boxes, 2) if a.overlaps(b)]


def test_heatmap_rows_follow_the_empirical_bayes_order(processed, instrument, drawn, tmp_path):
    est = processed.estimates
    units.plot_unit_heatmap(est, instrument, 2025, tmp_path / "h.svg")
    ax = drawn[0].axes[0]
    rows = [t.get_text() for t in ax.get_yticklabels()]
    agencies = est.query("year == 2025 and group_by == 'unit' and measure == 'index'")
    shown = agencies[~agencies.suppressed].sort_values(["estimate_shrunk", "group_label"],
                                                       ascending=[False, True])  # fmt: skip
    assert rows[: len(shown)] == list(shown.group_label)


def test_intervals_are_drawn_and_printed(processed, instrument, config, drawn, tmp_path):
    est, comp = processed.estimates, processed.comparison
    values.plot_values(est, instrument, 2025, tmp_path / "v.svg", bands=config["bands"])
    change.plot_change_forest(comp, instrument, tmp_path / "c.svg", year0=2024, year1=2025)
    value_texts, forest_texts = _texts(drawn[0]), _texts(drawn[1])
    for v in instrument.value_ids:
        r = _province(est, 2025, v)
        assert (
            f"{format_number(r.estimate)} ({format_interval(r.ci_low, r.ci_high)})" in value_texts
        )
        c = comp.query(f"group_by == 'all' and measure == '{v}'").iloc[0]
        shown = f"{format_number(c['diff'], sign=True)} ({format_interval(c.ci_low, c.ci_high)})"
        assert shown in forest_texts
    # each interval is a bar at least as wide as its interval, thicker than the estimate's mark
    ax = drawn[0].axes[0]
    bars = [line for line in ax.get_lines() if line.get_linewidth() >= 3]
    widths = sorted(float(np.ptp(line.get_xdata())) for line in bars)
    cis = est.query("group_by == 'all' and measure in @instrument.value_ids")
    assert widths == pytest.approx(sorted((cis.ci_high - cis.ci_low).tolist()))


def test_trend_labels_the_ministrys_figure_as_the_ministrys(processed, config, instrument, drawn,
                                                            tmp_path):  # fmt: skip
    trend.plot_index_trend(processed.estimates, tmp_path / "t.svg", bands=config["bands"],
                           published={2024: 76.3})  # fmt: skip
    texts = _texts(drawn[0])
    assert "KemenPANRB 76,3" in texts
    assert "Indeks laporan ini (IK 95%)" in texts
    assert any("metode berbeda" in t for t in texts)
    ax = drawn[0].axes[0]
    ministry = next(t for t in ax.texts if t.get_text() == "KemenPANRB 76,3")
    assert ministry.xy[0] != 2024  # drawn beside the year's estimate, not on it
    manifest = figures.write_figures(processed.estimates, None, None, None, 2025, config,
                                     instrument, tmp_path / "m")  # fmt: skip
    assert "KemenPANRB (2024: 76,3)" in manifest["index_trend"]["caption"]


def test_item_figure_prints_the_weighted_share_of_the_item_table(processed, instrument, drawn,
                                                                 tmp_path):  # fmt: skip
    items.plot_item_diverging(processed.of(2025, "items"), instrument, 2025, tmp_path / "i.svg")
    printed = [t.get_text() for t in drawn[0].axes[0].texts]
    est = processed.estimates.query("year == 2025 and group_by == 'all'").set_index("measure")
    assert printed == [format_percent(est.at[i, "pct_positive"], 0) for i in instrument.items]
    shares = processed.of(2025, "items").query(f"answer >= {instrument.positive_min}")
    agree = shares.groupby("item")[["share", "share_unweighted"]].sum()
    assert (agree["share"] - agree["share_unweighted"]).abs().max() > 1e-3  # weights matter here
    assert "tertimbang" in style.words("id")["cap_item_diverging"]
