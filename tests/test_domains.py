"""Group estimates and within-year contrasts from a respondent table with its design."""

import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.multitest import multipletests

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.stats import aggregate, domains

from .test_aggregate import _estimate, _stratified_sample, _survey


def _design(frame: pd.DataFrame) -> pd.DataFrame:
    """_stratified_sample with the design columns of a sample."""
    return frame.rename(columns={"unit": "stratum", "N": "stratum_N"}).assign(unit=frame["unit"])


def test_estimates_are_the_published_ones(instrument, config):
    n = {"A": 60, "B": 40, "C": 25, "D": 8}
    frame = pd.DataFrame({"unit": list(n), "jumlah": [80, 400, 30, 9]})
    responses, scores = _survey(instrument, n, seed=3, frame=frame)
    published = _estimate(instrument, config, responses, scores)
    sample = aggregate.estimation_sample(scores, responses, instrument)
    ours = domains.estimate_domains(sample, ["unit", "jenis_kelamin"], ["index", "BP", "KO2"])
    keys = ["group_by", "group", "measure"]
    merged = ours.merge(published, on=keys, suffixes=("", "_pub"))
    assert len(merged) == len(ours) == 3 * (1 + 4 + 2)
    for column in ["n", "estimate", "se", "df", "ci_low", "ci_high", "suppressed"]:
        a, b = merged[column], merged[f"{column}_pub"]
        if column == "suppressed":
            assert (a == b).all()
        else:
            assert np.allclose(a.astype(float), b.astype(float), rtol=1e-12, equal_nan=True)
    assert merged["suppressed"].any()  # D (n = 8) and its complement are hidden


@pytest.mark.filterwarnings("ignore")
def test_the_contrast_counts_the_covariance_of_the_shared_strata():
    """Var(a - b) = Var(a) + Var(b) - 2 Cov: the two variances from samplics (the reference
    implementation of the domain estimator), the covariance worked by hand per stratum."""
    from samplics import PopParam, TaylorEstimator

    s = _design(_stratified_sample())
    row = domains.contrast_domains(s, "sex", "P", "L", ["y"], min_group_size=2).iloc[0]
    answered = s["y"].notna()
    ref = TaylorEstimator(PopParam.mean)
    fpc = {h: 1 - (s.stratum == h).sum() / s.loc[s.stratum == h, "stratum_N"].iloc[0]
           for h in s.stratum.unique()}  # fmt: skip
    domain = (s["sex"] + np.where(answered, "|yes", "|no")).to_numpy()
    with warnings.catch_warnings():  # samplics warns about its own internals
        warnings.simplefilter("ignore")
        ref.estimate(y=s["y"].fillna(1.0).to_numpy(), samp_weight=s["weight"].to_numpy(),
                     stratum=s["stratum"].to_numpy(), domain=domain, fpc=fpc)  # fmt: skip
    var_p, var_l = ref.stderror["P|yes"] ** 2, ref.stderror["L|yes"] ** 2
    # Covariance by hand: z of each domain, then per stratum h
    # (1 - f_h) n_h / (n_h - 1) sum (z_a - zbar_a)(z_b - zbar_b).
    z = {}
    for sex in ("P", "L"):
        member = (s["sex"] == sex) & answered
        mean = np.average(s.loc[member, "y"], weights=s.loc[member, "weight"])
        z[sex] = (
            np.where(member, s["weight"] * (s["y"].fillna(0) - mean), 0.0)
            / s.loc[member, "weight"].sum()
        )
    cov = 0.0
    for _, part in s.groupby("stratum"):
        rows = part.index.to_numpy()
        n_h, N_h = len(rows), part["stratum_N"].iloc[0]
        a, b = z["P"][rows], z["L"][rows]
        cov += (1 - n_h / N_h) * n_h / (n_h - 1) * np.sum((a - a.mean()) * (b - b.mean()))
    assert row["diff"] == pytest.approx(ref.point_est["P|yes"] - ref.point_est["L|yes"], abs=1e-9)
    assert row["se"] ** 2 == pytest.approx(var_p + var_l - 2 * cov, rel=1e-10)
    assert row["covariance"] == pytest.approx(cov, rel=1e-8)
    assert row["se_independent"] ** 2 == pytest.approx(var_p + var_l, rel=1e-10)
    assert abs(cov) > 1e-4 * (var_p + var_l)  # the strata really link the two domains
    strata = s.loc[answered, "stratum"].nunique()
    assert row["df"] == answered.sum() - strata
    tq = stats.t.ppf(0.975, row["df"])
    assert row["ci_high"] - row["diff"] == pytest.approx(tq * row["se"])


