import dataclasses

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from budaya_kerja.io import tables
from budaya_kerja.stats import aggregate, cells, items, scoring, weighting


def _survey(instrument, n_by_unit, seed=0, frame=None):
    rng = np.random.default_rng(seed)
    units = np.repeat(list(n_by_unit), list(n_by_unit.values()))
    level = pd.Series({u: i for i, u in enumerate(n_by_unit)})[units].to_numpy() * 0.3
    answers = np.clip(np.round(3.5 + level[:, None] + rng.normal(0, 1, (len(units), 21))), 1, 5)
    responses = pd.DataFrame(answers, columns=instrument.items).astype("Int8")
    responses.insert(0, "unit", units)
    responses.insert(1, "jenis_kelamin", rng.choice(["L", "P"], len(units)))
    scores = scoring.score_respondents(responses, instrument).join(
        weighting.poststratify(responses, frame)
    )
    return responses, scores


def _estimate(instrument, config, responses, scores, **kw):
    return aggregate.estimate_groups(
        scores, responses, instrument, year=2024, group_by=["unit", "jenis_kelamin"],
        bands=config["bands"], **kw,
    )  # fmt: skip


def _row(est, group_by, group, measure="index"):
    hit = est[(est.group_by == group_by) & (est.group == group) & (est.measure == measure)]
    assert len(hit) == 1
    return hit.iloc[0]


def test_unweighted_mean_se_and_t_interval(instrument, config):
    responses, scores = _survey(instrument, {"A": 60, "B": 40})
    est = _estimate(instrument, config, responses, scores)
    y = scores["index"].to_numpy()
    row = _row(est, "all", "all")
    assert row.estimate == pytest.approx(y.mean())
    assert row.se == pytest.approx(stats.sem(y))
    low, high = stats.t.interval(0.95, len(y) - 1, loc=y.mean(), scale=stats.sem(y))
    assert (row.ci_low, row.ci_high) == pytest.approx((low, high))
    unit = _row(est, "unit", "B", "KO2")
    ko2 = (responses.loc[responses.unit == "B", "KO2"].astype(float) - 1) * 25
    assert unit.estimate == pytest.approx(ko2.mean()) and unit.se == pytest.approx(stats.sem(ko2))
    pos = (responses.loc[responses.unit == "B", "KO2"] >= 4).mean() * 100
    assert unit.pct_positive == pytest.approx(pos)


def test_stratified_mean_with_fpc_matches_textbook_formula(instrument, config):
    # Post-stratified by unit with known N: the estimate is the stratified mean and its
    # variance sum_h W_h^2 (1 - n_h/N_h) s_h^2 / n_h (Cochran 1977, 5.7).
    n = {"A": 60, "B": 40, "C": 25}
    N = {"A": 80, "B": 400, "C": 30}
    frame = pd.DataFrame({"unit": list(N), "jumlah": list(N.values())})
    responses, scores = _survey(instrument, n, seed=3, frame=frame)
    est = _estimate(instrument, config, responses, scores)
    total = sum(N.values())
    mean = var = 0.0
    for u in n:
        y = scores.loc[scores.unit == u, "index"]
        W = N[u] / total
        mean += W * y.mean()
        var += W**2 * (1 - n[u] / N[u]) * y.var(ddof=1) / n[u]
    row = _row(est, "all", "all")
    assert row.estimate == pytest.approx(mean)
    assert row.se == pytest.approx(np.sqrt(var))
    # Within one unit: (1 - f) s^2 / n; unweighted columns stay the simple ones.
    c = scores.loc[scores.unit == "C", "index"]
    unit = _row(est, "unit", "C")
    assert unit.se == pytest.approx(np.sqrt((1 - 25 / 30) * c.var(ddof=1) / 25))
    assert unit.se_unweighted == pytest.approx(stats.sem(c))
    assert row.estimate_unweighted == pytest.approx(scores["index"].mean())
    # Kish: deff = n sum(w^2) / (sum w)^2
    w = scores["weight"]
    assert row.deff == pytest.approx(len(w) * (w**2).sum() / w.sum() ** 2)


