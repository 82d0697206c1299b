"""Checked by simulation: the standard error of a change between years is calibrated when the
two years are samples without replacement from one finite population that share people.

A fixed population of 1,000 people in four agencies has an index in each year (correlated
0.6 within a person). Each replication draws the two years' samples (35 % of every agency)
independently with nobody linked, independently with the chance overlap linked, as a half
panel, or as the same people, and runs them
through the pipeline's estimator (``aggregate.domain_stats``) and ``compare.compare_years``,
all replications at once (each replication its own group, its agencies their own strata).
Without the correction, the population is 20 times larger (a sampling fraction under 2 %),
there is no frame, and the samples are simple random samples. In every setting the mean reported SE must match the spread of the
estimated changes (Kish 1965, sec. 12.4).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from budaya_kerja.stats import aggregate, compare

pytestmark = pytest.mark.slow

REPLICATIONS = 2000
UNITS = {"A": 400, "B": 300, "C": 200, "D": 100}
FRACTION = 0.35
RHO = 0.6
OVERLAPS = ["none", "chance", "panel", "full"]


def _population(rng, scale: int) -> pd.DataFrame:
    sizes = {u: n * scale for u, n in UNITS.items()}
    unit = np.repeat(list(sizes), list(sizes.values()))
    level = pd.Series({"A": 72.0, "B": 68.0, "C": 75.0, "D": 64.0})[unit].to_numpy()
    e0, e1 = rng.normal(0, 1, (2, len(unit)))
    y0 = level + 10 * e0
    y1 = level + 2 + 10 * (RHO * e0 + np.sqrt(1 - RHO**2) * e1)
    return pd.DataFrame({"unit": unit, "y0": y0, "y1": y1})


def _draw(rng, size: int, n: int, overlap: str) -> tuple[np.ndarray, np.ndarray]:
    """Positions (reps x n) of the year-0 and year-1 samples among ``size`` people."""
    order = rng.random((REPLICATIONS, size)).argsort(axis=1)
    first = order[:, :n]
    if overlap in ("none", "chance"):  # drawn again, independently
        second = rng.random((REPLICATIONS, size)).argsort(axis=1)[:, :n]
    elif overlap == "panel":  # half of last year's people answer again
        second = np.concatenate([order[:, : n // 2], order[:, n : 2 * n - n // 2]], axis=1)
    else:  # "full": the same people
        second = first
    return first, second


def _samples(population, rng, overlap: str, frame: bool):
    # "none": independent draws nobody can link (chance overlap, covariance ~ 0); "chance":
    # the same draws linked by pseudonym; "panel": half of the year-0 people answer again, the
    # rest are new; "full": the same people.
    """Both years' stacked samples: stratified by agency with a frame, else one SRS."""
    years = {0: [], 1: []}
    blocks = population.groupby("unit", sort=True).indices.items() if frame else [
        (None, np.arange(len(population)))]  # fmt: skip
    for _, rows in blocks:
        n = int(round(FRACTION * len(rows))) if frame else 350
        first, second = _draw(rng, len(rows), n, overlap)
        for t, pos in ((0, first), (1, second)):
            rep = np.repeat(np.arange(REPLICATIONS), pos.shape[1])
            years[t].append(pd.DataFrame({"rep": rep, "person": rows[pos.ravel()]}))
    out = []
    headcount = population["unit"].value_counts()
    for t in (0, 1):
        s = pd.concat(years[t], ignore_index=True)
        s["unit"] = population["unit"].to_numpy()[s["person"]]
        s["index"] = population[f"y{t}"].to_numpy()[s["person"]]
        s["pos_index"] = (s["index"] >= 70).astype("float64")
        s["respondent"] = (s["rep"] * len(population) + s["person"]).astype("string")
        if overlap == "none" and t == 1:  # nobody can be linked (e.g. another key)
            s["respondent"] = "x" + s["respondent"]
        s["group"] = s["rep"].astype("string")
        if frame:
            s["stratum"] = s["group"] + "|" + s["unit"]
            n_h = s.groupby("stratum")["stratum"].transform("size")
            s["stratum_N"] = s["unit"].map(headcount).astype("float64")
            s["weight"] = s["stratum_N"] / n_h
        else:
            s["stratum"], s["stratum_N"], s["weight"] = s["group"], np.nan, 1.0
        out.append(s)
    return out


def _estimates(s: pd.DataFrame, year: int) -> pd.DataFrame:
    rows = []
    for group_by, group in (("all", pd.Series("all", index=s.index)), ("rep", s["group"])):
        est = aggregate.domain_stats(s[["index", "pos_index"]], s["weight"], group, s["stratum"],
                                     s["stratum_N"])  # fmt: skip
        rows.append(pd.DataFrame({
            "year": year, "group_by": group_by, "group": est["mean"].index, "measure": "index",
            "n": est["n"]["index"].to_numpy(), "estimate": est["mean"]["index"].to_numpy(),
            "se": est["se"]["index"].to_numpy(), "df": est["df"]["index"].to_numpy(),
            "sd": est["sd"]["index"].to_numpy(),
            "pct_positive": 100 * est["mean"]["pos_index"].to_numpy(),
            "pct_positive_se": 100 * est["se"]["pos_index"].to_numpy(), "suppressed": False,
        }))  # fmt: skip
    return pd.concat(rows, ignore_index=True)


@pytest.fixture(scope="module")
def populations():
    rng = np.random.default_rng(12)
    return {True: _population(rng, 1), False: _population(rng, 20)}


@pytest.mark.parametrize("frame", [True, False], ids=["fpc", "no-fpc"])
@pytest.mark.parametrize("overlap", OVERLAPS)
def test_se_of_the_change_matches_its_spread(populations, overlap, frame):
    rng = np.random.default_rng([OVERLAPS.index(overlap), int(frame)])
    s0, s1 = _samples(populations[frame], rng, overlap, frame)
    table = compare.compare_years(
        _estimates(s0, 2024), _estimates(s1, 2025), s0, s1, year0=2024, year1=2025,
        measures=["index"], group_columns={"rep": "group"},
    )  # fmt: skip
    reps = table[table.group_by == "rep"]
    assert len(reps) == REPLICATIONS and reps.tested.all()
    ratio = reps["se_diff"].mean() / reps["diff"].std()
    pp_ratio = (reps["pp_ci_high"] - reps["pp_ci_low"]).mean() / 2 / 1.96 / reps["pp_diff"].std()
    print(f"overlap={overlap} fpc={frame} linked={reps.n_matched.mean():.0f} "
          f"SE/SD index {ratio:.3f}, percent positive {pp_ratio:.3f}")  # fmt: skip
    assert 0.95 <= ratio <= 1.05
    assert 0.93 <= pp_ratio <= 1.07  # t half-width / 1.96 ~ SE (df in the hundreds)
