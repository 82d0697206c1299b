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

from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import linalg, optimize, stats

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.settings import Instrument

ESTIMATOR = "ML"
LEVELS = ("configural", "metric", "scalar")
VALIDITY_COLUMNS = [
    "year", "analysis", "level", "item", "n", "chi2", "df", "cfi", "tli", "rmsea",
    "rmsea_ci_low", "rmsea_ci_high", "srmr", "delta_cfi", "loading", "holds", "estimator",
    "note",
]  # fmt: skip
FIT_COLUMNS = [
    "n", "chi2", "df", "pvalue", "chi2_baseline", "df_baseline", "cfi", "tli", "rmsea",
    "rmsea_ci_low", "rmsea_ci_high", "srmr", "estimator", "converged", "note",
]  # fmt: skip
INVARIANCE_COLUMNS = [
    "level", "groups", "n", "chi2", "df", "cfi", "tli", "rmsea", "rmsea_ci_low",
    "rmsea_ci_high", "srmr", "delta_cfi", "holds", "criterion", "conclusion", "estimator",
    "converged",
]  # fmt: skip
ML_NOTE = (
    "ML on the item scores treated as continuous (5 answer categories, large n: Rhemtulla, "
    "Brosseau-Liard & Savalei 2012); semopy's ordinal path (polychoric + DWLS) is unusable "
    "with SciPy 1.17 and has no adjusted test. The normal-theory chi-square rejects any "
    "model at this n: judge fit by CFI, TLI, RMSEA, SRMR (Hu & Bentler 1999)."
)
_NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven",
                 8: "eight", 9: "nine", 10: "ten"}  # fmt: skip
# Tight tolerances so that the same data give the same numbers to ~1e-8 whatever the start.
_LBFGS = {"ftol": 1e-14, "gtol": 1e-9, "maxiter": 20000, "maxcor": 30}


class CFAFit(NamedTuple):
    """Result of :func:`fit_cfa`: the one-row fit table and the standardised loadings."""

    fit: pd.DataFrame
    loadings: pd.DataFrame


# --------------------------------------------------------------------------- fit indices
def rmsea_interval(
    chi2: float, df: int, n: int, groups: int = 1, confidence: float = 0.90
) -> tuple[float, float]:
    """Confidence interval of the RMSEA from the noncentral chi-square (Browne & Cudeck 1993).

    ``lambda_low`` solves ``P(chi2_df(lambda) <= chi2) = 1 - (1 - confidence)/2`` and
    ``lambda_high`` solves the same with ``(1 - confidence)/2``; each becomes
    ``sqrt(groups) sqrt(lambda / (df n))`` (lavaan), 0 when ``lambda = 0`` already gives a
    smaller probability. ``n`` is the total sample size.
    """
    if not (np.isfinite(chi2) and df > 0 and n > groups):
        return np.nan, np.nan
    scale = groups / (df * n)

    def bound(prob: float) -> float:
        if stats.chi2.cdf(chi2, df) <= prob:
            return 0.0

        def excess(lam: float) -> float:
            return stats.ncx2.cdf(chi2, df, lam) - prob

        upper = max(chi2 - df, 1.0)
        while excess(upper) > 0:
            upper *= 2.0
        lam = optimize.brentq(excess, 0.0, upper, xtol=1e-12, rtol=1e-13, maxiter=500)
        return float(np.sqrt(lam * scale))

    tail = (1.0 - confidence) / 2.0
    return bound(1.0 - tail), bound(tail)


