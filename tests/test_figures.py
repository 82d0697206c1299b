"""Figures: deterministic SVGs, alt text carrying the key numbers, the item distribution and the
funnel limits. The fixture functions here generate small, realistic processed tables (the
pipeline's contracts); tests/test_report.py reuses them."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from budaya_kerja.figures import core as figures
from budaya_kerja.figures.core import format_number
from budaya_kerja.stats.scoring import categorize

UNITS = {
    "DINKES": "Dinas Kesehatan",
    "DISDIK": "Dinas Pendidikan",
    "BKD": "Badan Kepegawaian Daerah",
    "BPSDM": "Badan Pengembangan Sumber Daya Manusia",
    "SETDA-ORG": "Biro Organisasi",
    "DINSOS": "Dinas Sosial",
    "INSP": "Inspektorat",
    "SETDA-PIM": "Biro Administrasi Pimpinan",
}
SMALL_UNIT = "SETDA-PIM"  # fewer than 10 respondents: suppressed
LOW_UNIT = "DINSOS"  # far below the province: outside the funnel's 99.8% limits


def _row(year, group_by, group, label, measure, n, estimate, sd, bands, rng):
    se = sd / math.sqrt(n)
    t = stats.t.ppf(0.975, n - 1)
    pp = float(np.clip(estimate + rng.normal(2, 2), 1, 99))
    pp_se = math.sqrt(pp * (100 - pp) / n)
    lo, hi = estimate - t * se, estimate + t * se
    band_of = categorize([estimate, lo, hi], bands)
    return {
        "year": year,
        "group_by": group_by,
        "group": group,
        "group_label": label,
        "measure": measure,
        "n": float(n),
        "n_band": "1000+" if n >= 1000 else "100–499",
        "estimate": estimate,
        "se": se,
        "ci_low": lo,
        "ci_high": hi,
        "estimate_unweighted": estimate,
        "se_unweighted": se,
        "deff": 1.0,
        "n_eff": float(n),
        "pct_positive": pp,
        "pct_positive_se": pp_se,
        "pct_positive_ci_low": pp - 1.96 * pp_se,
        "pct_positive_ci_high": pp + 1.96 * pp_se,
        "category": band_of[0],
        "category_low": band_of[1],
        "category_high": band_of[2],
        "category_certain": bool(band_of[1] == band_of[2]),
        "suppressed": False,
        "suppression_reason": "",
    }


def fake_estimates(instrument, bands, index=None, seed: int = 1) -> pd.DataFrame:
    """estimates.csv of two years: the province (index, values, items), eight agencies (one
    suppressed, one far below the rest) and sex; value scores average to the index."""
    index = index or {2024: 76.3, 2025: 79.6}
    rng = np.random.default_rng(seed)
    rows = []
    for year, level in index.items():
        offsets = rng.normal(0, 3, len(instrument.value_ids))
        offsets -= offsets.mean()  # the index is the mean of the values
        values = dict(zip(instrument.value_ids, level + offsets, strict=True))
        n_all = 2400
        rows.append(_row(year, "all", "all", "all", "index", n_all, level, 10.0, bands, rng))
        for v, est in values.items():
            rows.append(_row(year, "all", "all", "all", v, n_all, est, 13.0, bands, rng))
            for item in instrument.values[v]:
                rows.append(
                    _row(
                        year,
                        "all",
                        "all",
                        "all",
                        item,
                        n_all,
                        est + rng.normal(0, 1.5),
                        20.0,
                        bands,
                        rng,
                    )
                )
        for code, name in UNITS.items():
            n = int(rng.integers(30, 600))
            shift = -14.0 if code == LOW_UNIT else rng.normal(0, 1.0)
            for m in ["index", *instrument.value_ids]:
                base = level if m == "index" else values[m]
                rows.append(_row(year, "unit", code, name, m, n, base + shift, 10.0, bands, rng))
        for sex in ("L", "P"):
            rows.append(
                _row(
                    year,
                    "jenis_kelamin",
                    sex,
                    sex,
                    "index",
                    1200,
                    level + rng.normal(0, 0.5),
                    10.0,
                    bands,
                    rng,
                )
            )
    est = pd.DataFrame(rows)
    hidden = est["group"] == SMALL_UNIT
    numeric = [
        "n",
        "estimate",
        "se",
        "ci_low",
        "ci_high",
        "estimate_unweighted",
        "se_unweighted",
        "deff",
        "n_eff",
        "pct_positive",
        "pct_positive_se",
        "pct_positive_ci_low",
        "pct_positive_ci_high",
    ]
    est.loc[hidden, numeric] = np.nan
    est.loc[hidden, ["n_band", "suppression_reason", "suppressed", "category_certain"]] = [
        "<10",
        "n < 10",
        True,
        False,
    ]
    est.loc[hidden, ["category", "category_low", "category_high"]] = pd.NA
    return est


def fake_comparison(estimates, year0, year1, mmc=3.0, alpha=0.05) -> pd.DataFrame:
    """comparison/<y0>-<y1>.csv from two years of estimates (independent samples, z test,
    Holm for the headline family, BH for the agencies)."""
    keys = ["group_by", "group", "measure"]
    e0 = estimates[estimates["year"] == year0].set_index(keys)
    e1 = estimates[estimates["year"] == year1].set_index(keys)
    t = e0.reset_index().merge(e1.reset_index(), on=keys, how="outer", suffixes=("0", "1"))
    tested = ~(t["suppressed0"].astype(bool) | t["suppressed1"].astype(bool))
    diff = (t["estimate1"] - t["estimate0"]).where(tested)
    se = np.sqrt(t["se0"] ** 2 + t["se1"] ** 2)
    p = 2 * stats.norm.sf(np.abs(diff / se))
    out = pd.DataFrame(
        {
            "group_by": t["group_by"],
            "group": t["group"],
            "measure": t["measure"],
            "n0": t["n0"],
            "n1": t["n1"],
            "n_matched": np.where(tested, 0.4 * t["n1"], np.nan),
            "est0": t["estimate0"],
            "est1": t["estimate1"],
            "diff": diff,
            "se_diff": se.where(tested),
            "df": (t["n0"] + t["n1"] - 2).where(tested),
            "ci_low": diff - 1.96 * se,
            "ci_high": diff + 1.96 * se,
            "p": p,
            "p_adj": np.minimum(p * 8, 1.0),
            "adjustment": np.where(t["group_by"] == "all", "holm", "fdr_bh"),
            "family": np.where(
                t["group_by"] == "all", "headline", t["group_by"] + ":" + t["measure"]
            ),
            "effect_size": diff / 10,
            "pp0": t["pct_positive0"],
            "pp1": t["pct_positive1"],
            "pp_diff": t["pct_positive1"] - t["pct_positive0"],
        }
    )
    out["pp_ci_low"], out["pp_ci_high"] = out["pp_diff"] - 1.5, out["pp_diff"] + 1.5
    out["pp_p"], out["pp_p_adj"], out["cohen_h"] = 0.01, 0.02, out["pp_diff"] / 50
    out["significant"] = (out["p_adj"] < alpha).fillna(False)
    out["material"] = (out["diff"].abs() >= mmc).fillna(False)
    out["tested"] = tested
    out["note"] = np.where(tested, "", f"n < 10 in {year0}")
    return out


def fake_responses(instrument, years=(2024, 2025), n: int = 400, seed: int = 2) -> pd.DataFrame:
    """responses.parquet's item columns (nullable Int8, a few blanks) and year."""
    rng = np.random.default_rng(seed)
    frames = []
    for year in years:
        data = {"year": np.full(n, year, dtype="int16")}
        for item in instrument.items:
            answers = rng.choice([1, 2, 3, 4, 5], size=n, p=[0.02, 0.05, 0.13, 0.45, 0.35])
            col = pd.array(answers, dtype="Int8")
            col[rng.random(n) < 0.02] = pd.NA
            data[item] = col
        frames.append(pd.DataFrame(data))
    return pd.concat(frames, ignore_index=True)


