import numpy as np
import pandas as pd
import pytest
from scipy import optimize, stats

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.settings import Instrument
from budaya_kerja.stats import cfa, invariance, validity

HS_INSTRUMENT = Instrument(
    values={"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"],
            "speed": ["x7", "x8", "x9"]},
    value_names={"visual": "visual", "textual": "textual", "speed": "speed"},
    statements={},
)  # fmt: skip


@pytest.fixture(scope="module")
def holzinger():
    """Holzinger & Swineford (1939), the 301 children lavaan's tutorial uses (shipped by semopy)."""
    from semopy.examples import holzinger39

    return holzinger39.get_data()


def _population(instrument, loading=(0.8, 0.7, 0.6)):
    """Loadings (items x values), factor covariance (var 1, corr 0.4), intercepts 3.5."""
    p, m = len(instrument.items), len(instrument.values)
    lam = np.zeros((p, m))
    for j, items in enumerate(instrument.values.values()):
        for k, item in enumerate(items):
            lam[instrument.items.index(item), j] = loading[k % len(loading)]
    phi = np.full((m, m), 0.4) + 0.6 * np.eye(m)
    return lam, phi, np.full(p, 3.5)


def _simulate(rng, instrument, n, lam, phi, nu, alpha=None, residual_var=0.5):
    """n respondents of x = nu + Lambda eta + e, eta ~ N(alpha, Phi), e ~ N(0, residual_var)."""
    m = lam.shape[1]
    alpha = np.zeros(m) if alpha is None else alpha
    eta = rng.multivariate_normal(alpha, phi, n)
    x = nu + eta @ lam.T + rng.standard_normal((n, lam.shape[0])) * np.sqrt(residual_var)
    return pd.DataFrame(x, columns=instrument.items)


def _likert(frame, rng, missing=0.02):
    """Round to the 1..5 scale as nullable Int8 and blank a share of the answers."""
    codes = frame.round().clip(1, 5).astype("Int8")
    return codes.mask(rng.random(codes.shape) < missing)


@pytest.fixture(scope="module")
def two_invariant_years(instrument):
    """Two years with equal loadings and intercepts; the second has higher, more varied factors."""
    rng = np.random.default_rng(20240601)
    lam, phi, nu = _population(instrument)
    m = lam.shape[1]
    first = _simulate(rng, instrument, 2000, lam, phi, nu)
    second = _simulate(rng, instrument, 2200, lam, 1.2 * phi, nu, alpha=np.full(m, 0.3))
    return {2024: first, 2025: second}


# --------------------------------------------------------------------------- formulas
def test_fit_indices_hand_worked_from_the_chi_squares():
    # Holzinger-Swineford 3-factor model (lavaan tutorial): chi2 85.306 on 24 df, baseline
    # 918.852 on 36, n = 301. CFI = 1 - 61.306/882.852, TLI = (25.5237 - 3.5544)/24.5237.
    out = validity.fit_indices(85.306, 24, 918.852, 36, 301)
    assert out["cfi"] == pytest.approx(1 - 61.306 / 882.852, rel=1e-12)
    assert out["tli"] == pytest.approx((918.852 / 36 - 85.306 / 24) / (918.852 / 36 - 1))
    # RMSEA as lavaan computes it (normal likelihood): N, not N - 1, in the denominator.
    assert out["rmsea"] == pytest.approx(np.sqrt(61.306 / (24 * 301)), rel=1e-12)
    assert [round(out[k], 3) for k in ("cfi", "tli", "rmsea")] == [0.931, 0.896, 0.092]


def test_fit_indices_when_the_model_fits_better_than_its_df():
    out = validity.fit_indices(20.0, 24, 500.0, 36, 301)
    assert out["cfi"] == 1.0 and out["rmsea"] == 0.0 and out["rmsea_ci_low"] == 0.0
    assert out["tli"] > 1.0  # TLI is not truncated
    # Two groups: Steiger's sqrt(G) makes the pooled RMSEA of equal groups equal each one's.
    one = validity.fit_indices(150.0, 24, 900.0, 36, 301)
    both = validity.fit_indices(300.0, 48, 1800.0, 72, 602, groups=2)
    assert both["rmsea"] == pytest.approx(one["rmsea"], rel=1e-12)
    assert both["cfi"] == pytest.approx(one["cfi"], rel=1e-12)


