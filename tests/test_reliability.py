import numpy as np
import pandas as pd
import pytest

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.settings import Instrument
from budaya_kerja.stats import reliability


def _instrument(values: dict[str, list[str]]) -> Instrument:
    return Instrument(values=values, value_names={v: v for v in values}, statements={})


def _one_factor(rng, n, loadings, residual_sd):
    """n respondents of a one-factor model x = lambda f + e (continuous)."""
    f = rng.standard_normal(n)
    return f[:, None] * np.asarray(loadings) + rng.standard_normal((n, len(loadings))) * residual_sd


def _alpha_from_total(frame: pd.DataFrame) -> float:
    """Cronbach's alpha written the other way: k/(k-1) (1 - sum var_i / var(total))."""
    x = frame.dropna().astype(float)
    k = x.shape[1]
    return k / (k - 1) * (1 - x.var(ddof=1).sum() / x.sum(axis=1).var(ddof=1))


# --------------------------------------------------------------------------- hand-worked
def test_alpha_and_feldt_interval_hand_worked_k2_n3():
    # X1 = 1,2,3 and X2 = 1,3,3: var 1 and 4/3, cov 1, so alpha = 2 (1 - (7/3)/(13/3)) = 12/13.
    # F(2, 2) has cdf x / (1 + x): F_.975 = 39 and F_.025 = 1/39, so the 95% interval is
    # 1 - (1/13) 39 = -2 to 1 - (1/13)/39 = 1 - 1/507 (Feldt 1965: the big quantile, the low end).
    data = pd.DataFrame({"V1": [1, 2, 3], "V2": [1, 3, 3]}, dtype="Int8")
    row = reliability.reliability_table(data, _instrument({"V": ["V1", "V2"]})).iloc[0]
    assert row.alpha == pytest.approx(12 / 13, rel=1e-12)
    assert row.alpha_ci_low == pytest.approx(-2.0, rel=1e-9)
    assert row.alpha_ci_high == pytest.approx(1 - 1 / 507, rel=1e-12)
    assert row.n == 3 and row.k == 2
    assert np.isnan(row.omega)  # two items do not identify a factor model


def test_feldt_interval_hand_worked_k3():
    # k = 3, n = 3: F(2, 4) has cdf 1 - (1 + x/2)^-2, so F_q = 2 ((1 - q)^(-1/2) - 1).
    data = pd.DataFrame({"A": [1, 2, 4], "B": [2, 2, 5], "C": [1, 3, 4]}, dtype="Int8")
    row = reliability.reliability_table(data, _instrument({"V": ["A", "B", "C"]})).iloc[0]
    a = _alpha_from_total(data)
    quantile = lambda q: 2 * ((1 - q) ** -0.5 - 1)  # noqa: E731
    assert row.alpha == pytest.approx(a, rel=1e-12)
    assert row.alpha_ci_low == pytest.approx(1 - (1 - a) * quantile(0.975), rel=1e-9)
    assert row.alpha_ci_high == pytest.approx(1 - (1 - a) * quantile(0.025), rel=1e-9)


def test_feldt_interval_covers_the_true_alpha_at_the_nominal_rate():
    # 4,000 samples of n = 60 parallel items (k = 4, item correlation 0.4): the population
    # alpha is k r / (1 + (k - 1) r) = 0.7273. Misses should be ~2.5% on each side.
    rng = np.random.default_rng(42)
    reps, n, k, r = 4000, 60, 4, 0.4
    x = rng.standard_normal((reps, n, 1)) * np.sqrt(r) + rng.standard_normal(
        (reps, n, k)
    ) * np.sqrt(1 - r)
    xc = x - x.mean(axis=1, keepdims=True)
    cov = np.einsum("rni,rnj->rij", xc, xc) / (n - 1)
    trace = np.trace(cov, axis1=1, axis2=2)
    alpha_hat = k / (k - 1) * (1 - trace / cov.sum(axis=(1, 2)))
    low, high = reliability.alpha_interval(alpha_hat, n, k, 0.95)
    truth = k * r / (1 + (k - 1) * r)
    assert np.all(low < alpha_hat) and np.all(alpha_hat < high)
    assert 0.015 < np.mean(truth < low) < 0.035
    assert 0.015 < np.mean(truth > high) < 0.035


