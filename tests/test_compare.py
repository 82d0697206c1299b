import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.stats import aggregate, cells, compare, overlap, scoring, weighting

Y0, Y1 = 2024, 2025


# --------------------------------------------------------------------------- fixtures
def _scores(ids, index, unit=None, weight=None, pos=None, bp=None) -> pd.DataFrame:
    """A scores table with an index (and optionally a BP value) column."""
    index = np.asarray(index, dtype="float64")
    frame = pd.DataFrame({
        "respondent": pd.array(list(ids), dtype="string"),
        "unit": unit if unit is not None else "U",
        "weight": 1.0 if weight is None else weight,
        "index": index,
        "pos_index": (index >= 50).astype(float) if pos is None else pos,
    })  # fmt: skip
    if bp is not None:
        frame["BP"] = bp
        frame["pos_BP"] = (np.asarray(bp) >= 50).astype(float)
    return frame


def _estimates(scores, year, measures=("index",), group_by=("unit",), min_size=10):
    """Unweighted estimates as aggregate writes them: mean, s/sqrt(n), percent positive."""
    rows = []
    for dim in ["all", *group_by]:
        groups = pd.Series("all", index=scores.index) if dim == "all" else scores[dim]
        for group, part in scores.groupby(groups):
            for m in measures:
                y, p = part[m].dropna(), part[f"pos_{m}"].dropna()
                n = len(y)
                rows.append({
                    "year": year, "group_by": dim, "group": group, "measure": m, "n": n,
                    "estimate": y.mean(), "se": y.std() / np.sqrt(n),
                    "estimate_unweighted": y.mean(), "se_unweighted": y.std() / np.sqrt(n),
                    "deff": 1.0, "n_eff": n, "pct_positive": 100 * p.mean(),
                    "pct_positive_se": 100 * p.std() / np.sqrt(n), "suppressed": n < min_size,
                    "suppression_reason": f"n < {min_size}" if n < min_size else "",
                })  # fmt: skip
    est = pd.DataFrame(rows)
    hidden = est["suppressed"]
    cols = ["n", "estimate", "se", "estimate_unweighted", "se_unweighted", "pct_positive",
            "pct_positive_se"]  # fmt: skip
    est[cols] = est[cols].astype("float64")
    est.loc[hidden, cols] = np.nan
    return est


def _compare(s0, s1, e0=None, e1=None, measures=("index",), **kw):
    kw.setdefault("group_columns", {"unit": "unit"})
    return compare.compare_years(
        _estimates(s0, Y0, measures) if e0 is None else e0,
        _estimates(s1, Y1, measures) if e1 is None else e1,
        s0, s1, year0=Y0, year1=Y1, measures=list(measures), **kw,
    )  # fmt: skip


def _row(table, group_by="all", group="all", measure="index"):
    hit = table[(table.group_by == group_by) & (table.group == group) & (table.measure == measure)]
    assert len(hit) == 1
    return hit.iloc[0]


def _ids(prefix, n):
    return [f"{prefix}{i:05d}" for i in range(n)]


# --------------------------------------------------------------------------- equivalences
def test_no_overlap_unweighted_equals_welch_t_test():
    rng = np.random.default_rng(11)
    y0, y1 = rng.normal(70, 9, 140), rng.normal(73, 14, 95)
    s0, s1 = _scores(_ids("a", 140), y0), _scores(_ids("b", 95), y1)
    row = _row(_compare(s0, s1))
    ref = stats.ttest_ind(y1, y0, equal_var=False)
    assert row.n_matched == 0
    assert row["diff"] / row.se_diff == pytest.approx(ref.statistic, abs=1e-10)
    assert row.p == pytest.approx(ref.pvalue, abs=1e-10)
    assert row.df == pytest.approx(ref.df, rel=1e-10)
    ci = ref.confidence_interval(0.95)
    assert (row.ci_low, row.ci_high) == pytest.approx((ci.low, ci.high), abs=1e-10)


def test_complete_overlap_gives_paired_standard_error_and_df():
    rng = np.random.default_rng(5)
    n = 120
    y0 = rng.normal(70, 10, n)
    y1 = 0.7 * y0 + rng.normal(23, 6, n)  # strongly correlated with last year
    ids = _ids("p", n)
    order = rng.permutation(n)  # year 1 stored in another order: the link is by pseudonym
    pos0, pos1 = (y0 >= 70).astype(float), (y1 >= 70).astype(float)
    s0 = _scores(ids, y0, pos=pos0)
    s1 = _scores(np.array(ids)[order], y1[order], pos=pos1[order])
    row = _row(_compare(s0, s1))
    ref = stats.ttest_rel(y1, y0)
    assert row.n_matched == n
    assert row.se_diff == pytest.approx(np.std(y1 - y0, ddof=1) / np.sqrt(n), rel=1e-10)
    assert row["diff"] / row.se_diff == pytest.approx(ref.statistic, rel=1e-10)
    assert row.df == pytest.approx(n - 1)  # the paired df (Derrick et al. 2017 at full overlap)
    assert row.p == pytest.approx(ref.pvalue, rel=1e-9)
    # Percent positive: the paired SE of the positive shares, z interval.
    pos_diff = 100 * (pos1 - pos0)
    pp_se = np.std(pos_diff, ddof=1) / np.sqrt(n)
    assert pp_se < 0.8 * 100 * np.sqrt((pos0.var(ddof=1) + pos1.var(ddof=1)) / n)
    assert row.pp_diff == pytest.approx(pos_diff.mean(), abs=1e-10)
    assert row.pp_ci_high - row.pp_diff == pytest.approx(
        stats.t.ppf(0.975, n - 1) * pp_se, rel=1e-10
    )
    # Treated as independent, the SE would be much larger.
    assert row.se_diff < 0.7 * np.sqrt(np.var(y0, ddof=1) / n + np.var(y1, ddof=1) / n)