@pytest.fixture()
def tables(config, instrument):
    est = fake_estimates(instrument, config["bands"])
    return {
        "estimates": est,
        "comparisons": {(2024, 2025): fake_comparison(est, 2024, 2025)},
        "distribution": figures.item_distribution(
            fake_responses(instrument), instrument.items, (1, 5)
        ),
    }


# --------------------------------------------------------------------------- numbers
def test_axis_numbers_use_decimal_comma():
    assert format_number(76.3) == "76,3"
    assert figures.format_percent(82.94, 1) == "82,9%"
    assert figures.format_percent(float("nan")) == "—"
    assert format_number(76.3, language="en") == "76.3"


# --------------------------------------------------------------------------- distribution
def test_item_distribution_shares(instrument):
    responses = fake_responses(instrument, n=300)
    dist = figures.item_distribution(responses, instrument.items, (1, 5))
    assert list(dist.columns) == ["year", "item", "answer", "share"]
    # Every answer of the scale, every item, both years; shares of those who answered sum to 1.
    assert len(dist) == 2 * len(instrument.items) * 5
    totals = dist.groupby(["year", "item"])["share"].sum()
    np.testing.assert_allclose(totals.to_numpy(), 1.0)
    part = responses.loc[responses["year"] == 2025, "BP1"].dropna()
    expected = (part == 4).mean()
    got = dist.query("year == 2025 and item == 'BP1' and answer == 4")["share"].iloc[0]
    assert got == pytest.approx(expected)