def test_small_group_is_suppressed_with_a_complement(instrument, config):
    responses, scores = _survey(instrument, {"A": 80, "B": 30, "C": 12, "D": 4})
    est = _estimate(instrument, config, responses, scores)
    units = est[(est.group_by == "unit") & (est.measure == "index")].set_index("group")
    assert units.loc["D", "suppressed"] and units.loc["D", "suppression_reason"] == "n < 10"
    # D alone would be recoverable from the total: the smallest other unit (C) is hidden too.
    assert units.loc["C", "suppressed"] and units.loc["C", "suppression_reason"] == "komplementer"
    assert not units.loc["B", "suppressed"]
    hidden = est[est.suppressed]
    assert hidden[["estimate", "se", "ci_low", "pct_positive", "n"]].isna().all().all()
    assert set(hidden["n_band"]) <= {"<10", "10–49"}


def test_hidden_cells_cannot_be_recovered_by_subtraction(instrument, config):
    responses, scores = _survey(instrument, {"A": 50, "B": 9, "C": 3, "D": 40})
    est = _estimate(instrument, config, responses, scores)
    idx = est[est.measure == "index"]
    total = idx[idx.group_by == "all"].iloc[0]
    units = idx[idx.group_by == "unit"]
    shown = units[~units.suppressed]
    # An attacker knows total n, total mean and every published cell: what is left over is the
    # pooled mean of the hidden cells, which must cover at least two units and 10 people.
    hidden_n = total.n - shown.n.sum()
    hidden_mean = (total.n * total.estimate - (shown.n * shown.estimate).sum()) / hidden_n
    hidden = scores[scores.unit.isin(units[units.suppressed].group)]
    assert hidden_mean == pytest.approx(hidden["index"].mean())  # the attack works as designed
    # ...so what is recoverable pools at least two agencies and 10 people, never one small unit.
    assert units.suppressed.sum() >= 2 and hidden_n >= 10
    assert set(units[units.suppressed].group) >= {"B", "C"}


def test_suppress_rule_directly():
    n = pd.Series({"a": 3, "b": 4, "c": 50, "d": 60})
    assert aggregate.suppress(n, 10).to_dict() == {
        "a": "n < 10", "b": "n < 10", "c": "komplementer", "d": ""}  # fmt: skip
    assert (aggregate.suppress(pd.Series({"a": 12, "b": 30}), 10) == "").all()


def test_category_certain_only_when_ci_inside_one_band(instrument, config):
    responses, scores = _survey(instrument, {"A": 200})
    est = _estimate(instrument, config, responses, scores)
    for row in est[~est.suppressed].itertuples():
        low = scoring.categorize([row.ci_low], config["bands"]).iloc[0]
        high = scoring.categorize([row.ci_high], config["bands"]).iloc[0]
        assert row.category_certain == (low == high)


def test_logit_interval_stays_inside_0_100():
    low, high = aggregate.logit_interval(np.array([0.99, 0.5, 0.0]), np.array([0.02, 0.05, 0.0]))
    assert 0 < low[0] < 99 < high[0] < 100
    half = 1.959964 * 0.05 / 0.25  # z * se / (p (1 - p)) on the logit scale
    assert (low[1], high[1]) == pytest.approx((100 / (1 + np.exp(half)), 100 / (1 + np.exp(-half))))
    assert low[2] == high[2] == 0


def test_empirical_bayes_hand_worked():
    # Equal SEs: tau^2 = var(est) - se^2 (DL with equal weights), B = tau^2 / (tau^2 + se^2).
    est = np.array([70.0, 75.0, 80.0, 85.0])
    se = np.full(4, 2.0)
    shrunk, tau2, weight = aggregate.empirical_bayes(est, se)
    assert tau2 == pytest.approx(est.var(ddof=1) - 4.0)
    assert weight == pytest.approx(np.full(4, tau2 / (tau2 + 4.0)))
    assert shrunk == pytest.approx(77.5 + weight * (est - 77.5))
    # No excess spread -> everything shrinks to the mean; a noisy group moves further.
    flat, tau2, _ = aggregate.empirical_bayes(np.array([75.0, 75.5, 74.5]), np.full(3, 5.0))
    assert tau2 == 0 and flat == pytest.approx([75.0] * 3)
    mixed, _, b = aggregate.empirical_bayes(
        np.array([60.0, 75, 90, 80, 70]), np.array([8.0, 1, 1, 1, 1])
    )
    assert b[0] < b[1] and abs(mixed[0] - 60) > abs(mixed[1] - 75)


