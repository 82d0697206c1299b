"""Survey weights: post-stratification to the population frame (Lohr 2022, sec. 4.4)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .errors import BudayaKerjaError


def poststratify(
    sample: pd.DataFrame, frame: pd.DataFrame | None, strata: list[str] | None = None
) -> pd.DataFrame:
    """Post-stratification weights to a population frame of headcounts.

    ``frame`` has ``unit``, optional stratum columns and ``jumlah`` (headcount). Cells are
    unit x ``strata`` (the strata the frame has). A unit whose cells are not all covered by
    respondents is collapsed to the unit (weight N_unit / n_unit), so every weight stays finite
    and the unit total is met. Returns ``weight``, ``stratum`` (the unit) and ``stratum_N``
    (unit headcount, for the finite-population correction); without a frame weight 1 and N NaN.
    """
    out = pd.DataFrame(index=sample.index)
    out["stratum"] = sample["unit"].astype("string")
    if frame is None:
        out["weight"] = 1.0
        out["stratum_N"] = np.nan
        return out
    if strata is None:  # every stratum column the frame has
        strata = [c for c in frame.columns if c not in ("unit", "jumlah")]
    strata = [s for s in strata if s in frame.columns and s in sample.columns]
    unit_n = frame.groupby("unit", observed=True)["jumlah"].sum()
    missing_units = sorted(set(sample["unit"].dropna().astype(str)) - set(unit_n.index.astype(str)))
    if missing_units:
        raise BudayaKerjaError(
            f"population frame has no headcount for unit(s) {', '.join(missing_units)}; "
            "add them to populasi.csv or set estimation.weighting: false"
        )
    keys = ["unit", *strata]
    cell_N = frame.groupby(keys, observed=True)["jumlah"].sum().rename("N")
    cell_n = sample.groupby(keys, observed=True).size().rename("n")
    cells = pd.concat([cell_N, cell_n], axis=1).fillna(0.0)
    # A unit is weighted by its cells only if every populated cell has respondents and every
    # respondent's cell exists in the frame; otherwise it collapses to the unit.
    bad = cells[((cells["N"] > 0) & (cells["n"] == 0)) | ((cells["N"] == 0) & (cells["n"] > 0))]
    collapsed = set(bad.index.get_level_values("unit").astype(str))
    cell_weight = (cells["N"] / cells["n"]).where(cells["n"] > 0).rename("w_cell")
    joined = sample[keys].join(cell_weight, on=keys)
    unit_key = sample["unit"].astype(str)
    unit_weight = unit_key.map(unit_n.rename(index=str)) / unit_key.map(unit_key.value_counts())
    use_unit = unit_key.isin(collapsed) | joined["w_cell"].isna()
    out["weight"] = np.where(use_unit, unit_weight, joined["w_cell"]).astype("float64")
    out["stratum_N"] = unit_key.map(unit_n.rename(index=str)).astype("float64")
    return out
