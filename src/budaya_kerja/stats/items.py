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

__all__ = ["ITEM_COLUMNS", "answer_sums", "distribution_from_sums", "item_distribution"]

ITEM_COLUMNS = ["year", "item", "answer", "n", "share", "share_unweighted"]


def item_distribution(
    responses: pd.DataFrame, weight, instrument: Instrument, year: int, stratum=None
) -> pd.DataFrame:
    """The share of each answer of each item (module docstring) in one year.

    Parameters
    ----------
    responses : the estimation sample, one row per respondent, item columns as integer codes.
    weight : survey weight per row (ones without a frame).
    instrument : items and the answer scale.
    year : the survey year.
    stratum : agency per row, or None: the sums are made per agency and then added in the
        agencies' order (:func:`distribution_from_sums`), so a year split into parts by agency
        gives the same shares to the last bit.

    Examples
    --------
    >>> inst = Instrument(values={"V": ["V1"]}, value_names={"V": "V"}, statements={},
    ...                   scale_min=1, scale_max=7)
    >>> data = pd.DataFrame({"V1": pd.array([1, 6, 7, 7], dtype="Int8")})
    >>> out = item_distribution(data, [1, 1, 1, 1], inst, 2025)
    >>> out.set_index("answer")["share"].loc[[1, 6, 7]].tolist()
    [0.25, 0.25, 0.5]
    """
    return distribution_from_sums(answer_sums(responses, weight, instrument, stratum),
                                  instrument, year)  # fmt: skip


def answer_sums(responses: pd.DataFrame, weight, instrument: Instrument, stratum=None):
    """Per agency (``stratum``; one row ``all`` without it) how many chose each answer of each
    item and their summed weight: columns ``n:<item>:<answer>`` and ``w:<item>:<answer>``,
    indexed by agency in code order. The sufficient statistics of :func:`item_distribution`
    (one pass over the respondents; parts of a year concatenate)."""
    answers = np.arange(instrument.scale_min, instrument.scale_max + 1)
    k = len(answers)
    w = np.asarray(weight, dtype="float64")
    if stratum is None:
        h, strata = np.zeros(len(responses), dtype="int64"), pd.Index(["all"])
    else:
        h, strata = pd.factorize(pd.Series(stratum).astype("string").to_numpy(), sort=True)
        strata = pd.Index(strata.astype(str))
    out = {}
    for item in instrument.items:
        x = responses[item].to_numpy(dtype="float64", na_value=np.nan)
        ok = np.isfinite(x)
        bins = h[ok] * k + (x[ok] - instrument.scale_min).astype("int64")
        n = np.bincount(bins, minlength=len(strata) * k).reshape(-1, k)
        sw = np.bincount(bins, weights=w[ok], minlength=len(strata) * k).reshape(-1, k)
        for j, a in enumerate(answers):
            out[f"n:{item}:{a}"], out[f"w:{item}:{a}"] = n[:, j], sw[:, j]
    return pd.DataFrame(out, index=strata.rename("stratum"))


def distribution_from_sums(sums: pd.DataFrame, instrument: Instrument, year: int) -> pd.DataFrame:
    """``items.csv`` from :func:`answer_sums` (of the whole year, or its parts concatenated):
    the agencies' sums added in code order."""
    sums = sums.sort_index(kind="stable")
    answers = np.arange(instrument.scale_min, instrument.scale_max + 1)
    rows = []
    for item in instrument.items:
        counts = sums[[f"n:{item}:{a}" for a in answers]].to_numpy("int64").sum(axis=0)
        # Row by row in agency order, whatever the frame's memory layout: the same bits for
        # a year estimated whole or from parts.
        by_agency = np.ascontiguousarray(sums[[f"w:{item}:{a}" for a in answers]], "float64")
        weights = np.add.reduce(by_agency, axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            rows.append(pd.DataFrame({
                "year": int(year), "item": item, "answer": answers, "n": counts,
                "share": weights / weights.sum(), "share_unweighted": counts / counts.sum(),
            }))  # fmt: skip
    return pd.concat(rows, ignore_index=True)[ITEM_COLUMNS]
