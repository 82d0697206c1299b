"""Construct validity of the instrument: a confirmatory factor analysis (CFA) per year and
measurement invariance across years (``validity.csv``).

The model is the instrument's own: one factor per value, its behaviour items loading on it
and on nothing else, factors free to correlate, residuals uncorrelated. The scale of each
factor is set by its first item (marker loading 1).

Estimation
----------
Maximum likelihood (ML) on the item scores, which are treated as continuous. Every statistic
uses the respondents who answered all items of the instrument (listwise complete cases,
``n``); ``S`` and ``m`` are their covariance matrix (divisor n) and mean vector, ``Sigma`` and
``mu`` the model-implied ones, ``p`` the number of items. The ML discrepancy of a group is

    F = log|Sigma| - log|S| + tr(S Sigma^-1) - p + (m - mu)' Sigma^-1 (m - mu)

(the mean term is zero when the means are saturated, as in the single-year CFA) and the test
statistic is ``chi2 = sum_g n_g F_g`` (Joreskog 1969; Bollen 1989, ch. 4), as in lavaan.

Why not an ordinal estimator: the usual one for Likert items is DWLS on polychoric
correlations with a mean-and-variance adjusted test (WLSMV). semopy 2.3.11's ordinal path
cannot provide it here: its polychoric routine calls ``scipy.stats.mvn.mvnun``, which the
pinned SciPy 1.17 no longer has, and its DWLS weights are the fourth-order moments of the raw
scores rather than the asymptotic variances of the polychoric correlations, with no adjusted
test statistic, so its chi-square and fit indices would not be those of WLSMV. With five
answer categories and thousands of respondents, ML on the scores gives loadings and fit
indices close to the categorical estimators' (Rhemtulla, Brosseau-Liard & Savalei 2012). The
items are skewed towards "setuju", which makes the normal-theory chi-square too large and the
loadings slightly too small; with n in the thousands the chi-square rejects any model anyway,
so fit is judged by CFI, TLI, RMSEA and SRMR (Hu & Bentler 1999).

Fit indices (every one computed here, from the chi-squares; semopy's agree, see the tests)
---------------------------------------------------------------------------------------
- Baseline (independence) model: free means and variances, zero covariances, in every group:
  ``chi2_0 = -sum_g n_g log|R_g|`` (``R_g`` the sample correlation matrix),
  ``df_0 = G p (p - 1) / 2``.
- CFI (Bentler 1990): ``1 - max(chi2 - df, 0) / max(chi2_0 - df_0, chi2 - df, 0)``.
- TLI (Tucker & Lewis 1973): ``(chi2_0/df_0 - chi2/df) / (chi2_0/df_0 - 1)``.
- RMSEA (Steiger & Lind 1980; Browne & Cudeck 1993):
  ``sqrt(G) sqrt(max(chi2 - df, 0) / (df N))``, N the total sample size, as lavaan computes
  it under its default normal likelihood (N - G would be the Wishart convention, which semopy
  uses); ``sqrt(G)`` is Steiger's (1998) multi-group correction, so the configural RMSEA
  matches the groups' own. Its interval: the
  noncentrality ``lambda`` with ``P(chi2_df(lambda) <= chi2) = 1 - (1 - c)/2`` (lower) and
  ``(1 - c)/2`` (upper), put in place of ``chi2 - df``, ``c = 0.90`` (MacCallum, Browne &
  Sugawara 1996); 0 when even ``lambda = 0`` gives a smaller probability.
- SRMR (Bentler 1995; Hu & Bentler 1999), the residuals standardised by the sample SDs:
  ``sqrt((sum_{i<=j} ((s_ij - sigma_ij)/sqrt(s_ii s_jj))^2
  + sum_i ((m_i - mu_i)/sqrt(s_ii))^2) / e)``, ``e = p(p+1)/2`` for the CFA (no mean
  structure) and ``p(p+1)/2 + p`` for the invariance models, which model the means; the
  groups' values are averaged with weights ``n_g / N`` (lavaan's ``srmr``).

Measurement invariance across years (Meredith 1993; Vandenberg & Lance 2000)
------------------------------------------------------------------------
One multi-group model with the years as groups, fitted with the ML discrepancy above summed
over the groups (``scipy.optimize`` L-BFGS-B, analytic gradient; the sum of the groups' F is
what a stacked block-diagonal model would minimise):

- configural: the same pattern in every year, every parameter free per year (intercepts
  free, factor means 0); its chi-square is the sum of the years' own CFA chi-squares;
- metric: loadings equal across years;
- scalar: loadings and intercepts equal, factor means free in every year but the first.

Decision rules: configural invariance holds when its CFI >= 0.90 and RMSEA <= 0.08
(acceptable fit; Bentler & Bonett 1980, Browne & Cudeck 1993); each further level holds when
the level before it holds and CFI drops by no more than 0.01, ``delta_cfi >= -0.01`` (Cheung &
Rensvold 2002; Chen 2007). The chi-square difference test is not used: with thousands of
respondents it rejects trivial differences. Comparing the years' means (latent, or the
observed value scores and index) is warranted only when scalar invariance holds.
"""

from __future__ import annotations

import pandas as pd

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.messages import message
from budaya_kerja.settings import Instrument
from budaya_kerja.stats.cfa import (  # noqa: F401 (the validity API, re-exported)
    _LBFGS,
    ESTIMATOR,
    LEVELS,
    CFAFit,
    _n_factors,
    _semopy_description,
    fit_cfa,
    fit_indices,
    rmsea_interval,
    srmr,
)
from budaya_kerja.stats.invariance import measurement_invariance