def test_item_distribution_keeps_unchosen_answers(instrument):
    responses = pd.DataFrame({"year": [2025] * 4, "BP1": pd.array([4, 4, 5, pd.NA], dtype="Int8")})
    dist = figures.item_distribution(responses, ["BP1"], (1, 5))
    shares = dist.set_index("answer")["share"]
    assert shares.loc[1] == 0 and shares.loc[3] == 0
    assert shares.loc[4] == pytest.approx(2 / 3) and shares.loc[5] == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    "scale, answers, expected",
    [((1, 7), [1, 6, 7, 7], {1: 0.25, 2: 0, 5: 0, 6: 0.25, 7: 0.5}),
     ((1, 4), [1, 4, 4, 2], {1: 0.25, 2: 0.25, 3: 0, 4: 0.5})],
)  # fmt: skip
def test_item_distribution_follows_the_instruments_scale(scale, answers, expected):
    responses = pd.DataFrame({"year": [2025] * 4, "X1": pd.array(answers, dtype="Int8")})
    shares = figures.item_distribution(responses, ["X1"], scale).set_index("answer")["share"]
    assert list(shares.index) == list(range(scale[0], scale[1] + 1))
    for answer, share in expected.items():
        assert shares.loc[answer] == pytest.approx(share)


# --------------------------------------------------------------------------- funnel
def test_funnel_limits_and_outliers(tables):
    est = tables["estimates"]
    sd = figures.respondent_sd(est, 2025)
    row = est.query("year == 2025 and group_by == 'all' and measure == 'index'").iloc[0]
    assert sd == pytest.approx(row["se_unweighted"] * math.sqrt(row["n"]))
    table = figures.funnel_table(est, 2025, sd)
    assert SMALL_UNIT not in set(table["group"])  # suppressed agencies stay off the plot
    r = table.iloc[0]
    spread = math.sqrt(sd**2 / r["n"] + r["tau2"])  # over-dispersion adjusted (Spiegelhalter)
    assert r["tau2"] >= 0
    assert r["high998"] == pytest.approx(row["estimate"] + 3.090232 * spread)
    assert r["low95"] == pytest.approx(row["estimate"] - 1.959964 * spread)
    position = table.set_index("group")["position"]
    assert position[LOW_UNIT] == "below998"
    assert (position.drop(LOW_UNIT) == "inside").all()


def test_funnel_alt_names_units_outside_limits(tables, tmp_path):
    est = tables["estimates"]
    alt = figures.plot_unit_funnel(est, 2025, figures.respondent_sd(est, 2025), tmp_path / "f.svg")
    assert "Dinas Sosial" in alt and "di bawah" in alt
    assert "Dinas Kesehatan" not in alt
    # Without the low agency nobody is outside the limits, and the alt text says so.
    calm = est[est["group"] != LOW_UNIT]
    alt = figures.plot_unit_funnel(
        calm, 2025, figures.respondent_sd(calm, 2025), tmp_path / "g.svg"
    )
    assert "Tidak ada perangkat daerah di luar batas 99,8%" in alt