def test_a_measure_few_answered_is_hidden_with_a_complement(instrument, config):
    responses, scores = _survey(instrument, {"A": 80, "B": 30, "C": 12})
    # Only 6 of C's 12 respondents answered KO2: C's KO2 is hidden, and so is B's (the
    # smallest other agency) so that C's KO2 cannot be worked back from the total.
    c_rows = responses.index[responses.unit == "C"][:6]
    responses.loc[c_rows, "KO2"] = pd.NA
    est = _estimate(instrument, config, responses, scores)
    ko2 = est[(est.group_by == "unit") & (est.measure == "KO2")].set_index("group")
    assert ko2.loc["C", "suppression_reason"] == "n < 10"
    assert ko2.loc["B", "suppression_reason"] == "komplementer"
    assert not ko2.loc["A", "suppressed"]
    index = est[(est.group_by == "unit") & (est.measure == "index")].set_index("group")
    assert not index.suppressed.any()  # other measures of C stay published


# --------------------------------------------------------------------------- domain estimator
def _stratified_sample(seed=11):
    """Four agencies with known headcounts, two sexes, 12 % of answers missing at random."""
    rng = np.random.default_rng(seed)
    n = {"A": 90, "B": 45, "C": 14, "D": 160}
    N = {"A": 150, "B": 400, "C": 20, "D": 900}
    unit = np.repeat(list(n), list(n.values()))
    y = (
        rng.normal(70, 12, len(unit))
        + pd.Series({"A": 0, "B": 4, "C": -6, "D": 2})[unit].to_numpy()
    )
    y[rng.random(len(unit)) < 0.12] = np.nan
    sex = rng.choice(["L", "P"], len(unit))
    weight = pd.Series(N)[unit].to_numpy() / pd.Series(n)[unit].to_numpy()
    return pd.DataFrame({"unit": unit, "sex": sex, "y": y, "weight": weight,
                         "N": pd.Series(N, dtype=float)[unit].to_numpy()})  # fmt: skip


@pytest.mark.filterwarnings("ignore")
def test_domain_estimator_matches_samplics():
    # Non-answerers stay in their stratum with z = 0 (survey::svymean(..., na.rm = TRUE) on a
    # subset): in samplics, the domain "group x answered" with the full design.
    from samplics import PopParam, TaylorEstimator

    s = _stratified_sample()
    answered = s["y"].notna()
    for group_col in ["unit", "sex"]:
        ours = aggregate.domain_stats(s[["y"]], s["weight"], s[group_col], s["unit"], s["N"])
        ref = TaylorEstimator(PopParam.mean)
        fpc = {u: 1 - (s["unit"] == u).sum() / s.loc[s["unit"] == u, "N"].iloc[0]
               for u in s["unit"].unique()}  # fmt: skip
        domain = (s[group_col] + "|" + np.where(answered, "yes", "no")).to_numpy()
        ref.estimate(y=s["y"].fillna(1.0).to_numpy(), samp_weight=s["weight"].to_numpy(),
                     stratum=s["unit"].to_numpy(), domain=domain, fpc=fpc)  # fmt: skip
        for group in ours["mean"].index:
            key = f"{group}|yes"
            assert ours["mean"].loc[group, "y"] == pytest.approx(ref.point_est[key], abs=1e-8)
            assert ours["se"].loc[group, "y"] == pytest.approx(ref.stderror[key], abs=1e-8)


