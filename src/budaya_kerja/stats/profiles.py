"""What an agency head's profile adds to the published estimates (``profiles.csv``) and which
agencies need attention (``attention.csv``).

**Against the province** (:func:`agency_profiles`). The province's estimate contains the
agency's own respondents, so the two are correlated. With the agencies as strata (the
design of :mod:`budaya_kerja.stats.aggregate`) the province's mean is ``P_u ybar_u +
(1 - P_u) ybar_rest`` with ``P_u`` the agency's share of the weights (of the respondents
without a frame), hence ``ybar_u - ybar_prov = (1 - P_u)(ybar_u - ybar_rest)`` and, the
strata being independent,

    V(ybar_u - ybar_prov) = V_prov + (1 - 2 P_u) V_u,

with ``V_u = se_u^2`` and ``V_prov = se_prov^2`` from ``estimates.csv`` (Lohr 2022, sec. 3.2
on stratified estimators). ``diff_province`` carries a t interval with the agency's degrees
of freedom; ``vs_province`` is ``above`` or ``below`` when the interval excludes 0, else
``similar``. For values and behaviours ``P_u`` is the agency's share for the index (those who
answered a value are nearly everyone). No multiplicity correction across one agency's
measures: a profile is read one agency at a time, and its note says so.

**Strongest and weakest behaviours**: the agency's behaviours ranked by their estimate
(``rank``, 1 = highest); the ``top`` highest are ``strongest``, the ``top`` lowest
``weakest`` - point estimates of a small sample, so the profile shows them with their
intervals.

**Attention** (:func:`needs_attention`), a rule that respects uncertainty: an agency whose
index is published needs attention when at least one holds - ``funnel_low``: below the 99.8%
control limit of the funnel plot (``funnel.csv``, allowing for chance and for the usual spread
between agencies); ``declined``: its index fell since the previous year, significantly after
the Benjamini-Hochberg adjustment and materially (``significant`` and ``material`` of the
comparison);
``below_band``: its whole interval lies below the lower bound of the best category (the upper
end's category is not the best one). Agencies hidden for their size are never named.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from budaya_kerja.io.tables import as_bool
from budaya_kerja.settings import CONFIDENCE, Instrument
from budaya_kerja.stats.scoring import INDEX

__all__ = ["ATTENTION_COLUMNS", "PROFILE_COLUMNS", "agency_profiles", "needs_attention"]

PROFILE_COLUMNS = [
    "year", "unit", "measure", "kind", "diff_province", "se_diff", "ci_low", "ci_high",
    "vs_province", "rank", "strongest", "weakest",
]  # fmt: skip
ATTENTION_COLUMNS = [
    "year", "unit", "unit_label", "published", "funnel_low", "declined", "below_band",
    "attention",
]  # fmt: skip


def agency_profiles(
    estimates: pd.DataFrame,
    weight_share: pd.Series,
    instrument: Instrument,
    year: int,
    *,
    top: int = 3,
    confidence: float = CONFIDENCE,
) -> pd.DataFrame:
    """Each published agency's distance from the province and its behaviours' ranks.

    Parameters
    ----------
    estimates : ``estimates.csv`` (the year's province and agency rows are used).
    weight_share : ``P_u`` per agency code: its share of the weights of the estimation sample
        (of the respondents when unweighted).
    instrument : values and behaviours.
    year : the report year.
    top : how many behaviours are named strongest and weakest.
    confidence : level of the intervals.

    Returns
    -------
    DataFrame with :data:`PROFILE_COLUMNS`: one row per published agency and measure (index,
    values, behaviours; ``kind`` index/value/item); ``rank``, ``strongest`` and ``weakest``
    only on behaviour rows. Hidden agencies have no rows (their profile says why).

    Examples
    --------
    See ``tests/test_profiles.py``: with one agency the difference is 0 and its variance too.
    """
    year = int(year)
    measures = [INDEX, *instrument.value_ids, *instrument.items]
    kinds = {INDEX: "index", **dict.fromkeys(instrument.value_ids, "value"),
             **dict.fromkeys(instrument.items, "item")}  # fmt: skip
    est = estimates[(estimates["year"].astype(int) == year) & estimates["measure"].isin(measures)]
    est = est[~as_bool(est["suppressed"]) & est["estimate"].notna()]
    province = est[est["group_by"] == "all"].set_index("measure")
    units = est[est["group_by"] == "unit"].copy()
    if units.empty or province.empty:
        return pd.DataFrame(columns=PROFILE_COLUMNS)
    share = units["group"].map(weight_share).astype("float64").fillna(0.0).to_numpy()
    prov_est = units["measure"].map(province["estimate"]).to_numpy(dtype="float64")
    prov_se = units["measure"].map(province["se"]).to_numpy(dtype="float64")
    se_u = units["se"].to_numpy(dtype="float64")
    diff = units["estimate"].to_numpy(dtype="float64") - prov_est
    var = np.clip(prov_se**2 + (1 - 2 * share) * se_u**2, 0, None)
    q = stats.t.ppf(0.5 + confidence / 2, np.maximum(units["df"].to_numpy(dtype="float64"), 1))
    out = pd.DataFrame({
        "year": year, "unit": units["group"].astype(str).to_numpy(),
        "measure": units["measure"].to_numpy(), "kind": units["measure"].map(kinds).to_numpy(),
        "diff_province": diff, "se_diff": np.sqrt(var),
        "ci_low": diff - q * np.sqrt(var), "ci_high": diff + q * np.sqrt(var),
        "estimate": units["estimate"].to_numpy(dtype="float64"),
    })  # fmt: skip
    out["vs_province"] = np.select(
        [out["ci_low"] > 0, out["ci_high"] < 0], ["above", "below"], "similar"
    )
    order = {m: i for i, m in enumerate(measures)}
    out["rank"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out["strongest"] = False
    out["weakest"] = False
    items = out["kind"] == "item"
    ranked = out[items].sort_values(["unit", "estimate", "measure"],
                                    ascending=[True, False, True])  # fmt: skip
    out.loc[ranked.index, "rank"] = ranked.groupby("unit").cumcount().to_numpy() + 1
    counts = ranked.groupby("unit")["measure"].transform("size")
    out.loc[ranked.index, "strongest"] = (out.loc[ranked.index, "rank"] <= top).to_numpy()
    out.loc[ranked.index, "weakest"] = (
        out.loc[ranked.index, "rank"].to_numpy() > (counts - top).to_numpy()
    ) & (counts > top).to_numpy()
    out["_m"] = out["measure"].map(order)
    out = out.sort_values(["unit", "_m"], kind="stable").reset_index(drop=True)
    return out[PROFILE_COLUMNS]


def needs_attention(
    estimates: pd.DataFrame,
    funnel: pd.DataFrame | None,
    comparison: pd.DataFrame | None,
    bands: list[dict],
    year: int,
) -> pd.DataFrame:
    """The agencies that need attention and why (module docstring): one row per agency of
    the year's estimates, with :data:`ATTENTION_COLUMNS`; hidden agencies have ``published``
    False and no flag set.

    Examples
    --------
    See ``tests/test_profiles.py``.
    """
    year = int(year)
    idx = estimates[(estimates["year"].astype(int) == year) & (estimates["group_by"] == "unit")
                    & (estimates["measure"] == INDEX)].copy()  # fmt: skip
    idx["published"] = ~as_bool(idx["suppressed"]) & idx["estimate"].notna()
    out = pd.DataFrame({"year": year, "unit": idx["group"].astype(str).to_numpy(),
                        "unit_label": idx["group_label"].fillna(idx["group"]).to_numpy(),
                        "published": idx["published"].to_numpy()})  # fmt: skip
    low = set()
    if funnel is not None and len(funnel):
        f = funnel[funnel["year"].astype(int) == year]
        low = set(f.loc[f["position"] == "below998", "group"].astype(str))
    fell = set()
    if comparison is not None and len(comparison):
        c = comparison[(comparison["group_by"] == "unit") & (comparison["measure"] == INDEX)]
        c = c[as_bool(c["tested"]) & as_bool(c["significant"]) & as_bool(c["material"])]
        c = c[c["diff"] < 0]
        fell = set(c["group"].astype(str))
    best = max(bands, key=lambda b: b["min"])["label"]
    below = set(idx.loc[idx["published"] & (idx["category_high"] != best), "group"].astype(str))
    shown = out["published"]
    out["funnel_low"] = shown & out["unit"].isin(low)
    out["declined"] = shown & out["unit"].isin(fell)
    out["below_band"] = shown & out["unit"].isin(below)
    out["attention"] = out[["funnel_low", "declined", "below_band"]].any(axis=1)
    return out.sort_values(["unit_label", "unit"]).reset_index(drop=True)[ATTENTION_COLUMNS]
