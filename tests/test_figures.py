"""Figures: deterministic SVGs and alt text carrying the key numbers, drawn from the pipeline's
own tables on a small generated survey (tests/factories.py); nothing statistical is computed
in the figures."""

from __future__ import annotations

import dataclasses
import itertools

import matplotlib.text
import numpy as np
import pandas as pd
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


def test_heatmap_counts_published_and_hidden_agencies(processed, config, instrument, tmp_path):
    est = processed.estimates
    min_size = config["estimation"]["min_group_size"]
    alt = units.plot_unit_heatmap(est, instrument, 2025, tmp_path / "h.svg",
                                  min_group_size=min_size)  # fmt: skip
    agencies = est.query("year == 2025 and group_by == 'unit' and measure == 'index'")
    hidden = int(agencies.suppressed.sum())
    assert f"{len(agencies) - hidden} perangkat daerah" in alt
    assert f"{hidden} perangkat daerah disembunyikan" in alt
    shown = agencies[~agencies.suppressed].sort_values("estimate_shrunk")
    assert f"terbawah {shown.group_label.iloc[0]}" in alt
    assert f"teratas {shown.group_label.iloc[-1]}" in alt


@pytest.mark.parametrize("min_size", [5, 20])
def test_heatmap_names_the_configured_minimum_group_size(
    processed, config, instrument, drawn, tmp_path, min_size
):
    """The minimum comes from the configuration, never read back out of a table's text."""
    settings = {**config, "estimation": {**config["estimation"], "min_group_size": min_size}}
    manifest = figures.write_figures(processed.estimates, None, None, None, 2025, settings,
                                     instrument, tmp_path / "m")  # fmt: skip
    assert f"kurang dari {min_size} responden" in manifest["unit_heatmap"]["alt"]
    # a hidden agency whose row gives no reason is labelled with the configured minimum
    est = processed.estimates.copy()
    agencies = est.query("year == 2025 and group_by == 'unit' and measure == 'index'")
    est.loc[agencies.index[agencies.suppressed][0], "suppression_reason"] = ""
    units.plot_unit_heatmap(est, instrument, 2025, tmp_path / "h.svg", min_group_size=min_size)
    assert f"disembunyikan (n < {min_size})" in _texts(drawn[-1])


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


def test_no_label_is_cut_and_every_name_is_whole(processed, config, instrument, drawn, tmp_path):
    est, comp = processed.estimates, processed.comparison
    agencies = est.query("year == 2025 and group_by == 'unit' and measure == 'index'")
    labels = dict(zip(agencies.group, agencies.group_label, strict=True))
    items.plot_item_diverging(processed.of(2025, "items"), instrument, 2025, tmp_path / "i.svg")
    min_size = config["estimation"]["min_group_size"]
    units.plot_unit_heatmap(est, instrument, 2025, tmp_path / "h.svg", min_group_size=min_size)
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


def test_heatmap_rows_follow_the_empirical_bayes_order(
    processed, config, instrument, drawn, tmp_path
):
    est = processed.estimates
    min_size = config["estimation"]["min_group_size"]
    units.plot_unit_heatmap(est, instrument, 2025, tmp_path / "h.svg", min_group_size=min_size)
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


def test_item_figure_counts_positive_from_the_instruments_positive_min(processed, instrument,
                                                                      drawn, tmp_path):  # fmt: skip
    """With positive_min 5 on 1-5 only "sangat setuju" is positive (as in pct_positive): the
    printed share and the bars right of zero are answer 5 alone, 2-4 neutral, 1 negative."""
    strict = dataclasses.replace(instrument, positive_min=5)
    distribution = processed.of(2025, "items")
    alt = items.plot_item_diverging(distribution, strict, 2025, tmp_path / "i.svg")
    ax = drawn[0].axes[0]
    printed = [t.get_text() for t in ax.texts]
    top = distribution.query("answer == 5").set_index("item")["share"]
    assert printed == [format_percent(100 * top[i], 0) for i in instrument.items]
    assert format_percent(100 * top.min(), 0) in alt and format_percent(100 * top.max(), 0) in alt
    bars = {c.get_label(): c for c in ax.containers}
    names = style.words("id")["answers5"]
    # the neutral block (answers 2 to 4) centred on zero: answer 5 starts where answer 2 starts,
    # mirrored; answer 1 ends where the neutral block begins
    starts = {name: np.array([b.get_x() for b in bars[name]]) for name in names}
    assert starts[names[4]] == pytest.approx(-starts[names[1]])
    assert (starts[names[4]] > 0).all()
    ends_1 = starts[names[0]] + np.array([b.get_width() for b in bars[names[0]]])
    assert ends_1 == pytest.approx(starts[names[1]])


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