def fit_indices(
    chi2: float,
    df: int,
    chi2_baseline: float,
    df_baseline: int,
    n: int,
    groups: int = 1,
    confidence: float = 0.90,
) -> dict[str, float]:
    """CFI, TLI and RMSEA (with its interval) from the model's and the baseline's chi-square.

    ``CFI = 1 - max(chi2 - df, 0) / max(chi2_0 - df_0, chi2 - df, 0)`` (Bentler 1990),
    ``TLI = (chi2_0/df_0 - chi2/df) / (chi2_0/df_0 - 1)`` (Tucker & Lewis 1973) and
    ``RMSEA = sqrt(groups) sqrt(max(chi2 - df, 0) / (df n))`` (Steiger & Lind 1980; Steiger
    1998 for several groups; lavaan's normal-likelihood convention), ``n`` the total sample
    size.

    Examples
    --------
    >>> out = fit_indices(85.306, 24, 918.852, 36, 301)  # Holzinger-Swineford, 3 factors
    >>> [round(out[k], 3) for k in ("cfi", "tli", "rmsea")]
    [0.931, 0.896, 0.092]
    """
    excess = max(chi2 - df, 0.0)
    denominator = max(chi2_baseline - df_baseline, chi2 - df, 0.0)
    cfi = 1.0 - excess / denominator if denominator > 0 else 1.0
    if df > 0 and df_baseline > 0 and chi2_baseline / df_baseline != 1.0:
        ratio0 = chi2_baseline / df_baseline
        tli = (ratio0 - chi2 / df) / (ratio0 - 1.0)
    else:
        tli = np.nan
    rmsea = float(np.sqrt(groups * excess / (df * n))) if df > 0 else np.nan
    low, high = rmsea_interval(chi2, df, n, groups, confidence)
    return {"cfi": cfi, "tli": tli, "rmsea": rmsea, "rmsea_ci_low": low, "rmsea_ci_high": high}


def srmr(
    cov: np.ndarray,
    implied_cov: np.ndarray,
    mean: np.ndarray | None = None,
    implied_mean: np.ndarray | None = None,
) -> float:
    """Standardised root mean square residual (Bentler 1995; Hu & Bentler 1999).

    ``sqrt(sum_{i<=j} r_ij^2 / (p(p+1)/2))`` with ``r_ij = (s_ij - sigma_ij)/sqrt(s_ii s_jj)``;
    with means, their residuals ``(m_i - mu_i)/sqrt(s_ii)`` join the sum and ``p`` joins the
    count (lavaan's ``srmr_bentler``).

    Examples
    --------
    >>> import numpy as np
    >>> s, sigma = np.array([[4.0, 2.0], [2.0, 1.0]]), np.array([[4.0, 1.0], [1.0, 1.0]])
    >>> round(srmr(s, sigma), 6)  # (2 - 1)/sqrt(4 * 1) = 0.5 on one of 3 moments: sqrt(0.25/3)
    0.288675
    """
    cov, implied_cov = np.asarray(cov, dtype="float64"), np.asarray(implied_cov, dtype="float64")
    sd = np.sqrt(np.diag(cov))
    residual = (cov - implied_cov) / np.outer(sd, sd)
    squares = residual[np.tril_indices_from(residual)] ** 2
    if mean is not None and implied_mean is not None:
        squares = np.concatenate([squares, ((np.asarray(mean) - implied_mean) / sd) ** 2])
    return float(np.sqrt(squares.mean()))


def _baseline(moments: list[_Moments]) -> tuple[float, int]:
    """Chi-square and df of the independence model: -sum n_g log|R_g|, G p (p - 1) / 2."""
    chi2 = 0.0
    for mom in moments:
        sd = np.sqrt(np.diag(mom.cov))
        chi2 -= mom.n * np.linalg.slogdet(mom.cov / np.outer(sd, sd))[1]
    p = moments[0].cov.shape[0]
    return float(chi2), len(moments) * p * (p - 1) // 2


# --------------------------------------------------------------------------- data
class _Moments(NamedTuple):
    n: int
    mean: np.ndarray
    cov: np.ndarray  # divisor n (the ML estimate)
    logdet: float