def test_rmsea_interval_solves_the_noncentral_chi_square():
    chi2, df, n = 85.306, 24, 301
    low, high = validity.rmsea_interval(chi2, df, n)
    lam_low, lam_high = low**2 * df * n, high**2 * df * n
    assert stats.ncx2.cdf(chi2, df, lam_low) == pytest.approx(0.95, abs=1e-9)
    assert stats.ncx2.cdf(chi2, df, lam_high) == pytest.approx(0.05, abs=1e-9)
    # lavaan prints 0.071 to 0.114 for this model.
    assert (round(low, 3), round(high, 3)) == (0.071, 0.114)
    # A chi-square at the 10th percentile of the central distribution: the lower end is 0.
    assert validity.rmsea_interval(stats.chi2.ppf(0.10, df), df, n)[0] == 0.0


def test_srmr_hand_worked():
    # S = [[4, 2], [2, 1]], Sigma = [[4, 1], [1, 1]]: the standardised residual of the pair is
    # (2 - 1)/sqrt(4 * 1) = 0.5, the variances fit, so SRMR = sqrt(0.25 / 3).
    s = np.array([[4.0, 2.0], [2.0, 1.0]])
    sigma = np.array([[4.0, 1.0], [1.0, 1.0]])
    assert validity.srmr(s, sigma) == pytest.approx(np.sqrt(0.25 / 3), rel=1e-12)
    # Means (1, 0) against (0, 0): (1 - 0)/sqrt(4) = 0.5 joins, and 5 moments are counted.
    assert validity.srmr(s, sigma, np.array([1.0, 0.0]), np.zeros(2)) == pytest.approx(
        np.sqrt(0.5 / 5), rel=1e-12
    )


def test_group_discrepancy_gradient_matches_finite_differences(two_invariant_years, instrument):
    moments = [cfa.item_moments(d, instrument, "t") for d in two_invariant_years.values()]
    st = invariance._structure(instrument, 2, "scalar")
    x = invariance._start(moments, st, instrument)
    x = x + np.random.default_rng(3).normal(0, 0.05, x.shape)
    ext = np.append(x, 0.0)
    group = ext[st.index[1]]

    def value(t):
        return invariance._group_discrepancy(t, moments[1], st)[0]

    def grad(t):
        return invariance._group_discrepancy(t, moments[1], st)[1]

    error = optimize.check_grad(value, grad, group, epsilon=1e-6)
    assert error < 1e-4 * np.linalg.norm(grad(group))


# --------------------------------------------------------------------------- against lavaan
def test_fit_cfa_reproduces_lavaan_on_holzinger_swineford(holzinger):
    fit, loadings = validity.fit_cfa(holzinger, HS_INSTRUMENT)
    row = fit.iloc[0]
    # lavaan 0.6 tutorial: chi2 85.306 (24 df), baseline 918.852 (36), CFI .931, TLI .896,
    # RMSEA .092, SRMR .065; std.all loadings below.
    assert row.n == 301 and row.df == 24 and row.df_baseline == 36
    assert row.chi2 == pytest.approx(85.306, abs=1e-3)
    assert row.chi2_baseline == pytest.approx(918.852, abs=1e-3)
    assert (round(row.cfi, 3), round(row.tli, 3), round(row.rmsea, 3)) == (0.931, 0.896, 0.092)
    assert round(row.srmr, 3) == 0.065
    assert row.converged and row.estimator == "ML"
    lavaan = [0.772, 0.424, 0.581, 0.852, 0.855, 0.838, 0.570, 0.723, 0.665]
    assert loadings["item"].tolist() == HS_INSTRUMENT.items
    np.testing.assert_allclose(loadings["loading"], lavaan, atol=6e-4)
    assert loadings.loc[loadings.item.isin(["x1", "x4", "x7"]), "estimate"].eq(1.0).all()


def test_fit_indices_agree_with_semopys_own(holzinger):
    import semopy

    model = semopy.Model(validity._semopy_description(HS_INSTRUMENT))
    model.fit(holzinger[HS_INSTRUMENT.items], solver="L-BFGS-B", options=dict(validity._LBFGS))
    theirs = semopy.calc_stats(model).iloc[0]
    ours = validity.fit_cfa(holzinger, HS_INSTRUMENT).fit.iloc[0]
    assert ours.chi2 == pytest.approx(theirs["chi2"], rel=1e-9)
    assert ours.df == theirs["DoF"] and ours.df_baseline == theirs["DoF Baseline"]
    # semopy fits the baseline numerically (SLSQP); ours is the closed form -n log|R|.
    assert ours.chi2_baseline == pytest.approx(theirs["chi2 Baseline"], rel=1e-6)
    for ours_name, their_name in [("cfi", "CFI"), ("tli", "TLI")]:
        assert ours[ours_name] == pytest.approx(theirs[their_name], rel=1e-6)
    # semopy divides by N - 1 where lavaan (and we) divide by N.
    n = len(holzinger)
    assert ours.rmsea * np.sqrt(n / (n - 1)) == pytest.approx(theirs["RMSEA"], rel=1e-6)


