"""Who did not answer, and would the results change (``nonresponse.csv``, ``sensitivity.csv``).

Non-response can bias a survey when those who answer differ from those who do not (Groves &
Peytcheva 2008, *Public Opinion Quarterly* 72, 167-189). Three checks, as statistical
offices publish them beside the results (e.g. the UK Civil Service People Survey's technical
guide; Lohr 2022, ch. 8):

- **Response by group** (:func:`response_by_group`): for every stratum of the population frame
  (besides the agency, whose rates are ``response_rates.csv``), accepted questionnaires
  against the headcount: ``rate = respondents / headcount``, and the group's share of the
  respondents beside its share of the frame (``share_diff`` in percentage points; a large
  difference is what the weights correct). Groups under the minimum size are hidden with
  complements, the same groups as in ``estimates.csv`` (:func:`suppression.group_reasons`).
- **Sensitivity** (:func:`sensitivity`): the province's index and values estimated again
  (a) without weights on the same respondents, and (b) with the flagged respondents
  (straight-liners and speeders, :mod:`budaya_kerja.io.clean`) treated the other way than
  the configuration does - left out when the configuration keeps them, kept when it leaves
  them out - with the weights made again for that sample (:func:`weighting.make_weights`).
  Each scenario has its own design-based interval (the estimator of
  :func:`aggregate.domain_stats`); ``diff`` is its distance from the configured estimate.
  The scenarios share most respondents, so their difference is not tested: a difference
  small against the intervals says the result does not depend on the choice
  (:func:`sensitivity_shifts` decides it: every shift under half the interval's half-width
  and no category changed).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from budaya_kerja.settings import CONFIDENCE, Instrument
from budaya_kerja.stats import aggregate
from budaya_kerja.stats.scoring import INDEX, categorize
from budaya_kerja.stats.suppression import group_reasons
from budaya_kerja.stats.weighting import make_weights, sample_columns

__all__ = [
    "FLAGS", "NONRESPONSE_COLUMNS", "SENSITIVITY_COLUMNS", "SMALL_SHIFT", "needed_columns",
    "response_by_group", "sensitivity", "sensitivity_shifts",
]  # fmt: skip

# A scenario's shift is small when under this share of the configured interval's half-width:
# then it moves the estimate by less than half the survey's own uncertainty.
SMALL_SHIFT = 0.5

NONRESPONSE_COLUMNS = [
    "year", "group_by", "group", "respondents", "headcount", "rate", "share_respondents",
    "share_frame", "share_diff", "suppressed", "suppression_reason",
]  # fmt: skip
SENSITIVITY_COLUMNS = [
    "year", "scenario", "measure", "weighted", "n", "n_changed", "estimate", "se", "ci_low",
    "ci_high", "diff",
]  # fmt: skip
# The quality flags whose treatment the sensitivity check reverses, and their config switches.
FLAGS = {"flag_straightline": "exclude_straightliners", "flag_speeder": "exclude_speeders"}
MISSING = "(tidak diisi)"


def needed_columns(columns, frame: pd.DataFrame | None, value_ids: list[str]) -> dict:
    """The columns of ``responses.parquet`` (whose columns are ``columns``) and of
    ``scores.parquet`` that :func:`response_by_group` and :func:`sensitivity` read: the
    frame's strata and the quality flags; the index, the values and the design. No answer.

    >>> frame = pd.DataFrame({"unit": ["A"], "jenis_kelamin": ["L"], "jumlah": [3]})
    >>> needed_columns(["unit", "jenis_kelamin", "BP1"], frame, ["BP"])
    {'responses': ['unit', 'jenis_kelamin', 'flag_straightline', 'flag_speeder', 'flag_incomplete'], 'scores': ['unit', 'excluded', 'weight', 'stratum', 'stratum_N', 'index', 'BP']}
    """
    return {
        "responses": [*sample_columns(columns, frame), *FLAGS, "flag_incomplete"],
        "scores": ["unit", "excluded", *aggregate.DESIGN_COLUMNS, INDEX, *value_ids],
    }


def response_by_group(
    responses: pd.DataFrame,
    frame: pd.DataFrame,
    year: int,
    min_size: int,
    estimated: pd.Series | None = None,
) -> pd.DataFrame:
    """Response rate and shares of respondents and frame for each stratum of the frame.

    Parameters
    ----------
    responses : the year's accepted questionnaires (``responses.parquet``).
    frame : the population frame (``unit``, strata, ``jumlah``); empty gives an empty table.
    year : the survey year.
    min_size : groups with fewer respondents are hidden (with complements).
    estimated : bool per row of ``responses``: in the estimates (``~scores.excluded``); the
        groups are hidden as in ``estimates.csv`` (:func:`suppression.group_reasons`, the
        union of both tables' suppression). By default every accepted row.

    Returns
    -------
    DataFrame with :data:`NONRESPONSE_COLUMNS`: a ``group_by = all`` row, then one row per
    category of each stratum (respondents who left it blank as ``(tidak diisi)``, with no
    headcount). Shares and ``share_diff`` are in percent and percentage points.

    Examples
    --------
    >>> frame = pd.DataFrame({"unit": ["A", "A"], "jenis_kelamin": ["L", "P"],
    ...                       "jumlah": [60, 40]})
    >>> answers = pd.DataFrame({"unit": ["A"] * 50, "jenis_kelamin": ["L"] * 20 + ["P"] * 30})
    >>> out = response_by_group(answers, frame, 2025, 10)
    >>> out[["group", "rate", "share_diff"]].round(2).values.tolist()
    [['all', 0.5, 0.0], ['L', 0.33, -20.0], ['P', 0.75, 20.0]]
    """
    if frame is None or not len(frame):
        return pd.DataFrame(columns=NONRESPONSE_COLUMNS)
    total_n, total_N = float(len(responses)), float(frame["jumlah"].sum())
    rows = [pd.DataFrame({"group_by": ["all"], "group": ["all"], "respondents": [total_n],
                          "headcount": [total_N], "suppression_reason": [""]})]  # fmt: skip
    strata = [c for c in frame.columns if c not in ("unit", "jumlah") and c in responses]
    if estimated is None:
        estimated = pd.Series(True, index=responses.index)
    for stratum in strata:
        answered = responses[stratum].astype("string").fillna(MISSING).value_counts()
        counted = frame.assign(g=frame[stratum].astype("string")).groupby("g")["jumlah"].sum()
        groups = answered.index.union(counted.index)
        n = answered.reindex(groups, fill_value=0).astype("float64")
        rows.append(pd.DataFrame({
            "group_by": stratum, "group": groups.astype(str), "respondents": n.to_numpy(),
            "headcount": counted.reindex(groups).astype("float64").to_numpy(),
            "suppression_reason": group_reasons(responses, estimated, frame, stratum, min_size)
            .reindex(groups).fillna("").to_numpy(),
        }))  # fmt: skip
    out = pd.concat(rows, ignore_index=True)
    out.insert(0, "year", int(year))
    with np.errstate(divide="ignore", invalid="ignore"):
        out["rate"] = out["respondents"] / out["headcount"]
        out["share_respondents"] = 100 * out["respondents"] / total_n
        out["share_frame"] = 100 * out["headcount"] / total_N
    out["share_diff"] = out["share_respondents"] - out["share_frame"]
    out["suppressed"] = out["suppression_reason"] != ""
    hidden = out["suppressed"]
    out.loc[hidden, ["respondents", "rate", "share_respondents", "share_diff"]] = np.nan
    for column in ("respondents", "headcount"):
        out[column] = out[column].round().astype("Int64")
    return out[NONRESPONSE_COLUMNS]


def _estimate(scores: pd.DataFrame, measures: list[str], weighted: bool, confidence: float):
    """Province estimates of ``measures`` from a scored sample (kept rows only; only the
    measures and the design are copied)."""
    keep = ~scores["excluded"].astype(bool).to_numpy()
    values = scores.loc[keep, measures]
    index = values.index
    weight = scores.loc[keep, "weight"] if weighted else pd.Series(1.0, index=index)
    stratum_N = scores.loc[keep, "stratum_N"] if weighted else pd.Series(np.nan, index=index)
    stratum = scores.loc[keep, "stratum"].fillna(scores.loc[keep, "unit"].astype("string"))
    est = aggregate.domain_stats(values, weight, pd.Series("all", index=index), stratum,
                                 stratum_N)  # fmt: skip
    mean, se = est["mean"].loc["all"], est["se"].loc["all"]
    df = np.maximum(est["df"].loc["all"].to_numpy(dtype="float64"), 1)
    q = stats.t.ppf(0.5 + confidence / 2, df)
    return pd.DataFrame({"measure": measures, "n": est["n"].loc["all"].to_numpy(),
                         "estimate": mean.to_numpy(), "se": se.to_numpy(),
                         "ci_low": mean.to_numpy() - q * se.to_numpy(),
                         "ci_high": mean.to_numpy() + q * se.to_numpy()})  # fmt: skip


def sensitivity(
    responses: pd.DataFrame,
    scores: pd.DataFrame,
    frame: pd.DataFrame | None,
    instrument: Instrument,
    year: int,
    *,
    quality: dict,
    confidence: float = CONFIDENCE,
) -> pd.DataFrame:
    """The province's index and values under the configured sample and two alternatives.

    Parameters
    ----------
    responses : the year's accepted questionnaires, aligned row for row with ``scores``: the
        quality flags and the columns the weights are made of (``unit``, the frame's strata;
        :func:`weighting.sample_columns`) are read, no answer.
    scores : ``scores.parquet``: the index and values per respondent, the weights and the
        configured ``excluded`` flag. A respondent's scores do not depend on who else is in
        the sample, so an alternative sample only makes its weights again.
    frame : the population frame the weights were made with, or None (unweighted).
    instrument : values and items.
    year : the survey year.
    quality : the config's ``quality`` section (which flags it leaves out).
    confidence : level of the intervals.

    Returns
    -------
    DataFrame with :data:`SENSITIVITY_COLUMNS`, scenarios ``configured`` (as published),
    ``unweighted`` (same respondents, weight 1, no finite-population correction; only with a
    frame) and ``flags_excluded`` or ``flags_included`` (straight-liners and speeders left out
    or kept, the other way from the configuration; only when someone is flagged). ``n_changed``
    counts the respondents the scenario adds or leaves out.
    """
    measures = [INDEX, *instrument.value_ids]
    weighted = frame is not None and len(frame) > 0
    configured = scores["excluded"].astype(bool)
    scenarios = [("configured", weighted, scores, 0)]
    if weighted:
        scenarios.append(("unweighted", False, scores, 0))
    flagged = pd.Series(False, index=responses.index)
    for flag in FLAGS:
        flagged |= responses[flag].astype(bool)
    keeps_flags = not any(quality.get(setting) for setting in FLAGS.values())
    if flagged.any():
        if keeps_flags:  # leave them out, as the incomplete ones are
            other, name = configured | flagged, "flags_excluded"
        else:  # keep them, leaving out only what the other switches ask for
            other = configured & ~flagged
            for flag, setting in (("flag_incomplete", "exclude_incomplete"),):
                if quality.get(setting):
                    other |= responses[flag].astype(bool)
            name = "flags_included"
        # As scoring.score_sample makes them for this sample: the same scores, new weights.
        use = frame if weighted else None
        design, _ = make_weights(responses.loc[~other, sample_columns(responses.columns, use)], use)
        rescored = scores[[*measures, "unit"]].join(design)
        rescored["excluded"] = other
        scenarios.append((name, weighted, rescored, int((other != configured).sum())))
    frames = []
    for name, use_weights, scored, changed in scenarios:
        est = _estimate(scored, measures, use_weights, confidence)
        frames.append(est.assign(scenario=name, weighted=use_weights, n_changed=changed))
    out = pd.concat(frames, ignore_index=True)
    base = out[out["scenario"] == "configured"].set_index("measure")["estimate"]
    out["diff"] = out["estimate"] - out["measure"].map(base)
    out.insert(0, "year", int(year))
    out["n"] = out["n"].round().astype("Int64")
    return out[SENSITIVITY_COLUMNS]


def sensitivity_shifts(
    sens: pd.DataFrame, bands: list[dict], small_share: float = SMALL_SHIFT
) -> pd.DataFrame:
    """How far each alternative scenario moves each measure, against its interval.

    For a measure with configured estimate :math:`\\hat\\theta` and interval
    :math:`[L, U]`, a scenario's shift :math:`|\\hat\\theta_s - \\hat\\theta|` is compared with
    the half-width :math:`h = (U - L)/2`: ``ratio`` = shift / h. The shift is *small* when
    ``ratio < small_share`` and the published category (:func:`scoring.categorize`) is the same
    under both; the result "does not depend on the method" only when every shift is small.

    Parameters
    ----------
    sens : ``sensitivity.csv`` of one year (:func:`sensitivity`).
    bands : the config's index bands.
    small_share : the share of the half-width below which a shift is small
        (:data:`SMALL_SHIFT`).

    Returns
    -------
    DataFrame, one row per non-configured scenario and measure, largest shift first (ties by
    scenario and measure): ``scenario``, ``measure``, ``diff``, ``shift``, ``half_width``,
    ``ratio``, ``category0`` (configured), ``category1`` (the scenario's), ``small``.

    Examples
    --------
    >>> sens = pd.DataFrame({"scenario": ["configured", "unweighted"],
    ...                      "measure": ["index", "index"], "estimate": [75.2, 74.8],
    ...                      "ci_low": [75.0, 74.6], "ci_high": [75.4, 75.0], "diff": [0, -0.4]})
    >>> bands = [{"min": 75, "label": "Sehat"}, {"min": 0, "label": "Kurang"}]
    >>> sensitivity_shifts(sens, bands)[["shift", "ratio", "category1", "small"]].round(2)
       shift  ratio category1  small
    0    0.4    2.0    Kurang  False
    """
    base = sens[sens["scenario"] == "configured"].set_index("measure")
    other = sens[sens["scenario"] != "configured"].reset_index(drop=True)
    out = other[["scenario", "measure", "diff"]].copy()
    out["shift"] = other["diff"].abs()
    half = (base["ci_high"] - base["ci_low"]) / 2
    out["half_width"] = other["measure"].map(half).to_numpy()
    out["ratio"] = out["shift"] / out["half_width"]
    out["category0"] = categorize(other["measure"].map(base["estimate"]), bands).to_numpy()
    out["category1"] = categorize(other["estimate"], bands).to_numpy()
    same = (out["category0"] == out["category1"]).fillna(False).astype(bool)
    out["small"] = (out["ratio"] < small_share) & same
    order = out.sort_values(["shift", "scenario", "measure"], ascending=[False, True, True])
    return order.reset_index(drop=True)