def test_partial_overlap_uses_the_matched_covariance_and_reduces_se():
    rng = np.random.default_rng(8)
    n0, n1, n_m = 300, 260, 150
    base = rng.normal(0, 1, n0)
    y0 = 70 + 10 * base
    linked = 70 + 10 * (0.8 * base[:n_m] + 0.6 * rng.normal(0, 1, n_m))
    y1 = np.concatenate([linked, 70 + 10 * rng.normal(0, 1, n1 - n_m)])
    s0 = _scores(_ids("x", n0), y0)
    s1 = _scores(_ids("x", n_m) + _ids("new", n1 - n_m), y1)
    row = _row(_compare(s0, s1))
    se_ind = np.sqrt(np.var(y0, ddof=1) / n0 + np.var(y1, ddof=1) / n1)
    s01 = np.cov(y0[:n_m], y1[:n_m], ddof=1)[0, 1]
    expected = np.sqrt(se_ind**2 - 2 * n_m * s01 / (n0 * n1))
    assert row.n_matched == n_m
    assert row.se_diff == pytest.approx(expected, rel=1e-10)
    assert row.se_diff < 0.85 * se_ind
    # df lies between the paired df and Welch's df.
    assert n_m - 1 < row.df < stats.ttest_ind(y1, y0, equal_var=False).df


def test_link_requires_the_same_group_in_both_years():
    rng = np.random.default_rng(2)
    y0 = rng.normal(70, 10, 60)
    y1 = y0 + rng.normal(1, 2, 60)
    ids = _ids("m", 60)
    units0 = np.repeat(["A", "B"], 30)
    units1 = np.where(np.arange(60) < 40, "A", "B")  # ten people moved from B to A
    s0, s1 = _scores(ids, y0, unit=units0), _scores(ids, y1, unit=units1)
    out = _compare(s0, s1)
    assert _row(out).n_matched == 60
    assert _row(out, "unit", "A").n_matched == 30
    assert _row(out, "unit", "B").n_matched == 20


def test_weighted_covariance_is_the_linearised_one():
    # Complete overlap with unequal weights: Var(diff) of the two ratio means equals the
    # linearised variance of the difference, n/(n-1) sum_i (z0_i - z1_i)^2 with
    # z_t = w_t (y_t - ybar_t) / W_t (Woodruff 1971).
    rng = np.random.default_rng(4)
    n = 80
    y0 = rng.normal(70, 10, n)
    y1 = y0 + rng.normal(2, 5, n)
    w0, w1 = rng.uniform(1, 4, n), rng.uniform(1, 4, n)

    def z(y, w):
        return w * (y - np.average(y, weights=w)) / w.sum()

    def est(y, w, year):
        se = np.sqrt(n / (n - 1) * np.sum(z(y, w) ** 2))
        return pd.DataFrame({
            "year": year, "group_by": "all", "group": "all", "measure": "index", "n": n,
            "estimate": np.average(y, weights=w), "se": se, "se_unweighted": stats.sem(y),
            "pct_positive": 90.0, "pct_positive_se": 2.0, "suppressed": False,
        }, index=[0])  # fmt: skip

    ids = _ids("w", n)
    s0, s1 = _scores(ids, y0, weight=w0), _scores(ids, y1, weight=w1)
    row = _row(_compare(s0, s1, est(y0, w0, Y0), est(y1, w1, Y1)))
    expected = np.sqrt(n / (n - 1) * np.sum((z(y1, w1) - z(y0, w0)) ** 2))
    assert row.se_diff == pytest.approx(expected, rel=1e-10)
    assert row["diff"] == pytest.approx(np.average(y1, weights=w1) - np.average(y0, weights=w0))


# --------------------------------------------------------------------------- multiplicity
def _multi_group_survey(seed=3, n_units=6, n=40):
    rng = np.random.default_rng(seed)
    units = np.repeat([f"U{u}" for u in range(n_units)], n)
    shift = np.repeat(np.linspace(-3, 4, n_units), n)  # changes differ by unit, small overall
    frames = []
    for prefix, delta in (("a", 0.0), ("b", 1.0)):
        index = rng.normal(70, 10, len(units)) + delta * shift
        bp = rng.normal(68, 12, len(units)) + delta * (shift[::-1] + 1.5)
        frames.append(_scores(_ids(prefix, len(units)), index, unit=units, bp=bp))
    return frames


