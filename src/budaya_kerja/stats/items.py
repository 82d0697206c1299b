"""How respondents answered each behaviour (``items.csv``): the share of every answer.

Shares are estimated like every other number of the report: with the survey weights, among the
respondents of the estimation sample who answered the item, ``share_k = sum w 1(x = k) /
sum w``; ``share_unweighted`` sits beside it. Every answer of the instrument's scale is listed
(share 0 when nobody chose it), so a 1-7 or 1-4 instrument is drawn on its own scale.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from budaya_kerja.settings import Instrument

__all__ = ["ITEM_COLUMNS", "item_distribution"]

ITEM_COLUMNS = ["year", "item", "answer", "n", "share", "share_unweighted"]


def item_distribution(
    responses: pd.DataFrame, weight, instrument: Instrument, year: int
) -> pd.DataFrame:
    """The share of each answer of each item (module docstring) in one year.

    Parameters
    ----------
    responses : the estimation sample, one row per respondent, item columns as integer codes.
    weight : survey weight per row (ones without a frame).
    instrument : items and the answer scale.
    year : the survey year.

    Examples
    --------
    >>> inst = Instrument(values={"V": ["V1"]}, value_names={"V": "V"}, statements={},
    ...                   scale_min=1, scale_max=7)
    >>> data = pd.DataFrame({"V1": pd.array([1, 6, 7, 7], dtype="Int8")})
    >>> out = item_distribution(data, [1, 1, 1, 1], inst, 2025)
    >>> out.set_index("answer")["share"].loc[[1, 6, 7]].tolist()
    [0.25, 0.25, 0.5]
    """
    answers = np.arange(instrument.scale_min, instrument.scale_max + 1)
    w = np.asarray(weight, dtype="float64")
    rows = []
    for item in instrument.items:
        x = responses[item].to_numpy(dtype="float64", na_value=np.nan)
        ok = np.isfinite(x)
        code = np.where(ok, x - instrument.scale_min, 0).astype("int64")
        k = len(answers)
        counts = np.bincount(code[ok], minlength=k)[:k]
        weights = np.bincount(code[ok], weights=w[ok], minlength=k)[:k]
        with np.errstate(invalid="ignore", divide="ignore"):
            rows.append(pd.DataFrame({
                "year": int(year), "item": item, "answer": answers, "n": counts,
                "share": weights / weights.sum(), "share_unweighted": counts / counts.sum(),
            }))  # fmt: skip
    return pd.concat(rows, ignore_index=True)[ITEM_COLUMNS]