# --------------------------------------------------------------------------- omega
def test_omega_k3_closed_form_recovers_exact_loadings():
    lam, theta = np.array([0.9, 0.6, 1.2]), np.array([0.5, 0.8, 0.3])
    cov = np.outer(lam, lam) + np.diag(theta)
    loadings, residual = reliability.one_factor_loadings(cov)
    np.testing.assert_allclose(loadings, lam, rtol=1e-12)
    np.testing.assert_allclose(residual, theta, rtol=1e-12)
    omega = lam.sum() ** 2 / (lam.sum() ** 2 + theta.sum())
    assert reliability.mcdonald_omega(cov) == pytest.approx(omega, rel=1e-12)
    # Orientation: a reversed factor gives the same omega and positive loadings.
    assert reliability.mcdonald_omega(np.outer(-lam, -lam) + np.diag(theta)) == pytest.approx(omega)
    # A negative covariance product has no admissible one-factor solution.
    bad = cov.copy()
    bad[0, 1] = bad[1, 0] = -0.3
    assert np.isnan(reliability.mcdonald_omega(bad))


def test_omega_k3_closed_form_equals_maximum_likelihood():
    # With three items the one-factor model is just identified, so ML reproduces the
    # closed form exactly (statsmodels' ML fit as the reference). Its starting values are
    # random unless seeded; EM steps first keep BFGS in the right basin on any machine.
    from statsmodels.multivariate.factor import Factor

    rng = np.random.default_rng(3)
    x = _one_factor(rng, 500, [0.8, 0.6, 0.7], [0.6, 0.8, 0.7])
    cov = np.cov(x.T)
    loadings, _ = reliability.one_factor_loadings(cov)
    sd = np.sqrt(np.diag(cov))
    fit = Factor(corr=cov / np.outer(sd, sd), n_factor=1, method="ml", nobs=500).fit(
        rng=0, em_iter=20
    )
    np.testing.assert_allclose(loadings, np.abs(fit.loadings.ravel()) * sd, rtol=1e-4)


@pytest.mark.parametrize("k", [5, 21])
def test_omega_ml_recovers_known_loadings(k):
    lam = np.linspace(0.5, 1.1, k)
    theta = np.linspace(0.9, 0.3, k)
    exact = np.outer(lam, lam) + np.diag(theta)
    loadings, residual = reliability.one_factor_loadings(exact, nobs=1000)
    np.testing.assert_allclose(loadings, lam, rtol=1e-3)
    np.testing.assert_allclose(residual, theta, rtol=1e-3, atol=1e-4)
    # From data: n = 20,000, the loadings within sampling error, omega within 0.01.
    rng = np.random.default_rng(k)
    x = _one_factor(rng, 20_000, lam, np.sqrt(theta))
    loadings, _ = reliability.one_factor_loadings(np.cov(x.T), nobs=20_000)
    assert np.max(np.abs(loadings - lam)) < 0.05
    omega = lam.sum() ** 2 / (lam.sum() ** 2 + theta.sum())
    assert reliability.mcdonald_omega(np.cov(x.T), 20_000) == pytest.approx(omega, abs=0.01)


# --------------------------------------------------------------------------- the table
def _survey(instrument, n=2000, seed=1):
    """Likert answers from one factor per value (loadings differ by item), with blanks."""
    rng = np.random.default_rng(seed)
    cols = {}
    for v, items in enumerate(instrument.values.values()):
        f = rng.standard_normal(n)
        for j, item in enumerate(items):
            latent = (0.5 + 0.15 * j + 0.05 * v) * f + rng.standard_normal(n) * 0.7
            cols[item] = np.clip(np.round(3.6 + latent), 1, 5)
    data = pd.DataFrame(cols).astype("Int8")
    blanks = rng.random(data.shape) < 0.02
    return data.mask(blanks)