def test_holm_headline_and_bh_families_match_statsmodels():
    s0, s1 = _multi_group_survey(seed=8)
    measures = ("index", "BP")
    e0, e1 = _estimates(s0, Y0, measures), _estimates(s1, Y1, measures)

    def with_items(e, delta):  # two items, in the estimates only (items are not in scores)
        bp = e[e.measure == "BP"]
        return pd.concat([e, bp.assign(measure="BP1", estimate=bp.estimate + delta),
                          bp.assign(measure="BP2", estimate=bp.estimate - delta)])  # fmt: skip

    e0, e1 = with_items(e0, 0.0), with_items(e1, 2.5)
    out = _compare(s0, s1, e0, e1, measures=("index", "BP", "BP1", "BP2"))
    assert set(out.family) == {"headline", "all:items", "unit:index", "unit:BP", "unit:BP1",
                               "unit:BP2"}  # fmt: skip
    assert (out.loc[out.family == "headline", "adjustment"] == "holm").all()
    assert (out.loc[out.family != "headline", "adjustment"] == "fdr_bh").all()
    head = out[out.family == "headline"]
    assert list(head.measure) == ["index", "BP"]
    # The family is one where Holm and BH disagree, so the method is really checked.
    assert not np.allclose(multipletests(head.p, method="holm")[1],
                           multipletests(head.p, method="fdr_bh")[1])  # fmt: skip
    for family, rows in out.groupby("family"):
        method = "holm" if family == "headline" else "fdr_bh"
        for p, adj in (("p", "p_adj"), ("pp_p", "pp_p_adj")):
            ok = rows[p].notna()
            expected = multipletests(rows.loc[ok, p], method=method)[1]
            np.testing.assert_allclose(rows.loc[ok, adj], expected, rtol=1e-12)
    assert (out.significant == (out.p_adj < 0.05)).all()
    assert (out.material == (out["diff"].abs() >= 3.0)).all()


def test_untested_rows_stay_out_of_the_family():
    s0, s1 = _multi_group_survey(n_units=4)
    small = s1.unit == "U1"
    s1 = pd.concat([s1[~small], s1[small].iloc[:6]], ignore_index=True)  # U1 has 6 in 2025
    out = _compare(s0, s1)
    fam = out[out.family == "unit:index"]
    assert fam.tested.tolist() == [True, False, True, True]
    tested = fam[fam.tested]
    np.testing.assert_allclose(tested.p_adj, multipletests(tested.p, method="fdr_bh")[1])


# --------------------------------------------------------------------------- small groups
def test_suppressed_small_and_absent_groups_are_not_tested():
    rng = np.random.default_rng(9)
    u0 = np.array(["A"] * 30 + ["S"] * 5 + ["T"] * 20 + ["G"] * 15)
    u1 = np.array(["A"] * 30 + ["S"] * 20 + ["T"] * 7 + ["N"] * 15)
    s0 = _scores(_ids("q", len(u0)), rng.normal(70, 10, len(u0)), unit=u0)
    s1 = _scores(_ids("q", len(u1)), rng.normal(72, 10, len(u1)), unit=u1)
    e0 = _estimates(s0, Y0)
    e1 = _estimates(s1, Y1, min_size=5)  # T (n = 7) published in 2025, but below 10
    out = _compare(s0, s1, e0, e1)
    assert list(out.group) == ["all", "A", "G", "N", "S", "T"]
    s = _row(out, "unit", "S")
    assert not s.tested and np.isnan(s.p) and np.isnan(s.p_adj) and np.isnan(s["diff"])
    assert s.note == "n < 10 in 2024"
    assert pd.isna(s.n0) and np.isnan(s.est0) and np.isnan(s.pp0) and pd.isna(s.n_matched)
    assert s.n1 == 20 and s.est1 == pytest.approx(s1.loc[s1.unit == "S", "index"].mean())
    t = _row(out, "unit", "T")
    assert not t.tested and t.note == "n < 10 in 2025" and t.n1 == 7
    assert not t.significant and not t.material
    assert _row(out, "unit", "G").note == "absent in 2025"
    assert _row(out, "unit", "N").note == "absent in 2024"
    assert _row(out, "unit", "A").tested and _row(out, "unit", "A").note == ""
    # The complementary reason is carried into the note.
    e0.loc[(e0.group == "G"), ["suppressed", "suppression_reason"]] = [True, "komplementer"]
    e0.loc[(e0.group == "G"), ["n", "estimate", "se"]] = np.nan
    g = _row(_compare(s0, s1, e0, e1), "unit", "G")
    assert g.note == "suppressed in 2024 (komplementer); absent in 2025"


# --------------------------------------------------------------------------- effect sizes
def test_hedges_g_hand_worked():
    # y0 = 1..5 and y1 = 3..7: diff 2, both variances 2.5, so d = 2 / sqrt(2.5);
    # J = 1 - 3 / (4 * 10 - 9) = 28/31 (Hedges 1981).
    s0 = _scores(_ids("a", 5), [1, 2, 3, 4, 5])
    s1 = _scores(_ids("b", 5), [3, 4, 5, 6, 7])
    e0, e1 = _estimates(s0, Y0, min_size=5), _estimates(s1, Y1, min_size=5)
    row = _row(_compare(s0, s1, e0, e1, min_group_size=5))
    assert row.effect_size == pytest.approx(2 / np.sqrt(2.5) * 28 / 31, rel=1e-12)
    assert compare.hedges_g(2.0, np.sqrt(2.5), np.sqrt(2.5), 5, 5) == pytest.approx(
        1.1425003, abs=1e-7
    )


