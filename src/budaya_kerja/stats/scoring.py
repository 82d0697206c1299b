"""Per-respondent scores: each value on 0-100, the index, and the share of positive answers.

Conventions (design.md, "Methodology"):
- an item answer x on the scale min..max becomes ``(x - min) / (max - min) * 100`` with the
  ``linear`` conversion (1..5 -> 0, 25, 50, 75, 100; UK Civil Service engagement index) or
  ``x / max * 100`` with ``proportional`` (1..5 -> 20..100, a local convention);
- a value score is the mean of the respondent's answered items of that value, if at least
  ``min_items`` of them are answered, else missing;
- the index is the mean of the seven value scores, if all seven are present, else missing;
- ``pos_<measure>`` is the respondent's share of answered items at or above ``positive_min``
  (FEVS "percent positive"), under the same completeness rules.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from budaya_kerja.rounding import DECIMALS, published
from budaya_kerja.settings import Instrument

__all__ = [
    "INDEX", "categorize", "index_coverage", "item_points", "score_respondents", "score_sample",
]  # fmt: skip

INDEX = "index"


def item_points(answers: pd.DataFrame, instrument: Instrument) -> pd.DataFrame:
    """Convert item answers (nullable integers on the scale) to 0-100 points (float, NaN)."""
    x = answers.astype("float64")
    lo, hi = instrument.scale_min, instrument.scale_max
    if instrument.conversion == "linear":
        return (x - lo) / (hi - lo) * 100.0
    if instrument.conversion == "proportional":
        return x / hi * 100.0
    raise ValueError(f"unknown scale conversion {instrument.conversion!r}")


def _answered_mean(block: pd.DataFrame, min_items: int) -> np.ndarray:
    """Mean of a value's item columns per row over the answered ones, missing where fewer
    than ``min_items`` are answered."""
    block = block.to_numpy(dtype="float64")
    answered = np.isfinite(block).sum(axis=1)
    with np.errstate(invalid="ignore"):
        mean = np.nanmean(np.where(answered[:, None] > 0, block, 0.0), axis=1)
    return np.where(answered >= min_items, mean, np.nan)


def _with_index(means: dict, instrument: Instrument, index) -> pd.DataFrame:
    """The values' means (value -> array) as columns, and the index: the mean of the seven,
    missing when any is (a plain, non-nan mean propagates a missing value)."""
    result = pd.DataFrame(means, index=index)
    result[INDEX] = result[instrument.value_ids].to_numpy().mean(axis=1)
    return result


def score_respondents(
    responses: pd.DataFrame, instrument: Instrument, min_items_per_value: int = 2
) -> pd.DataFrame:
    """Value scores, index and percent-positive shares per respondent.

    Returns the columns of ``responses`` that are not items, then one 0-100 column per value,
    ``index``, and ``pos_<value>`` / ``pos_index`` (0-1 shares of positive answers).
    """
    items = instrument.items
    # One value's items at a time, reduced to its two means at once: memory rows x (items of
    # a value) floats, not rows x all items.
    points, positive = {}, {}
    for value, value_items in instrument.values.items():
        answers = responses[value_items].astype("float64")
        value_points = item_points(answers, instrument)
        share = (answers >= instrument.positive_min).astype("float64")
        points[value] = _answered_mean(value_points, min_items_per_value)
        positive[value] = _answered_mean(share.where(value_points.notna()), min_items_per_value)
    scores = _with_index(points, instrument, responses.index)
    shares = _with_index(positive, instrument, responses.index).add_prefix("pos_")
    keep = [c for c in responses.columns if c not in items]
    return pd.concat([responses[keep], scores, shares], axis=1)


def categorize(values, bands: list[dict], decimals: int = DECIMALS) -> pd.Series:
    """Band label of each index value, decided on the value as published (rounded half away
    from zero to ``decimals``, :mod:`budaya_kerja.rounding`), so the label always matches the
    printed number: 74.96 prints as 75,0 and is *Sehat*. Bands are checked from the highest
    ``min`` down; a missing value has no category.

    >>> categorize([74.95, 74.9499, 74.99999999999999], [{"min": 75, "label": "A"},
    ...                                                 {"min": 0, "label": "B"}]).tolist()
    ['A', 'B', 'A']
    """
    values = pd.Series(values, dtype="float64")
    values = pd.Series(published(values.to_numpy(), decimals), index=values.index)
    ordered = sorted(bands, key=lambda b: b["min"], reverse=True)
    labels = pd.Series(pd.NA, index=values.index, dtype="string")
    for band in reversed(ordered):  # lowest first, so higher bands overwrite
        labels = labels.mask(values >= band["min"], band["label"])
    return labels


def index_coverage(scores: pd.DataFrame, value_ids: list[str]) -> pd.DataFrame:
    """Why respondents have no index: the accepted respondents, those the configuration
    leaves out (``excluded``), and those kept whose index is missing because a value has
    fewer than ``min_items_per_value`` answered items (a value missing, the index too: it
    needs every value), with each value's share of them.

    Returns ``item, n``: ``accepted``, ``excluded``, ``index_missing``,
    ``index_missing_excluded``, ``index_missing_kept``, then ``kept_without_<value>`` per
    value (a respondent may lack several values).

    >>> scores = pd.DataFrame({"A": [50.0, None, 60, None], "B": [40.0, 30, None, None],
    ...                        "index": [45.0, None, None, None],
    ...                        "excluded": [False, False, False, True]})
    >>> index_coverage(scores, ["A", "B"]).set_index("item")["n"].to_dict()
    {'accepted': 4, 'excluded': 1, 'index_missing': 3, 'index_missing_excluded': 1, 'index_missing_kept': 2, 'kept_without_A': 1, 'kept_without_B': 1}
    """
    excluded = scores["excluded"].astype(bool)
    missing = scores[INDEX].isna()
    kept_missing = missing & ~excluded
    counts = {
        "accepted": len(scores),
        "excluded": int(excluded.sum()),
        "index_missing": int(missing.sum()),
        "index_missing_excluded": int((missing & excluded).sum()),
        "index_missing_kept": int(kept_missing.sum()),
    }
    for value in value_ids:
        counts[f"kept_without_{value}"] = int((kept_missing & scores[value].isna()).sum())
    return pd.DataFrame({"item": list(counts), "n": list(counts.values())})


def score_sample(
    responses: pd.DataFrame,
    frame: pd.DataFrame | None,
    instrument: Instrument,
    *,
    exclude: pd.Series,
    min_items_per_value: int = 2,
) -> tuple[pd.DataFrame, dict]:
    """The score stage of a year (``scores.parquet``): every respondent's value scores, index
    and positive shares, with the survey weights of the estimation sample (the respondents
    ``exclude`` does not leave out are weighted to the population ``frame``, or unweighted
    without one) and the ``excluded`` flag. Returns (scores, how the weights were made).
    """
    from budaya_kerja.stats.weighting import make_weights, sample_columns

    exclude = pd.Series(exclude, index=responses.index).astype(bool)
    # Only the columns the weights are made of: not a copy of every answer.
    design, info = make_weights(
        responses.loc[~exclude, sample_columns(responses.columns, frame)], frame
    )
    scores = score_respondents(responses, instrument, min_items_per_value).join(design)
    scores["excluded"] = exclude
    return scores, info