# National scale (issue 14): hundreds of agencies, made from the small survey's own tables by
# copying its agencies under new codes and names.
NATIONAL = 12  # copies: 46 agencies -> 552


def _national(table: pd.DataFrame, copies: int = NATIONAL) -> pd.DataFrame:
    """``table`` with each agency row copied ``copies`` times as a new agency."""
    agency = table["group_by"].eq("unit") if "group_by" in table else pd.Series(True, table.index)
    rows = table[agency]
    copied = []
    for k in range(copies):
        copy = rows.assign(group=rows["group"] + f"-{k:02d}")
        if "group_label" in rows:
            copy = copy.assign(group_label=rows["group_label"] + f" {k:02d}")
        copied.append(copy)
    return pd.concat([table[~agency], *copied], ignore_index=True)


def test_heatmap_of_hundreds_of_agencies_has_a_row_each_and_no_unreadable_type(
    processed, config, instrument, drawn, tmp_path
):
    units_measures = ["index", *instrument.value_ids]  # noqa: F841 (read by the query)
    est = _national(processed.estimates)
    n = len(est.query("year == 2025 and group_by == 'unit' and measure == 'index'"))
    assert n > 500
    min_size = config["estimation"]["min_group_size"]
    units.plot_unit_heatmap(est, instrument, 2025, tmp_path / "h.svg", min_group_size=min_size)
    units.plot_unit_heatmap(processed.estimates, instrument, 2025, tmp_path / "small.svg",
                            min_group_size=min_size)  # fmt: skip
    national, small = drawn
    mesh = national.axes[0].collections[0]
    assert mesh.get_array().shape == (n, 1 + len(instrument.value_ids))  # one row per agency
    assert mesh.get_rasterized() and not small.axes[0].collections[0].get_rasterized()
    assert len(national.findobj(matplotlib.text.Text)) < 60  # not one per cell (4,416 cells)
    # the provincial figure still prints every published cell, and why a hidden row is hidden
    cells = processed.estimates.query(
        "year == 2025 and group_by == 'unit' and measure in @units_measures"
    )
    hidden = set(cells.query("measure == 'index' and (suppressed or estimate.isna())").group)
    printed = cells[~cells.group.isin(hidden) & cells.estimate.notna()]
    assert len(small.axes[0].texts) == len(printed) + len(hidden)
    assert "552 perangkat daerah" in " ".join(_texts(national))


def test_funnel_of_hundreds_of_agencies_numbers_those_outside_the_limits(
    processed, drawn, tmp_path
):
    funnel = _national(processed.of(2025, "funnel"), 19)
    by_name = units._funnel_table(funnel, 2025)
    outside = by_name.index[by_name["position"].isin(["above998", "below998"])]
    assert 0 < len(outside) < 60 and len(by_name) > 500
    units.plot_unit_funnel(funnel, 2025, tmp_path / "f.svg")
    plot, key = drawn[0].axes[:2]
    assert sorted(int(t.get_text()) for t in plot.texts) == [i + 1 for i in outside]
    assert len(key.texts) == 2 * len(outside)
    assert units.funnel_key_size(funnel, 2025) == (len(outside), len(outside), len(by_name))
    # everyone outside: the key keeps the farthest out, as many as a page holds
    z = funnel["z"].to_numpy()
    everyone = funnel.assign(position=np.where(z > 0, "above998", "below998"))
    keyed, out, total = units.funnel_key_size(everyone, 2025)
    assert out == total and 30 < keyed < total
    units.plot_unit_funnel(everyone, 2025, tmp_path / "g.svg")
    numbered = sorted(int(t.get_text()) - 1 for t in drawn[1].axes[0].texts)
    table = units._funnel_table(everyone, 2025)
    farthest = table["z"].abs().sort_values(ascending=False, kind="stable").index[:keyed]
    assert numbered == sorted(farthest)
    drawn[1].draw_without_rendering()
    assert drawn[1].axes[1].get_window_extent().height > 0