def test_item_effect_size_uses_the_estimates_sd():
    s0, s1 = _scores(_ids("a", 20), np.arange(20.0)), _scores(_ids("b", 20), np.arange(20.0))
    e0, e1 = _estimates(s0, Y0), _estimates(s1, Y1)
    e0 = pd.concat([e0, e0.assign(measure="BP1", estimate=60.0, se_unweighted=2.0)])
    e1 = pd.concat([e1, e1.assign(measure="BP1", estimate=64.0, se_unweighted=3.0)])
    row = _row(_compare(s0, s1, e0, e1, measures=("index", "BP1")), measure="BP1")
    sd0, sd1 = 2.0 * np.sqrt(20), 3.0 * np.sqrt(20)
    pooled = np.sqrt((sd0**2 + sd1**2) / 2)
    assert row.effect_size == pytest.approx(4 / pooled * (1 - 3 / (4 * 40 - 9)))
    assert pd.isna(row.n_matched) and row.family == "all:items"


def test_percent_positive_t_test_and_cohen_h_hand_values():
    # 50% positive in 2024, 75% in 2025: h = 2 asin(sqrt(.75)) - 2 asin(sqrt(.5)) = pi/6.
    assert compare.cohen_h(0.5, 0.75) == pytest.approx(np.pi / 6, rel=1e-12)
    pos0 = np.tile([1.0, 0.0], 20)
    pos1 = np.tile([1.0, 1.0, 1.0, 0.0], 10)
    s0 = _scores(_ids("a", 40), np.linspace(40, 90, 40), pos=pos0)
    s1 = _scores(_ids("b", 40), np.linspace(45, 95, 40), pos=pos1)
    row = _row(_compare(s0, s1))
    assert (row.pp0, row.pp1, row.pp_diff) == pytest.approx((50.0, 75.0, 25.0))
    assert row.cohen_h == pytest.approx(np.pi / 6, rel=1e-12)
    v0, v1 = 100**2 * pos0.var(ddof=1) / 40, 100**2 * pos1.var(ddof=1) / 40
    se, df = np.sqrt(v0 + v1), (v0 + v1) ** 2 / (v0**2 / 39 + v1**2 / 39)  # Welch
    assert row.pp_p == pytest.approx(2 * stats.t.sf(25 / se, df), rel=1e-10)
    assert row.pp_ci_high - row.pp_ci_low == pytest.approx(2 * stats.t.ppf(0.975, df) * se)


# --------------------------------------------------------------------------- the null
def _null_replications(reps, n, overlap, rho, seed):
    """reps independent surveys of n per year, one 'unit' per replication."""
    rng = np.random.default_rng(seed)
    units = np.repeat([f"r{r:03d}" for r in range(reps)], n)
    base = rng.normal(0, 1, reps * n)
    noise = rng.normal(0, 1, reps * n)
    y0 = 70 + 10 * base
    y1 = 70 + 10 * (rho * base + np.sqrt(1 - rho**2) * noise)
    ids0 = np.char.add("p", np.arange(reps * n).astype(str))
    same = np.tile(np.arange(n) < overlap, reps)
    ids1 = np.where(same, ids0, np.char.add("q", np.arange(reps * n).astype(str)))
    y1 = np.where(same, y1, 70 + 10 * noise)
    return _scores(ids0, y0, unit=units), _scores(ids1, y1, unit=units)


@pytest.mark.parametrize("overlap, rho", [(0, 0.0), (100, 0.7)])
def test_rejection_rate_under_no_change_is_nominal(overlap, rho):
    # 400 replications x n = 200 per year, no true change; with half the people linked and
    # correlated 0.7, ignoring the link would reject far less than 5%.
    s0, s1 = _null_replications(400, 200, overlap, rho, seed=2025 + overlap)
    out = _compare(s0, s1)
    units = out[out.group_by == "unit"]
    assert len(units) == 400 and units.tested.all()
    assert (units.n_matched == overlap).all()
    share = (units.p < 0.05).mean()
    assert 0.02 <= share <= 0.08
    # And the SE is calibrated: the spread of the diffs matches the reported SEs.
    assert units["diff"].std() == pytest.approx(np.sqrt((units.se_diff**2).mean()), rel=0.1)


