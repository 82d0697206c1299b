"""Item-level findings as peer surveys publish them (``item_findings.csv``).

For every behaviour (item) of a year:

- **strength / challenge** (US OPM, *FEVS Governmentwide Management Report*, "strengths are
  items with 65 percent or more positive responses, challenges items with 35 percent or more
  negative responses"): ``pct_positive`` is the weighted share answering ``positive_min`` or
  higher (``estimates.csv``); ``pct_negative`` the weighted share answering at or below the
  mirror of it on the scale, ``min + max - positive_min`` (1-2 on 1-5; ``items.csv``), and
  ``pct_neutral`` the rest. An item is a strength when ``pct_positive >= strength_min`` and a
  challenge when ``pct_negative >= challenge_min`` (config ``findings``), decided on the
  shares as published (one decimal, :mod:`budaya_kerja.rounding`) so the label agrees with the
  printed number. ``rank_positive`` orders the items by ``pct_positive`` (1 = highest).
- **most improved / most declined** (as FEVS and the UK People Survey list them): the items
  whose score changed significantly since the previous year (``significant`` of the
  comparison, Benjamini-Hochberg within the family of items), the ``top`` largest increases
  (``movement = "improved"``, ``movement_rank`` 1 = largest) and decreases (``"declined"``);
  the change, its interval and the adjusted p are the comparison's own columns.

The estimates are those of the province (``group_by = all``); nothing is re-estimated here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from budaya_kerja.io.tables import as_bool
from budaya_kerja.rounding import DECIMALS, direction, published
from budaya_kerja.settings import Instrument

__all__ = ["FINDING_COLUMNS", "item_findings", "negative_max"]

FINDING_COLUMNS = [
    "year", "item", "value", "n", "estimate", "pct_positive", "pct_positive_ci_low",
    "pct_positive_ci_high", "pct_neutral", "pct_negative", "strength", "challenge",
    "rank_positive", "year0", "diff", "ci_low", "ci_high", "p_adj", "significant", "movement",
    "movement_rank",
]  # fmt: skip


def negative_max(instrument: Instrument) -> int:
    """The highest answer code that counts as negative: the mirror of ``positive_min``.

    >>> negative_max(Instrument({"V": ["V1"]}, {"V": "V"}, {}, 1, 5, positive_min=4))
    2
    """
    return instrument.scale_min + instrument.scale_max - instrument.positive_min


def item_findings(
    estimates: pd.DataFrame,
    distribution: pd.DataFrame,
    comparison: pd.DataFrame | None,
    instrument: Instrument,
    year: int,
    *,
    strength_min: float = 65.0,
    challenge_min: float = 35.0,
    top: int = 3,
    decimals: int = DECIMALS,
) -> pd.DataFrame:
    """Strengths, challenges and the most improved and declined items of one year.

    Parameters
    ----------
    estimates : ``estimates.csv`` (the year's province rows are used).
    distribution : ``items.csv`` of the year (weighted answer shares, 0-1).
    comparison : the comparison table ending in ``year`` (None in the first year).
    instrument : items, their values and the answer scale.
    year : the report year.
    strength_min, challenge_min : thresholds in percent (config ``findings``).
    top : how many items are named most improved and most declined.
    decimals : precision of the published shares.

    Returns
    -------
    DataFrame with :data:`FINDING_COLUMNS`, one row per item in questionnaire order; the
    change columns are empty without a comparison, ``movement`` is ``""`` for items not
    among the ``top`` significant changes.

    Examples
    --------
    See ``tests/test_findings.py`` (the pipeline's own tables on a generated survey).
    """
    year = int(year)
    est = estimates[(estimates["year"].astype(int) == year) & (estimates["group_by"] == "all")]
    est = est.set_index("measure").reindex(instrument.items)
    dist = distribution[distribution["year"].astype(int) == year]
    negative = dist[dist["answer"] <= negative_max(instrument)].groupby("item")["share"].sum()
    value_of = {item: v for v, items in instrument.values.items() for item in items}
    out = pd.DataFrame({
        "year": year, "item": instrument.items,
        "value": [value_of[i] for i in instrument.items],
        "n": est["n"].to_numpy(), "estimate": est["estimate"].to_numpy(),
        "pct_positive": est["pct_positive"].to_numpy(),
        "pct_positive_ci_low": est["pct_positive_ci_low"].to_numpy(),
        "pct_positive_ci_high": est["pct_positive_ci_high"].to_numpy(),
        "pct_negative": 100 * negative.reindex(instrument.items).to_numpy(dtype="float64"),
    })  # fmt: skip
    out["pct_neutral"] = (100 - out["pct_positive"] - out["pct_negative"]).clip(lower=0)
    positive = published(out["pct_positive"].to_numpy(), decimals)
    negative_shown = published(out["pct_negative"].to_numpy(), decimals)
    out["strength"] = positive >= strength_min
    out["challenge"] = negative_shown >= challenge_min
    out["rank_positive"] = out["pct_positive"].rank(ascending=False, method="first").astype("Int64")
    for column in ("year0", "diff", "ci_low", "ci_high", "p_adj"):
        out[column] = np.nan
    out["significant"] = False
    out["movement"] = ""
    out["movement_rank"] = pd.array([pd.NA] * len(out), dtype="Int64")
    if comparison is not None and len(comparison):
        change = comparison[(comparison["group_by"] == "all")
                            & comparison["measure"].isin(instrument.items)]  # fmt: skip
        change = change[as_bool(change["tested"])].set_index("measure").reindex(out["item"])
        out["year0"] = change["year0"].to_numpy(dtype="float64")
        for column in ("diff", "ci_low", "ci_high", "p_adj"):
            out[column] = change[column].to_numpy(dtype="float64")
        out["significant"] = as_bool(change["significant"].astype("string")).to_numpy()
        for movement, up in (("improved", True), ("declined", False)):
            way = direction(out["diff"])  # as printed: "0,0" is no movement (rounding.py)
            moved = out[out["significant"] & ((way > 0) if up else (way < 0))]
            moved = moved.sort_values(["diff", "item"], ascending=[not up, True]).head(top)
            out.loc[moved.index, "movement"] = movement
            out.loc[moved.index, "movement_rank"] = np.arange(1, len(moved) + 1)
    out["year0"] = out["year0"].astype("Int64")
    out["n"] = out["n"].astype("Int64")
    return out[FINDING_COLUMNS]
