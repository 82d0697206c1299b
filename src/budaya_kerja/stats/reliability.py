"""Reliability of the value scales and the index: Cronbach's alpha (with CI) and McDonald's omega.

One row per value, one for the index (all items) and one per item (``reliability.csv``).
Every statistic of a scale uses the respondents who answered all of its items (listwise
complete cases, ``n``), and all of them come from the scale's item covariance matrix
``C`` (k x k, divisor n - 1), accumulated over row blocks so 4.3 million respondents never
need more than one block of floats in memory.

- Cronbach's alpha (Cronbach 1951): ``alpha = k/(k-1) * (1 - trace(C) / sum(C))``.
- Its confidence interval (Feldt 1965; Feldt, Woodruff & Salih 1987): under the classical
  model ``(1 - alpha) / (1 - alpha_hat) ~ F(n - 1, (n - 1)(k - 1))``, so with
  ``gamma = 1 - confidence`` and ``F_q`` the q-quantile of that F distribution
  ``low = 1 - (1 - alpha_hat) F_{1-gamma/2}`` and ``high = 1 - (1 - alpha_hat) F_{gamma/2}``
  (the large quantile gives the lower limit).
- McDonald's omega total (McDonald 1999, *Test Theory*, ch. 6) from a one-factor model
  ``C = lambda lambda' + diag(theta)``: ``omega = (sum lambda)^2 / ((sum lambda)^2 + sum theta)``.
  With k = 3 the model is just identified: ``lambda_i^2 = c_ij c_ik / c_jk``; a
  negative ratio (no admissible one-factor solution) gives NaN, a negative residual variance
  (Heywood case) is set to 0. With k > 3 the loadings are the maximum-likelihood ones
  (Joreskog 1967), fitted with ``statsmodels.multivariate.factor.Factor(method="ml")`` on the
  correlation matrix and rescaled by the item SDs (ML is scale invariant). k < 3: NaN.
- Item rows: the corrected item-total correlation ``r(x_i, T - x_i)`` with ``T`` the sum of
  the value's items, ``alpha`` of the value without the item, and the item's mean correlation
  with the other items of its value (Nunnally & Bernstein 1994, ch. 7).

Fewer than 3 complete cases, or a zero total variance, gives NaN rather than an error; an
item without variance makes the correlations and omega of its scale NaN.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.messages import message
from budaya_kerja.settings import CONFIDENCE, Instrument
from budaya_kerja.stats.scoring import INDEX

__all__ = [
    "MIN_CASES", "RELIABILITY_COLUMNS", "alpha_interval", "cronbach_alpha", "item_covariance",
    "mcdonald_omega", "one_factor_loadings", "reliability_table",
]  # fmt: skip

RELIABILITY_COLUMNS = [
    "measure", "level", "value", "n", "k", "alpha", "alpha_ci_low", "alpha_ci_high", "omega",
    "item_total_r", "alpha_if_deleted", "mean_inter_item_r",
]  # fmt: skip
MIN_CASES = 3
_BLOCK = 1 << 20  # rows per block when accumulating the covariance matrix


def item_covariance(responses: pd.DataFrame, items: list[str]) -> tuple[int, np.ndarray]:
    """Number of complete cases and the k x k covariance matrix (divisor n - 1) of ``items``.

    Two passes over row blocks (means, then centred cross-products), so the result is as
    accurate as ``numpy.cov`` on the complete cases without holding them all as floats.
    """
    k = len(items)
    n, total = 0, np.zeros(k)
    blocks = range(0, len(responses), _BLOCK)
    for start in blocks:
        x = _complete(responses, items, start)
        n += len(x)
        total += x.sum(axis=0)
    if n < 2:
        return n, np.full((k, k), np.nan)
    mean = total / n
    cross = np.zeros((k, k))
    for start in blocks:
        x = _complete(responses, items, start)
        x -= mean  # in place: a fresh block (boolean indexing copies), one float copy less
        cross += x.T @ x
    return n, cross / (n - 1)


def _complete(responses: pd.DataFrame, items: list[str], start: int) -> np.ndarray:
    # Rows first: ``responses[items]`` would copy every row's items for each block.
    rows = responses.iloc[start : start + _BLOCK][items]
    block = rows.to_numpy(dtype="float64", na_value=np.nan)
    return block[np.isfinite(block).all(axis=1)]


def cronbach_alpha(cov: np.ndarray) -> float:
    """Cronbach's (1951) alpha of a covariance matrix: k/(k-1) (1 - trace(C)/sum(C))."""
    k = cov.shape[0]
    total = cov.sum()
    if k < 2 or not np.isfinite(total) or total <= 0:
        return np.nan
    return k / (k - 1) * (1.0 - np.trace(cov) / total)


