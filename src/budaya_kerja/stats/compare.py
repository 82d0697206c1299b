"""Change between two survey years, per group and measure (``comparison/<y0>-<y1>.csv``).

The difference of two group estimates ``diff = est1 - est0`` comes from the years'
``estimates.csv`` (design-based where those are), and so do their standard errors:

    Var(diff) = se0^2 + se1^2 - 2 cov.

The covariance comes from the people who answered in both years (same pseudonym). Both years
are samples drawn without replacement from (nearly) the same finite population, so the
covariance of the two estimates is not the with-replacement one: for two simple random samples
of n0 and n1 people that share m, ``cov = S01 (m / (n0 n1) - 1 / N)`` (Kish 1965, *Survey
Sampling*, sec. 12.4), where S01 is the population covariance of the two years' values and N
the population size. When the overlap is what chance gives (m = n0 n1 / N) the covariance is
zero; a designed panel makes it positive, disjoint samples negative. Applied to the
linearised scores ``z_ti = w_ti delta_ti (y_ti - ybar_td) / W_td`` of each year's domain
estimator (:mod:`budaya_kerja.stats.aggregate`), summed over the agencies (strata) h:

    cov = sum_h S01_h (m_h - n0h n1h / N_h),
    S01_h = (sum z0 z1 - sum z0 sum z1 / m_h) / (m_h - 1)   over the m_h people in stratum h
                                                              in both years' samples,

with ``n_th`` each year's respondents in stratum h (the domain estimator's full stratum
sample) and ``N_h`` the headcount. When the two years' frames differ, ``N_h = max(N0h, N1h)``:
the population common to both years is at most the smaller frame, so chance alone gives an
overlap of about ``n0h n1h min(N0h, N1h) / (N0h N1h) = n0h n1h / max(N0h, N1h)``. People who
moved agency between the years are linked across strata, which this formula does not cover;
they are treated as not linked. With one stratum, equal weights and complete overlap this is
exactly the paired t test's variance with the finite-population correction. With nobody
linked the covariance is taken as 0, which is right for independent draws (a new key, an
anonymous survey); samples that avoid each other by design (a rotation) have a negative
covariance ``-S01 n0h n1h / N_h`` that cannot be estimated without linked people, and their
SE is too small (by 16 % at a 45 % sampling fraction and a correlation of 0.6 between years).

Without a population frame in both years (no finite-population correction) each year's estimate
is the simple mean of its domain (``s^2 / n``) and the domain is the population: ``cov = m
s01 / (n0 n1)`` over the m people in the group who answered in both years, ``s01`` their
sample covariance (Derrick, Toher & White 2017, *The Quantitative Methods for Psychology*
13(2), 120-126), the same formula with N infinite. No overlap gives Welch's test; complete
overlap the paired t test. The implied correlation is capped to [-1, 1].

Every sum above is a sum of per-cell sums: one pass over each year's respondents (per finest
cell, stratum x every group column) and one over the linked people (per pair of their two
years' cells) serve every breakdown and measure (:mod:`budaya_kerja.stats.overlap`).

Degrees of freedom (the project's one rule: t intervals with the design's df): Welch-
Satterthwaite ``nu_W = (v0 + v1)^2 / (v0^2 / df0 + v1^2 / df1)`` with ``v_t = se_t^2`` and
``df_t`` the year's design df (``df`` of estimates.csv: respondents less strata); with
``n_m`` linked and ``n_a = n0 - n_m``, ``n_b = n1 - n_m`` unlinked, the partially-overlapping
df of Derrick et al. (2017) ``nu = df_m + (nu_W - df_m) (n_a + n_b) / (n_a + n_b + 2 n_m)``,
``df_m`` the linked people less their strata: the paired df under complete overlap. t interval
and two-sided t p-value.

Effect size: Hedges' g = diff / s_pooled * J, ``s_pooled^2 = ((n0-1) s0^2 + (n1-1) s1^2) /
(n0 + n1 - 2)`` with the respondents' (weighted) SDs (``sd`` of estimates.csv),
``J = 1 - 3 / (4(n0+n1) - 9)`` (Hedges 1981).

Percent positive: ``pp_diff = pp1 - pp0`` with the same variance, covariance and df rules
applied to the ``pos_`` shares, a t test, and Cohen's h = 2 asin sqrt(p1) - 2 asin sqrt(p0)
(Cohen 1988, sec. 6.2).

Measures that are not columns of both years' respondent tables (``scores``) are treated as
independent samples (no covariance); the pipeline passes every measure (index, values, items,
:func:`aggregate.analysis_table`).

Multiplicity, over tested rows only: Holm (1979) within the headline family (group ``all``,
the index and the values: ``family="headline"``); Benjamini & Hochberg (1995) within every
other family, one per (group_by, measure) (``"unit:BP"``; the items of the whole sample form
``"all:items"``). ``pp_p`` is adjusted the same way. ``significant = p_adj < alpha``;
``material`` when the change *as published* (rounded to one decimal) is at least
``min_meaningful_change``.

No test when a group is missing, suppressed or has n < ``min_group_size`` in either year
(``tested=False``, ``note`` e.g. ``"n < 10 in 2024"``, ``"suppressed in 2024 (komplementer)"``,
``"absent in 2025"``); untested rows carry no difference, interval, p or effect size, and a
suppressed year's estimate, n and the linked count stay empty, so the comparison table never
reveals what the estimates table hides. The groups' linked counts ``n_matched`` are counts of
people too: under ``min_group_size`` they are hidden, with complementary suppression against
the published overall count (:func:`_hidden_linked_counts`), while the test itself still uses
them. A zero SE in both years (a census under the finite-population correction) makes the
difference exact: the interval is the point, p is 0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy import stats
from statsmodels.stats.multitest import multipletests

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.io.tables import as_bool
from budaya_kerja.messages import message
from budaya_kerja.rounding import DECIMALS, published
from budaya_kerja.settings import CONFIDENCE
from budaya_kerja.stats.aggregate import ALL
from budaya_kerja.stats.overlap import overlap_covariances
from budaya_kerja.stats.scoring import INDEX
from budaya_kerja.stats.suppression import protect

__all__ = [
    "COMPARISON_COLUMNS", "HEADLINE", "KEYS", "cohen_h", "compare_years", "hedges_g", "overlap_df",
    "power", "unlinked", "welch_df", "years_to_compare",
]  # fmt: skip

COMPARISON_COLUMNS = [
    "year0", "year1", "group_by", "group", "measure", "n0", "n1", "n_matched", "est0", "est1", "diff", "se_diff",
    "df", "ci_low", "ci_high", "p", "p_adj", "adjustment", "family", "effect_size",
    "significant", "material", "pp0", "pp1", "pp_diff", "pp_ci_low", "pp_ci_high", "pp_p",
    "pp_p_adj", "cohen_h", "power", "tested", "note", "linkage",
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


def report_comparison(years, year: int) -> tuple[int, int] | None:
    """The comparison a year's report shows: the latest earlier year against it (year on
    year), or None in the first year. The one place that decides it (rules, report, figures
    and notebooks call this).

    >>> report_comparison([2024, 2025, 2026], 2026), report_comparison([2024, 2025], 2024)
    ((2025, 2026), None)
    """
    earlier = [int(y) for y in years if int(y) < int(year)]
    return (max(earlier), int(year)) if earlier else None


# --------------------------------------------------------------------------- inputs
def _prepare_estimates(est: pd.DataFrame, year: int, which: str, measures, group_bys):
    missing = [c for c in _EST_REQUIRED if c not in est.columns]
    if missing:
        raise BudayaKerjaError(
            message("compare.estimates_columns", which=which, missing=", ".join(missing))
        )
    if "year" in est.columns:
        est = est[est["year"].astype("int64") == int(year)]
        if est.empty:
            raise BudayaKerjaError(message("compare.no_year_rows", which=which, year=year))
    est = est.assign(group=est["group"].astype("string"), group_by=est["group_by"].astype("string"))
    est = est[est["group_by"].isin(group_bys) & est["measure"].isin(measures)]
    dup = est.duplicated(KEYS)
    if dup.any():
        first = est.loc[dup, KEYS].iloc[0].tolist()
        raise BudayaKerjaError(message("compare.rows_twice", which=which, key=tuple(first)))
    out = pd.DataFrame({k: est[k] for k in KEYS})
    out["n"] = pd.to_numeric(est["n"], errors="coerce").astype("float64")
    for col in ("estimate", "se", "pct_positive", "pct_positive_se"):
        out[col] = pd.to_numeric(est[col], errors="coerce").astype("float64")
    if "sd" in est.columns:
        out["sd"] = pd.to_numeric(est["sd"], errors="coerce").astype("float64")
    else:  # hand-made tables: the unweighted SD
        se_u = est["se_unweighted"] if "se_unweighted" in est.columns else est["se"]
        out["sd"] = pd.to_numeric(se_u, errors="coerce").astype("float64") * np.sqrt(out["n"])
    design_df = est["df"] if "df" in est.columns else est["n"] - 1
    out["df"] = pd.to_numeric(design_df, errors="coerce").astype("float64")
    out["suppressed"] = as_bool(est["suppressed"])
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
            message("compare.scores_columns", which=which, missing=", ".join(missing))
        )


def _pseudonyms(respondent: pd.Series) -> pa.Array:
    """The pseudonyms as one Arrow array of text (no copy of text already held by Arrow)."""
    if not pd.api.types.is_string_dtype(respondent.dtype):
        respondent = respondent.astype("string")
    keys = pa.array(respondent)
    if isinstance(keys, pa.ChunkedArray):
        keys = keys.combine_chunks()
    return keys.cast(pa.large_string())


def _positions(values: pa.Array, value_set: pa.Array) -> np.ndarray:
    """Each value's row in ``value_set`` (its first, when there twice), -1 when absent or
    missing: an exact hash lookup (pyarrow.compute.index_in)."""
    found = pc.index_in(values, value_set=value_set, skip_nulls=True)
    return pc.fill_null(found, -1).to_numpy().astype("int64")


def _link(scores0: pd.DataFrame, scores1: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Row positions (i0, i1) of the respondents present in both years (same pseudonym); a
    pseudonym twice in one year stops (scores hold one row per respondent). The pseudonyms
    are matched in Arrow, text against text, without a Python object per respondent."""
    r0, r1 = _pseudonyms(scores0["respondent"]), _pseudonyms(scores1["respondent"])
    for which, r in (("scores0", r0), ("scores1", r1)):
        if len(pc.unique(r)) == len(r) - max(r.null_count - 1, 0):  # each once (missing apart)
            continue
        first = _positions(r, r)
        twice = first[(first >= 0) & (first != np.arange(len(r)))]
        # The example: of those twice, the first in the two years' order (year 0 first).
        order = twice
        if which == "scores1":
            in0 = _positions(r.take(twice), r0)
            order = np.where(in0 >= 0, in0, len(r0) + twice)
        example = repr(r[int(twice[np.argmin(order)])].as_py())
        raise BudayaKerjaError(message("compare.pseudonym_twice", which=which, example=example))
    pos1 = _positions(r0, r1)
    linked = pos1 >= 0
    pa.default_memory_pool().release_unused()  # the lookups' hash tables, back to the system
    return np.flatnonzero(linked), pos1[linked]


