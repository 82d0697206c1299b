"""Agencies on a funnel plot rather than a league table (``funnel.csv``).

Each published agency's index is set against the province's with control limits that narrow
as the agency's number of respondents grows: ``center ± z sqrt(sd^2 / n + tau^2)``, z for 95%
and 99.8% (Spiegelhalter 2005, *Statistics in Medicine* 24, 1185-1202). ``sd`` is the
province's respondent-level standard deviation (``sd`` of ``estimates.csv``), the spread under
the null of one common mean; ``tau^2`` the over-dispersion between agencies beyond sampling
noise (:func:`funnel_overdispersion`, Spiegelhalter's additive random-effects adjustment with
winsorised z-scores), so only agencies unusual even among agencies are flagged.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from budaya_kerja.io.tables import as_bool

__all__ = ["FUNNEL_COLUMNS", "Z95", "Z998", "funnel_overdispersion", "funnel_table"]

Z95, Z998 = 1.959964, 3.090232  # two-sided 95% and 99.8% normal quantiles
FUNNEL_COLUMNS = [
    "year", "group", "group_label", "n", "estimate", "center", "sd", "tau2", "low95", "high95",
    "low998", "high998", "z", "position",
]  # fmt: skip


def funnel_overdispersion(estimate, se, center: float, winsor: float = 0.1) -> float:
    """Between-group variance tau^2 for funnel-plot limits (Spiegelhalter 2005, sec. 3.3).

    z_i = (estimate_i - center) / se_i is winsorised at the ``winsor`` and 1 - ``winsor``
    quantiles so that the outliers the plot is meant to find do not widen its limits; then
    tau^2 = max(0, (sum z_w^2 - (I - 1)) / (sum w - sum w^2 / sum w)), w = 1 / se^2.
    """
    est = np.asarray(estimate, dtype="float64")
    se = np.asarray(se, dtype="float64")
    ok = np.isfinite(est) & np.isfinite(se) & (se > 0)
    if ok.sum() < 3:
        return 0.0
    z = (est[ok] - center) / se[ok]
    z = np.clip(z, *np.quantile(z, [winsor, 1 - winsor]))
    w = 1 / se[ok] ** 2
    return float(max(0.0, (np.sum(z**2) - (ok.sum() - 1)) / (w.sum() - np.sum(w**2) / w.sum())))


def funnel_table(estimates: pd.DataFrame, year: int, measure: str = "index") -> pd.DataFrame:
    """Published agencies of ``year`` with their funnel limits and where they fall.

    Returns :data:`FUNNEL_COLUMNS`, ``position`` one of ``above998, above95, inside, below95,
    below998``, ordered from the highest z; an empty table when the province has no published
    ``measure``.
    """
    est = estimates[(estimates["year"].astype(int) == int(year))
                    & (estimates["measure"] == measure)]  # fmt: skip
    est = est[~as_bool(est["suppressed"]) & est["estimate"].notna()]
    province = est[est["group_by"] == "all"]
    units = est[est["group_by"] == "unit"]
    if province.empty or units.empty:
        return pd.DataFrame(columns=FUNNEL_COLUMNS)
    center = float(province["estimate"].iloc[0])
    sd = float(province["sd"].iloc[0])
    out = units[["group", "group_label", "n", "estimate"]].copy().reset_index(drop=True)
    out["n"] = out["n"].astype("float64")
    out["group_label"] = out["group_label"].fillna(out["group"])
    out["tau2"] = funnel_overdispersion(out["estimate"], sd / np.sqrt(out["n"]), center)
    se = np.sqrt(sd**2 / out["n"] + out["tau2"])
    out["year"], out["center"], out["sd"] = int(year), center, sd
    out["low95"], out["high95"] = center - Z95 * se, center + Z95 * se
    out["low998"], out["high998"] = center - Z998 * se, center + Z998 * se
    out["z"] = (out["estimate"] - center) / se
    out["position"] = np.select(
        [out["z"] > Z998, out["z"] > Z95, out["z"] < -Z998, out["z"] < -Z95],
        ["above998", "above95", "below998", "below95"],
        "inside",
    )
    out = out.sort_values(["z", "group"], ascending=[False, True]).reset_index(drop=True)
    out["n"] = out["n"].astype("Int64")
    return out[FUNNEL_COLUMNS]
