"""Survey weights to a population frame: post-stratification, else raking (Lohr 2022, 8.6).

The frame holds headcounts (``jumlah``) by ``unit`` and strata (e.g. jenis_kelamin,
status_kepegawaian). When every populated cell unit x strata has respondents, weights are
N_cell / n_cell (post-stratification). Otherwise they are raked (iterative proportional
fitting, Deming & Stephan 1940) to the unit totals and to each stratum's province-wide totals.
A stratum whose margin cannot be met (a category with people but no respondents) is dropped
from the raking and reported: the collapsing rule is then "unit totals only" for that stratum.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.messages import message

__all__ = ["DESIGN_COLUMNS", "make_weights", "poststratify", "sample_columns"]

DESIGN_COLUMNS = ["weight", "stratum", "stratum_N"]


def sample_columns(columns, frame: pd.DataFrame | None) -> list[str]:
    """Which of a sample's ``columns`` :func:`make_weights` reads (with its default strata):
    ``unit`` and the frame's strata the sample has.

    >>> frame = pd.DataFrame({"unit": ["A"], "jenis_kelamin": ["L"], "jumlah": [3]})
    >>> sample_columns(["respondent", "unit", "jenis_kelamin"], frame)
    ['unit', 'jenis_kelamin']
    """
    strata = [] if frame is None else [c for c in frame.columns if c not in ("unit", "jumlah")]
    return ["unit", *(s for s in strata if s in set(columns))]


def make_weights(
    sample: pd.DataFrame,
    frame: pd.DataFrame | None,
    strata: list[str] | None = None,
    *,
    tolerance: float = 1e-6,
    max_iterations: int = 200,
) -> tuple[pd.DataFrame, dict]:
    """Weights and design columns per respondent, and a description of how they were made.

    Returns (design, info): ``design`` has ``weight``, ``stratum`` (the unit) and ``stratum_N``
    (unit headcount, for the finite-population correction; NaN without a frame); ``info`` has
    ``method`` ("none", "post-stratification", "raking", or "post-stratification (unit)" when
    raking cannot meet the margins), ``strata`` used, ``dropped``
    (stratum -> reason), ``iterations`` and ``max_margin_error`` (relative).
    """
    design = pd.DataFrame(index=sample.index)
    design["stratum"] = sample["unit"].astype("string")
    if frame is None:
        design["weight"] = 1.0
        design["stratum_N"] = np.nan
        return design[DESIGN_COLUMNS], {"method": "none", "strata": [], "dropped": {}}
    if strata is None:
        strata = [c for c in frame.columns if c not in ("unit", "jumlah")]
    strata = [s for s in strata if s in frame.columns and s in sample.columns]
    # Per unit once (codes, not a text key per respondent): headcount N and respondents n.
    unit_codes, units = pd.factorize(sample["unit"].astype(str))
    unit_N = frame.assign(unit=frame["unit"].astype(str)).groupby("unit")["jumlah"].sum()
    missing = sorted(set(units) - set(unit_N.index))
    if missing:
        raise BudayaKerjaError(message("weighting.no_headcount", units=", ".join(missing)))
    unit_target = unit_N.reindex(units).to_numpy("float64")
    design["stratum_N"] = unit_target[unit_codes]
    base = (unit_target / np.bincount(unit_codes, minlength=len(units)))[unit_codes]
    info = {"method": "post-stratification", "strata": strata, "dropped": {}, "iterations": 0,
            "max_margin_error": 0.0}  # fmt: skip

    keys = ["unit", *strata]
    labels = _cell_labels(sample, keys)
    frame_keys = _cell_labels(frame, keys)
    cell_N = frame.groupby(frame_keys.to_numpy())["jumlah"].sum()
    cell_codes, cells = pd.factorize(labels)
    populated = cell_N[cell_N > 0].index
    if strata and set(populated) <= set(cells) and set(cells) <= set(cell_N.index):
        cell_n = np.bincount(cell_codes, minlength=len(cells))
        design["weight"] = (cell_N.reindex(cells).to_numpy("float64") / cell_n)[cell_codes]
        return design[DESIGN_COLUMNS], info
    if not strata:
        design["weight"] = base
        info["method"] = "post-stratification"
        return design[DESIGN_COLUMNS], info

    # Raking: check each stratum's margin can be met, then alternate over the margins. Each
    # margin is a code per respondent and its target per code (sums by bincount, no text keys).
    margins = {}
    for s in strata:
        target = frame.groupby(frame[s].astype(str))["jumlah"].sum()
        have = sample[s].astype("string").fillna("(kosong)").astype(str)
        codes, seen = pd.factorize(have)
        empty = [c for c in target.index if target[c] > 0 and c not in set(seen)]  # few labels
        unknown = sorted(set(seen) - set(target.index))
        if empty or unknown:
            info["dropped"][s] = (
                f"margin {s} cannot be met: "
                + (
                    f"no respondents in {empty}"
                    if empty
                    else f"respondents in {unknown} not in frame"
                )
                + "; weighted to unit totals for this stratum"
            )
            continue
        margins[s] = (codes, target.reindex(seen).to_numpy("float64"))
    info["method"] = "raking"
    info["strata"] = list(margins)
    w = base.copy()

    def margin_sums(codes, size):
        return np.bincount(codes, weights=w, minlength=size)

    error = np.inf
    for iteration in range(1, max_iterations + 1):  # noqa: B007 (read after the loop)
        for codes, target in margins.values():
            w *= (target / margin_sums(codes, len(target)))[codes]
        w *= (unit_target / margin_sums(unit_codes, len(unit_target)))[unit_codes]
        error = max(
            [float(np.abs(margin_sums(c, len(t)) / t - 1).max()) for c, t in margins.values()]
            or [0.0]
        )
        if error < tolerance:
            break
    info["iterations"] = iteration
    info["max_margin_error"] = error
    if error >= tolerance:
        # The sample cannot meet all margins at once (e.g. the only respondents of a stratum
        # sit in agencies too small to hold its total): fall back to agency totals only.
        for s in margins:
            info["dropped"][s] = (
                f"raking did not converge in {max_iterations} iterations (largest relative "
                f"margin error {error:.1e}); weighted to unit totals only"
            )
        info["method"] = "post-stratification (unit)"
        info["strata"] = []
        w = base
    design["weight"] = w
    return design[DESIGN_COLUMNS], info


def _cell_labels(table: pd.DataFrame, keys: list[str]) -> pd.Series:
    """One text key per row for the cell unit x strata (vectorised, no row loop)."""
    label = table[keys[0]].astype("string").fillna("")
    for key in keys[1:]:
        label = label + "|" + table[key].astype("string").fillna("")
    return label.astype(str)


def poststratify(
    sample: pd.DataFrame, frame: pd.DataFrame | None, strata: list[str] | None = None
) -> pd.DataFrame:
    """The design columns of :func:`make_weights` (weights, strata, headcounts) alone."""
    return make_weights(sample, frame, strata)[0]
