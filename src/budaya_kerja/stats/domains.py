"""Estimates of groups (domains) of one year's sample, and contrasts between two groups.

Both take the year's respondent table with its design (:func:`aggregate.estimation_sample`:
``weight``, ``stratum``, ``stratum_N``, the group columns, one column per measure) and return
tidy DataFrames; they are what a researcher calls for a breakdown the published tables do
not hold (``budaya_kerja.estimate`` and ``budaya_kerja.contrast``).

Estimates are those of :mod:`budaya_kerja.stats.aggregate` (the domain estimator with the
Taylor-linearised variance, design df ``n_d - H_d``, t intervals), with groups under
``min_group_size`` hidden by primary and complementary suppression
(:func:`suppression.protect`, over the groups of the breakdown).

Contrast within a year. Two groups ``a`` and ``b`` of the same year (PPPK and PNS, two
agencies) are not independent samples: they share the strata of the design, so

    Var(ybar_a - ybar_b) = Var(ybar_a) + Var(ybar_b) - 2 Cov(ybar_a, ybar_b).

With the linearised scores of each domain, ``z_ai = w_i delta_ai (y_i - ybar_a) / W_a`` (0
outside ``a`` and where ``y`` is missing) and the same for ``b``, the difference is linearised
by ``d_i = z_ai - z_bi`` and

    V(ybar_a - ybar_b) = sum_h (1 - n_h / N_h) n_h / (n_h - 1) sum_{i in h} (d_i - dbar_h)^2

over all ``n_h`` sampled people of stratum h (Lohr 2022, *Sampling*, 3rd ed., sec. 9.1 and
14.2; Korn & Graubard 1999, *Analysis of Health Surveys*, sec. 3.5; what R's ``svyby`` with
``svycontrast`` computes). Expanding the square shows the covariance term: per stratum
``Cov_h = -(1 - f_h) n_h^2 / (n_h - 1) zbar_ah zbar_bh``, since nobody is in both domains. It
is zero with one stratum (``sum z_a = 0``) and grows when the strata hold the two groups in
different shares and differ in level. Degrees of freedom: the design's, the answerers of
either group less the strata they occupy. Without a frame (equal weights, no strata) the
groups are independent simple random samples: Welch's variance ``s_a^2 / n_a + s_b^2 / n_b``
and the Welch-Satterthwaite df. A t test gives the p-value; with several rows (measures,
groups against one reference) Holm's (1979) adjustment is applied over them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.messages import message
from budaya_kerja.settings import CONFIDENCE
from budaya_kerja.stats.aggregate import ALL, domain_stats
from budaya_kerja.stats.cells import MISSING_GROUP
from budaya_kerja.stats.compare import welch_df
from budaya_kerja.stats.suppression import protect

__all__ = ["CONTRAST_COLUMNS", "DOMAIN_COLUMNS", "contrast_domains", "estimate_domains", "holm"]

DOMAIN_COLUMNS = ["group_by", "group", "measure", "n", "estimate", "se", "df", "ci_low",
                  "ci_high", "suppressed", "suppression_reason"]  # fmt: skip
CONTRAST_COLUMNS = ["group_by", "group", "reference", "measure", "n", "n_reference", "estimate",
                    "estimate_reference", "diff", "se", "se_independent", "covariance", "df",
                    "ci_low", "ci_high", "p", "p_adj", "tested", "note"]  # fmt: skip
_DESIGN = ["weight", "stratum", "stratum_N"]


def _check(sample: pd.DataFrame, columns: list[str]) -> None:
    missing = [c for c in dict.fromkeys([*_DESIGN, *columns]) if c not in sample.columns]
    if missing:
        raise BudayaKerjaError(message("domains.columns", missing=", ".join(missing)))


def _groups(sample: pd.DataFrame, by: str) -> pd.Series:
    if by == ALL:
        return pd.Series(ALL, index=sample.index, dtype="string")
    return sample[by].astype("string").fillna(MISSING_GROUP)


def estimate_domains(
    sample: pd.DataFrame,
    by: str | list[str] | None = None,
    measures: list[str] | tuple[str, ...] = ("index",),
    *,
    confidence: float = CONFIDENCE,
    min_group_size: int = 10,
) -> pd.DataFrame:
    """Design-based estimates of every group of ``by`` (and the whole sample) and measure.

    Parameters
    ----------
    sample : one year's respondents with their design (module docstring).
    by : grouping column(s); each gives its own breakdown after the whole sample (``all``).
    measures : measure columns of ``sample`` (``index``, value ids, item ids, ``pos_*``).
    confidence : level of the t intervals.
    min_group_size : groups (and measures) with fewer respondents are suppressed, with
        complements, as in the published tables.

    Returns
    -------
    DataFrame with :data:`DOMAIN_COLUMNS`, one row per breakdown x group x measure;
    suppressed rows keep their keys but carry no number.

    Examples
    --------
    >>> import pandas as pd
    >>> sample = pd.DataFrame({"index": [60.0, 70, 80, 90], "weight": 1.0, "stratum": "h",
    ...                        "stratum_N": float("nan"), "status": ["PNS"] * 2 + ["PPPK"] * 2})
    >>> estimate_domains(sample, "status", min_group_size=2)[["group", "estimate", "se"]]
      group  estimate        se
    0   all      75.0  6.454972
    1   PNS      65.0  5.000000
    2  PPPK      85.0  5.000000
    """
    bys = [ALL] + ([by] if isinstance(by, str) else list(by or []))
    measures = list(measures)
    _check(sample, [b for b in bys if b != ALL] + measures)
    rows = []
    for dim in dict.fromkeys(bys):
        group = _groups(sample, dim)
        est = domain_stats(sample[measures], sample["weight"], group, sample["stratum"],
                           sample["stratum_N"])  # fmt: skip
        hidden = protect(group.value_counts().sort_index(), min_group_size)
        for m in measures:
            n = est["n"][m]
            reason = hidden.reindex(n.index).fillna("")
            reason = reason.where(reason != "", protect(n, min_group_size))
            rows.append(pd.DataFrame({
                "group_by": dim, "group": n.index, "measure": m, "n": n.to_numpy(),
                "estimate": est["mean"][m].to_numpy(), "se": est["se"][m].to_numpy(),
                "df": np.maximum(est["df"][m].to_numpy(), 1),
                "suppression_reason": reason.to_numpy(),
            }))  # fmt: skip
    table = pd.concat(rows, ignore_index=True)
    tq = stats.t.ppf(0.5 + confidence / 2, table["df"])
    table["ci_low"] = table["estimate"] - tq * table["se"]
    table["ci_high"] = table["estimate"] + tq * table["se"]
    table["suppressed"] = table["suppression_reason"] != ""
    table.loc[table["suppressed"], ["n", "estimate", "se", "df", "ci_low", "ci_high"]] = np.nan
    table["n"] = table["n"].round().astype("Int64")
    return table[DOMAIN_COLUMNS]


def holm(p) -> np.ndarray:
    """Holm's (1979) step-down adjusted p-values: sorted ascending, ``(m - i + 1) p_(i)``,
    made monotone and capped at 1 (statsmodels' ``multipletests(method="holm")``).

    >>> holm([0.01, 0.04, 0.03]).tolist()
    [0.03, 0.06, 0.06]
    """
    p = np.asarray(p, dtype="float64")
    order = np.argsort(p, kind="stable")
    steps = (len(p) - np.arange(len(p))) * p[order]
    adjusted = np.empty_like(p)
    adjusted[order] = np.minimum(np.maximum.accumulate(steps), 1.0)
    return adjusted


def _linearised(y, w, in_domain):
    """z = w delta (y - ybar) / W of one domain (0 outside it and where y is missing)."""
    member = in_domain & np.isfinite(y)
    W = w[member].sum()
    mean = (w[member] * y[member]).sum() / W if W > 0 else np.nan
    z = np.where(member, w * (np.where(member, y, 0.0) - mean) / W, 0.0) if W > 0 else 0 * w
    return z, mean, member


def _stratified_variance(d, stratum, n_h, N_h):
    """sum_h (1 - n_h / N_h) n_h / (n_h - 1) sum_{i in h} (d_i - dbar_h)^2."""
    sums = np.bincount(stratum, weights=d, minlength=len(n_h))
    squares = np.bincount(stratum, weights=d * d, minlength=len(n_h))
    fpc = np.where(np.isfinite(N_h) & (N_h > 0), np.clip(1 - n_h / N_h, 0, 1), 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        part = np.where(n_h > 1, fpc * n_h / (n_h - 1) * (squares - sums**2 / n_h), 0.0)
    return float(part.sum())


def _contrast_one(sample, group, a, b, measure, weighted, stratum, n_h, N_h):
    """diff, se, se_independent, covariance, df, n_a, n_b, est_a, est_b of a - b."""
    y = sample[measure].to_numpy("float64")
    w = sample["weight"].to_numpy("float64") if weighted else np.ones(len(sample))
    za, mean_a, in_a = _linearised(y, w, (group == a).to_numpy())
    zb, mean_b, in_b = _linearised(y, w, (group == b).to_numpy())
    n_a, n_b = int(in_a.sum()), int(in_b.sum())
    if weighted:
        var_a = _stratified_variance(za, stratum, n_h, N_h)
        var_b = _stratified_variance(zb, stratum, n_h, N_h)
        var = _stratified_variance(za - zb, stratum, n_h, N_h)
        df = n_a + n_b - len(np.unique(stratum[in_a | in_b]))
    else:  # independent simple random samples: s^2 / n each, Welch
        var_a = np.var(y[in_a], ddof=1) / n_a if n_a > 1 else np.nan
        var_b = np.var(y[in_b], ddof=1) / n_b if n_b > 1 else np.nan
        var = var_a + var_b
        df = float(welch_df(var_a, var_b, n_a - 1, n_b - 1))
    covariance = (var_a + var_b - var) / 2
    return (mean_a - mean_b, np.sqrt(max(var, 0.0)), np.sqrt(var_a + var_b), covariance,
            max(df, 1.0), n_a, n_b, mean_a, mean_b)  # fmt: skip


def contrast_domains(
    sample: pd.DataFrame,
    by: str,
    group: str | list[str] | None,
    reference: str,
    measures: list[str] | tuple[str, ...] = ("index",),
    *,
    confidence: float = CONFIDENCE,
    min_group_size: int = 10,
) -> pd.DataFrame:
    """Difference between groups of ``by`` and a ``reference`` group, within one year, with
    its design-based standard error (module docstring).

    Parameters
    ----------
    sample : one year's respondents with their design.
    by : the grouping column (``status_kepegawaian``, ``unit``, ...).
    group : the group(s) compared with the reference; None: every other group of ``by``.
    reference : the group subtracted (``diff = estimate - estimate_reference``).
    measures : measure columns.
    confidence : level of the t intervals.
    min_group_size : no test when either group has fewer answerers (``tested`` False).

    Returns
    -------
    DataFrame with :data:`CONTRAST_COLUMNS`, one row per group x measure: both estimates and
    n, ``diff``, its ``se`` (with the covariance), ``se_independent`` (as if the two groups
    were independent samples), ``covariance`` = Cov(ybar_group, ybar_reference), ``df``, the
    t interval, ``p`` and the Holm-adjusted ``p_adj`` over the tested rows.

    Examples
    --------
    >>> import pandas as pd
    >>> sample = pd.DataFrame({"index": [60.0, 70, 80, 90], "weight": 1.0, "stratum": "h",
    ...                        "stratum_N": float("nan"), "status": ["PNS"] * 2 + ["PPPK"] * 2})
    >>> row = contrast_domains(sample, "status", "PPPK", "PNS", min_group_size=2).iloc[0]
    >>> float(row["diff"]), round(float(row["se"]), 4), float(row["df"])
    (20.0, 7.0711, 2.0)
    """
    if not 0 < confidence < 1:
        raise BudayaKerjaError(message("stats.between", name="confidence", level=repr(confidence)))
    measures = list(measures)
    _check(sample, [by, *measures])
    labels = _groups(sample, by)
    present = sorted(set(labels))
    if reference not in present:
        raise BudayaKerjaError(
            message("domains.no_group", by=by, group=repr(reference), present=present)
        )
    groups = [g for g in present if g != reference] if group is None else (
        [group] if isinstance(group, str) else list(group))  # fmt: skip
    unknown = [g for g in groups if g not in present]
    if unknown:
        raise BudayaKerjaError(
            message("domains.no_group", by=by, group=repr(unknown[0]), present=present)
        )
    weighted = bool(sample["stratum_N"].notna().any())
    codes, strata = pd.factorize(sample["stratum"].astype("string"), sort=True)
    n_h = np.bincount(codes, minlength=len(strata)).astype("float64")
    N_h = pd.Series(sample["stratum_N"].to_numpy("float64")).groupby(codes).first()
    N_h = N_h.reindex(range(len(strata))).to_numpy()
    rows = []
    for g in groups:
        for m in measures:
            out = _contrast_one(sample, labels, g, reference, m, weighted, codes, n_h, N_h)
            rows.append(dict(zip(["diff", "se", "se_independent", "covariance", "df", "n",
                                  "n_reference", "estimate", "estimate_reference"], out,
                                 strict=True), group=g, measure=m))  # fmt: skip
    table = pd.DataFrame(rows)
    table.insert(0, "group_by", by)
    table["reference"] = reference
    table["tested"] = (table["n"] >= min_group_size) & (table["n_reference"] >= min_group_size)
    table["note"] = np.where(table["tested"], "", f"n < {min_group_size} in a group")
    tq = stats.t.ppf(0.5 + confidence / 2, table["df"])
    table["ci_low"] = table["diff"] - tq * table["se"]
    table["ci_high"] = table["diff"] + tq * table["se"]
    with np.errstate(divide="ignore", invalid="ignore"):
        table["p"] = 2 * stats.t.sf(np.abs(table["diff"] / table["se"]), table["df"])
    hidden = ~table["tested"]
    numbers = ["n", "n_reference", "estimate", "estimate_reference", "diff", "se",
               "se_independent", "covariance", "df", "ci_low", "ci_high", "p"]  # fmt: skip
    table.loc[hidden, numbers] = np.nan
    table["p_adj"] = np.nan
    tested = table["tested"] & table["p"].notna()
    if tested.any():
        table.loc[tested, "p_adj"] = holm(table.loc[tested, "p"])
    for col in ("n", "n_reference"):
        table[col] = table[col].round().astype("Int64")
    return table[CONTRAST_COLUMNS]