# --------------------------------------------------------------------------- overlap from cell sums
def _panel(seed=7, n=400):
    """Two years of a survey with everything that makes the overlap hard: answers missing
    at random (and one column nobody answered in one agency the second year), a constant
    column, pseudonyms missing or new, people who changed their age band, sex (some
    unrecorded) and agency (stratum) between the years, unequal weights and headcounts that
    differ by year."""
    rng = np.random.default_rng(seed)
    strata = np.array(["A", "B", "C", "D"])

    def year(ids, stratum, band, sex, shift):
        m = len(ids)
        x = rng.normal(70 + shift, 12, m)
        v = 0.6 * x + rng.normal(25, 8, m)
        table = pd.DataFrame({
            "respondent": pd.array(ids, dtype="string"),
            "weight": rng.uniform(0.5, 3.0, m),
            "stratum": stratum,
            "unit": np.char.add(stratum.astype(str), rng.choice(["1", "2"], m)),
            "sex": pd.array(sex, dtype="string"),
            "band": band,
            "x": np.where(rng.random(m) < 0.15, np.nan, x),
            "v": np.where((rng.random(m) < 0.1) | ((stratum == "D") & (shift > 0)), np.nan, v),
            "flat": 50.0,
            "pos_x": np.where(rng.random(m) < 0.15, np.nan, (x >= 70).astype(float)),
        })  # fmt: skip
        table["stratum_N"] = table["stratum"].map({"A": 300, "B": 250, "C": 180, "D": 120})
        return table

    stratum0 = rng.choice(strata, n)
    band0 = rng.choice(["<30", "30–39", "40+"], n)
    sex0 = rng.choice(["L", "P", None], n, p=[0.45, 0.45, 0.1])
    ids0 = np.array(_ids("p", n), dtype=object)
    ids0[rng.random(n) < 0.03] = None  # no pseudonym: never linked
    s0 = year(ids0, stratum0, band0, sex0, 0.0)
    stay = rng.random(n) < 0.7
    ids1 = np.concatenate([ids0[stay], _ids("q", 150)])
    m1 = len(ids1)
    moved = rng.random(m1) < 0.1
    stratum1 = np.where(moved, rng.choice(strata, m1), np.concatenate(
        [stratum0[stay], rng.choice(strata, 150)]))  # fmt: skip
    older = rng.random(m1) < 0.2
    band1 = np.concatenate([band0[stay], rng.choice(["<30", "30–39", "40+"], 150)])
    band1 = np.where(older & (band1 == "<30"), "30–39", band1)
    sex1 = np.concatenate([sex0[stay], rng.choice(["L", "P", None], 150)])
    sex1 = np.where(rng.random(m1) < 0.05, None, sex1)
    s1 = year(ids1, stratum1, band1, sex1, 2.0)
    s1["stratum_N"] = s1["stratum_N"] + 20  # the frame grew
    return s0, s1


def _brute_overlap(s0, s1, group_columns, columns, frame, percent, anonymous=False):
    """The overlap of every breakdown, group and column by the module docstring's formulas,
    person by person: each year's linearised scores z in the group (0 outside it or without
    an answer) and the covariance of the linked people's z, stratum by stratum."""
    pairs = s0.reset_index(names="r0").merge(
        s1.reset_index(names="r1"), on="respondent", suffixes=("0", "1"))  # fmt: skip
    pairs = pairs[pairs["respondent"].notna()].iloc[: 0 if anonymous else None]
    if frame:
        pairs = pairs[pairs["stratum0"] == pairs["stratum1"]]
    rows = []
    for group_by in ["all", *group_columns]:
        g = [pd.Series("all", index=s.index) if group_by == "all" else
             s[group_columns[group_by]].astype("string").fillna(cells.MISSING_GROUP).astype(str)
             for s in (s0, s1)]  # fmt: skip
        for col in columns:
            z = []
            for s, groups in zip((s0, s1), g, strict=True):
                y = s[col].to_numpy(float) * (100.0 if col in percent else 1.0)
                zt = np.zeros(len(s))
                for label in groups.unique():
                    d = (groups == label).to_numpy() & np.isfinite(y)
                    w = s["weight"].to_numpy()[d]
                    if d.any():
                        zt[d] = w * (y[d] - np.sum(w * y[d]) / w.sum()) / w.sum()
                z.append(zt)
            has0 = np.isfinite(s0[col].to_numpy(float))[pairs["r0"]]
            has1 = np.isfinite(s1[col].to_numpy(float))[pairs["r1"]]
            g0, g1 = g[0].to_numpy()[pairs["r0"]], g[1].to_numpy()[pairs["r1"]]
            for label in sorted(set(g[0]) | set(g[1])):
                a0 = np.where(g0 == label, z[0][pairs["r0"]], 0.0)
                a1 = np.where(g1 == label, z[1][pairs["r1"]], 0.0)
                mine = (g0 == label) & (g1 == label) & has0 & has1
                if frame:
                    cov = 0.0
                    for h in set(pairs["stratum0"]):
                        in_h = (pairs["stratum0"] == h).to_numpy()
                        m = in_h.sum()
                        n0h, n1h = (s0["stratum"] == h).sum(), (s1["stratum"] == h).sum()
                        N = max(s0.loc[s0["stratum"] == h, "stratum_N"].max(),
                                s1.loc[s1["stratum"] == h, "stratum_N"].max())  # fmt: skip
                        if m >= 2:
                            cov += np.cov(a0[in_h], a1[in_h])[0, 1] * (m - n0h * n1h / N)
                    df = mine.sum() - len(set(pairs["stratum0"][mine]))
                else:
                    m = mine.sum()
                    cov = m * np.cov(a0[mine], a1[mine])[0, 1] if m >= 2 else 0.0
                    df = m - 1
                rows.append({"group_by": group_by, "group": label, "column": col,
                             "n_matched": float(mine.sum()), "cov": cov, "df_matched": df})  # fmt: skip
    return pd.DataFrame(rows)