__all__ = [
    "ESTIMATOR", "LEVELS", "VALIDITY_COLUMNS", "CFAFit", "MAX_DELTA_CFI", "MAX_RMSEA", "MIN_CFI",
    "fit_cfa", "fit_indices", "measurement_invariance", "rmsea_interval", "srmr", "validity_table",
]  # fmt: skip

# The decision rules above, in one place: the report prints them and the workbook's codebook
# names them, so the criteria a reader sees are the ones applied.
MIN_CFI, MAX_RMSEA, MAX_DELTA_CFI = 0.90, 0.08, 0.01

VALIDITY_COLUMNS = [
    "year", "analysis", "level", "item", "n", "chi2", "df", "cfi", "tli", "rmsea",
    "rmsea_ci_low", "rmsea_ci_high", "srmr", "delta_cfi", "loading", "holds", "estimator",
    "note",
]  # fmt: skip


# --------------------------------------------------------------------------- validity.csv
def _fitted_rows(fitted: pd.DataFrame | None, year: int) -> list[dict]:
    """The CFA and loading rows of ``year`` in an earlier validity table, as row dicts."""
    if fitted is None or not len(fitted):
        return []
    mine = fitted[(fitted["year"].astype(str) == str(year))
                  & fitted["analysis"].isin(["cfa", "loading"])]  # fmt: skip
    if not (mine["analysis"] == "cfa").any():
        return []
    own = {"cfa": ["analysis", "level", "item", "n", "chi2", "df", "cfi", "tli", "rmsea",
                   "rmsea_ci_low", "rmsea_ci_high", "srmr", "holds", "estimator", "note"],
           "loading": ["analysis", "level", "item", "n", "loading", "estimator"]}  # fmt: skip
    records = mine.astype(object).to_dict("records")
    return [{"year": year} | {k: (None if pd.isna(r[k]) else r[k]) for k in own[r["analysis"]]}
            for r in records]  # fmt: skip


def validity_table(
    responses_by_year: dict[int, pd.DataFrame],
    instrument: Instrument,
    *,
    min_cfi: float = MIN_CFI,
    max_rmsea: float = MAX_RMSEA,
    max_delta_cfi: float = MAX_DELTA_CFI,
    fitted: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The rows of ``validity.csv``: the CFA and loadings per year, then invariance.

    ``fitted``: an earlier year's own ``validity.csv``; the CFA and loading rows it holds for
    a year are taken as they are (the same fit of the same responses, so each year's CFA is
    fitted once, not again in the next year's table).

    Returns
    -------
    DataFrame with :data:`VALIDITY_COLUMNS`. Per year (ascending): one ``analysis="cfa"``
    row (``level`` "seven-factor"; ``holds`` = CFI >= ``min_cfi`` and RMSEA <= ``max_rmsea``)
    and one ``analysis="loading"`` row per item (``level`` = its value, ``loading`` the
    standardised loading). Then, with two or more years, one ``analysis="invariance"`` row
    per level (``year`` "all"; ``note`` holds the conclusion and the criterion). Columns
    that do not apply to a row are empty. See :func:`fit_cfa` and
    :func:`measurement_invariance`.

    Examples
    --------
    See ``tests/test_validity.py``; the workflow writes this table to ``validity.csv``.
    """
    if not responses_by_year:
        raise BudayaKerjaError(message("validity.none"))
    rows = []
    for year in sorted(responses_by_year):
        earlier = _fitted_rows(fitted, year)
        if earlier:
            rows += earlier
            continue
        try:
            fit, loadings = fit_cfa(responses_by_year[year], instrument)
        except BudayaKerjaError as exc:
            raise BudayaKerjaError(message("stats.in_year", year=year, problem=exc)) from None
        f = fit.iloc[0]
        rows.append({
            "year": year, "analysis": "cfa", "level": _n_factors(instrument), "item": None,
            "n": f.n, "chi2": f.chi2, "df": f.df, "cfi": f.cfi, "tli": f.tli,
            "rmsea": f.rmsea, "rmsea_ci_low": f.rmsea_ci_low, "rmsea_ci_high": f.rmsea_ci_high,
            "srmr": f.srmr, "holds": bool(f.cfi >= min_cfi and f.rmsea <= max_rmsea),
            "estimator": f.estimator, "note": f.note,
        })  # fmt: skip
        for load in loadings.itertuples(index=False):
            rows.append({
                "year": year, "analysis": "loading", "level": load.factor, "item": load.item,
                "n": f.n, "loading": load.loading, "estimator": f.estimator,
            })  # fmt: skip
    if len(responses_by_year) >= 2:
        invariance = measurement_invariance(
            responses_by_year, instrument,
            min_cfi=min_cfi, max_rmsea=max_rmsea, max_delta_cfi=max_delta_cfi,
        )  # fmt: skip
        for inv in invariance.itertuples(index=False):
            rows.append({
                "year": "all", "analysis": "invariance", "level": inv.level, "item": None,
                "n": inv.n, "chi2": inv.chi2, "df": inv.df, "cfi": inv.cfi, "tli": inv.tli,
                "rmsea": inv.rmsea, "rmsea_ci_low": inv.rmsea_ci_low,
                "rmsea_ci_high": inv.rmsea_ci_high, "srmr": inv.srmr,
                "delta_cfi": inv.delta_cfi, "holds": inv.holds, "estimator": inv.estimator,
                "note": f"Years {inv.groups}. {inv.conclusion} Criterion: {inv.criterion}.",
            })  # fmt: skip
    table = pd.DataFrame(rows, columns=VALIDITY_COLUMNS)
    table["year"] = table["year"].astype(object)
    table[["n", "df"]] = table[["n", "df"]].astype("Int64")
    table["holds"] = table["holds"].astype("boolean")
    for column in ("level", "item", "analysis", "estimator", "note"):
        table[column] = table[column].astype("string")
    return table