def test_non_answerers_keep_the_full_stratum_sample():
    # The old estimator used only the answerers per stratum (n_h answering); the domain
    # estimator keeps n_h and gives them z = 0. One stratum, census-free, by hand:
    y = np.array([60.0, 70.0, 80.0, np.nan, np.nan])
    w = np.full(5, 2.0)  # N = 10, n = 5
    est = aggregate.domain_stats(pd.DataFrame({"y": y}), pd.Series(w), pd.Series(["g"] * 5),
                                 pd.Series(["h"] * 5), pd.Series([10.0] * 5))  # fmt: skip
    z = np.r_[w[:3] * (y[:3] - 70.0) / 6.0, 0.0, 0.0]
    var = (1 - 5 / 10) * 5 / 4 * np.sum((z - z.mean()) ** 2)
    assert est["se"].loc["g", "y"] == pytest.approx(np.sqrt(var), rel=1e-12)
    answerers_only = (1 - 3 / 10) * 3 / 2 * np.sum(z[:3] ** 2)
    assert abs(var - answerers_only) > 0.05 * var  # the two really differ


def test_design_degrees_of_freedom_are_respondents_less_strata(instrument, config):
    n = {"A": 60, "B": 40, "C": 25}
    frame = pd.DataFrame({"unit": list(n), "jumlah": [80, 400, 30]})
    responses, scores = _survey(instrument, n, seed=3, frame=frame)
    est = _estimate(instrument, config, responses, scores)
    assert _row(est, "all", "all").df == 125 - 3
    assert _row(est, "unit", "C").df == 25 - 1
    sex = scores["jenis_kelamin"] == "P"
    strata = scores.loc[sex, "unit"].nunique()
    row = _row(est, "jenis_kelamin", "P")
    assert row.df == sex.sum() - strata
    tq = stats.t.ppf(0.975, row.df)
    assert row.ci_high - row.estimate == pytest.approx(tq * row.se)
    # Percent positive: the logit interval uses the same t quantile.
    p, se = row.pct_positive / 100, row.pct_positive_se / 100
    half = tq * se / (p * (1 - p))
    expected = 100 / (1 + np.exp(-(np.log(p / (1 - p)) + half)))
    assert row.pct_positive_ci_high == pytest.approx(expected)


# --------------------------------------------------------------------------- categories
@pytest.mark.parametrize("edge", [75, 50, 25])
def test_category_is_decided_on_the_published_value(config, edge):
    bands = config["bands"]
    upper = scoring.categorize([edge], bands).iloc[0]
    lower = scoring.categorize([edge - 1], bands).iloc[0]
    assert upper != lower
    # Printed as edge,0 -> the upper band, whatever the binary value below it.
    for value in (edge - 1e-14, edge - 0.05, edge, edge + 1e-14):
        assert scoring.categorize([value], bands).iloc[0] == upper, value
    # Printed as (edge - 0,1) -> the lower band.
    for value in (edge - 0.0500001, edge - 0.06, edge - 0.1):
        assert scoring.categorize([value], bands).iloc[0] == lower, value


def test_estimates_category_and_range_follow_the_printed_numbers(instrument, config):
    from budaya_kerja.text import format_number

    responses, scores = _survey(instrument, {"A": 120, "B": 80}, seed=5)
    est = _estimate(instrument, config, responses, scores)
    shown = est[~est.suppressed]
    for column, category in (("estimate", "category"), ("ci_low", "category_low"),
                             ("ci_high", "category_high")):  # fmt: skip
        printed = shown[column].map(lambda x: float(format_number(x, 1, "en")))
        expected = scoring.categorize(printed, config["bands"])
        assert (shown[category].to_numpy() == expected.to_numpy()).all()
    assert (shown.category_certain == (shown.category_low == shown.category_high)).all()


def test_groups_are_listed_in_their_natural_and_configured_order(instrument, config):
    from budaya_kerja.settings import group_order

    responses, scores = _survey(instrument, {"A": 60, "B": 60})
    rng = np.random.default_rng(5)
    ages = rng.choice(["50+", "<30", "40–49", "30–39"], len(responses), p=[0.3, 0.3, 0.2, 0.2])
    for frame in (responses, scores):
        frame["kelompok_usia"] = ages
        frame["jenis_jabatan"] = np.where(np.arange(len(frame)) % 2, "Pelaksana", "JPT")

    def listed(est, dim):
        return list(est.loc[(est.group_by == dim) & (est.measure == "index"), "group"])

    kw = {"group_by": ["kelompok_usia", "jenis_jabatan"], "bands": config["bands"]}
    plain = aggregate.estimate_groups(scores, responses, instrument, year=2024, **kw)
    assert listed(plain, "kelompok_usia") == ["<30", "30–39", "40–49", "50+"]
    assert listed(plain, "jenis_jabatan") == ["JPT", "Pelaksana"]  # alphabetical by default
    order = group_order(config)
    assert order["kelompok_usia"] == ["<30", "30–39", "40–49", "50+"]
    assert order["jenis_jabatan"][:2] == ["JPT", "Administrator"]
    ordered = aggregate.estimate_groups(scores, responses, instrument, year=2024,
                                        group_order={"jenis_jabatan": ["Pelaksana", "JPT"]}, **kw)  # fmt: skip
    assert listed(ordered, "jenis_jabatan") == ["Pelaksana", "JPT"]
    # the order is only a listing: every number is the same
    key = ["group_by", "group", "measure"]
    pd.testing.assert_frame_equal(plain.sort_values(key).reset_index(drop=True),
                                  ordered.sort_values(key).reset_index(drop=True))  # fmt: skip