def _complete_cases(responses: pd.DataFrame, instrument: Instrument, label: str) -> np.ndarray:
    """The item matrix (float) of the respondents who answered every item; checks usability."""
    items = instrument.items
    missing = [item for item in items if item not in responses.columns]
    if missing:
        raise BudayaKerjaError(
            f"{label}: responses lack the item column(s) {', '.join(missing)}; the factor "
            "analysis needs every item of the instrument (check the config's instrument section)"
        )
    short = [v for v, its in instrument.values.items() if len(its) < 2]
    if short:
        raise BudayaKerjaError(
            f"value(s) {', '.join(short)} have fewer than 2 items; a factor needs at least 2 "
            "(3 or more to be identified on its own)"
        )
    x = responses[items].to_numpy(dtype="float64", na_value=np.nan)
    x = x[np.isfinite(x).all(axis=1)]
    p = len(items)
    if len(x) <= p:
        raise BudayaKerjaError(
            f"{label}: only {len(x)} respondents answered all {p} items; the factor analysis "
            f"needs more than {p} (and, to be meaningful, several hundred)"
        )
    flat = [item for item, sd in zip(items, x.std(axis=0), strict=True) if not sd > 0]
    if flat:
        raise BudayaKerjaError(
            f"{label}: item(s) {', '.join(flat)} have the same answer from every complete "
            "respondent; a factor analysis needs variation in every item"
        )
    return x


def _moments(x: np.ndarray, label: str) -> _Moments:
    cov = np.cov(x, rowvar=False, bias=True)
    sign, logdet = np.linalg.slogdet(cov)
    if sign <= 0:
        raise BudayaKerjaError(
            f"{label}: the item covariance matrix is singular (some items are exact linear "
            "combinations of others); the factor analysis cannot be fitted"
        )
    return _Moments(len(x), x.mean(axis=0), cov, float(logdet))


def _n_factors(instrument: Instrument) -> str:
    m = len(instrument.values)
    return f"{_NUMBER_WORDS.get(m, str(m))}-factor"


# --------------------------------------------------------------------------- single-year CFA
def _semopy_description(instrument: Instrument) -> str:
    return "\n".join(f"{v} =~ {' + '.join(items)}" for v, items in instrument.values.items())


def fit_cfa(responses: pd.DataFrame, instrument: Instrument, estimator: str = ESTIMATOR) -> CFAFit:
    """Confirmatory factor analysis of the instrument's items, one factor per value (semopy).

    Parameters
    ----------
    responses : one row per respondent with the item columns (nullable integers, <NA>
        allowed); respondents with any item missing are left out (listwise), ``n`` says how
        many remain.
    instrument : the values and their items (``settings.Instrument``).
    estimator : "ML", maximum likelihood on the item scores treated as continuous; see the
        module docstring for why no ordinal estimator is offered.

    Returns
    -------
    CFAFit ``(fit, loadings)``: ``fit`` has one row with :data:`FIT_COLUMNS` (chi-square,
    df and p-value, the baseline chi-square, CFI, TLI, RMSEA with its 90% interval, SRMR,
    ``converged`` and a ``note``); ``loadings`` has one row per item with ``factor``,
    ``item``, ``loading`` (completely standardised, ``lambda sqrt(phi) / sqrt(sigma_ii)``,
    lavaan's std.all) and ``estimate`` (unstandardised, the factor's first item fixed at 1).

    The model is fitted by semopy's Wishart ML objective (``F`` of the module docstring
    without the mean term) with L-BFGS-B at tight tolerances; ``chi2 = n F``. The fit
    indices are computed by :func:`fit_indices` and :func:`srmr` from that chi-square,
    the closed-form baseline and semopy's implied covariance matrix.
    """
    if estimator != ESTIMATOR:
        raise BudayaKerjaError(
            f"estimator {estimator!r} is not available; use 'ML' (semopy's ordinal path is not "
            "usable, see budaya_kerja.validity)"
        )
    x = _complete_cases(responses, instrument, "CFA")
    moments = _moments(x, "CFA")
    import semopy

    items = instrument.items
    model = semopy.Model(_semopy_description(instrument))
    result = model.fit(
        pd.DataFrame(x, columns=items), obj="MLW", solver="L-BFGS-B", options=dict(_LBFGS)
    )
    observed = list(model.names_lambda[0])
    factors = list(model.names_lambda[1])
    lam, psi = np.asarray(model.mx_lambda), np.asarray(model.mx_psi)
    sigma = np.asarray(model.calc_sigma()[0])
    order = [observed.index(item) for item in items]
    n = moments.n
    chi2 = float(n * result.fun)
    df = len(items) * (len(items) + 1) // 2 - len(model.param_vals)
    chi2_0, df_0 = _baseline([moments])
    notes = [ML_NOTE]
    theta = np.diag(np.asarray(model.mx_theta))[order]
    heywood = [item for item, t in zip(items, theta, strict=True) if t <= 1e-8]
    if heywood:
        notes.append(f"Residual variance at 0 (Heywood case) for {', '.join(heywood)}.")
    if not result.success:
        notes.append(f"Optimizer did not converge: {result.message}.")
    fit = {
        "n": n, "chi2": chi2, "df": df, "pvalue": float(stats.chi2.sf(chi2, df)),
        "chi2_baseline": chi2_0, "df_baseline": df_0,
        **fit_indices(chi2, df, chi2_0, df_0, n),
        "srmr": srmr(moments.cov, sigma[np.ix_(order, order)]),
        "estimator": ESTIMATOR, "converged": bool(result.success), "note": " ".join(notes),
    }  # fmt: skip
    rows = []
    for value, value_items in instrument.values.items():
        j = factors.index(value)
        for item in value_items:
            i = observed.index(item)
            std = lam[i, j] * np.sqrt(psi[j, j]) / np.sqrt(sigma[i, i])
            rows.append({"factor": value, "item": item, "loading": float(std),
                         "estimate": float(lam[i, j])})  # fmt: skip
    fit_table = pd.DataFrame([fit], columns=FIT_COLUMNS)
    fit_table[["n", "df", "df_baseline"]] = fit_table[["n", "df", "df_baseline"]].astype("Int64")
    return CFAFit(fit_table, pd.DataFrame(rows, columns=["factor", "item", "loading", "estimate"]))