def test_agencies_forest_of_hundreds_of_agencies_has_no_unreadable_type(
    processed, instrument, drawn, tmp_path
):
    comp = _national(processed.comparison)
    tested = comp.query("group_by == 'unit' and measure == 'index' and tested and diff.notna()")
    change.plot_change_forest(comp, instrument, tmp_path / "u.svg", year0=2024, year1=2025,
                              units=True)  # fmt: skip
    ax = drawn[0].axes[0]
    assert len(ax.texts) == 0 and len(ax.get_yticks()) == 0
    bars, marks = ax.collections  # one artist each, a row per agency
    assert len(bars.get_segments()) == len(marks.get_offsets()) == len(tested) > 200
    assert sorted(np.asarray(marks.get_offsets())[:, 0]) == sorted(tested["diff"])
    assert f"{len(tested)} perangkat daerah" in ax.get_ylabel()


def test_national_figures_say_where_the_numbers_are_and_are_reproducible(
    processed, config, instrument, tmp_path
):
    args = (_national(processed.estimates), _national(processed.comparison),
            processed.of(2025, "items"), _national(processed.of(2025, "funnel"), 19), 2025,
            config, instrument)  # fmt: skip
    first = figures.write_figures(*args, tmp_path / "a")
    figures.write_figures(*args, tmp_path / "b")
    for name in first:
        a, b = (tmp_path / d / f"{name}.svg" for d in ("a", "b"))
        assert a.read_bytes() == b.read_bytes(), f"{name} is not byte-identical"
    assert b"<image" in (tmp_path / "a" / "unit_heatmap.svg").read_bytes()  # the raster layer
    assert "552 perangkat daerah" in first["unit_heatmap"]["caption"]
    assert "tabel-2025.xlsx" in first["unit_heatmap"]["caption"]
    assert "tidak dicetak" in first["change_forest_units"]["caption"]
    assert "nomor hanya diberikan kepada" in first["unit_funnel"]["caption"]
    small = figures.write_figures(*((processed.estimates, processed.comparison) + args[2:3]
                                    + (processed.of(2025, "funnel"),) + args[4:]),
                                  tmp_path / "c")  # fmt: skip
    assert small["unit_heatmap"]["caption"] == style.words("id")["cap_unit_heatmap"].format(
        year=2025
    )


def _place_one_by_one(points, widths, obstacles, pt, height):
    """The label search as first written (a Python loop over candidates and boxes): the
    reference the vectorised :func:`units._place_labels` must reproduce exactly."""
    boxes = [(x - 2.5 * pt, y - 2.5 * pt, x + 2.5 * pt, y + 2.5 * pt) for x, y in obstacles]
    offsets = []
    for (px, py), width in zip(points, widths, strict=True):
        own = (px - 2.5 * pt, py - 2.5 * pt, px + 2.5 * pt, py + 2.5 * pt)
        for dx, dy in units.LABEL_RINGS:
            cx, cy = px + dx * pt, py + dy * pt
            x0 = cx - width if dx < 0 else cx - width / 2 if dx == 0 else cx
            box = (x0, cy - height / 2, x0 + width, cy + height / 2)
            if not any(
                box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                for b in boxes
                if b != own
            ):
                break
        boxes.append(box)
        offsets.append((dx, dy))
    return offsets


@pytest.mark.parametrize("n", [5, 60, 300])
def test_label_placement_is_the_one_by_one_search(n):
    rng = np.random.default_rng(n)
    obstacles = rng.normal(300, 60, size=(n, 2))  # crowded: many labels must move out
    points = obstacles[rng.permutation(n)[: max(3, n // 3)]]
    widths = rng.integers(1, 4, len(points)) * 5.5 * 0.64 * 1.39 + 2.1
    pt, height = 100 / 72, 5.5 * 1.15 * 100 / 72
    expected = _place_one_by_one(points, widths, obstacles, pt, height)
    assert units._place_labels(points, widths, obstacles, pt, height) == expected
    if n >= 60:  # crowded enough that labels reach beyond the first rings
        assert len(set(expected)) > 2