# --------------------------------------------------------------------------- statistics
def welch_df(v0, v1, df0, df1):
    """Welch-Satterthwaite df of v0 + v1, each variance on its own df."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return (v0 + v1) ** 2 / (v0**2 / df0 + v1**2 / df1)


def overlap_df(v0, v1, df0, df1, n0, n1, n_matched, df_matched):
    """Derrick, Toher & White (2017) df for partially overlapping samples, on design df.

    nu = df_m + (nu_W - df_m) (n_a + n_b) / (n_a + n_b + 2 n_m): Welch's df with no overlap
    and the linked people's df (``n_m - 1`` for one stratum, the paired df) with complete
    overlap.
    """
    nu_w = welch_df(v0, v1, df0, df1)
    n_m = np.asarray(n_matched, dtype="float64")
    unlinked = np.clip(n0 - n_m, 0, None) + np.clip(n1 - n_m, 0, None)
    with np.errstate(divide="ignore", invalid="ignore"):
        nu = df_matched + (nu_w - df_matched) * unlinked / (unlinked + 2 * n_m)
    return np.where(n_m > 0, nu, nu_w)


def _difference(t, se0, se1, linked, tested, prefix=""):
    """SE and df of est1 - est0 (module docstring), NaN where a row is not tested."""
    cov = np.where(linked, t[f"{prefix}cov"].fillna(0.0).to_numpy(), 0.0)
    bound = se0 * se1
    cov = np.clip(cov, -bound, bound)  # a correlation stays within [-1, 1]
    se = np.sqrt(np.clip(se0**2 + se1**2 - 2 * cov, 0.0, None))
    n_m = np.where(linked, t[f"{prefix}n_matched"].fillna(0.0).to_numpy(), 0.0)
    df_m = np.where(linked, t[f"{prefix}df_matched"].fillna(0.0).to_numpy(), 0.0)
    df = overlap_df(se0**2, se1**2, t["df0"].to_numpy(), t["df1"].to_numpy(),
                    t["n0"].to_numpy(), t["n1"].to_numpy(), n_m, np.maximum(df_m, 1))  # fmt: skip
    return np.where(tested, se, np.nan), np.where(tested, np.maximum(df, 1), np.nan)


def hedges_g(diff, sd0, sd1, n0, n1):
    """Hedges' (1981) g: diff / pooled SD times J = 1 - 3 / (4 (n0 + n1) - 9)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = np.sqrt(((n0 - 1) * sd0**2 + (n1 - 1) * sd1**2) / (n0 + n1 - 2))
        return diff / pooled * (1 - 3 / (4 * (n0 + n1) - 9))