# --------------------------------------------------------------------------- multi-group ML
class _Structure(NamedTuple):
    """Where each group's parameters sit in the optimiser's vector, for one invariance level.

    A group's own parameter list is ``[free loadings (k), intercepts (p), factor means (m),
    vech(Phi) (m(m+1)/2), residual variances (p)]``; ``index[g]`` maps it into the vector,
    with -1 for a parameter fixed at 0 (the factor means of the first group, or all of them
    below the scalar level).
    """

    index: np.ndarray  # G x q, int
    size: int
    lower: np.ndarray  # lower bound of each vector entry (0 for variances, -inf otherwise)
    free_rows: np.ndarray
    free_cols: np.ndarray
    marker_rows: np.ndarray
    marker_cols: np.ndarray
    p: int
    m: int


def _structure(instrument: Instrument, groups: int, level: str) -> _Structure:
    items = instrument.items
    p, m = len(items), len(instrument.values)
    free_rows, free_cols, marker_rows, marker_cols = [], [], [], []
    for j, value_items in enumerate(instrument.values.values()):
        rows = [items.index(item) for item in value_items]
        marker_rows.append(rows[0])
        marker_cols.append(j)
        free_rows.extend(rows[1:])
        free_cols.extend([j] * (len(rows) - 1))
    k, n_phi = len(free_rows), m * (m + 1) // 2
    blocks = [("loading", k), ("intercept", p), ("mean", m), ("phi", n_phi), ("theta", p)]
    shared = {"loading": level in ("metric", "scalar"), "intercept": level == "scalar"}
    tril = np.tril_indices(m)
    phi_is_variance = tril[0] == tril[1]
    columns, lower, size = [], [], 0
    for kind, count in blocks:
        block = np.empty((groups, count), dtype=int)
        for g in range(groups):
            if kind == "mean" and (level != "scalar" or g == 0):
                block[g] = -1
                continue
            if shared.get(kind) and g > 0:
                block[g] = block[0]
                continue
            block[g] = np.arange(size, size + count)
            size += count
            if kind == "theta":
                lower.extend([0.0] * count)
            elif kind == "phi":
                lower.extend(np.where(phi_is_variance, 0.0, -np.inf))
            else:
                lower.extend([-np.inf] * count)
        columns.append(block)
    return _Structure(
        np.concatenate(columns, axis=1), size, np.asarray(lower, dtype="float64"),
        np.asarray(free_rows), np.asarray(free_cols), np.asarray(marker_rows),
        np.asarray(marker_cols), p, m,
    )  # fmt: skip


