"""The confirmatory factor analysis of one year: ML fit, fit indices and standardised loadings
(the formulas and conventions are in :mod:`budaya_kerja.stats.validity`)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import optimize, stats

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.messages import message
from budaya_kerja.settings import Instrument

__all__ = [
    "ESTIMATOR",
    "FIT_COLUMNS",
    "item_moments",
    "INVARIANCE_COLUMNS",
    "LEVELS",
    "ML_NOTE",
    "CFAFit",
    "fit_cfa",
    "fit_indices",
    "rmsea_interval",
    "srmr",
]

ESTIMATOR = "ML"
LEVELS = ("configural", "metric", "scalar")
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
# A fit that stops on a failed line search converged if no gradient component exceeds this
# (at 10^6 respondents such stops sit at ~1e-7, the same point the other stops reach).
_STALLED_GRADIENT = 1e-6


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


_BLOCK = 1 << 18  # rows per block when summing the items' cross-products
_EXACT = 2.0**53  # float64 holds every integer below this exactly


def _check_items(responses: pd.DataFrame, instrument: Instrument, label: str) -> None:
    missing = [item for item in instrument.items if item not in responses.columns]
    if missing:
        raise BudayaKerjaError(message("cfa.items", label=label, missing=", ".join(missing)))
    short = [v for v, its in instrument.values.items() if len(its) < 2]
    if short:
        raise BudayaKerjaError(message("cfa.short_values", values=", ".join(short)))


def _complete_blocks(responses: pd.DataFrame, items: list[str]):
    """The item matrix (float) of the complete cases, one block of rows at a time."""
    for start in range(0, len(responses), _BLOCK):
        block = responses.iloc[start : start + _BLOCK][items]
        x = block.to_numpy(dtype="float64", na_value=np.nan)
        yield x[np.isfinite(x).all(axis=1)]


def item_moments(responses: pd.DataFrame, instrument: Instrument, label: str) -> _Moments:
    """Complete cases ``n``, mean vector and covariance matrix (divisor n) of the items,
    accumulated over blocks of rows (4.3 million respondents never need more than one block
    of floats), with the usability checks of the CFA.

    Item answers are integers, so the block sums ``sum x`` and cross-products ``sum x x'`` are
    exact in float64 whatever the blocks or the order (every partial sum is an integer below
    2^53), and ``S = (n sum x x' - sum x sum x') / n^2`` has one rounding, in the division:
    the same numbers for any split of the rows (e.g. by organisation). Data that are not all
    integers (or too large for that) take two passes instead: the means, then the centred
    cross-products (as ``numpy.cov``).
    """
    _check_items(responses, instrument, label)
    items = instrument.items
    p = len(items)
    n, total, cross, integral = 0, np.zeros(p), np.zeros((p, p)), True
    for x in _complete_blocks(responses, items):
        n += len(x)
        total += x.sum(axis=0)
        cross += x.T @ x
        integral = integral and bool(np.all(x == np.round(x)))
    if n <= p:
        raise BudayaKerjaError(message("cfa.too_few", label=label, n=n, p=p))
    exact = integral and n * max(float(np.max(np.diag(cross))), 1.0) < _EXACT
    if exact:
        sums = total.astype("int64")
        numerator = n * cross.astype("int64") - np.outer(sums, sums)
        cov = numerator.astype("float64") / (float(n) * float(n))
        mean = total / n
    else:
        mean = total / n
        cross = np.zeros((p, p))
        for x in _complete_blocks(responses, items):
            centred = x - mean
            cross += centred.T @ centred
        cov = cross / n
    flat = [item for item, v in zip(items, np.diag(cov), strict=True) if not v > 0]
    if flat:
        raise BudayaKerjaError(message("cfa.flat", label=label, items=", ".join(flat)))
    sign, logdet = np.linalg.slogdet(cov)
    if sign <= 0:
        raise BudayaKerjaError(message("cfa.singular", label=label))
    return _Moments(n, mean, cov, float(logdet))


def _n_factors(instrument: Instrument) -> str:
    m = len(instrument.values)
    return f"{_NUMBER_WORDS.get(m, str(m))}-factor"


# --------------------------------------------------------------------------- single-year CFA
def _semopy_description(instrument: Instrument) -> str:
    return "\n".join(f"{v} =~ {' + '.join(items)}" for v, items in instrument.values.items())


def _start_loadings(model, cov: np.ndarray, items: list[str]) -> None:
    """semopy's starting values of the free loadings, from the covariances: the slope of the
    item on its factor's marker item, ``s_marker,item / s_marker,marker`` (what semopy's own
    rule computes by regression when it is given the data rather than ``cov``)."""
    rows, columns = model.names_lambda
    for parameter in model.parameters.values():
        where = parameter.locations[0]
        if parameter.start is not None or where.matrix is not model.mx_lambda:
            continue
        item, factor = rows[where.indices[0]], columns[where.indices[1]]
        i, marker = items.index(item), items.index(model.first_manifs[factor])
        parameter.start = cov[marker, i] / cov[marker, marker]


def _stalled_at_optimum(model, result, tolerance: float = _STALLED_GRADIENT) -> bool:
    """Whether L-BFGS-B stopped at the optimum on a failed line search ("ABNORMAL").

    With ``ftol`` far below the rounding of ``F`` (a sum of terms of size ``p`` whose
    difference is ~1e-4 on data that fit well), whether the last steps end on the
    relative-reduction test or on a line search that finds no lower ``F`` is chance (it
    followed the order in which semopy lists the parameters, which follows Python's string
    hashing). Both stop at the same point; the projected gradient tells whether it is the
    optimum: every component of ``dF/dtheta`` (0 for a variance held at its bound 0 with the
    gradient pushing it below) at most ``tolerance``.
    """
    if not str(result.message).startswith("ABNORMAL"):
        return False
    gradient = np.asarray(model.grad_mlw(result.x), dtype="float64")
    lower = np.array([-np.inf if low is None else low for low, _ in model.get_bounds()])
    gradient[(result.x <= lower) & (gradient > 0)] = 0.0
    return bool(np.all(np.isfinite(gradient)) and np.max(np.abs(gradient)) <= tolerance)


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

    The moments come from :func:`item_moments` (summed over blocks of rows); semopy is
    given the covariance matrix, not the respondents. The model is fitted by semopy's
    Wishart ML objective (``F`` of the module docstring
    without the mean term) with L-BFGS-B at tight tolerances; ``chi2 = n F``. The fit
    indices are computed by :func:`fit_indices` and :func:`srmr` from that chi-square,
    the closed-form baseline and semopy's implied covariance matrix. ``converged`` is
    L-BFGS-B's success, or a stop on a failed line search where the projected gradient is
    already nil (:func:`_stalled_at_optimum`).
    """
    if estimator != ESTIMATOR:
        raise BudayaKerjaError(message("cfa.estimator", estimator=repr(estimator)))
    moments = item_moments(responses, instrument, "CFA")
    import semopy

    items = instrument.items
    model = semopy.Model(_semopy_description(instrument))
    _start_loadings(model, moments.cov, items)
    result = model.fit(
        cov=pd.DataFrame(moments.cov, index=items, columns=items), n_samples=moments.n,
        obj="MLW", solver="L-BFGS-B", options=dict(_LBFGS),
    )  # fmt: skip
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
    converged = bool(result.success) or _stalled_at_optimum(model, result)
    if not converged:
        notes.append(f"Optimizer did not converge: {result.message}.")
    fit = {
        "n": n, "chi2": chi2, "df": df, "pvalue": float(stats.chi2.sf(chi2, df)),
        "chi2_baseline": chi2_0, "df_baseline": df_0,
        **fit_indices(chi2, df, chi2_0, df_0, n),
        "srmr": srmr(moments.cov, sigma[np.ix_(order, order)]),
        "estimator": ESTIMATOR, "converged": converged, "note": " ".join(notes),
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