def test_invariance_reproduces_lavaan_on_holzinger_swineford(holzinger):
    # lavaan tutorial, group = "school": configural 115.851 (48 df), group.equal = "loadings"
    # 124.044 (54), c("loadings", "intercepts") 164.103 (60).
    by_school = {1: holzinger[holzinger.school == "Pasteur"],
                 2: holzinger[holzinger.school == "Grant-White"]}  # fmt: skip
    table = validity.measurement_invariance(by_school, HS_INSTRUMENT)
    assert table["level"].tolist() == ["configural", "metric", "scalar"]
    np.testing.assert_allclose(table["chi2"], [115.851, 124.044, 164.103], atol=1e-3)
    assert table["df"].tolist() == [48, 54, 60]
    assert table["converged"].all()
    # The scalar model loses .038 of CFI: intercepts differ between the schools.
    assert table.loc[2, "delta_cfi"] < -0.01 and not table.loc[2, "holds"]


# --------------------------------------------------------------------------- simulated years
def test_configural_chi_square_is_the_sum_of_the_years_own_fits(two_invariant_years, instrument):
    table = validity.measurement_invariance(two_invariant_years, instrument)
    per_year = [validity.fit_cfa(d, instrument).fit.iloc[0] for d in two_invariant_years.values()]
    configural = table.iloc[0]
    assert configural.chi2 == pytest.approx(sum(f.chi2 for f in per_year), rel=1e-7)
    assert configural.df == sum(f.df for f in per_year) == 2 * 168
    assert configural.n == sum(f.n for f in per_year) == 4200
    # 14 loadings, then 21 intercepts less 7 factor means, become shared.
    assert table["df"].tolist() == [336, 350, 364]


def test_invariant_years_keep_metric_and_scalar_invariance(two_invariant_years, instrument):
    table = validity.measurement_invariance(two_invariant_years, instrument)
    assert table["holds"].tolist() == [True, True, True]
    assert table.loc[1:, "delta_cfi"].abs().max() < 0.002
    assert np.isnan(table.loc[0, "delta_cfi"])
    assert "comparing the means" in table.loc[2, "conclusion"]
    assert "warranted" in table.loc[2, "conclusion"]
    assert (table["chi2"].diff().dropna() > 0).all()  # each constraint costs fit


def test_shifted_intercepts_break_scalar_invariance(two_invariant_years, instrument):
    rng = np.random.default_rng(99)
    lam, phi, nu = _population(instrument)
    shifted = nu.copy()
    shifted[[0, 4, 8, 12, 16]] += 0.3  # five items read higher in 2025 at equal culture
    year2 = _simulate(rng, instrument, 2200, lam, phi, shifted, alpha=np.full(lam.shape[1], 0.3))
    table = validity.measurement_invariance({2024: two_invariant_years[2024], 2025: year2},
                                            instrument)  # fmt: skip
    assert table["holds"].tolist() == [True, True, False]
    assert table.loc[2, "delta_cfi"] < -0.01
    assert "not warranted" in table.loc[2, "conclusion"]


def test_different_loadings_break_metric_invariance(two_invariant_years, instrument):
    rng = np.random.default_rng(5)
    lam, phi, nu = _population(instrument)
    changed = lam.copy()
    changed[[1, 4, 7, 10, 13], [0, 1, 2, 3, 4]] = 0.3
    year2 = _simulate(rng, instrument, 2200, changed, phi, nu)
    table = validity.measurement_invariance({2024: two_invariant_years[2024], 2025: year2},
                                            instrument)  # fmt: skip
    assert table["holds"].tolist() == [True, False, False]  # scalar cannot hold without metric
    assert table.loc[1, "delta_cfi"] < -0.01


