"""Change between two survey years, per group and measure (``comparison/<y0>-<y1>.csv``).

The difference of two group estimates ``diff = est1 - est0`` comes from the years'
``estimates.csv`` (weighted where those are), and so do their design-based standard errors.
Where the same person answered in both years (same pseudonym, same group), the two estimates
are positively correlated and the variance of the difference is smaller than for independent
samples; the covariance is estimated from the linked respondents (overlapping samples):

    Var(diff) = se0^2 + se1^2 - 2 cov

- unweighted data (every weight 1 in both years): ``cov = n_m s01 / (n0 n1)`` with ``n_m``
  the linked respondents, ``n0``, ``n1`` the group's respondents with a score, and ``s01``
  the sample covariance of the linked pairs (divisor n_m - 1) (Derrick, Toher & White 2017,
  *The Quantitative Methods for Psychology* 13(2), 120-126). No overlap gives Welch's test;
  complete overlap gives exactly the paired t test's standard error.
- weighted data: the linearised (Woodruff 1971, JASA 66, 411-414) covariance of the two ratio
  means
  ``C = sum_linked w0 w1 (y0 - ybar0)(y1 - ybar1) / (W0 W1)`` (means and weight totals over
  each year's whole group), turned into a correlation with the same linearised variances
  ``V_t = sum w^2 (y - ybar_t)^2 / W_t^2`` and applied to the design SEs:
  ``cov = C / sqrt(V0 V1) * se0 se1``. So the finite-population correction and the
  stratification in ``se`` carry over to the covariance, and Var(diff) cannot turn negative.
  In both cases the implied correlation is capped to [-1, 1].

Degrees of freedom: Welch-Satterthwaite ``nu_W = (v0 + v1)^2 / (v0^2/(n0-1) + v1^2/(n1-1))``
with ``v_t = se_t^2`` when nobody is linked; with ``n_m`` linked and ``n_a = n0 - n_m``,
``n_b = n1 - n_m`` unlinked the partially-overlapping-samples df of Derrick et al. (2017)
``nu = (n_m - 1) + (nu_W - n_m + 1) (n_a + n_b) / (n_a + n_b + 2 n_m)``, which is ``n - 1``
(the paired df) under complete overlap. t interval and two-sided t p-value.

Effect size: Hedges' g = diff / s_pooled * J, ``s_pooled^2 = ((n0-1) s0^2 + (n1-1) s1^2) /
(n0 + n1 - 2)`` with (weighted) SDs of the respondents' scores, ``J = 1 - 3 / (4(n0+n1) - 9)``
(Hedges 1981). Items are not in the scores: their SDs come from ``se_unweighted * sqrt(n)``
and nobody is linked (independent samples).

Percent positive: ``pp_diff = pp1 - pp0`` with a z test, the SE from the years'
``pct_positive_se`` less twice the overlap covariance of the ``pos_`` shares (as above), and
Cohen's h = 2 asin sqrt(p1) - 2 asin sqrt(p0) (Cohen 1988, sec. 6.2).

Multiplicity, over tested rows only: Holm (1979) within the headline family (group ``all``,
the index and the values: ``family="headline"``); Benjamini & Hochberg (1995) within every
other family, one per (group_by, measure) (``"unit:BP"``; the items of the whole sample form
``"all:items"``). ``pp_p`` is adjusted the same way. ``significant = p_adj < alpha``;
``material = |diff| >= min_meaningful_change``.

No test when a group is missing, suppressed or has n < ``min_group_size`` in either year
(``tested=False``, ``note`` e.g. ``"n < 10 in 2024"``, ``"suppressed in 2024 (komplementer)"``,
``"absent in 2025"``); untested rows carry no difference, interval, p or effect size, and a
suppressed year's estimate, n and the linked count stay empty, so the comparison table never
reveals what the estimates table hides. A zero SE in both years (a census under the
finite-population correction) makes the difference exact: the interval is the point, p is 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests

from .aggregate import ALL, MISSING_GROUP
from .errors import BudayaKerjaError
from .scoring import INDEX

COMPARISON_COLUMNS = [
    "group_by", "group", "measure", "n0", "n1", "n_matched", "est0", "est1", "diff", "se_diff",
    "df", "ci_low", "ci_high", "p", "p_adj", "adjustment", "family", "effect_size",
    "significant", "material", "pp0", "pp1", "pp_diff", "pp_ci_low", "pp_ci_high", "pp_p",
    "pp_p_adj", "cohen_h", "power", "tested", "note",
]  # fmt: skip
HEADLINE = "headline"
KEYS = ["group_by", "group", "measure"]
_EST_REQUIRED = ["group_by", "group", "measure", "n", "estimate", "se", "pct_positive",
                 "pct_positive_se", "suppressed"]  # fmt: skip


def years_to_compare(years) -> list[tuple[int, int]]:
    """Pairs of years to compare: each year with the next and, with more than two years, each
    later year with the first (the baseline). Sorted, without duplicates.

    >>> years_to_compare([2026, 2024, 2025])
    [(2024, 2025), (2024, 2026), (2025, 2026)]
    """
    ys = sorted({int(y) for y in years})
    pairs = set(zip(ys, ys[1:], strict=False))
    if len(ys) > 2:
        pairs |= {(ys[0], y) for y in ys[1:]}
    return sorted(pairs)


# --------------------------------------------------------------------------- inputs
def _prepare_estimates(est: pd.DataFrame, year: int, which: str, measures, group_bys):
    missing = [c for c in _EST_REQUIRED if c not in est.columns]
    if missing:
        raise BudayaKerjaError(
            f"{which} lacks the column(s) {', '.join(missing)}; pass the rows of the year's "
            "estimates.csv as written by aggregate.estimate_groups"
        )
    if "year" in est.columns:
        est = est[est["year"].astype("int64") == int(year)]
        if est.empty:
            raise BudayaKerjaError(f"{which} has no rows for year {year}; check the year arguments")
    est = est.assign(group=est["group"].astype("string"), group_by=est["group_by"].astype("string"))
    est = est[est["group_by"].isin(group_bys) & est["measure"].isin(measures)]
    dup = est.duplicated(KEYS)
    if dup.any():
        first = est.loc[dup, KEYS].iloc[0].tolist()
        raise BudayaKerjaError(
            f"{which} has more than one row for (group_by, group, measure) = {tuple(first)}; "
            "pass one year's estimates only"
        )
    out = pd.DataFrame({k: est[k] for k in KEYS})
    out["n"] = pd.to_numeric(est["n"], errors="coerce").astype("float64")
    for col in ("estimate", "se", "pct_positive", "pct_positive_se"):
        out[col] = pd.to_numeric(est[col], errors="coerce").astype("float64")
    se_u = est["se_unweighted"] if "se_unweighted" in est.columns else est["se"]
    out["sd"] = pd.to_numeric(se_u, errors="coerce").astype("float64") * np.sqrt(out["n"])
    out["suppressed"] = est["suppressed"].astype("boolean").fillna(False).astype(bool)
    reason = est["suppression_reason"] if "suppression_reason" in est.columns else ""
    out["reason"] = pd.Series(reason, index=est.index).astype("string").fillna("")
    out["present"] = True
    return out


def _check_scores(scores: pd.DataFrame, which: str, group_columns: dict, score_measures):
    need = ["respondent", "weight", *group_columns.values(), *score_measures,
            *(f"pos_{m}" for m in score_measures)]  # fmt: skip
    missing = [c for c in dict.fromkeys(need) if c not in scores.columns]
    if missing:
        raise BudayaKerjaError(
            f"{which} lacks the column(s) {', '.join(missing)}; pass the year's scores.parquet "
            "(with its design columns) and a group_columns mapping to columns it has"
        )
    rid = scores["respondent"].astype("string")
    if rid.dropna().duplicated().any():
        raise BudayaKerjaError(
            f"{which} has the same respondent pseudonym more than once (e.g. "
            f"{rid[rid.duplicated()].iloc[0]!r}); scores must hold one row per respondent"
        )


def _link(scores0: pd.DataFrame, scores1: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Row positions (i0, i1) of the respondents present in both years (same pseudonym)."""
    r0 = scores0["respondent"].astype("string").to_numpy(dtype=object, na_value=None)
    r1 = scores1["respondent"].astype("string").to_numpy(dtype=object, na_value=None)
    pos1 = pd.Index(r1).get_indexer(r0)
    linked = (pos1 >= 0) & pd.notna(r0)
    return np.flatnonzero(linked), pos1[linked]