def test_without_a_frame_the_contrast_is_welchs_test():
    rng = np.random.default_rng(4)
    y = np.r_[rng.normal(70, 10, 40), rng.normal(75, 15, 25)]
    s = pd.DataFrame({"index": y, "g": ["a"] * 40 + ["b"] * 25, "weight": 1.0,
                      "stratum": "all", "stratum_N": np.nan})  # fmt: skip
    row = domains.contrast_domains(s, "g", "b", "a").iloc[0]
    welch = stats.ttest_ind(y[40:], y[:40], equal_var=False)
    assert row["diff"] == pytest.approx(y[40:].mean() - y[:40].mean())
    assert row["p"] == pytest.approx(welch.pvalue, rel=1e-10)
    assert row["df"] == pytest.approx(welch.df, rel=1e-10)
    assert row["covariance"] == pytest.approx(0.0, abs=1e-12)


def test_several_rows_are_adjusted_by_holm_and_small_groups_are_not_tested():
    rng = np.random.default_rng(5)
    s = pd.DataFrame({"index": rng.normal(70, 10, 200), "BP": rng.normal(70, 10, 200),
                      "g": rng.choice(["a", "b", "c"], 200, p=[0.48, 0.48, 0.04]),
                      "weight": 1.0, "stratum": "all", "stratum_N": np.nan})  # fmt: skip
    table = domains.contrast_domains(s, "g", None, "a", ["index", "BP"])
    assert list(table["group"]) == ["b", "b", "c", "c"]
    small = table[table["group"] == "c"]
    assert not small["tested"].any() and small["diff"].isna().all()
    assert (small["note"] == "n < 10 in a group").all()
    tested = table[table["tested"]]
    assert np.allclose(tested["p_adj"], multipletests(tested["p"], method="holm")[1])
    assert np.allclose(domains.holm(tested["p"]), multipletests(tested["p"], method="holm")[1])


def test_bad_arguments_stop_with_a_message(english):
    s = pd.DataFrame({"index": [1.0, 2.0], "g": ["a", "b"], "weight": 1.0, "stratum": "h",
                      "stratum_N": np.nan})  # fmt: skip
    with pytest.raises(BudayaKerjaError, match=r"g has no group 'x'; its groups are \['a', 'b'\]"):
        domains.contrast_domains(s, "g", "a", "x")
    with pytest.raises(BudayaKerjaError, match="lacks the column"):
        domains.estimate_domains(s.drop(columns="weight"), "g")


@pytest.mark.slow
def test_the_contrast_se_matches_the_spread_over_repeated_samples():
    """Stratified samples without replacement (half of each stratum) from a finite population
    whose strata hold the two groups in different shares and differ in level: the mean SE
    with the covariance is the empirical SD of the difference (within 5 %); the SE that
    treats the groups as independent is too small."""
    rng = np.random.default_rng(5)
    N = {"A": 400, "B": 300, "C": 200}
    n = {h: N[h] // 2 for h in N}
    share, level = {"A": 0.15, "B": 0.5, "C": 0.85}, {"A": 12, "B": 0, "C": -12}
    population = {}
    for h in N:
        g = np.where(rng.random(N[h]) < share[h], "a", "b")
        population[h] = (g, 70 + level[h] + np.where(g == "a", 3, 0) + rng.normal(0, 8, N[h]))
    fixed = pd.DataFrame({
        "stratum": np.concatenate([[h] * n[h] for h in N]),
        "stratum_N": np.concatenate([[float(N[h])] * n[h] for h in N]),
        "weight": np.concatenate([[N[h] / n[h]] * n[h] for h in N]),
    })  # fmt: skip
    diffs, ses, independent = [], [], []
    for _ in range(2000):
        drawn = {h: rng.choice(N[h], n[h], replace=False) for h in N}
        s = fixed.assign(g=np.concatenate([population[h][0][drawn[h]] for h in N]),
                         y=np.concatenate([population[h][1][drawn[h]] for h in N]))  # fmt: skip
        row = domains.contrast_domains(s, "g", "a", "b", ["y"], min_group_size=2).iloc[0]
        diffs.append(row["diff"])
        ses.append(row["se"])
        independent.append(row["se_independent"])
    sd = np.std(diffs, ddof=1)
    assert 0.95 <= np.mean(ses) / sd <= 1.05
    assert np.mean(independent) / sd < 0.95