def test_estimates_do_not_depend_on_the_starting_values(two_invariant_years, instrument):
    moments = [cfa.item_moments(d, instrument, "t") for d in two_invariant_years.values()]
    cold = invariance._fit_multigroup(moments, instrument, "scalar")
    metric = invariance._fit_multigroup(moments, instrument, "metric")
    warm = invariance._fit_multigroup(moments, instrument, "scalar", metric.per_group)
    assert warm.chi2 == pytest.approx(cold.chi2, rel=1e-8)


def test_item_moments_are_exact_whatever_the_blocks_and_row_order(instrument, monkeypatch):
    from fractions import Fraction

    rng = np.random.default_rng(5)
    lam, phi, nu = _population(instrument)
    data = _likert(_simulate(rng, instrument, 1000, lam, phi, nu), rng)
    whole = cfa.item_moments(data, instrument, "t")
    x = data.to_numpy("float64", na_value=np.nan)
    x = x[np.isfinite(x).all(axis=1)]
    assert whole.n == len(x) < 1000
    np.testing.assert_allclose(whole.cov, np.cov(x, rowvar=False, bias=True), rtol=1e-12)
    np.testing.assert_allclose(whole.mean, x.mean(axis=0), rtol=1e-14)
    # One entry worked out in exact rational arithmetic: S is it, correctly rounded.
    a, b, n = x[:, 0].astype(int), x[:, 4].astype(int), len(x)
    assert whole.cov[0, 4] == float(Fraction(int(n * (a * b).sum() - a.sum() * b.sum()), n * n))
    # Eleven blocks, and the rows in another order (as a split by organisation would give
    # them): the same bits.
    monkeypatch.setattr(cfa, "_BLOCK", 97)
    for frame in (data, data.sample(frac=1.0, random_state=3)):
        blocked = cfa.item_moments(frame, instrument, "t")
        assert blocked.n == whole.n
        np.testing.assert_array_equal(blocked.cov, whole.cov)
        np.testing.assert_array_equal(blocked.mean, whole.mean)
        assert blocked.logdet == whole.logdet


def test_item_moments_of_continuous_scores_match_numpy_in_blocks(two_invariant_years,
                                                                  instrument, monkeypatch):  # fmt: skip
    data = two_invariant_years[2024]
    monkeypatch.setattr(cfa, "_BLOCK", 300)
    moments = cfa.item_moments(data, instrument, "t")
    x = data[instrument.items].to_numpy("float64")
    assert moments.n == len(x)
    np.testing.assert_allclose(moments.cov, np.cov(x, rowvar=False, bias=True), rtol=1e-12)
    np.testing.assert_allclose(moments.mean, x.mean(axis=0), rtol=1e-14)


def test_cfa_from_the_moments_is_semopys_fit_of_the_data(instrument):
    import semopy

    rng = np.random.default_rng(8)
    lam, phi, nu = _population(instrument)
    data = _likert(_simulate(rng, instrument, 1500, lam, phi, nu), rng)
    fit, loadings = validity.fit_cfa(data, instrument)
    complete = data.dropna().astype("float64")
    model = semopy.Model(validity._semopy_description(instrument))
    result = model.fit(complete, obj="MLW", solver="L-BFGS-B", options=dict(cfa._LBFGS))
    assert fit.loc[0, "converged"] and result.success
    assert fit.loc[0, "chi2"] == pytest.approx(len(complete) * result.fun, rel=1e-7)
    lam_data = np.asarray(model.mx_lambda)
    rows, factors = model.names_lambda
    theirs = [lam_data[rows.index(r.item), factors.index(r.factor)] for r in loadings.itertuples()]
    np.testing.assert_allclose(loadings["estimate"], theirs, rtol=1e-5)


def test_a_failed_line_search_at_the_optimum_counts_as_converged(holzinger):
    import semopy
    from semopy.solver import SolverResult

    model = semopy.Model(validity._semopy_description(HS_INSTRUMENT))
    done = model.fit(holzinger, obj="MLW", solver="L-BFGS-B", options=dict(cfa._LBFGS))
    assert done.success

    def stop(x, message="ABNORMAL: "):
        return SolverResult(done.fun, False, 1, x, message, "L-BFGS-B")

    assert cfa._stalled_at_optimum(model, stop(done.x))
    assert not cfa._stalled_at_optimum(model, stop(done.x + 0.01))  # not the optimum
    assert not cfa._stalled_at_optimum(model, stop(done.x, "STOP: TOTAL NO. OF ITERATIONS"))


