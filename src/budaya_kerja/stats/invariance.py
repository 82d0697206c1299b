"""Measurement invariance across years: configural, metric and scalar multi-group ML fits (the
discrepancy, start values and decision rules are in :mod:`budaya_kerja.stats.validity`)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import linalg, optimize

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.messages import message
from budaya_kerja.settings import Instrument
from budaya_kerja.stats.cfa import (
    _LBFGS,
    ESTIMATOR,
    INVARIANCE_COLUMNS,
    LEVELS,
    _baseline,
    _Moments,
    _n_factors,
    fit_indices,
    item_moments,
    srmr,
)

# --------------------------------------------------------------------------- multi-group ML
__all__ = ["measurement_invariance"]


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
    responses_by_year : year -> responses (item columns as for
        :func:`budaya_kerja.stats.cfa.fit_cfa`); at least two years. Each year is one group;
        listwise complete cases.
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
        raise BudayaKerjaError(message("invariance.years", n=len(responses_by_year)))
    years = sorted(responses_by_year)
    label = {y: message("stats.year", year=y) for y in years}
    moments = [item_moments(responses_by_year[y], instrument, label[y]) for y in years]
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