def alpha_interval(alpha, n, k, confidence: float = CONFIDENCE) -> tuple[np.ndarray, np.ndarray]:
    """Feldt (1965) interval for alpha: 1 - (1 - alpha) F_{1-g/2} to 1 - (1 - alpha) F_{g/2}.

    F is the F distribution with (n - 1, (n - 1)(k - 1)) degrees of freedom and
    g = 1 - confidence (Feldt, Woodruff & Salih 1987, eq. 3). Works elementwise.
    """
    alpha, n, k = (np.asarray(a, dtype="float64") for a in (alpha, n, k))
    gamma = 1.0 - confidence
    df1 = n - 1
    df2 = (n - 1) * (k - 1)
    ok = np.isfinite(alpha) & (df1 >= 1) & (df2 >= 1)
    df1, df2 = np.where(ok, df1, 1.0), np.where(ok, df2, 1.0)
    low = 1.0 - (1.0 - alpha) * stats.f.ppf(1.0 - gamma / 2, df1, df2)
    high = 1.0 - (1.0 - alpha) * stats.f.ppf(gamma / 2, df1, df2)
    return np.where(ok, low, np.nan), np.where(ok, high, np.nan)


def one_factor_loadings(cov: np.ndarray, nobs: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Loadings and residual variances of a one-factor model of ``cov`` (covariance scale).

    k = 3: the just-identified solution lambda_i^2 = c_ij c_ik / c_jk, signs from the
    covariances with the first item; k > 3: maximum likelihood (statsmodels ``Factor``).
    Loadings are oriented so their sum is positive. NaN when no admissible solution exists.
    """
    k = cov.shape[0]
    nan = np.full(k, np.nan)
    sd = np.sqrt(np.diag(cov))
    if k < 3 or not np.all(np.isfinite(cov)) or np.any(sd <= 0):
        return nan, nan
    if k == 3:
        pairs = [(0, 1, 2), (1, 0, 2), (2, 0, 1)]
        with np.errstate(divide="ignore", invalid="ignore"):
            squared = np.array([cov[i, j] * cov[i, m] / cov[j, m] for i, j, m in pairs])
        if not np.all(np.isfinite(squared)) or np.any(squared <= 0):
            return nan, nan
        loadings = np.sqrt(squared) * np.array([1.0, np.sign(cov[0, 1]), np.sign(cov[0, 2])])
    else:
        from statsmodels.multivariate.factor import Factor

        corr = cov / np.outer(sd, sd)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                # Fixed starting-value generator: the same data give the same digits.
                fit = Factor(corr=corr, n_factor=1, method="ml", nobs=nobs).fit(rng=0)
        except (np.linalg.LinAlgError, ValueError):
            return nan, nan
        loadings = np.asarray(fit.loadings, dtype="float64").ravel() * sd
    if loadings.sum() < 0:
        loadings = -loadings
    residual = np.clip(np.diag(cov) - loadings**2, 0.0, None)
    return loadings, residual


def mcdonald_omega(cov: np.ndarray, nobs: int | None = None) -> float:
    """McDonald's omega total: (sum lambda)^2 / ((sum lambda)^2 + sum theta), one factor."""
    loadings, residual = one_factor_loadings(cov, nobs)
    common = loadings.sum() ** 2
    if not np.isfinite(common):
        return np.nan
    return common / (common + residual.sum())


def _correlation(cov: np.ndarray) -> np.ndarray:
    sd = np.sqrt(np.diag(cov))
    with np.errstate(divide="ignore", invalid="ignore"):
        corr = cov / np.outer(sd, sd)
    corr[:, sd <= 0] = np.nan
    corr[sd <= 0, :] = np.nan
    return corr


def _mean_off_diagonal(corr: np.ndarray) -> float:
    k = corr.shape[0]
    if k < 2:
        return np.nan
    return float(corr[~np.eye(k, dtype=bool)].mean())


def _scale_row(measure, level, value, n, cov, confidence) -> dict:
    k = cov.shape[0]
    enough = n >= MIN_CASES
    alpha = cronbach_alpha(cov) if enough else np.nan
    low, high = alpha_interval(alpha, n, k, confidence)
    return {
        "measure": measure, "level": level, "value": value, "n": n, "k": k, "alpha": alpha,
        "alpha_ci_low": float(low), "alpha_ci_high": float(high),
        "omega": mcdonald_omega(cov, n) if enough else np.nan,
        "item_total_r": np.nan, "alpha_if_deleted": np.nan,
        "mean_inter_item_r": _mean_off_diagonal(_correlation(cov)) if enough else np.nan,
    }  # fmt: skip


def _item_rows(value, items, n, cov) -> list[dict]:
    k = len(items)
    enough = n >= MIN_CASES
    corr = _correlation(cov)
    rows = []
    for i, item in enumerate(items):
        others = [j for j in range(k) if j != i]
        rest_var = cov[np.ix_(others, others)].sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            r_total = cov[i, others].sum() / np.sqrt(cov[i, i] * rest_var)
        rows.append({
            "measure": item, "level": "item", "value": value, "n": n, "k": k,
            "alpha": np.nan, "alpha_ci_low": np.nan, "alpha_ci_high": np.nan, "omega": np.nan,
            "item_total_r": float(r_total) if enough else np.nan,
            "alpha_if_deleted": cronbach_alpha(cov[np.ix_(others, others)]) if enough else np.nan,
            "mean_inter_item_r": float(np.mean(corr[i, others])) if enough and k > 1 else np.nan,
        })  # fmt: skip
    return rows


def reliability_table(
    responses: pd.DataFrame, instrument: Instrument, confidence: float = CONFIDENCE
) -> pd.DataFrame:
    """Alpha (Feldt CI), omega and item statistics per value, for the index and per item.

    Parameters
    ----------
    responses : one row per respondent with the item columns (nullable integers, <NA> allowed).
    instrument : the values and their items (``settings.Instrument``).
    confidence : level of the alpha interval, in (0, 1).

    Returns
    -------
    DataFrame with :data:`RELIABILITY_COLUMNS`: one row per value (``level="value"``), one row
    ``measure="index"`` over all items (``level="index"``), then one row per item
    (``level="item"``, ``value`` = its value; ``n`` and ``k`` of that value). ``n`` is the
    number of complete cases of the scale. See the module docstring for the formulas.

    Examples
    --------
    >>> import pandas as pd
    >>> from budaya_kerja.settings import Instrument
    >>> inst = Instrument(values={"V": ["V1", "V2"]}, value_names={"V": "V"}, statements={})
    >>> data = pd.DataFrame({"V1": [1, 2, 3], "V2": [1, 3, 3]}, dtype="Int8")
    >>> float(round(reliability_table(data, inst).loc[0, "alpha"], 4))  # 12/13
    0.9231
    """
    if not 0 < confidence < 1:
        raise BudayaKerjaError(message("stats.between", name="confidence", level=repr(confidence)))
    missing = [item for item in instrument.items if item not in responses.columns]
    if missing:
        raise BudayaKerjaError(message("reliability.items", missing=", ".join(missing)))
    value_rows, item_rows = [], []
    for value, items in instrument.values.items():
        n, cov = item_covariance(responses, items)
        value_rows.append(_scale_row(value, "value", value, n, cov, confidence))
        item_rows.extend(_item_rows(value, items, n, cov))
    n, cov = item_covariance(responses, instrument.items)
    index_row = _scale_row(INDEX, "index", pd.NA, n, cov, confidence)
    table = pd.DataFrame([*value_rows, index_row, *item_rows], columns=RELIABILITY_COLUMNS)
    table["value"] = table["value"].astype("string")
    table[["n", "k"]] = table[["n", "k"]].astype("Int64")
    return table
