"""Key drivers: which behaviours go with the rest of the work culture.

Surveys such as FEVS and the UK People Survey relate each item to an outcome measured by
*other* questions (engagement). Here the index is the mean of the items themselves, so a
regression of the index on its own items only recovers the scoring weights (R^2 = 1 for
complete answers) and a plain item-index correlation is inflated by the item's own share
of the index. The driver of an item is therefore its correlation with the **rest** of the
culture: the mean of the *other* values' scores (its own value left out, whose other items
share its wording), over the respondents who answered the item and every other value.

Method: the design-weighted Pearson correlation ``r = sum w (x - xbar)(y - ybar) /
sqrt(sum w (x - xbar)^2 sum w (y - ybar)^2)`` with the survey weights, and a Fisher-z
interval ``tanh(atanh r +- z_q / sqrt(n_eff - 3))`` on Kish's effective sample size
``n_eff = (sum w)^2 / sum w^2`` (Fisher 1921; Kish 1965, sec. 11.7; Lumley 2010, *Complex
Surveys*, sec. 5.2 on correlations under weights). Items are ranked by ``r``.

Caveats (say them with the result): a correlation across respondents, not a cause: people
who rate one behaviour high rate the others high too (a general factor and response style),
so every r is positive and the differences between items are modest; the interval is an
approximation that ignores stratification (usually conservative); neighbouring ranks are
rarely distinguishable. It points at behaviours worth a closer look, not at levers with a
known effect.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.messages import message
from budaya_kerja.settings import CONFIDENCE, Instrument
from budaya_kerja.stats.scoring import INDEX, item_points

__all__ = ["DRIVER_COLUMNS", "driver_sample", "item_drivers", "weighted_correlation"]

DRIVER_COLUMNS = ["measure", "value", "n", "n_eff", "r", "ci_low", "ci_high", "rank"]


def weighted_correlation(x, y, w) -> float:
    """Pearson correlation of x and y with weights w (rows with a missing x or y dropped).

    >>> weighted_correlation([1, 2, 3, 4], [1, 3, 2, 4], [1, 1, 1, 1])
    0.8
    """
    x, y, w = (np.asarray(a, dtype="float64") for a in (x, y, w))
    ok = np.isfinite(x) & np.isfinite(y) & np.isfinite(w)
    x, y, w = x[ok], y[ok], w[ok]
    if w.sum() <= 0:
        return np.nan
    dx, dy = x - np.average(x, weights=w), y - np.average(y, weights=w)
    denominator = np.sqrt(np.sum(w * dx * dx) * np.sum(w * dy * dy))
    return float(np.sum(w * dx * dy) / denominator) if denominator > 0 else np.nan


def driver_sample(
    scores: pd.DataFrame, responses: pd.DataFrame, instrument: Instrument
) -> pd.DataFrame:
    """The columns :func:`item_drivers` reads, of the respondents the configuration keeps
    (``scores["excluded"]`` False): ``weight``, the index and value scores, and every item
    in points. The same rows and numbers as those columns of
    :func:`budaya_kerja.stats.aggregate.estimation_sample`, without its other measures and
    positive shares (most of its memory at 4.3 million respondents): an item's points are
    stored as float32 when every one comes back exactly as float64 (points on a five-point
    scale), so they are the same numbers when read as float64.

    ``scores`` needs ``weight``, the value scores and the index (and ``excluded`` if any are
    left out); ``responses`` the item answers, row for row with ``scores``.
    """
    keep = ~scores["excluded"].astype(bool).to_numpy() if "excluded" in scores else slice(None)
    table = scores.loc[keep, ["weight", INDEX, *instrument.value_ids]].reset_index(drop=True)
    for item in instrument.items:
        column = item_points(responses.loc[keep, [item]], instrument)[item].to_numpy()
        narrow = column.astype("float32")
        # Exact where answered (a NaN stays NaN): float32 == float64 compares exactly.
        table[item] = narrow if np.all((narrow == column) | np.isnan(column)) else column
    return table


def item_drivers(
    sample: pd.DataFrame, instrument: Instrument, *, confidence: float = CONFIDENCE
) -> pd.DataFrame:
    """The correlation of every item with the rest of the culture (module docstring).

    Parameters
    ----------
    sample : one year's respondents as estimated, with the item columns in points, the value
        scores and ``weight`` (:func:`aggregate.estimation_sample`; weights of 1 without a
        frame).
    instrument : the values and their items (at least two values).
    confidence : level of the Fisher-z intervals.

    Returns
    -------
    DataFrame with :data:`DRIVER_COLUMNS`, one row per item, strongest first: ``value`` its
    value, ``n`` respondents with the item and the rest, ``n_eff`` Kish's effective n,
    ``r`` and its interval, ``rank`` (1 = strongest).

    Examples
    --------
    >>> import pandas as pd
    >>> from budaya_kerja.settings import Instrument
    >>> inst = Instrument({"A": ["A1", "A2"], "B": ["B1", "B2"]}, {"A": "A", "B": "B"}, {})
    >>> s = pd.DataFrame({"A1": [0, 25, 50, 100.0], "A2": [25, 25, 75, 75.0],
    ...                   "B1": [0, 50, 50, 100.0], "B2": [0, 50, 100, 50.0], "weight": 1.0})
    >>> s["A"], s["B"] = s[["A1", "A2"]].mean(axis=1), s[["B1", "B2"]].mean(axis=1)
    >>> item_drivers(s, inst)[["measure", "r"]].round(3)
      measure      r
    0      B1  0.889
    1      A1  0.828
    2      A2  0.816
    3      B2  0.593
    """
    if len(instrument.values) < 2:
        raise BudayaKerjaError(message("drivers.two_values"))
    needed = ["weight", *instrument.value_ids, *instrument.items]
    missing = [c for c in needed if c not in sample.columns]
    if missing:
        raise BudayaKerjaError(message("drivers.columns", missing=", ".join(missing)))
    w = sample["weight"].to_numpy("float64")
    values = sample[instrument.value_ids].to_numpy("float64")
    q = stats.norm.ppf(0.5 + confidence / 2)
    rows = []
    for j, (value, items) in enumerate(instrument.values.items()):
        # A plain mean: the rest is missing when any other value is (as the index is).
        rest = np.delete(values, j, axis=1).mean(axis=1)
        for item in items:
            x = sample[item].to_numpy("float64")
            ok = np.isfinite(x) & np.isfinite(rest)
            n_eff = w[ok].sum() ** 2 / np.sum(w[ok] ** 2) if ok.any() else 0.0
            r = weighted_correlation(x[ok], rest[ok], w[ok])
            half = q / np.sqrt(n_eff - 3) if n_eff > 3 else np.nan
            z = np.arctanh(np.clip(r, -0.999999, 0.999999))
            rows.append({"measure": item, "value": value, "n": int(ok.sum()), "n_eff": n_eff,
                         "r": r, "ci_low": np.tanh(z - half), "ci_high": np.tanh(z + half)})  # fmt: skip
    table = pd.DataFrame(rows, columns=DRIVER_COLUMNS[:-1])
    table = table.sort_values(["r", "measure"], ascending=[False, True], kind="stable")
    table["rank"] = np.arange(1, len(table) + 1)
    return table.reset_index(drop=True)[DRIVER_COLUMNS]