def test_natural_key_puts_the_youngest_band_first():
    groups = ["100+", "50+", "(tidak diisi)", "<30", "30–39", "L"]
    assert sorted(groups, key=cells.natural_key) == [
        "<30", "30–39", "50+", "100+", "L", "(tidak diisi)"]  # fmt: skip


def _national(instrument, frame=True):
    """Twelve agencies of unequal size, a grouping variable with blanks, some flagged."""
    n = {f"U{i:02d}": 15 + 9 * i for i in range(12)}
    population = pd.DataFrame({"unit": list(n), "jumlah": [4 * v for v in n.values()]})
    responses, scores = _survey(instrument, n, seed=5, frame=population if frame else None)
    rng = np.random.default_rng(9)
    blank = rng.random(len(responses)) < 0.05
    for table in (responses, scores):
        table.loc[blank, "jenis_kelamin"] = None
    responses.loc[rng.random(len(responses)) < 0.02, "KO2"] = pd.NA
    scores = scoring.score_respondents(responses, instrument).join(scores[aggregate.DESIGN_COLUMNS])
    return responses, scores


@pytest.mark.parametrize("frame", [True, False])
def test_partitioned_by_organisation_equals_unpartitioned(instrument, config, frame):
    """Cell sums made per part (three groups of agencies, as separate jobs would) and merged
    give the same table as one pass over everyone, number for number."""
    responses, scores = _national(instrument, frame)
    group_by = ["unit", "jenis_kelamin"]
    whole = _estimate(instrument, config, responses, scores)
    part_of = scores["unit"].map({f"U{i:02d}": i % 3 for i in range(12)})
    parts = [cells.cell_table(scores[part_of == k].reset_index(drop=True),
                                  responses[part_of == k].reset_index(drop=True),
                                  instrument, group_by) for k in (2, 0, 1)]  # fmt: skip
    merged = aggregate.estimates_from_cells(
        cells.merge_cells(parts), year=2024, bands=config["bands"]
    )
    pd.testing.assert_frame_equal(merged, whole, check_exact=True)
    assert whole["estimate"].notna().sum() > 100