def _groups(scores: pd.DataFrame, group_by: str, group_columns: dict) -> pd.Series:
    if group_by == ALL:
        return pd.Series(ALL, index=scores.index, dtype="string")
    return scores[group_columns[group_by]].astype("string").fillna(MISSING_GROUP)


# --------------------------------------------------------------------------- overlap
def _year_moments(y: np.ndarray, w: np.ndarray, codes: np.ndarray, size: int) -> dict:
    """Per group: count, weight total, weighted mean and the rows' deviations from it."""
    present = np.isfinite(y)
    wp = np.where(present, w, 0.0)
    y0 = np.where(present, y, 0.0)
    cnt = np.bincount(codes, weights=present.astype("float64"), minlength=size)
    W = np.bincount(codes, weights=wp, minlength=size)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.bincount(codes, weights=wp * y0, minlength=size) / W
    dev = y - mean[codes]  # NaN where y is missing
    d0 = np.where(present, dev, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        wvar = np.bincount(codes, weights=wp * d0 * d0, minlength=size) / W * cnt / (cnt - 1)
        lin = np.bincount(codes, weights=wp * wp * d0 * d0, minlength=size) / W**2
    return {"cnt": cnt, "W": W, "dev": dev, "sd": np.sqrt(wvar), "lin": lin}


def _overlap(scores0, scores1, link, group_by, group_columns, columns) -> pd.DataFrame:
    """Per group x column of the scores: SDs, linked count and the overlap covariance pieces."""
    g0, g1 = _groups(scores0, group_by, group_columns), _groups(scores1, group_by, group_columns)
    (k0, u0), (k1, u1) = pd.factorize(g0), pd.factorize(g1)
    labels = pd.Index(sorted(set(u0) | set(u1)))
    c0, c1 = labels.get_indexer(u0)[k0], labels.get_indexer(u1)[k1]
    size = len(labels)
    i0, i1 = link
    same = c0[i0] == c1[i1]
    i0, i1 = i0[same], i1[same]
    code = c0[i0]
    w0, w1 = scores0["weight"].to_numpy("float64"), scores1["weight"].to_numpy("float64")
    parts = []
    for col in columns:
        m0 = _year_moments(scores0[col].to_numpy("float64"), w0, c0, size)
        m1 = _year_moments(scores1[col].to_numpy("float64"), w1, c1, size)
        d0, d1 = m0["dev"][i0], m1["dev"][i1]
        both = np.isfinite(d0) & np.isfinite(d1)
        d0, d1 = np.where(both, d0, 0.0), np.where(both, d1, 0.0)
        n_m = np.bincount(code, weights=both.astype("float64"), minlength=size)
        s0 = np.bincount(code, weights=d0, minlength=size)
        s1 = np.bincount(code, weights=d1, minlength=size)
        s01 = np.bincount(code, weights=d0 * d1, minlength=size)
        ww = np.bincount(code, weights=w0[i0] * w1[i1] * d0 * d1, minlength=size)
        with np.errstate(divide="ignore", invalid="ignore"):
            cov_pairs = (s01 - s0 * s1 / n_m) / (n_m - 1)  # matched-pair sample covariance
            rho_lin = ww / (m0["W"] * m1["W"]) / np.sqrt(m0["lin"] * m1["lin"])
        parts.append(pd.DataFrame({
            "group": labels, "column": col, "cnt0": m0["cnt"], "cnt1": m1["cnt"],
            "sd0": m0["sd"], "sd1": m1["sd"], "n_matched": n_m,
            "cov_pairs": np.where(n_m >= 2, cov_pairs, 0.0),
            "rho_lin": np.where(n_m >= 1, rho_lin, 0.0),
        }))  # fmt: skip
    frame = pd.concat(parts, ignore_index=True)
    frame.insert(0, "group_by", group_by)
    return frame


def _covariance(frame, se0, se1, weighted: bool, prefix: str = "") -> np.ndarray:
    """Covariance of the two estimates (see module docstring), capped at |rho| <= 1."""
    if weighted:
        cov = frame[f"{prefix}rho_lin"].fillna(0.0).to_numpy() * se0 * se1
    else:
        n_m = frame[f"{prefix}n_matched"].fillna(0.0).to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            cov = (
                n_m
                * frame[f"{prefix}cov_pairs"].fillna(0.0).to_numpy()
                / (frame[f"{prefix}cnt0"].to_numpy() * frame[f"{prefix}cnt1"].to_numpy())
            )
        cov = np.where(n_m > 0, cov, 0.0)
    bound = se0 * se1
    return np.clip(cov, -bound, bound)


# --------------------------------------------------------------------------- statistics
def welch_df(v0, v1, n0, n1):
    """Welch-Satterthwaite df of v0 + v1 with v_t = se_t^2 on n_t - 1 df."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return (v0 + v1) ** 2 / (v0**2 / (n0 - 1) + v1**2 / (n1 - 1))


def overlap_df(v0, v1, n0, n1, n_matched):
    """Derrick, Toher & White (2017) df for partially overlapping samples.

    nu = (n_m - 1) + (nu_W - n_m + 1) (n_a + n_b) / (n_a + n_b + 2 n_m): Welch's df with no
    overlap and the paired ``n - 1`` with complete overlap.
    """
    nu_w = welch_df(v0, v1, n0, n1)
    n_m = np.asarray(n_matched, dtype="float64")
    unlinked = np.clip(n0 - n_m, 0, None) + np.clip(n1 - n_m, 0, None)
    with np.errstate(divide="ignore", invalid="ignore"):
        nu = (n_m - 1) + (nu_w - n_m + 1) * unlinked / (unlinked + 2 * n_m)
    return np.where(n_m > 0, nu, nu_w)


def hedges_g(diff, sd0, sd1, n0, n1):
    """Hedges' (1981) g: diff / pooled SD times J = 1 - 3 / (4 (n0 + n1) - 9)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = np.sqrt(((n0 - 1) * sd0**2 + (n1 - 1) * sd1**2) / (n0 + n1 - 2))
        return diff / pooled * (1 - 3 / (4 * (n0 + n1) - 9))


def cohen_h(p0, p1):
    """Cohen's h for two proportions (0-1): 2 asin sqrt(p1) - 2 asin sqrt(p0)."""
    return 2 * np.arcsin(np.sqrt(p1)) - 2 * np.arcsin(np.sqrt(p0))


def _test(diff, se, quantile, sf):
    """Interval diff +- quantile * se and two-sided p = 2 sf(|diff| / se).

    A zero SE (a census with the finite-population correction, or no variation) makes the
    difference exact: the interval is the point and p is 0 (1 when the difference is 0).
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        p = 2 * sf(np.abs(diff / se))
        half = quantile * se
    zero = se == 0
    p = np.where(zero, np.where(diff == 0, 1.0, 0.0), p)
    half = np.where(zero, 0.0, half)
    missing = ~np.isfinite(diff) | ~np.isfinite(se)
    return (np.where(missing, np.nan, diff - half), np.where(missing, np.nan, diff + half),
            np.where(missing, np.nan, p))  # fmt: skip


def power(change: float, se, alpha: float = 0.05):
    """Power of the two-sided level-``alpha`` test to detect a true change of ``change``
    points given the standard error of the difference (normal approximation):
    Phi(change/se - z) + Phi(-change/se - z), z = Phi^-1(1 - alpha/2). Unadjusted for
    multiplicity, as the detectable-change convention of survey reports."""
    se = np.asarray(se, dtype="float64")
    z = stats.norm.ppf(1 - alpha / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        return stats.norm.cdf(change / se - z) + stats.norm.cdf(-change / se - z)


def _adjust(table: pd.DataFrame, p: str, tested: pd.Series) -> pd.Series:
    out = pd.Series(np.nan, index=table.index)
    for family, rows in table[tested & table[p].notna()].groupby("family", sort=False):
        method = "holm" if family == HEADLINE else "fdr_bh"
        out[rows.index] = multipletests(rows[p].to_numpy(), method=method)[1]
    return out


def _notes(t: pd.DataFrame, year0: int, year1: int, min_group_size: int) -> pd.Series:
    parts = []
    for s, year in (("0", year0), ("1", year1)):
        n = t[f"n{s}"]
        reason = t[f"reason{s}"].fillna("")
        hidden = t[f"suppressed{s}"]
        note = pd.Series("", index=t.index, dtype="object")
        note[~t[f"present{s}"]] = f"absent in {year}"
        small = t[f"present{s}"] & ~hidden & (n < min_group_size)
        note[small] = f"n < {min_group_size} in {year}"
        primary = hidden & reason.str.startswith("n <")
        note[primary] = reason[primary] + f" in {year}"
        other = hidden & ~primary
        note[other] = (
            f"suppressed in {year}" + (" (" + reason[other] + ")").where(reason[other] != "", "")
        ).astype("object")
        no_est = (
            t[f"present{s}"]
            & ~hidden
            & ~small
            & ~(np.isfinite(t[f"est{s}"]) & np.isfinite(t[f"se{s}"]))
        )
        note[no_est] = f"no estimate in {year}"
        parts.append(note)
    both = parts[0].str.cat(parts[1], sep="; ").str.strip("; ")
    return both


def compare_years(
    est0: pd.DataFrame,
    est1: pd.DataFrame,
    scores0: pd.DataFrame,
    scores1: pd.DataFrame,
    *,
    year0: int,
    year1: int,
    measures: list[str],
    group_columns: dict[str, str],
    min_group_size: int = 10,
    min_meaningful_change: float = 3.0,
    alpha: float = 0.05,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Difference between two years for every group and measure, with its test (see module).

    Parameters
    ----------
    est0, est1 : the years' ``estimates.csv`` rows (other years' rows are dropped if a ``year``
        column is present).
    scores0, scores1 : the years' ``scores.parquet`` (``respondent``, ``weight``, the group
        columns, one column per value and ``index``, ``pos_<measure>``).
    year0, year1 : the years (``year1`` the later one; diff = est1 - est0).
    measures : measures to compare, in output order (``index``, value ids, item ids). Those that
        are columns of both scores (index and values) use the respondent link; the others
        (items) are treated as independent samples.
    group_columns : group_by name -> column in the scores (``{"unit": "unit", ...}``); the
        whole sample (``all``) is always compared; other group_by's in the estimates are left
        out.
    min_group_size : no test below this n in either year.
    min_meaningful_change : |diff| (points) from which a change is ``material``.
    alpha : significance level for ``p_adj``.
    confidence : level of the intervals.

    Returns
    -------
    DataFrame with :data:`COMPARISON_COLUMNS`, one row per (group_by, group, measure) present
    in either year, ordered by group_by (``all`` then ``group_columns``), group, then measure
    as given. ``note`` says why a row is not tested (empty when tested).
    """
    for name, level in (("alpha", alpha), ("confidence", confidence)):
        if not 0 < level < 1:
            raise BudayaKerjaError(f"{name} must lie between 0 and 1, got {level!r}")
    if int(year0) == int(year1):
        raise BudayaKerjaError(f"year0 and year1 are both {year0}; compare two different years")
    measures = list(dict.fromkeys(measures))
    if ALL in group_columns:
        raise BudayaKerjaError("group_columns must not map 'all'; the whole sample is implied")
    group_bys = [ALL, *group_columns]
    score_measures = [m for m in measures if m in scores0.columns and m in scores1.columns]
    _check_scores(scores0, "scores0", group_columns, score_measures)
    _check_scores(scores1, "scores1", group_columns, score_measures)
    e0 = _prepare_estimates(est0, year0, "est0", measures, group_bys)
    e1 = _prepare_estimates(est1, year1, "est1", measures, group_bys)
    t = e0.merge(e1, on=KEYS, how="outer", suffixes=("0", "1"))
    t = t.rename(columns={"estimate0": "est0", "estimate1": "est1"})
    for s in "01":
        t[f"present{s}"] = t[f"present{s}"].astype("boolean").fillna(False).astype(bool)
        t[f"suppressed{s}"] = t[f"suppressed{s}"].astype("boolean").fillna(False).astype(bool)
        hidden = t[f"suppressed{s}"].to_numpy()
        for col in ("n", "est", "se", "sd", "pct_positive", "pct_positive_se"):
            t.loc[hidden, f"{col}{s}"] = np.nan

    # Respondent link: overlap statistics for index and values (scores and pos_ shares).
    pos_columns = [f"pos_{m}" for m in score_measures]
    needed = list(dict.fromkeys(["respondent", "weight", *group_columns.values(),
                                 *score_measures, *pos_columns]))  # fmt: skip
    s0, s1 = (s[needed].reset_index(drop=True) for s in (scores0, scores1))
    for s in (s0, s1):  # shares 0-1 -> percent, like pct_positive
        s[pos_columns] = s[pos_columns].astype("float64") * 100.0
    link = _link(s0, s1)
    overlap = pd.concat([_overlap(s0, s1, link, g, group_columns, [*score_measures, *pos_columns])
                         for g in group_bys], ignore_index=True)  # fmt: skip
    scores_part = overlap[overlap["column"].isin(score_measures)].rename(
        columns={"column": "measure", "sd0": "score_sd0", "sd1": "score_sd1"}
    )
    pos_part = overlap[overlap["column"].isin(pos_columns)].copy()
    pos_part["measure"] = pos_part.pop("column").str.removeprefix("pos_")
    pos_part = pos_part.drop(columns=["sd0", "sd1"]).rename(
        columns={c: f"pp_{c}" for c in ("cnt0", "cnt1", "n_matched", "cov_pairs", "rho_lin")}
    )
    t = t.merge(scores_part, on=KEYS, how="left").merge(pos_part, on=KEYS, how="left")
    weighted = bool(
        not np.all(s0["weight"].to_numpy() == 1.0) or not np.all(s1["weight"].to_numpy() == 1.0)
    )

    # Which rows are tested.
    n0, n1 = t["n0"].to_numpy(), t["n1"].to_numpy()
    est_ok = np.isfinite(t[["est0", "est1", "se0", "se1"]].to_numpy()).all(axis=1)
    tested = (t["present0"] & t["present1"] & ~t["suppressed0"] & ~t["suppressed1"]
              & (n0 >= min_group_size) & (n1 >= min_group_size) & est_ok).to_numpy()  # fmt: skip
    t["note"] = _notes(t, year0, year1, min_group_size)
    t["tested"] = tested
    linked = t["measure"].isin(score_measures).to_numpy()
    t["n_matched"] = np.where(tested & linked, t["n_matched"], np.nan)

    # Means.
    se0, se1 = t["se0"].to_numpy(), t["se1"].to_numpy()
    cov = np.where(linked, _covariance(t, se0, se1, weighted), 0.0)
    diff = np.where(tested, t["est1"] - t["est0"], np.nan)
    var = np.clip(se0**2 + se1**2 - 2 * cov, 0.0, None)
    se_diff = np.where(tested, np.sqrt(var), np.nan)
    n_m = np.where(linked, t["n_matched"].fillna(0.0), 0.0)
    df = np.where(tested, overlap_df(se0**2, se1**2, n0, n1, n_m), np.nan)
    df_ok = np.where(np.isfinite(df), df, 1.0)
    t["diff"], t["se_diff"], t["df"] = diff, se_diff, df
    t["ci_low"], t["ci_high"], t["p"] = _test(
        diff, se_diff, stats.t.ppf(0.5 + confidence / 2, df_ok), lambda x: stats.t.sf(x, df_ok)
    )
    # SDs for g: the respondents' (weighted) SDs; for items, se_unweighted * sqrt(n).
    sd0 = np.where(linked, t["score_sd0"], t["sd0"])
    sd1 = np.where(linked, t["score_sd1"], t["sd1"])
    t["effect_size"] = hedges_g(diff, sd0, sd1, n0, n1)

    # Percent positive.
    pse0, pse1 = t["pct_positive_se0"].to_numpy(), t["pct_positive_se1"].to_numpy()
    pp_cov = np.where(linked, _covariance(t, pse0, pse1, weighted, prefix="pp_"), 0.0)
    t["pp0"], t["pp1"] = t["pct_positive0"], t["pct_positive1"]
    pp_diff = np.where(tested, t["pp1"] - t["pp0"], np.nan)
    pp_se = np.sqrt(np.clip(pse0**2 + pse1**2 - 2 * pp_cov, 0.0, None))
    t["pp_diff"] = pp_diff
    t["pp_ci_low"], t["pp_ci_high"], t["pp_p"] = _test(
        pp_diff, pp_se, stats.norm.ppf(0.5 + confidence / 2), stats.norm.sf
    )
    t["cohen_h"] = np.where(tested, cohen_h(t["pp0"] / 100, t["pp1"] / 100), np.nan)
    exact = tested & (se_diff == 0)
    t.loc[exact, "note"] = "se = 0 in both years (census or no variation): the difference is exact"

    # Families and multiplicity.
    headline = (t["group_by"] == ALL) & t["measure"].isin([INDEX, *score_measures])
    items = (t["group_by"] == ALL) & ~headline
    t["family"] = np.where(headline, HEADLINE, np.where(
        items, ALL + ":items", t["group_by"] + ":" + t["measure"]))  # fmt: skip
    t["adjustment"] = np.where(headline, "holm", "fdr_bh")
    tested_s = pd.Series(tested, index=t.index)
    t["p_adj"] = _adjust(t, "p", tested_s)
    t["pp_p_adj"] = _adjust(t, "pp_p", tested_s)
    t["significant"] = (t["p_adj"] < alpha).fillna(False).astype(bool)
    t["material"] = (np.abs(t["diff"]) >= min_meaningful_change).fillna(False).astype(bool)
    t["power"] = np.where(tested, power(min_meaningful_change, se_diff, alpha), np.nan)

    # Order and types.
    t["_g"] = t["group_by"].map({g: i for i, g in enumerate(group_bys)})
    t["_m"] = t["measure"].map({m: i for i, m in enumerate(measures)})
    t = t.sort_values(["_g", "group", "_m"], kind="stable").reset_index(drop=True)
    for col in ("n0", "n1", "n_matched"):
        t[col] = t[col].round().astype("Int64")
    return t[COMPARISON_COLUMNS]


def unlinked(comparison: pd.DataFrame) -> bool:
    """Whether nobody was linked across the two years (``n_matched`` = 0 on the tested
    overall index row): then every interval is an independent-samples one. With the same key
    and a stable workforce most people answer both years, so this usually means the two
    years were pseudonymised with different keys."""
    row = comparison[(comparison["group_by"] == "all") & (comparison["measure"] == "index")]
    return bool(len(row)) and bool(row["tested"].iloc[0]) and row["n_matched"].iloc[0] == 0