def _unpack(theta_g: np.ndarray, st: _Structure):
    k, p, m = len(st.free_rows), st.p, st.m
    lam = np.zeros((p, m))
    lam[st.marker_rows, st.marker_cols] = 1.0
    lam[st.free_rows, st.free_cols] = theta_g[:k]
    nu = theta_g[k : k + p]
    alpha = theta_g[k + p : k + p + m]
    phi = np.zeros((m, m))
    phi[np.tril_indices(m)] = theta_g[k + p + m : k + p + m + m * (m + 1) // 2]
    phi = phi + phi.T - np.diag(np.diag(phi))
    resid = theta_g[-p:]
    return lam, nu, alpha, phi, resid


def _implied(theta_g: np.ndarray, st: _Structure) -> tuple[np.ndarray, np.ndarray]:
    lam, nu, alpha, phi, resid = _unpack(theta_g, st)
    return lam @ phi @ lam.T + np.diag(resid), nu + lam @ alpha


def _group_discrepancy(theta_g: np.ndarray, mom: _Moments, st: _Structure):
    """ML discrepancy F of one group and its gradient with respect to the group's parameters.

    With ``W = S + d d'``, ``d = m - mu``, ``G = Sigma^-1 - Sigma^-1 W Sigma^-1`` and
    ``r = Sigma^-1 d``: dF/dLambda = 2 G Lambda Phi - 2 r alpha', dF/dnu = -2 r,
    dF/dalpha = -2 Lambda' r, dF/dPhi = Lambda' G Lambda (off-diagonal entries twice),
    dF/dtheta = diag(G).
    """
    lam, nu, alpha, phi, resid = _unpack(theta_g, st)
    sigma = lam @ phi @ lam.T + np.diag(resid)
    try:
        factor = linalg.cho_factor(sigma, lower=True, check_finite=False)
    except linalg.LinAlgError:
        return np.inf, np.zeros_like(theta_g)
    if not np.all(np.diag(factor[0]) > 0):
        return np.inf, np.zeros_like(theta_g)
    inv = linalg.cho_solve(factor, np.eye(st.p), check_finite=False)
    d = mom.mean - (nu + lam @ alpha)
    w = mom.cov + np.outer(d, d)
    logdet = 2.0 * np.log(np.diag(factor[0])).sum()
    value = logdet - mom.logdet + np.sum(w * inv) - st.p
    g_sigma = inv - inv @ w @ inv
    r = inv @ d
    g_lam = 2.0 * g_sigma @ lam @ phi - 2.0 * np.outer(r, alpha)
    a = lam.T @ g_sigma @ lam
    g_phi = (2.0 * a - np.diag(np.diag(a)))[np.tril_indices(st.m)]
    grad = np.concatenate([
        g_lam[st.free_rows, st.free_cols], -2.0 * r, -2.0 * lam.T @ r, g_phi, np.diag(g_sigma),
    ])  # fmt: skip
    return value, grad


def _start(moments: list[_Moments], st: _Structure, instrument: Instrument) -> np.ndarray:
    """Per-group starting values: loadings 1, Phi from the mean item covariances, means 0."""
    items = instrument.items
    columns = [[items.index(i) for i in its] for its in instrument.values.values()]
    starts = []
    for mom in moments:
        phi = np.empty((st.m, st.m))
        for a, rows_a in enumerate(columns):
            for b, rows_b in enumerate(columns):
                block = mom.cov[np.ix_(rows_a, rows_b)]
                phi[a, b] = (
                    block[~np.eye(len(rows_a), dtype=bool)].mean() if a == b else block.mean()
                )
        var = np.diag(mom.cov)
        loading_var = np.zeros(st.p)
        for a, rows in enumerate(columns):
            loading_var[rows] = phi[a, a]
        resid = np.maximum(var - loading_var, 0.1 * var)
        phi_diag = np.maximum(np.diag(phi), 0.05 * var.mean())
        np.fill_diagonal(phi, phi_diag)
        starts.append(np.concatenate([
            np.ones(len(st.free_rows)), mom.mean, np.zeros(st.m),
            phi[np.tril_indices(st.m)], resid,
        ]))  # fmt: skip
    return _pack(np.asarray(starts), st, [mom.n for mom in moments])


def _pack(per_group: np.ndarray, st: _Structure, weights) -> np.ndarray:
    """The optimiser's vector from per-group parameters; shared entries get weighted means."""
    total = np.zeros(st.size + 1)
    weight = np.zeros(st.size + 1)
    for g, w in enumerate(weights):
        np.add.at(total, st.index[g], w * per_group[g])
        np.add.at(weight, st.index[g], w)
    return (total / np.where(weight > 0, weight, 1.0))[:-1]


class _MultiGroupFit(NamedTuple):
    chi2: float
    df: int
    implied: list[tuple[np.ndarray, np.ndarray]]
    per_group: np.ndarray
    converged: bool
    message: str


def _fit_multigroup(
    moments: list[_Moments], instrument: Instrument, level: str, start: np.ndarray | None = None
) -> _MultiGroupFit:
    st = _structure(instrument, len(moments), level)
    x0 = (
        _start(moments, st, instrument)
        if start is None
        else _pack(start, st, [mo.n for mo in moments])
    )
    n_total = sum(mom.n for mom in moments)
    shares = [mom.n / n_total for mom in moments]

    def objective(x):
        ext = np.append(x, 0.0)
        value, grad = 0.0, np.zeros(st.size + 1)
        for g, mom in enumerate(moments):
            f, gr = _group_discrepancy(ext[st.index[g]], mom, st)
            if not np.isfinite(f):
                return np.inf, np.zeros(st.size)
            value += shares[g] * f
            np.add.at(grad, st.index[g], shares[g] * gr)
        return value, grad[:-1]

    bounds = optimize.Bounds(st.lower, np.full(st.size, np.inf))
    result = optimize.minimize(
        objective, x0, jac=True, method="L-BFGS-B", bounds=bounds, options=dict(_LBFGS)
    )
    ext = np.append(result.x, 0.0)
    per_group = np.stack([ext[st.index[g]] for g in range(len(moments))])
    p = st.p
    moments_count = len(moments) * (p * (p + 1) // 2 + p)
    return _MultiGroupFit(
        chi2=float(n_total * result.fun),
        df=moments_count - st.size,
        implied=[_implied(per_group[g], st) for g in range(len(moments))],
        per_group=per_group,
        converged=bool(result.success),
        message=str(result.message),
    )


# --------------------------------------------------------------------------- invariance
def _criterion(level: str, min_cfi: float, max_rmsea: float, max_delta_cfi: float) -> str:
    if level == "configural":
        return (f"CFI >= {min_cfi:.2f} and RMSEA <= {max_rmsea:.2f} (Bentler & Bonett 1980; "
                "Browne & Cudeck 1993)")  # fmt: skip
    return (f"{level} holds if the level before holds and delta CFI >= {-max_delta_cfi:.2f} "
            "(Cheung & Rensvold 2002; Chen 2007)")  # fmt: skip


_CONCLUSIONS = {
    ("configural", True): "The {model} structure fits in every year.",
    ("configural", False): "The {model} structure does not fit acceptably in every year; "
    "the invariance tests that build on it cannot be interpreted.",
    ("metric", True): "The items relate to their values equally strongly in every year: "
    "relations between values (correlations, regressions) can be compared across years.",
    ("metric", False): "The items' loadings differ between years: the values do not mean "
    "quite the same thing from year to year, so neither relations nor means are comparable.",
    ("scalar", True): "Intercepts are equal as well: comparing the means of the values and "
    "the index (latent or observed scores) between years is warranted.",
    ("scalar", False): "Intercepts differ between years: differences in the mean value scores "
    "or index between years may reflect item functioning rather than real change, so mean "
    "comparisons are not warranted without partial invariance.",
}


def measurement_invariance(
    responses_by_year: dict[int, pd.DataFrame],
    instrument: Instrument,
    *,
    min_cfi: float = 0.90,
    max_rmsea: float = 0.08,
    max_delta_cfi: float = 0.01,
) -> pd.DataFrame:
    """Configural, metric and scalar invariance of the value model across years (ML).

    Parameters
    ----------
    responses_by_year : year -> responses (item columns as for :func:`fit_cfa`); at least two
        years. Each year is one group; listwise complete cases.
    instrument : the values and their items.
    min_cfi, max_rmsea : acceptable fit of the configural model.
    max_delta_cfi : largest acceptable CFI drop from one level to the next (Cheung &
        Rensvold 2002; Chen 2007).

    Returns
    -------
    DataFrame with :data:`INVARIANCE_COLUMNS`, one row per level in the order configural,
    metric, scalar: the chi-square and df of the multi-group model, CFI, TLI, RMSEA
    (Steiger's multi-group form, 90% interval), SRMR (means included, n-weighted over the
    years), ``delta_cfi`` against the level before, ``holds`` (cumulative: a level holds only
    if the one before holds), the ``criterion`` applied and a ``conclusion`` for the report;
    the scalar row says whether comparing means between years is warranted. See the module
    docstring for the models and formulas.
    """
    if len(responses_by_year) < 2:
        raise BudayaKerjaError(
            f"measurement invariance needs at least two years, got {len(responses_by_year)}"
        )
    years = sorted(responses_by_year)
    moments = [
        _moments(_complete_cases(responses_by_year[y], instrument, f"year {y}"), f"year {y}")
        for y in years
    ]
    n_total = sum(mom.n for mom in moments)
    chi2_0, df_0 = _baseline(moments)
    model = _n_factors(instrument).replace("factor", "value")
    rows, previous, start = [], None, None
    for level in LEVELS:
        fit = _fit_multigroup(moments, instrument, level, start)
        start = fit.per_group
        indices = fit_indices(fit.chi2, fit.df, chi2_0, df_0, n_total, groups=len(moments))
        residual = sum(
            mom.n * srmr(mom.cov, sigma, mom.mean, mu)
            for mom, (sigma, mu) in zip(moments, fit.implied, strict=True)
        )
        if previous is None:
            delta = np.nan
            holds = indices["cfi"] >= min_cfi and indices["rmsea"] <= max_rmsea
        else:
            delta = indices["cfi"] - previous["cfi"]
            holds = bool(previous["holds"]) and delta >= -max_delta_cfi
        conclusion = _CONCLUSIONS[(level, bool(holds))].format(model=model)
        if not fit.converged:
            conclusion += f" (Optimizer did not converge: {fit.message}.)"
        row = {
            "level": level, "groups": ", ".join(str(y) for y in years), "n": n_total,
            "chi2": fit.chi2, "df": fit.df, **indices, "srmr": residual / n_total,
            "delta_cfi": delta, "holds": bool(holds),
            "criterion": _criterion(level, min_cfi, max_rmsea, max_delta_cfi),
            "conclusion": conclusion, "estimator": ESTIMATOR, "converged": fit.converged,
        }  # fmt: skip
        rows.append(row)
        previous = row
    table = pd.DataFrame(rows, columns=INVARIANCE_COLUMNS)
    table[["n", "df"]] = table[["n", "df"]].astype("Int64")
    return table


# --------------------------------------------------------------------------- validity.csv
def validity_table(
    responses_by_year: dict[int, pd.DataFrame],
    instrument: Instrument,
    *,
    min_cfi: float = 0.90,
    max_rmsea: float = 0.08,
    max_delta_cfi: float = 0.01,
) -> pd.DataFrame:
    """The rows of ``validity.csv``: the CFA and loadings per year, then invariance.

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
        raise BudayaKerjaError("validity needs the responses of at least one year, got none")
    rows = []
    for year in sorted(responses_by_year):
        try:
            fit, loadings = fit_cfa(responses_by_year[year], instrument)
        except BudayaKerjaError as exc:
            raise BudayaKerjaError(f"year {year}: {exc}") from None
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