@pytest.mark.parametrize("parts", [1, 4, 13])
def test_parts_through_their_files_give_the_whole_year(instrument, config, tmp_path, parts):
    """The workflow's route: sum_cells per part of the agencies (cells and per-agency sums
    written to Parquet), then estimate_groups from the files. Estimates, item shares and
    counts are the whole year's bit for bit, for any number of parts (13 parts for 12
    agencies: one part is empty)."""
    responses, scores = _national(instrument)
    scores["excluded"] = np.random.default_rng(3).random(len(scores)) < 0.03
    keep = ~scores["excluded"].to_numpy()
    whole = _estimate(instrument, config, responses, scores, exclude=scores["excluded"])
    shares = items.item_distribution(responses[keep], scores.loc[keep, "weight"], instrument,
                                     2024, stratum=scores.loc[keep, "unit"])  # fmt: skip
    members = cells.part_units(scores["unit"].value_counts(), parts)
    assert len(members) == parts
    assert sorted(u for m in members for u in m) == sorted(scores["unit"].unique())
    files, per_agency = [], []
    for k, units in enumerate(members):
        mine = scores["unit"].isin(units).to_numpy()
        part_scores, part_responses = scores[mine], responses[mine]
        part = aggregate.sample_cells(part_scores, part_responses, instrument,
                                      ["unit", "jenis_kelamin"], part_scores["excluded"])  # fmt: skip
        files.append(tmp_path / f"{k}.parquet")
        tables.write_parquet(part.to_frame(), files[-1])
        per_agency.append(aggregate.unit_sums(part_scores, part_responses, instrument,
                                              part_scores["excluded"]))  # fmt: skip
    merged = cells.merge_cells([cells.Cells.from_frame(pd.read_parquet(f)) for f in files])
    estimates = aggregate.estimates_from_cells(merged, year=2024, bands=config["bands"])
    pd.testing.assert_frame_equal(estimates, whole, check_exact=True)
    units = pd.concat(per_agency)
    answers = units.drop(columns=["accepted", "estimated"])
    pd.testing.assert_frame_equal(items.distribution_from_sums(answers, instrument, 2024), shares,
                                  check_exact=True)  # fmt: skip
    expected = scores["unit"].value_counts()
    assert units["accepted"].to_dict() == expected.to_dict()
    assert units["estimated"].to_dict() == scores.loc[keep, "unit"].value_counts().to_dict()


def test_item_shares_per_agency_added_are_the_pooled_shares(instrument):
    """Item shares from per-agency sums equal one pooled count (to rounding of the sums)."""
    responses, scores = _national(instrument)
    by_agency = items.item_distribution(responses, scores["weight"], instrument, 2024,
                                        stratum=scores["unit"])  # fmt: skip
    pooled = items.item_distribution(responses, scores["weight"], instrument, 2024)
    assert by_agency["n"].equals(pooled["n"])
    np.testing.assert_allclose(by_agency["share"], pooled["share"], rtol=1e-13)
    x = responses["KO2"].astype("float64")
    w = scores["weight"].where(x.notna())
    direct = w[x == 4].sum() / w.sum()
    got = pooled[(pooled["item"] == "KO2") & (pooled["answer"] == 4)]["share"].iloc[0]
    assert got == pytest.approx(direct, rel=1e-12)


def test_parts_are_balanced_by_respondents_and_hold_each_agency_once():
    counts = pd.Series({"D": 40, "A": 100, "E": 10, "B": 60, "C": 50})
    # largest first, each to the lightest part: A|B, C->B (110), D->A (140), E->B (120)
    assert cells.part_units(counts, 2) == [["A", "D"], ["B", "C", "E"]]
    assert cells.part_units(counts, 1) == [["A", "B", "C", "D", "E"]]
    assert cells.part_units(counts, 7)[5:] == [[], []]
    assert cells.part_units(pd.Series({"X": 5, "Y": 0}), 2) == [["X"], []]  # no rows, no part


def test_cells_split_across_parts_are_added(instrument, config):
    """Parts that share cells (split by row, not by agency) add their sums: the same
    estimates up to rounding of the additions."""
    responses, scores = _national(instrument)
    whole = _estimate(instrument, config, responses, scores)
    half = np.arange(len(scores)) % 2 == 0
    parts = [cells.cell_table(scores[m].reset_index(drop=True),
                                  responses[m].reset_index(drop=True), instrument,
                                  ["unit", "jenis_kelamin"]) for m in (half, ~half)]  # fmt: skip
    merged = aggregate.estimates_from_cells(
        cells.merge_cells(parts), year=2024, bands=config["bands"]
    )
    assert merged["n"].equals(whole["n"])
    for column in ("estimate", "pct_positive"):
        np.testing.assert_allclose(merged[column], whole[column], rtol=1e-13)
    # Variances are differences of sums of squares: the rounding of the added parts shows more.
    for column in ("se", "sd"):
        np.testing.assert_allclose(merged[column], whole[column], rtol=1e-10)


def test_indicator_adds_rows_per_cell_as_bincount_does():
    rng = np.random.default_rng(3)
    cell = rng.integers(0, 7, 500)
    cell[cell == 4] = 5  # a cell with no rows
    block = rng.normal(70, 10, (500, 3))
    to_cells = cells.indicator(cell, 8)
    summed = to_cells @ block
    assert summed.shape == (8, 3) and (summed[[4, 7]] == 0).all()
    for j in range(3):  # the same sums to the last bit, column by column or one at a time
        expected = np.bincount(cell, weights=block[:, j], minlength=8)
        np.testing.assert_array_equal(summed[:, j], expected)
        np.testing.assert_array_equal(to_cells @ block[:, j], expected)