# --------------------------------------------------------------------------- plots
def test_trend_alt_has_the_numbers(tables, config, tmp_path):
    est = tables["estimates"]
    alt = figures.plot_index_trend(
        est,
        tmp_path / "t.svg",
        bands=config["bands"],
        targets=config["targets"],
        published={2024: 76.3},
    )
    assert "2024: 76,3" in alt and "2025: 79,6" in alt
    assert "target 80–90" in alt and "Sehat ≥ 75" in alt
    svg = (tmp_path / "t.svg").read_text()
    assert svg.startswith("<?xml") and "<dc:date>" not in svg


def test_heatmap_marks_suppressed_units(tables, instrument, tmp_path):
    alt = figures.plot_unit_heatmap(tables["estimates"], instrument, 2025, tmp_path / "h.svg")
    assert "7 perangkat daerah" in alt and "1 perangkat daerah disembunyikan" in alt
    assert "terendah Dinas Sosial" in alt


def test_values_and_items_alt(tables, instrument, config, tmp_path):
    alt = figures.plot_values(
        tables["estimates"], instrument, 2025, tmp_path / "v.svg", bands=config["bands"]
    )
    est = tables["estimates"].query("year == 2025 and group_by == 'all' and measure == 'AK'")
    assert f"Akuntabel {format_number(est['estimate'].iloc[0])}" in alt
    assert "dibandingkan dengan 2024" in alt
    alt = figures.plot_item_diverging(tables["distribution"], instrument, 2025, tmp_path / "i.svg")
    assert alt.startswith("Sebaran jawaban 21 butir perilaku tahun 2025")
    assert "%" in alt


def test_forest_marks_significance(tables, instrument, tmp_path):
    comp = tables["comparisons"][(2024, 2025)]
    alt = figures.plot_change_forest(comp, instrument, tmp_path / "c.svg", year0=2024, year1=2025)
    index = comp.query("group_by == 'all' and measure == 'index'").iloc[0]
    assert f"Indeks {format_number(index['diff'], sign=True)} poin" in alt
    assert "signifikan, material" in alt
    alt = figures.plot_change_forest(
        comp, instrument, tmp_path / "u.svg", year0=2024, year1=2025, units=True, labels=UNITS
    )
    assert "7 perangkat daerah" in alt and "1 perangkat daerah tidak diuji" in alt


def test_english_figures(tables, config, tmp_path):
    alt = figures.plot_index_trend(
        tables["estimates"], tmp_path / "t.svg", bands=config["bands"], language="en"
    )
    assert "2024: 76.3" in alt and "confidence" in alt


# --------------------------------------------------------------------------- all figures
def test_write_figures_manifest_and_determinism(tables, config, instrument, tmp_path):
    args = (
        tables["estimates"],
        tables["comparisons"],
        tables["distribution"],
        2025,
        config,
        instrument,
    )
    first = figures.write_figures(*args, tmp_path / "a")
    second = figures.write_figures(*args, tmp_path / "b")
    assert list(first) == [
        "index_trend",
        "values",
        "item_diverging",
        "unit_heatmap",
        "unit_funnel",
        "change_forest",
        "change_forest_units",
    ]
    for name, entry in first.items():
        assert set(entry) == {"file", "alt", "caption"} and entry["alt"] and entry["caption"]
        a, b = (tmp_path / d / f"{name}.svg" for d in ("a", "b"))
        assert entry["file"] == str(a)
        assert a.read_bytes() == b.read_bytes(), f"{name} is not byte-identical"
        assert second[name]["alt"] == entry["alt"]


def test_write_figures_first_year_has_no_change_plots(tables, config, instrument, tmp_path):
    est = tables["estimates"].query("year == 2024")
    manifest = figures.write_figures(est, {}, None, 2024, config, instrument, tmp_path)
    assert "change_forest" not in manifest and "item_diverging" not in manifest
    assert {"index_trend", "values", "unit_heatmap", "unit_funnel"} <= set(manifest)


def test_pick_comparison_prefers_the_previous_year():
    comps = {(2024, 2026): "base", (2025, 2026): "prev", "2024-2025": "old"}
    assert figures.pick_comparison(comps, 2026)[:2] == (2025, 2026)
    assert figures.pick_comparison(comps, 2025)[2] == "old"
    assert figures.pick_comparison(comps, 2024) is None