def cohen_h(p0, p1):
    """Cohen's h for two proportions (0-1): 2 asin sqrt(p1) - 2 asin sqrt(p0)."""
    return 2 * np.arcsin(np.sqrt(p1)) - 2 * np.arcsin(np.sqrt(p0))


def _t_test(diff, se, df, confidence):
    """t interval diff +- t_df * se and two-sided p = 2 P(T_df > |diff| / se).

    A zero SE (a census with the finite-population correction, or no variation) makes the
    difference exact: the interval is the point and p is 0 (1 when the difference is 0).
    """
    df = np.where(np.isfinite(df), df, 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = 2 * stats.t.sf(np.abs(diff / se), df)
        half = stats.t.ppf(0.5 + confidence / 2, df) * se
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


def _hidden_linked_counts(overlap: pd.DataFrame, shown: pd.DataFrame, min_size: int) -> list:
    """The (group_by, group) whose linked count ``n_matched`` is hidden in every measure.

    The groups' linked counts add up to at most the published overall count (a person who
    changed group is linked in neither), so per breakdown and measure they go through
    :func:`suppression.protect` like any published count: under ``min_size`` hidden, and
    more hidden until the overall count less the published ones pools two groups and
    ``min_size`` people; the groups not published there anyway (untested, suppressed, not in
    the estimates) count as hidden. One hidden set per breakdown (the union over measures),
    so no measure's count reveals another's.
    """
    shown_keys = set(zip(shown["group_by"], shown["group"], shown["measure"], strict=True))
    hidden: set[tuple] = set()
    cells = overlap[overlap["group_by"] != ALL]
    for (group_by, measure), part in cells.groupby(["group_by", "measure"], sort=False):
        counts = pd.Series(part["n_matched"].to_numpy(), index=part["group"].to_numpy())
        forced = pd.Series([(group_by, g, measure) not in shown_keys for g in counts.index],
                           index=counts.index)  # fmt: skip
        reason = protect(counts, min_size, forced=forced)
        hidden |= {(group_by, g) for g in reason.index[reason != ""]}
    return sorted(hidden)


def _merge_orders(first: list, second: list) -> list:
    """``second``'s order, with the entries only in ``first`` placed right after the entry
    they follow there (a group present in one year only keeps its place)."""
    out = list(second)
    for i, entry in enumerate(first):
        if entry not in out:
            before = first[i - 1] if i else None
            out.insert(out.index(before) + 1 if before in out else 0, entry)
    return out


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
    confidence: float = CONFIDENCE,
    decimals: int = DECIMALS,
    headline: list[str] | None = None,
    anonymous: bool = False,
) -> pd.DataFrame:
    """Difference between two years for every group and measure, with its test (see module).

    Parameters
    ----------
    est0, est1 : the years' ``estimates.csv`` rows (other years' rows are dropped if a ``year``
        column is present).
    scores0, scores1 : the years' respondents as estimated (:func:`aggregate.analysis_table`:
        ``respondent``, ``weight``, ``stratum``, ``stratum_N``, the group columns, one column
        per measure in points and ``pos_<measure>`` shares 0-1).
    year0, year1 : the years (``year1`` the later one; diff = est1 - est0).
    measures : measures to compare, in output order (``index``, value ids, item ids). Those that
        are columns of both scores use the respondent link; the others are treated as
        independent samples.
    group_columns : group_by name -> column in the scores (``{"unit": "unit", ...}``); the
        whole sample (``all``) is always compared; other group_by's in the estimates are left
        out.
    min_group_size : no test below this n in either year.
    min_meaningful_change : |diff| (points) from which a change is ``material``.
    alpha : significance level for ``p_adj``.
    confidence : level of the intervals.
    decimals : precision of the published change, on which ``material`` is decided.
    headline : the measures of the headline (Holm) family for the whole sample, e.g. the index
        and the values; by default every linked measure.
    anonymous : either year is an anonymous survey: nobody is linked (``n_matched`` 0, the
        covariance 0: independent samples) and ``linkage`` says ``"anonymous"`` (else
        ``"pseudonym"``).

    Returns
    -------
    DataFrame with :data:`COMPARISON_COLUMNS`, one row per (group_by, group, measure) present
    in either year, ordered by group_by (``all`` then ``group_columns``), group, then measure
    as given. ``note`` says why a row is not tested (empty when tested); ``linkage`` how
    respondents could be linked across the years.
    """
    for name, level in (("alpha", alpha), ("confidence", confidence)):
        if not 0 < level < 1:
            raise BudayaKerjaError(message("stats.between", name=name, level=repr(level)))
    if int(year0) == int(year1):
        raise BudayaKerjaError(message("compare.same_year", year=year0))
    measures = list(dict.fromkeys(measures))
    if ALL in group_columns:
        raise BudayaKerjaError(message("compare.group_all"))
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
        t[f"suppressed{s}"] = as_bool(t[f"suppressed{s}"])
        hidden = t[f"suppressed{s}"].to_numpy()
        for col in ("n", "est", "se", "sd", "pct_positive", "pct_positive_se"):
            t.loc[hidden, f"{col}{s}"] = np.nan

    # Respondent link: the overlap covariance of every linked measure and its pos_ share.
    pos_columns = [f"pos_{m}" for m in score_measures]
    frame = all(
        "stratum_N" in s.columns and "stratum" in s.columns and s["stratum_N"].notna().any()
        for s in (scores0, scores1)
    )
    design = ["stratum", "stratum_N"] if frame else []
    needed = list(dict.fromkeys(["respondent", "weight", *design, *group_columns.values(),
                                 *score_measures, *pos_columns]))  # fmt: skip
    # The columns themselves, not a copy (one column at a time: a list selection copies).
    s0, s1 = (pd.DataFrame({c: s[c].to_numpy() if isinstance(s[c].dtype, np.dtype) else s[c].array
                            for c in needed}, copy=False) for s in (scores0, scores1))  # fmt: skip
    # Shares 0-1 -> percent, like pct_positive: a few columns at a time inside _overlap (no
    # copy of the table).
    link = (np.zeros(0, "int64"), np.zeros(0, "int64")) if anonymous else _link(s0, s1)
    overlap = overlap_covariances(s0, s1, link, group_columns, [*score_measures, *pos_columns], frame,
                       pos_columns)  # fmt: skip
    scores_part = overlap[overlap["column"].isin(score_measures)].rename(
        columns={"column": "measure"}
    )
    pos_part = overlap[overlap["column"].isin(pos_columns)].copy()
    pos_part["measure"] = pos_part.pop("column").str.removeprefix("pos_")
    pos_part = pos_part.rename(columns={c: f"pp_{c}" for c in ("n_matched", "cov", "df_matched")})
    t = t.merge(scores_part, on=KEYS, how="left").merge(pos_part, on=KEYS, how="left")

    # Which rows are tested.
    n0, n1 = t["n0"].to_numpy(), t["n1"].to_numpy()
    est_ok = np.isfinite(t[["est0", "est1", "se0", "se1"]].to_numpy()).all(axis=1)
    tested = (t["present0"] & t["present1"] & ~t["suppressed0"] & ~t["suppressed1"]
              & (n0 >= min_group_size) & (n1 >= min_group_size) & est_ok).to_numpy()  # fmt: skip
    t["note"] = _notes(t, year0, year1, min_group_size)
    t["tested"] = tested
    linked = t["measure"].isin(score_measures).to_numpy()
    t["n_matched"] = np.where(tested & linked, t["n_matched"], np.nan)
    if not anonymous:  # anonymous: 0 by design, about nobody
        few_linked = _hidden_linked_counts(scores_part, t[tested & linked], min_group_size)
        t.loc[t.set_index(["group_by", "group"]).index.isin(few_linked), "n_matched"] = np.nan

    # Means.
    se0, se1 = t["se0"].to_numpy(), t["se1"].to_numpy()
    diff = np.where(tested, t["est1"] - t["est0"], np.nan)
    se_diff, df = _difference(t, se0, se1, linked, tested)
    t["diff"], t["se_diff"], t["df"] = diff, se_diff, df
    t["ci_low"], t["ci_high"], t["p"] = _t_test(diff, se_diff, df, confidence)
    t["effect_size"] = hedges_g(diff, t["sd0"], t["sd1"], n0, n1)

    # Percent positive: the same rules on the pos_ shares.
    t["pp0"], t["pp1"] = t["pct_positive0"], t["pct_positive1"]
    pp_diff = np.where(tested, t["pp1"] - t["pp0"], np.nan)
    pp_se, pp_df = _difference(t, t["pct_positive_se0"].to_numpy(),
                               t["pct_positive_se1"].to_numpy(), linked, tested, prefix="pp_")  # fmt: skip
    t["pp_diff"] = pp_diff
    t["pp_ci_low"], t["pp_ci_high"], t["pp_p"] = _t_test(pp_diff, pp_se, pp_df, confidence)
    t["cohen_h"] = np.where(tested, cohen_h(t["pp0"] / 100, t["pp1"] / 100), np.nan)
    exact = tested & (se_diff == 0)
    t.loc[exact, "note"] = "se = 0 in both years (census or no variation): the difference is exact"

    # Families and multiplicity.
    headline_measures = headline if headline is not None else [INDEX, *score_measures]
    headline = (t["group_by"] == ALL) & t["measure"].isin(headline_measures)
    items = (t["group_by"] == ALL) & ~headline
    t["family"] = np.where(headline, HEADLINE, np.where(
        items, ALL + ":items", t["group_by"] + ":" + t["measure"]))  # fmt: skip
    t["adjustment"] = np.where(headline, "holm", "fdr_bh")
    tested_s = pd.Series(tested, index=t.index)
    t["p_adj"] = _adjust(t, "p", tested_s)
    t["pp_p_adj"] = _adjust(t, "pp_p", tested_s)
    t["significant"] = (t["p_adj"] < alpha).fillna(False).astype(bool)
    # Decided on the change as published, like every label (rounding.py).
    t["material"] = pd.Series(np.abs(published(t["diff"].to_numpy(), decimals))
                              >= min_meaningful_change).fillna(False).astype(bool).to_numpy()  # fmt: skip
    t["power"] = np.where(tested, power(min_meaningful_change, se_diff, alpha), np.nan)

    # Order and types.
    t["_g"] = t["group_by"].map({g: i for i, g in enumerate(group_bys)})
    t["_m"] = t["measure"].map({m: i for i, m in enumerate(measures)})
    # Groups in the order the estimates list them (age groups youngest first, ...).
    listed = _merge_orders(*(list(dict.fromkeys(zip(e["group_by"], e["group"], strict=True)))
                             for e in (e0, e1)))  # fmt: skip
    order = pd.DataFrame(listed, columns=["group_by", "group"]).assign(_o=np.arange(len(listed)))
    t = t.merge(order, on=["group_by", "group"], how="left")
    t = t.sort_values(["_g", "_o", "_m"], kind="stable").reset_index(drop=True)
    for col in ("n0", "n1", "n_matched"):
        t[col] = t[col].round().astype("Int64")
    t["year0"], t["year1"] = int(year0), int(year1)
    t["linkage"] = "anonymous" if anonymous else "pseudonym"
    return t[COMPARISON_COLUMNS]


def unlinked(comparison: pd.DataFrame) -> bool:
    """Whether nobody was linked across the two years (``n_matched`` = 0 on the tested
    overall index row): then every interval is an independent-samples one. With the same key
    and a stable workforce most people answer both years, so this usually means the two
    years were pseudonymised with different keys."""
    row = comparison[(comparison["group_by"] == "all") & (comparison["measure"] == "index")]
    return bool(len(row)) and bool(row["tested"].iloc[0]) and row["n_matched"].iloc[0] == 0