def test_lazy_measure_columns_equal_the_measure_table(instrument):
    responses, scores = _national(instrument)
    measures, points, positive = aggregate.measure_table(scores, responses, instrument)
    names, columns = cells.measure_columns(scores, responses, instrument)
    assert names == measures
    for j, m in enumerate(measures):
        np.testing.assert_array_equal(columns["points"][j](), points[m].to_numpy("float64"))
        np.testing.assert_array_equal(columns["positive"][j](), positive[m].to_numpy("float64"))


def _read_back(compact: pd.DataFrame) -> pd.DataFrame:
    """The compact table's numbers as float64 and its labels as text."""
    out = {}
    for column in compact.columns:
        if isinstance(compact[column].dtype, pd.CategoricalDtype):
            numeric = pd.api.types.is_float_dtype(compact[column].cat.categories.dtype)
            out[column] = (
                compact[column].to_numpy("float64") if numeric else compact[column].astype("string")
            )
        else:
            out[column] = compact[column]
    return pd.DataFrame(out)


def test_compact_analysis_table_reads_back_the_same_numbers(instrument):
    responses, scores = _national(instrument)
    wide = aggregate.analysis_table(scores, responses, instrument)
    compact = aggregate.analysis_table(scores, responses, instrument, compact=True)
    assert compact.columns.tolist() == wide.columns.tolist()
    item = instrument.items[0]
    assert isinstance(compact[item].dtype, pd.CategoricalDtype)  # a byte per respondent
    assert set(compact[item].cat.categories) <= {0.0, 25.0, 50.0, 75.0, 100.0}
    assert isinstance(compact["jenis_kelamin"].dtype, pd.CategoricalDtype)
    back = _read_back(compact)
    for column in wide.columns:
        if wide[column].dtype == "float64":
            np.testing.assert_array_equal(back[column].to_numpy("float64"),
                                          wide[column].to_numpy("float64"))  # fmt: skip
        else:
            assert back[column].astype("string").equals(wide[column].astype("string")), column
    assert compact["KO2"].isna().sum() == wide["KO2"].isna().sum() > 0  # unanswered stays NaN
    assert compact.memory_usage(deep=True).sum() < 0.5 * wide.memory_usage(deep=True).sum()


def test_compact_analysis_table_is_exact_on_any_scale(instrument):
    # On a 1-4 scale an item's points are thirds of 100, which float32 cannot hold: the
    # categories are the float64 numbers themselves, so the table reads back bit for bit.
    responses, scores = _national(instrument)
    thirds = dataclasses.replace(instrument, scale_max=4)
    responses[thirds.items] = responses[thirds.items].clip(upper=4)
    compact = aggregate.analysis_table(scores, responses, thirds, compact=True)
    wide = aggregate.analysis_table(scores, responses, thirds)
    item = thirds.items[0]
    assert set(compact[item].cat.categories) <= set((np.arange(1.0, 5.0) - 1) / 3 * 100)
    assert len(compact[item].cat.categories) > 2
    assert compact[f"pos_{item}"].cat.categories.tolist() == [0.0, 1.0]
    back = _read_back(compact)
    floats = [c for c in wide.columns if wide[c].dtype == "float64"]
    pd.testing.assert_frame_equal(back[floats], wide[floats], check_exact=True)


def test_estimation_sample_leaves_out_the_excluded(instrument):
    responses, scores = _national(instrument)
    scores["excluded"] = np.arange(len(scores)) % 4 == 0
    sample = aggregate.estimation_sample(scores, responses, instrument, compact=True)
    kept = ~scores["excluded"].to_numpy()
    assert len(sample) == kept.sum()
    np.testing.assert_array_equal(sample["index"], scores.loc[kept, "index"])
    whole = aggregate.estimation_sample(scores.assign(excluded=False), responses, instrument)
    assert len(whole) == len(scores)
