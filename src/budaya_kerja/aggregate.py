"""Group estimates of the index, values and items: weights, design-based SEs, suppression.

One row per year x group x measure (design.md, ``estimates.csv``). With a population frame the
headline ``estimate`` is the post-stratified (weighted) mean, its ``se`` the Taylor-linearised
standard error of a ratio mean under stratified sampling by unit with the finite-population
correction (Lohr 2022, *Sampling: Design and Analysis*, 3rd ed., sec. 4.3 and 9.1; Cochran
1977, 5A.14). ``estimate_unweighted`` / ``se_unweighted`` sit beside it (simple mean, s/sqrt(n)).
Without a frame both are the unweighted ones. Intervals are t intervals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from .errors import BudayaKerjaError
from .scoring import INDEX, categorize, item_points
from .settings import Instrument

ALL = "all"
MISSING_GROUP = "(tidak diisi)"
ESTIMATE_COLUMNS = [
    "year", "group_by", "group", "group_label", "measure", "n", "n_band", "estimate", "se",
    "ci_low", "ci_high", "estimate_unweighted", "se_unweighted", "deff", "n_eff",
    "pct_positive", "pct_positive_se", "pct_positive_ci_low", "pct_positive_ci_high",
    "estimate_shrunk", "category", "category_certain", "suppressed", "suppression_reason",
]  # fmt: skip


# --------------------------------------------------------------------------- measures
def measure_table(scores: pd.DataFrame, responses: pd.DataFrame, instrument: Instrument):
    """Respondent x measure points (0-100) and positive shares (0-1) for index, values, items."""
    measures = [INDEX, *instrument.value_ids, *instrument.items]
    points = pd.concat(
        [
            scores[[INDEX, *instrument.value_ids]],
            item_points(responses[instrument.items], instrument),
        ],
        axis=1,
    )
    answers = responses[instrument.items].astype("float64")
    item_pos = (answers >= instrument.positive_min).astype("float64").where(answers.notna())
    pos = pd.concat(
        [
            scores[[f"pos_{m}" for m in [INDEX, *instrument.value_ids]]].set_axis(
                [INDEX, *instrument.value_ids], axis=1
            ),
            item_pos,
        ],
        axis=1,
    )
    return measures, points[measures], pos[measures]


def domain_stats(
    values: pd.DataFrame,
    weight: pd.Series,
    group: pd.Series,
    stratum: pd.Series,
    stratum_N: pd.Series,
) -> dict[str, pd.DataFrame]:
    """Per group x measure: n, weighted and unweighted means and their variances.

    Linearised variance of the ratio mean ybar_d = sum(w y) / sum(w) over domain d:
    z_i = w_i (y_i - ybar_d) / W_d for i in d (0 elsewhere), and
    V = sum_h (1 - n_h/N_h) n_h/(n_h - 1) sum_i (z_hi - zbar_h)^2, with strata h = units.
    All sums come from one groupby over (group, stratum), so no loop touches respondents.
    """
    y = values.to_numpy(dtype="float64")
    present = np.isfinite(y)
    w = np.where(present, weight.to_numpy()[:, None], 0.0)
    y0 = np.where(present, y, 0.0)
    cols = list(values.columns)
    parts = {
        "cnt": present.astype("float64"), "w": w, "wy": w * y0, "w2": w * w,
        "w2y": w * w * y0, "w2y2": w * w * y0 * y0, "y": y0, "y2": y0 * y0,
    }  # fmt: skip
    frame = pd.concat(
        {k: pd.DataFrame(v, columns=cols, index=values.index) for k, v in parts.items()}, axis=1
    )
    keys = pd.DataFrame(
        {"group": group.to_numpy(), "stratum": stratum.to_numpy()}, index=values.index
    )
    by_cell = frame.groupby([keys["group"], keys["stratum"]], observed=True, sort=True).sum()
    # Stratum sample sizes and headcounts over the whole sample (the domain may cover part).
    n_h = (
        pd.DataFrame(present.astype("float64"), columns=cols, index=values.index)
        .groupby(stratum.to_numpy(), observed=True)
        .sum()
    )
    N_h = stratum_N.groupby(stratum.to_numpy(), observed=True).first()

    by_group = by_cell.groupby(level="group", observed=True).sum()
    n = by_group["cnt"]
    W = by_group["w"]
    mean_w = by_group["wy"] / W
    mean_u = by_group["y"] / n
    var_u = (by_group["y2"] - n * mean_u**2) / (n - 1)

    strata_of = by_cell.index.get_level_values("stratum")
    groups_of = by_cell.index.get_level_values("group")
    nh = n_h.reindex(strata_of).to_numpy()
    Nh = N_h.reindex(strata_of).to_numpy()[:, None]
    fpc = np.where(np.isfinite(Nh) & (Nh > 0), 1.0 - nh / np.where(Nh > 0, Nh, 1.0), 1.0)
    ybar = mean_w.reindex(groups_of).to_numpy()
    Wd = W.reindex(groups_of).to_numpy()
    s1 = (by_cell["wy"].to_numpy() - ybar * by_cell["w"].to_numpy()) / Wd
    s2 = (
        by_cell["w2y2"].to_numpy()
        - 2 * ybar * by_cell["w2y"].to_numpy()
        + ybar**2 * by_cell["w2"].to_numpy()
    ) / Wd**2
    with np.errstate(divide="ignore", invalid="ignore"):
        contrib = np.clip(fpc, 0.0, 1.0) * nh / (nh - 1) * (s2 - s1**2 / nh)
    contrib = np.where(nh > 1, contrib, 0.0)
    var_w = pd.DataFrame(contrib, columns=cols, index=groups_of).groupby(level=0).sum()
    kish = by_group["w"] ** 2 / by_group["w2"]
    return {
        "n": n,
        "mean_w": mean_w,
        "var_w": var_w.reindex(n.index),
        "mean_u": mean_u,
        "var_u": var_u,
        "n_eff": kish,
    }


def _n_band(n: float, min_size: int) -> str:
    if not np.isfinite(n) or n < min_size:
        return f"<{min_size}"
    for lo, hi in ((10, 49), (50, 99), (100, 499), (500, 999)):
        if lo <= n <= hi and lo >= min_size:
            return f"{lo}–{hi}"
    return "1000+" if n >= 1000 else f"{min_size}–49"


def suppress(group_n: pd.Series, min_size: int) -> pd.Series:
    """Primary and complementary suppression of one breakdown's cells.

    A cell with n < ``min_size`` is hidden (primary). Because the cells add up to a published
    total, the hidden cells' combined mean is recoverable by subtraction, so the hidden set must
    have at least two cells and at least ``min_size`` respondents together: the smallest
    published cells are hidden too until it does (complementary). Returns the reason per cell
    ("" when published).
    """
    reason = pd.Series("", index=group_n.index, dtype="object")
    primary = group_n < min_size
    reason[primary] = f"n < {min_size}"
    if primary.any():
        hidden = primary.copy()
        for cell in group_n[~hidden].sort_values(kind="stable").index:
            if hidden.sum() >= 2 and group_n[hidden].sum() >= min_size:
                break
            hidden[cell] = True
            reason[cell] = "komplementer"
    return reason


def estimate_groups(
    scores: pd.DataFrame,
    responses: pd.DataFrame,
    instrument: Instrument,
    *,
    year: int,
    group_by: list[str],
    bands: list[dict],
    min_group_size: int = 10,
    confidence: float = 0.95,
    unit_labels: dict[str, str] | None = None,
    exclude: pd.Series | None = None,
) -> pd.DataFrame:
    """The ``estimates.csv`` table of one year (see module docstring for the method).

    ``scores`` and ``responses`` are aligned row for row (one accepted respondent each);
    ``scores`` carries the design columns of :func:`weighting.poststratify` (``weight``,
    ``stratum``, ``stratum_N``); the estimates are weighted when a frame gave headcounts.
    ``exclude`` (bool per respondent) leaves flagged respondents out when the config says so.
    """
    if exclude is not None and exclude.any():
        keep = ~exclude.to_numpy()
        scores, responses = scores[keep], responses[keep]
    scores = scores.reset_index(drop=True)
    responses = responses.reset_index(drop=True)
    missing = [c for c in ("weight", "stratum", "stratum_N") if c not in scores.columns]
    if missing:
        raise BudayaKerjaError(f"scores lack the design columns {missing}; run weighting first")
    design = scores
    measures, points, positive = measure_table(scores, responses, instrument)
    weighted = bool(scores["stratum_N"].notna().any())
    rows = []
    for dim in [ALL, *group_by]:
        if dim == ALL:
            group = pd.Series(ALL, index=scores.index)
        else:
            if dim not in scores.columns:
                raise BudayaKerjaError(
                    f"estimation.group_by names '{dim}', which is not a column of the scores; "
                    f"use one of {sorted(c for c in scores.columns if scores[c].dtype != float)}"
                )
            group = scores[dim].astype("string").fillna(MISSING_GROUP)
        est = domain_stats(points, design["weight"], group, design["stratum"], design["stratum_N"])
        pos = domain_stats(
            positive, design["weight"], group, design["stratum"], design["stratum_N"]
        )
        group_n = group.value_counts().sort_index()
        reason = suppress(group_n, min_group_size)
        for m in measures:
            n = est["n"][m]
            mean_u, var_u = est["mean_u"][m], est["var_u"][m]
            se_u = np.sqrt(var_u / n)
            mean = est["mean_w"][m] if weighted else mean_u
            se = np.sqrt(est["var_w"][m]) if weighted else se_u
            p_mean = (pos["mean_w"][m] if weighted else pos["mean_u"][m]) * 100
            p_se = (
                np.sqrt(pos["var_w"][m]) if weighted else np.sqrt(pos["var_u"][m] / pos["n"][m])
            ) * 100
            part = pd.DataFrame({
                "group": n.index, "measure": m, "n": n.to_numpy(), "estimate": mean.to_numpy(),
                "se": se.to_numpy(), "estimate_unweighted": mean_u.to_numpy(),
                "se_unweighted": se_u.to_numpy(), "n_eff": est["n_eff"][m].to_numpy(),
                "pct_positive": p_mean.to_numpy(), "pct_positive_se": p_se.to_numpy(),
            })  # fmt: skip
            part.insert(0, "group_by", dim)
            # A group is hidden as a whole when it has too few respondents; a measure is also
            # hidden (with complements) where too few of them answered it.
            by_measure = suppress(n.reindex(group_n.index).fillna(0), min_group_size)
            part["suppression_reason"] = (
                part["group"].map(reason.where(reason != "", by_measure)).fillna("")
            )
            rows.append(part)
    table = pd.concat(rows, ignore_index=True)
    table.insert(0, "year", int(year))
    df = np.maximum(table["n"].to_numpy() - 1, 1)
    tq = stats.t.ppf(0.5 + confidence / 2, df)
    table["ci_low"] = table["estimate"] - tq * table["se"]
    table["ci_high"] = table["estimate"] + tq * table["se"]
    table["deff"] = np.where(weighted, table["n"] / table["n_eff"], 1.0)
    table["n_eff"] = np.where(weighted, table["n_eff"], table["n"])
    table["pct_positive_ci_low"], table["pct_positive_ci_high"] = logit_interval(
        table["pct_positive"] / 100, table["pct_positive_se"] / 100, confidence
    )
    table["category"] = categorize(table["estimate"], bands)
    table["category_certain"] = (
        categorize(table["ci_low"], bands) == categorize(table["ci_high"], bands)
    ).fillna(False)
    table["suppressed"] = table["suppression_reason"] != ""
    table["n_band"] = [_n_band(n, min_group_size) for n in table["n"]]
    labels = unit_labels or {}
    table["group_label"] = np.where(
        table["group_by"] == "unit",
        table["group"].map(labels).astype("string").fillna(table["group"]),
        table["group"],
    )
    hidden = table["suppressed"]
    table["estimate_shrunk"] = np.nan
    for _, family in table[~hidden & (table["group_by"] != ALL)].groupby(["group_by", "measure"]):
        table.loc[family.index, "estimate_shrunk"] = empirical_bayes(
            family["estimate"].to_numpy(), family["se"].to_numpy()
        )[0]
    numeric = [c for c in ESTIMATE_COLUMNS if c not in (
        "year", "group_by", "group", "group_label", "measure", "n_band", "category",
        "category_certain", "suppressed", "suppression_reason")]  # fmt: skip
    table.loc[hidden, numeric] = np.nan
    table.loc[hidden, "category"] = pd.NA
    table.loc[hidden, "category_certain"] = False
    table["n"] = table["n"].astype("Int64")
    return table[ESTIMATE_COLUMNS]


def empirical_bayes(estimate: np.ndarray, se: np.ndarray) -> tuple[np.ndarray, float, np.ndarray]:
    """Shrunken group estimates for fair rankings (normal-normal model, Morris 1983).

    theta_i ~ N(mu, tau^2), estimate_i ~ N(theta_i, se_i^2). tau^2 by DerSimonian & Laird's
    (1986) moment estimator, mu its precision-weighted mean; the posterior mean is
    mu + B_i (estimate_i - mu) with B_i = tau^2 / (tau^2 + se_i^2), so small, noisy groups move
    most towards the overall level. Returns (shrunk estimates, tau^2, B).
    """
    est = np.asarray(estimate, dtype="float64")
    var = np.asarray(se, dtype="float64") ** 2
    ok = np.isfinite(est) & np.isfinite(var) & (var > 0)
    shrunk = est.copy()
    weight = np.ones_like(est)
    if ok.sum() < 3:
        return shrunk, 0.0, weight
    w = 1 / var[ok]
    mean_w = np.sum(w * est[ok]) / w.sum()
    q = np.sum(w * (est[ok] - mean_w) ** 2)
    tau2 = max(0.0, (q - (ok.sum() - 1)) / (w.sum() - np.sum(w**2) / w.sum()))
    mu = np.sum(est[ok] / (var[ok] + tau2)) / np.sum(1 / (var[ok] + tau2))
    weight[ok] = tau2 / (tau2 + var[ok])
    shrunk[ok] = mu + weight[ok] * (est[ok] - mu)
    return shrunk, tau2, weight


def funnel_overdispersion(estimate, se, center: float, winsor: float = 0.1) -> float:
    """Between-group variance tau^2 for funnel-plot limits (Spiegelhalter 2005, sec. 3.3).

    z_i = (estimate_i - center) / se_i is winsorised at the ``winsor`` and 1 - ``winsor``
    quantiles so that the outliers the plot is meant to find do not widen its limits; then
    tau^2 = max(0, (sum z_w^2 - (I - 1)) / (sum w - sum w^2 / sum w)), w = 1 / se^2.
    """
    est = np.asarray(estimate, dtype="float64")
    se = np.asarray(se, dtype="float64")
    ok = np.isfinite(est) & np.isfinite(se) & (se > 0)
    if ok.sum() < 3:
        return 0.0
    z = (est[ok] - center) / se[ok]
    z = np.clip(z, *np.quantile(z, [winsor, 1 - winsor]))
    w = 1 / se[ok] ** 2
    return float(max(0.0, (np.sum(z**2) - (ok.sum() - 1)) / (w.sum() - np.sum(w**2) / w.sum())))


def logit_interval(p, se, confidence: float = 0.95):
    """Interval for a proportion on the logit scale, in percent (Korn & Graubard 1999, 3.3).

    logit(p) +- z * se / (p (1 - p)) (delta method), mapped back, so the interval stays inside
    0-100 and uses the design-based ``se``; p of exactly 0 or 1 gives the point itself.
    """
    p = np.asarray(p, dtype="float64")
    se = np.asarray(se, dtype="float64")
    z = stats.norm.ppf(0.5 + confidence / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        centre = np.log(p / (1 - p))
        half = z * se / (p * (1 - p))
        low = 1 / (1 + np.exp(-(centre - half)))
        high = 1 / (1 + np.exp(-(centre + half)))
    edge = (p <= 0) | (p >= 1)
    return np.where(edge, p, low) * 100, np.where(edge, p, high) * 100