# --------------------------------------------------------------------------- validity.csv
def test_validity_table_layout_on_likert_answers(instrument):
    rng = np.random.default_rng(11)
    lam, phi, nu = _population(instrument)
    years = {
        2025: _likert(_simulate(rng, instrument, 1500, lam, phi, nu), rng),
        2024: _likert(_simulate(rng, instrument, 1400, lam, phi, nu), rng),
    }
    table = validity.validity_table(years, instrument)
    assert table.columns.tolist() == validity.VALIDITY_COLUMNS
    assert table["year"].tolist() == [2024] * 22 + [2025] * 22 + ["all"] * 3
    assert table["analysis"].tolist() == (["cfa"] + ["loading"] * 21) * 2 + ["invariance"] * 3
    cfa = table[table.analysis == "cfa"]
    complete = [int(years[y][instrument.items].notna().all(axis=1).sum()) for y in (2024, 2025)]
    assert cfa["n"].tolist() == complete and complete[0] < 1400
    assert cfa["level"].eq("seven-factor").all() and cfa["df"].eq(168).all()
    assert cfa["note"].str.contains("Rhemtulla").all()
    loadings = table[table.analysis == "loading"]
    assert loadings["item"].tolist() == instrument.items * 2
    expected_level = [v for v, its in instrument.values.items() for _ in its] * 2
    assert loadings["level"].tolist() == expected_level
    assert loadings["loading"].between(0.3, 1.0).all() and loadings["chi2"].isna().all()
    invariance = table[table.analysis == "invariance"]
    assert invariance["level"].tolist() == ["configural", "metric", "scalar"]
    assert invariance["n"].eq(sum(complete)).all()
    assert invariance["note"].str.contains("Years 2024, 2025").all()
    # Deterministic: the same data give the same numbers.
    pd.testing.assert_frame_equal(table, validity.validity_table(years, instrument))


def test_one_year_gives_the_cfa_without_invariance(two_invariant_years, instrument):
    table = validity.validity_table({2025: two_invariant_years[2025]}, instrument)
    assert set(table["analysis"]) == {"cfa", "loading"} and len(table) == 22


# --------------------------------------------------------------------------- unusable input
def test_unusable_input_raises_a_helpful_error(two_invariant_years, instrument, english):
    data = two_invariant_years[2024]
    with pytest.raises(BudayaKerjaError, match="lack the item column"):
        validity.fit_cfa(data.drop(columns="KO2"), instrument)
    with pytest.raises(BudayaKerjaError, match="only 10 respondents"):
        validity.fit_cfa(data.head(10), instrument)
    with pytest.raises(BudayaKerjaError, match="AK3"):
        validity.fit_cfa(data.assign(AK3=3.0), instrument)
    with pytest.raises(BudayaKerjaError, match="estimator 'WLSMV'"):
        validity.fit_cfa(data, instrument, estimator="WLSMV")
    with pytest.raises(BudayaKerjaError, match="at least two years"):
        validity.measurement_invariance({2024: data}, instrument)
    with pytest.raises(BudayaKerjaError, match="year 2025"):
        validity.validity_table({2024: data, 2025: data.head(5)}, instrument)


def test_an_earlier_years_written_cfa_is_taken_not_refitted(two_invariant_years, instrument,
                                                            tmp_path, monkeypatch):  # fmt: skip
    """The next year's table takes the earlier year's CFA rows from its written validity.csv:
    the same file as fitting them again, and the earlier year is not fitted again."""
    from budaya_kerja.io import tables

    earlier = validity.validity_table({2024: two_invariant_years[2024]}, instrument)
    tables.write_csv(earlier, tmp_path / "2024" / "validity.csv")
    fresh = validity.validity_table(two_invariant_years, instrument)
    fitted_years = []
    fit = validity.fit_cfa
    monkeypatch.setattr(validity, "fit_cfa", lambda d, i: fitted_years.append(len(d)) or fit(d, i))
    reused = validity.validity_table(
        two_invariant_years, instrument, fitted=tables.read_csv(tmp_path / "2024" / "validity.csv")
    )
    assert fitted_years == [len(two_invariant_years[2025])]
    tables.write_csv(fresh, tmp_path / "fresh.csv")
    tables.write_csv(reused, tmp_path / "reused.csv")
    assert (tmp_path / "fresh.csv").read_bytes() == (tmp_path / "reused.csv").read_bytes()