@pytest.mark.parametrize("frame", [True, False])
@pytest.mark.parametrize("anonymous", [False, True])
@pytest.mark.parametrize("block_bytes", [None, 1])  # all columns at once, or one at a time
def test_overlap_from_cell_sums_equals_the_person_by_person_formulas(
    frame, anonymous, block_bytes, monkeypatch
):
    if block_bytes:
        monkeypatch.setattr(overlap, "_BLOCK_BYTES", block_bytes)
    s0, s1 = _panel()
    # Two breakdowns of the same column, and one whose column has unrecorded values.
    group_columns = {"unit": "unit", "jk": "sex", "usia": "band", "usia_lagi": "band"}
    columns = ["x", "v", "flat", "pos_x"]
    link = (np.zeros(0, "int64"), np.zeros(0, "int64")) if anonymous else compare._link(s0, s1)
    got = overlap.overlap_covariances(s0, s1, link, group_columns, columns, frame, ["pos_x"])
    want = _brute_overlap(s0, s1, group_columns, columns, frame, {"pos_x"}, anonymous)
    keys = ["group_by", "group", "column"]
    got = got.astype({k: str for k in keys}).sort_values(keys).reset_index(drop=True)
    want = want.sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(got[keys], want[keys])
    assert (got["n_matched"] == want["n_matched"]).all()
    assert (got["df_matched"] == want["df_matched"]).all()
    np.testing.assert_allclose(got["cov"], want["cov"], rtol=1e-10, atol=1e-13)
    # The data make every case occur: movers, group changers, missing answers, a column
    # with nobody linked in a group, and (linked) some covariance.
    if not anonymous:
        assert (want.query("group_by == 'all'")["n_matched"] > 100).all()
        assert (want["cov"].abs() > 1e-3).any() and (want["n_matched"] == 0).any()
        assert (want.loc[want["column"] == "flat", "cov"].abs() < 1e-12).all()
    else:
        assert (got["n_matched"] == 0).all() and (got["cov"] == 0).all()


