"""Where the index stands against the province's target band (e.g. 80-90 for 2025).

A year with a target is measured against it; a year without one against the next year's
(``target_year``, :func:`band_for`), so a baseline report says how far the coming target is.

For each published estimate of the index (the province and each agency), with the design-based
standard error ``se`` and a normal approximation to the sampling distribution of the estimate:
- ``distance``: the estimate as published (one decimal) minus the lower bound of the target
  (negative = below), so it is the difference a reader computes from the printed numbers;
- ``p_reach``: P(true index >= low) = Phi((estimate - low) / se) — the probability, given the
  data, that the target is met (a flat-prior Bayesian reading of the normal approximation);
- ``p_within``: P(low <= true index <= high);
- ``needed``: the increase that would bring the published estimate to the lower bound
  (0 if met), so ``needed > 0`` exactly when ``status`` is below and an index printed "80,0"
  never "needs 0,0 points";
- ``status``: below / within / above the band, decided on the estimate as published (one
  decimal), so the label agrees with the printed number.
For the province, each value's share of the gap: the index is the mean of the seven values,
so value v holds it back by max(0, low - value_v) / 7 points (value_v as published, like the
index); ``gap_share`` is that part of the summed shortfalls. The probabilities use the
unrounded estimate: they are not labels, and rounding would only lose information.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from budaya_kerja.io.tables import as_bool
from budaya_kerja.rounding import DECIMALS, published

__all__ = ["TARGET_COLUMNS", "track_target"]

TARGET_COLUMNS = [
    "year", "target_year", "group_by", "group", "group_label", "measure", "estimate", "se", "target_low",
    "target_high", "distance", "needed", "p_reach", "p_within", "status", "gap_points",
    "gap_share",
]  # fmt: skip


def band_for(targets: dict | None, year: int) -> tuple[int, tuple[float, float]] | None:
    """The target band a year's report measures against: the year's own, else the nearest
    later year's (a baseline year measured against the coming target), else None.

    >>> band_for({2025: [80, 90], "2026": [82, 90]}, 2024)
    (2025, (80.0, 90.0))
    """
    by_year = {int(y): (float(b[0]), float(b[1])) for y, b in (targets or {}).items()}
    later = sorted(y for y in by_year if y >= int(year))
    return (later[0], by_year[later[0]]) if later else None


def bands_to_track(targets: dict | None, year: int) -> list[tuple[int, tuple[float, float]]]:
    """The target bands a year's report measures against: :func:`band_for` (the year's own
    band, else the coming one) and, when the year has its own band, the next later year's
    too (what the recommendations aim at next).

    >>> bands_to_track({2025: [80, 90], 2026: [82, 90]}, 2025)
    [(2025, (80.0, 90.0)), (2026, (82.0, 90.0))]
    >>> bands_to_track({2025: [80, 90]}, 2024)
    [(2025, (80.0, 90.0))]
    """
    first = band_for(targets, year)
    if first is None:
        return []
    later = band_for(targets, first[0] + 1) if first[0] == int(year) else None
    return [first, later] if later else [first]


def track_target(
    estimates: pd.DataFrame,
    year: int,
    target: tuple[float, float],
    values: list[str],
    decimals: int = DECIMALS,
    target_year: int | None = None,
) -> pd.DataFrame:
    """Target status of the index for the province and every published agency, and the
    values' contributions to the province's gap (rows with measure = value id)."""
    low, high = float(target[0]), float(target[1])
    est = estimates[(estimates["year"] == year) & ~as_bool(estimates["suppressed"])]
    rows = est[
        ((est["group_by"] == "all") & est["measure"].isin(["index", *values]))
        | ((est["group_by"] == "unit") & (est["measure"] == "index"))
    ].copy()
    z_low = (rows["estimate"] - low) / rows["se"]
    z_high = (rows["estimate"] - high) / rows["se"]
    rows["target_low"], rows["target_high"] = low, high
    # Distances and labels on the estimate as published, so "80,0" is never called below 80
    # nor said to need 0,0 points (rounding.py); differences of one-decimal numbers are exact
    # at one decimal once rounded again.
    shown = published(rows["estimate"].to_numpy(), decimals)
    rows["distance"] = published(shown - low, decimals)
    rows["needed"] = np.maximum(published(low - shown, decimals), 0.0)
    rows["p_reach"] = stats.norm.cdf(z_low)
    rows["p_within"] = stats.norm.cdf(z_low) - stats.norm.cdf(z_high)
    rows["status"] = np.select([shown < low, shown > high], ["below", "above"], "within")
    is_value = (rows["group_by"] == "all") & rows["measure"].isin(values)
    gap = np.where(is_value, np.maximum(low - shown, 0.0) / max(len(values), 1), np.nan)
    rows["gap_points"] = gap
    total = np.nansum(gap)
    rows["gap_share"] = np.where(is_value, gap / total if total > 0 else 0.0, np.nan)
    rows["year"] = year
    rows["target_year"] = int(target_year if target_year is not None else year)
    rank = {m: i for i, m in enumerate(["index", *values])}
    rows = rows.assign(_g=rows["group_by"].map({"all": 0, "unit": 1}), _m=rows["measure"].map(rank))
    rows = rows.sort_values(["_g", "_m", "group"], kind="stable")
    return rows[TARGET_COLUMNS].reset_index(drop=True)