def test_table_layout_and_listwise_statistics(instrument):
    data = _survey(instrument)
    table = reliability.reliability_table(data, instrument)
    assert list(table.columns) == reliability.RELIABILITY_COLUMNS
    assert list(table.measure) == [*instrument.value_ids, "index", *instrument.items]
    assert list(table.level) == ["value"] * 7 + ["index"] + ["item"] * 21
    items = table[table.level == "item"]
    assert list(items.value) == [v for v, its in instrument.values.items() for _ in its]
    index = table[table.measure == "index"].iloc[0]
    assert index.k == 21 and index.n == len(data[instrument.items].dropna())
    assert index.alpha == pytest.approx(_alpha_from_total(data[instrument.items]), rel=1e-10)
    for value, its in instrument.values.items():
        row = table[table.measure == value].iloc[0]
        complete = data[its].dropna().astype(float)
        assert row.n == len(complete) and row.k == 3
        assert row.alpha == pytest.approx(_alpha_from_total(data[its]), rel=1e-10)
        assert row.alpha_ci_low < row.alpha < row.alpha_ci_high
        assert 0.5 < row.omega < 1 and row.omega >= row.alpha - 1e-9  # omega >= alpha (1 factor)
        corr = complete.corr().to_numpy()
        assert row.mean_inter_item_r == pytest.approx(corr[np.triu_indices(3, 1)].mean())
        for item in its:
            irow = table[table.measure == item].iloc[0]
            rest = complete.drop(columns=item)
            assert irow.item_total_r == pytest.approx(complete[item].corr(rest.sum(axis=1)))
            assert irow.alpha_if_deleted == pytest.approx(_alpha_from_total(rest))
            assert irow.n == row.n and np.isnan(irow.alpha)


def test_the_weakest_item_is_flagged_by_its_item_statistics():
    rng = np.random.default_rng(0)
    x = _one_factor(rng, 3000, [0.9, 0.9, 0.9, 0.1], 0.5)
    data = pd.DataFrame(x, columns=["A", "B", "C", "D"])
    table = reliability.reliability_table(data, _instrument({"V": ["A", "B", "C", "D"]}))
    items = table[table.level == "item"].set_index("measure")
    assert items.item_total_r.idxmin() == "D"
    assert items.alpha_if_deleted.idxmax() == "D"
    assert items.loc["D", "alpha_if_deleted"] > table.loc[0, "alpha"]


def test_row_blocks_give_the_same_covariance(monkeypatch):
    rng = np.random.default_rng(5)
    data = pd.DataFrame(rng.integers(1, 6, (1000, 3)), columns=["A", "B", "C"]).astype("Int8")
    data.iloc[::7, 1] = pd.NA
    n, whole = reliability.item_covariance(data, ["A", "B", "C"])
    monkeypatch.setattr(reliability, "_BLOCK", 64)
    n_blocks, blocks = reliability.item_covariance(data, ["A", "B", "C"])
    assert n == n_blocks == len(data.dropna())
    np.testing.assert_allclose(blocks, whole, rtol=1e-12)
    np.testing.assert_allclose(whole, np.cov(data.dropna().to_numpy(float).T), rtol=1e-12)


# --------------------------------------------------------------------------- degenerate input
def test_too_few_cases_and_zero_variance_give_nan_without_crashing():
    inst = _instrument({"V": ["A", "B", "C"], "W": ["D", "E", "F"], "Z": ["G", "H", "I"]})
    data = pd.DataFrame({
        "A": [1, 2, pd.NA, 4, pd.NA], "B": [2, pd.NA, 3, 4, 5], "C": [1, 2, 3, 4, 5],
        "D": [1, 2, 3, 4, 5], "E": [2, 1, 4, 3, 5], "F": [3, 3, 3, 3, 3],
        "G": [4, 4, 4, 4, 4], "H": [2, 2, 2, 2, 2], "I": [5, 5, 5, 5, 5],
    }, dtype="Int8")  # fmt: skip
    table = reliability.reliability_table(data, inst).set_index("measure")
    # V: two complete cases.
    assert table.loc["V", "n"] == 2
    assert table.loc[["V", "A"], ["alpha", "alpha_ci_low", "omega", "item_total_r"]].isna().all(
        axis=None)  # fmt: skip
    # W: F is constant; alpha is defined, correlations and omega are not.
    assert np.isfinite(table.loc["W", "alpha"]) and np.isnan(table.loc["W", "omega"])
    assert np.isnan(table.loc["F", "item_total_r"]) and np.isfinite(table.loc["D", "item_total_r"])
    # Z: no variance at all.
    assert table.loc[["Z", "G", "H", "I"], ["alpha", "omega", "item_total_r"]].isna().all(axis=None)
    assert np.isnan(table.loc["index", "alpha"])  # one complete case over all nine items
    # An empty table too.
    empty = reliability.reliability_table(data.iloc[:0], inst)
    assert (empty.n == 0).all() and empty.alpha.isna().all()


def test_bad_input_raises_an_actionable_error(instrument):
    data = _survey(instrument, n=50)
    with pytest.raises(BudayaKerjaError, match="KL3"):
        reliability.reliability_table(data.drop(columns="KL3"), instrument)
    with pytest.raises(BudayaKerjaError, match="confidence"):
        reliability.reliability_table(data, instrument, confidence=95)