# --------------------------------------------------------------------------- pipeline tables
def test_works_on_aggregate_estimates_with_weights(instrument, config):
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"unit": ["A", "B", "C"], "jumlah": [300, 500, 12]})

    def year(ids, shift):
        n = len(ids)
        units = np.array(["A"] * (n // 2) + ["B"] * (n - n // 2 - 8) + ["C"] * 8)
        answers = np.clip(np.round(3.6 + shift + rng.normal(0, 1, (n, 21))), 1, 5)
        responses = pd.DataFrame(answers, columns=instrument.items).astype("Int8")
        responses.insert(0, "respondent", pd.array(ids, dtype="string"))
        responses.insert(1, "unit", units)
        responses.insert(2, "jenis_kelamin", rng.choice(["L", "P", None], n, p=[0.5, 0.45, 0.05]))
        scores = scoring.score_respondents(responses, instrument).join(
            weighting.poststratify(responses, frame)
        )
        return responses, scores

    r0, s0 = year(_ids("a", 200), 0.0)
    r1, s1 = year(_ids("a", 120) + _ids("b", 90), 0.3)
    kw = {"group_by": ["unit", "jenis_kelamin"], "bands": config["bands"]}
    e0 = aggregate.estimate_groups(s0, r0, instrument, year=Y0, **kw)
    e1 = aggregate.estimate_groups(s1, r1, instrument, year=Y1, **kw)
    measures = ["index", *instrument.value_ids, *instrument.items]
    out = compare.compare_years(
        e0, e1, s0, s1, year0=Y0, year1=Y1, measures=measures,
        group_columns={"unit": "unit", "jenis_kelamin": "jenis_kelamin"},
    )  # fmt: skip
    assert list(out.columns) == compare.COMPARISON_COLUMNS
    assert list(out.group_by.unique()) == ["all", "unit", "jenis_kelamin"]
    assert list(out.loc[(out.group_by == "all"), "measure"]) == measures
    c = out[(out.group == "C")]
    assert (~c.tested).all() and c.est0.isna().all() and c.note.str.contains("n < 10").all()
    head = out[out.family == "headline"]
    # 120 people answered both years, but a100-a104 moved from B (2024) to A (2025): with a
    # frame, the link is within an agency (stratum), so 115 are linked.
    assert len(head) == 8 and head.tested.all() and (head.n_matched == 115).all()
    # Linked people tighten the weighted SE too (the panel's scores are independent here, so
    # only a little, but never more than the bound |rho| <= 1 allows).
    e_ind = np.sqrt(e0.set_index(["group_by", "group", "measure"]).se ** 2
                    + e1.set_index(["group_by", "group", "measure"]).se ** 2)  # fmt: skip
    ind = e_ind.reindex(pd.MultiIndex.from_frame(head[["group_by", "group", "measure"]]))
    assert np.all(np.abs(head.se_diff.to_numpy() - ind.to_numpy()) < 0.2 * ind.to_numpy())
    both = out[out.tested]
    assert both.se_diff.notna().all() and (both.se_diff > 0).all() and both.p.between(0, 1).all()
    # The true change of 0.3 scale points (7.5 index points, less after clipping) is found.
    assert _row(out).significant and _row(out)["diff"] > 3
    missing = out[out.group == cells.MISSING_GROUP]
    assert len(missing) == len(measures)


def test_zero_standard_error_gives_an_exact_difference():
    # A census in both years (finite-population correction): se = 0, the change is exact.
    s0, s1 = _scores(_ids("a", 20), np.arange(20.0)), _scores(_ids("b", 20), np.arange(20.0))
    e0, e1 = _estimates(s0, Y0), _estimates(s1, Y1)
    e0["se"], e1["se"] = 0.0, 0.0
    e1["estimate"] += 2.0
    row = _row(_compare(s0, s1, e0, e1))
    assert row.tested and row.se_diff == 0 and row.p == 0 and row.p_adj == 0
    assert (row.ci_low, row.ci_high) == (pytest.approx(2.0), pytest.approx(2.0))
    assert "exact" in row.note


# --------------------------------------------------------------------------- years and errors
def test_years_to_compare():
    assert compare.years_to_compare([2025, 2024]) == [(2024, 2025)]
    assert compare.years_to_compare([2024, 2025, 2026, 2026]) == [
        (2024, 2025), (2024, 2026), (2025, 2026)]  # fmt: skip
    assert compare.years_to_compare([2027, 2024, 2026, 2025]) == [
        (2024, 2025), (2024, 2026), (2024, 2027), (2025, 2026), (2026, 2027)]  # fmt: skip
    assert compare.years_to_compare([2024]) == []


def test_bad_input_raises_an_actionable_error(english):
    s0, s1 = _scores(_ids("a", 20), np.arange(20.0)), _scores(_ids("b", 20), np.arange(20.0))
    with pytest.raises(BudayaKerjaError, match="lacks the column"):
        _compare(s0, s1, e0=_estimates(s0, Y0).drop(columns="se"))
    with pytest.raises(BudayaKerjaError, match="unit"):
        _compare(s0.drop(columns="unit"), s1, e0=_estimates(s0, Y0))
    dup = pd.concat([s0, s0.iloc[:1]], ignore_index=True)
    with pytest.raises(BudayaKerjaError, match="more than once"):
        _compare(dup, s1)
    with pytest.raises(BudayaKerjaError, match="no rows for year"):
        _compare(s0, s1, e0=_estimates(s0, 2023))
    with pytest.raises(BudayaKerjaError, match="two different years"):
        compare.compare_years(_estimates(s0, Y0), _estimates(s1, Y0), s0, s1, year0=Y0,
                              year1=Y0, measures=["index"], group_columns={})  # fmt: skip


def test_power_hand_values():
    from budaya_kerja.stats.compare import power

    # se = 3/2.8 gives the textbook 80% (z = 1.96 + 0.84); a tiny se gives ~1; zero change alpha.
    assert power(3.0, 3.0 / (1.959964 + 0.841621), 0.05) == pytest.approx(0.80, abs=1e-3)
    assert power(3.0, 0.1) == pytest.approx(1.0)
    assert power(0.0, 1.0) == pytest.approx(0.05)


def test_unlinked_means_nobody_matched_on_the_tested_overall_index():
    row = {"group_by": "all", "group": "all", "measure": "index", "tested": True, "n_matched": 0.0}
    other = {**row, "group_by": "unit", "group": "A", "n_matched": 5.0}
    assert compare.unlinked(pd.DataFrame([row, other]))
    assert not compare.unlinked(pd.DataFrame([{**row, "n_matched": 12.0}, other]))
    assert not compare.unlinked(pd.DataFrame([{**row, "tested": False, "n_matched": np.nan}]))


def test_comparison_lists_groups_as_the_estimates_do(processed):
    comp = processed.comparison.query("group_by == 'kelompok_usia' and measure == 'index'")
    est = processed.estimates.query("year == 2025 and group_by == 'kelompok_usia' and "
                                    "measure == 'index'")  # fmt: skip
    assert list(comp.group) == list(est.group)
    assert list(comp.group)[:2] == ["<30", "30–39"]


def _linked_survey(units: dict[str, tuple[int, int]], seed=4):
    """Two years of one workforce: per unit (people per year, of whom linked)."""
    rng = np.random.default_rng(seed)
    frames = []
    for year, prefix in ((0, "a"), (1, "b")):
        ids, unit = [], []
        for u, (n, m) in units.items():
            ids += [f"{u}{i:04d}" for i in range(m)]  # the linked: same pseudonym both years
            ids += [f"{prefix}{u}{i:04d}" for i in range(n - m)]
            unit += [u] * n
        frames.append(_scores(ids, rng.normal(70 + year, 10, len(ids)), unit=np.array(unit)))
    return frames


def _exposed(out, min_size=10) -> list[str]:
    """The subtraction attack on n_matched: per breakdown and measure, the overall count less
    the published groups' counts must pool at least two hidden groups and min_size people."""
    found = []
    for (group_by, measure), part in out[out.group_by != "all"].groupby(["group_by", "measure"]):
        total = _row(out, "all", "all", measure).n_matched
        shown = part["n_matched"].dropna()
        assert (shown >= min_size).all(), f"{group_by}/{measure}: a count under {min_size}"
        rest, hidden = total - shown.sum(), part["n_matched"].isna().sum()
        if hidden and (hidden < 2 or rest < min_size):
            found.append(f"{group_by}/{measure}: {rest} people in {hidden} hidden groups")
    return found


def test_linked_counts_under_the_minimum_are_hidden_with_a_complement():
    # B has 6 linked people (published estimates, tested): hidden; the overall count less
    # the others would give it back, so the smallest other (C, 12) is hidden too.
    s0, s1 = _linked_survey({"A": (40, 30), "B": (30, 6), "C": (30, 12), "D": (40, 25)})
    out = _compare(s0, s1)
    counts = out.set_index("group")["n_matched"]
    assert counts["all"] == 73 and counts["A"] == 30 and counts["D"] == 25
    assert pd.isna(counts["B"]) and pd.isna(counts["C"])
    assert _row(out, "unit", "B").tested and np.isfinite(_row(out, "unit", "B").se_diff)
    assert _exposed(out) == []


def test_linked_counts_of_hidden_agencies_cannot_be_recovered_by_subtraction():
    # E and F are suppressed (n < 10): 5 + 4 = 9 people linked across them would be the
    # overall count less the published agencies' (the review's 4,414 - 4,405).
    units = {"A": (40, 30), "C": (30, 20), "D": (40, 25), "E": (8, 5), "F": (7, 4)}
    s0, s1 = _linked_survey(units, seed=6)
    out = _compare(s0, s1, measures=("index",))
    counts = out.set_index("group")["n_matched"]
    assert counts["all"] == 84 and pd.isna(counts["E"]) and pd.isna(counts["F"])
    assert pd.isna(counts["C"]) and counts["A"] == 30 and counts["D"] == 25
    assert _exposed(out) == []
    # An anonymous survey links nobody by design: its zero counts are about nobody and stay.
    anonymous = _compare(s0, s1, measures=("index",), anonymous=True)
    assert (anonymous.loc[anonymous.tested, "n_matched"] == 0).all()


def test_no_linked_count_of_the_pipeline_can_be_recovered_by_subtraction(processed):
    comp = processed.comparison
    assert comp.loc[comp.group_by != "all", "n_matched"].isna().any()  # something to attack
    assert _exposed(comp) == []


def test_flags_read_back_as_text_are_not_truthy():
    """Estimates whose ``suppressed`` was read as text compare as the typed ones do."""
    rng = np.random.default_rng(7)
    ids = _ids("b", 60)
    units = np.repeat(["A", "B"], 30)
    s0 = _scores(ids, rng.normal(70, 10, 60), unit=units)
    s1 = _scores(ids, rng.normal(72, 10, 60), unit=units)
    e0, e1 = _estimates(s0, Y0), _estimates(s1, Y1)
    text0, text1 = (e.assign(suppressed=e["suppressed"].astype(str)) for e in (e0, e1))
    assert set(text0["suppressed"]) == {"False"}
    out = _compare(s0, s1, text0, text1)
    pd.testing.assert_frame_equal(out, _compare(s0, s1, e0, e1))
    assert _row(out, "unit", "A").tested


def _reference_link(r0: pd.Series, r1: pd.Series):
    """The link by a pandas merge on the pseudonym (missing never linked)."""
    left = pd.DataFrame({"key": r0.astype(object), "i0": np.arange(len(r0))}).dropna()
    right = pd.DataFrame({"key": r1.astype(object), "i1": np.arange(len(r1))}).dropna()
    both = left.merge(right, on="key").sort_values("i0")
    return both["i0"].to_numpy(), both["i1"].to_numpy()


@pytest.mark.parametrize("dtype", ["string", "str", "object"])
def test_link_is_the_merge_on_the_pseudonym(dtype):
    rng = np.random.default_rng(4)
    people = np.array([f"{v:064x}" for v in rng.integers(0, 2**62, 3000)], dtype=object)
    r0 = pd.Series(rng.permutation(people[:2000]), dtype=object)
    r1 = pd.Series(rng.permutation(people[1000:]), dtype=object)
    r0[rng.random(len(r0)) < 0.05], r1[rng.random(len(r1)) < 0.05] = None, None  # blanks
    s0, s1 = (pd.DataFrame({"respondent": r.astype(dtype)}) for r in (r0, r1))
    i0, i1 = compare._link(s0, s1)
    e0, e1 = _reference_link(r0, r1)
    assert 800 < len(i0) < 1000  # half of the shared people, less the blanks
    np.testing.assert_array_equal(i0, e0)
    np.testing.assert_array_equal(i1, e1)


def test_a_pseudonym_twice_stops_naming_the_first_in_the_two_years_order():
    a, b, c, d = (f"{k * 64}" for k in "abcd")
    s0 = pd.DataFrame({"respondent": pd.array([b, a, None, None, c], dtype="string")})
    # Year 1 has d and a twice: a is named, as it comes first (in year 0).
    s1 = pd.DataFrame({"respondent": pd.array([d, c, d, a, a], dtype="string")})
    with pytest.raises(BudayaKerjaError, match=f"scores1.*'{a}'"):
        compare._link(s0, s1)
    with pytest.raises(BudayaKerjaError, match=f"scores0.*'{b}'"):
        compare._link(pd.DataFrame({"respondent": [c, b, a, b, a]}), s0)
    assert len(compare._link(s0, s0)[0]) == 3  # missing twice is not a pseudonym twice


def test_group_labels_from_categoricals_are_the_text_ones():
    text = pd.Series(["PNS", None, "PPPK", "PNS", None], dtype="str")
    coded = overlap._labels(text.astype("category"))
    assert isinstance(coded.dtype, pd.CategoricalDtype)
    expected = text.astype("string").fillna(cells.MISSING_GROUP)
    assert pd.Series(coded).astype("string").equals(expected)
    assert pd.Series(overlap._labels(text)).equals(expected)


def test_cells_of_categorical_labels_are_those_of_the_text():
    rng = np.random.default_rng(1)
    text = pd.DataFrame({"unit": rng.choice(["B", "A", "Ä", "a", "10", "9"], 400),
                         "sex": pd.array(rng.choice(["P", "L", None], 400), dtype="str")})  # fmt: skip
    coded = text.astype("category")
    coded["unit"] = coded["unit"].cat.add_categories(["unused"])  # not present: no rank
    for got, want in zip(cells.finest_cells(coded, ["unit", "sex"]),
                         cells.finest_cells(text, ["unit", "sex"]), strict=True):  # fmt: skip
        np.testing.assert_array_equal(got, want)
