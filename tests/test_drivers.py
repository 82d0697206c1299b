"""Key drivers: the correlation of each item with the rest of the culture."""

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.weightstats import DescrStatsW

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.settings import Instrument
from budaya_kerja.stats import drivers


def test_weighted_correlation_is_statsmodels_and_pearson_with_equal_weights():
    rng = np.random.default_rng(1)
    x = rng.normal(size=300)
    y = 0.5 * x + rng.normal(size=300)
    w = rng.uniform(0.5, 4, 300)
    reference = DescrStatsW(np.c_[x, y], weights=w).corrcoef[0, 1]
    assert drivers.weighted_correlation(x, y, w) == pytest.approx(reference, rel=1e-12)
    assert drivers.weighted_correlation(x, y, np.ones(300)) == pytest.approx(
        np.corrcoef(x, y)[0, 1], rel=1e-12
    )
    x[:5] = np.nan  # rows without both values are left out
    assert drivers.weighted_correlation(x, y, w) == pytest.approx(
        DescrStatsW(np.c_[x[5:], y[5:]], weights=w[5:]).corrcoef[0, 1], rel=1e-12
    )


def _sample(seed=2, n=400):
    """Three values of two items; item A1 carries the common factor strongly, A2 weakly."""
    rng = np.random.default_rng(seed)
    f = rng.normal(size=n)
    load = {"A1": 0.9, "A2": 0.2, "B1": 0.6, "B2": 0.6, "C1": 0.6, "C2": 0.6}
    items = {k: 50 + 15 * (v * f + np.sqrt(1 - v**2) * rng.normal(size=n)) for k, v in load.items()}
    s = pd.DataFrame(items)
    for value in "ABC":
        s[value] = s[[f"{value}1", f"{value}2"]].mean(axis=1)
    s.loc[:9, "C"] = np.nan  # too few of C's items answered
    s["weight"] = rng.uniform(1, 3, n)
    inst = Instrument({v: [f"{v}1", f"{v}2"] for v in "ABC"}, {v: v for v in "ABC"}, {})
    return s, inst


def test_each_item_is_related_to_the_mean_of_the_other_values():
    s, inst = _sample()
    table = drivers.item_drivers(s, inst).set_index("measure")
    rest = s[["B", "C"]].mean(axis=1, skipna=False)
    ok = rest.notna()
    expected = DescrStatsW(np.c_[s.loc[ok, "A1"], rest[ok]], weights=s.loc[ok, "weight"])
    expected = expected.corrcoef[0, 1]
    assert table.loc["A1", "r"] == pytest.approx(expected, rel=1e-12)
    # Fisher z on Kish's effective n.
    n_eff = s.loc[ok, "weight"].sum() ** 2 / (s.loc[ok, "weight"] ** 2).sum()
    assert table.loc["A1", "n_eff"] == pytest.approx(n_eff)
    half = 1.959963984540054 / np.sqrt(n_eff - 3)
    assert table.loc["A1", "ci_low"] == pytest.approx(np.tanh(np.arctanh(expected) - half))
    # A1's and B1's rests hold C, which 10 respondents lack; C1's rest is A and B.
    assert table.loc["B1", "n"] == 390 and table.loc["A1", "n"] == 390
    assert table.loc["C1", "n"] == 400
    # The strong item ranks first, the weak one last; ranks are 1..6.
    assert table.index[0] == "A1" and table.index[-1] == "A2"
    assert list(table["rank"]) == [1, 2, 3, 4, 5, 6]


def test_the_interval_covers_the_true_correlation_95_percent_of_the_time():
    rho, n, reps = 0.5, 120, 600
    rng = np.random.default_rng(3)
    inst = Instrument({"A": ["A1"], "B": ["B1"]}, {"A": "A", "B": "B"}, {})
    covered = 0
    for _ in range(reps):
        x = rng.normal(size=n)
        y = rho * x + np.sqrt(1 - rho**2) * rng.normal(size=n)
        s = pd.DataFrame({"A1": x, "B1": y, "A": x, "B": y, "weight": 1.0})
        row = drivers.item_drivers(s, inst).set_index("measure").loc["A1"]
        covered += row["ci_low"] <= rho <= row["ci_high"]
    assert 0.93 <= covered / reps <= 0.97


def test_one_value_has_no_rest(english):
    s, _ = _sample()
    with pytest.raises(BudayaKerjaError, match="at least two values"):
        drivers.item_drivers(s, Instrument({"A": ["A1", "A2"]}, {"A": "A"}, {}))


def test_driver_sample_gives_the_estimation_samples_numbers(processed, instrument):
    from budaya_kerja.stats import aggregate

    tables = processed.years[max(processed.years)]
    scores, responses = tables["scores"], tables["responses"]
    # Some respondents left out by the configuration, as the workflow's exclusions do.
    scores = scores.assign(excluded=scores["excluded"] | (np.arange(len(scores)) % 7 == 0))
    full = aggregate.estimation_sample(scores, responses, instrument)
    lean = drivers.driver_sample(scores, responses, instrument)
    assert lean.columns.tolist() == ["weight", "index", *instrument.value_ids, *instrument.items]
    assert len(lean) == len(full) == int((~scores["excluded"]).sum())
    assert (lean[instrument.items].dtypes == "float32").all()  # five-point items: exact
    for column in lean.columns:
        np.testing.assert_array_equal(lean[column].to_numpy("float64"), full[column].to_numpy())
    pd.testing.assert_frame_equal(
        drivers.item_drivers(lean, instrument), drivers.item_drivers(full, instrument),
        check_exact=True,
    )  # fmt: skip
