"""Group estimates of the index, values and items: weights, design-based SEs, suppression.

One row per year x group x measure (design.md, ``estimates.csv``).

Design. With a population frame the respondents are a stratified sample, one stratum per
agency (``stratum``) of ``N_h`` people (``stratum_N``) of whom ``n_h`` answered (after the
exclusions the config asks for), with the post-stratified or raked weights ``w``. Without a
frame the sample is treated as a simple random sample from a large population: every weight
is 1, there is one stratum and no finite-population correction.

Estimator (Lohr 2022, *Sampling: Design and Analysis*, 3rd ed., sec. 4.3, 9.1 and 14.2;
Cochran 1977, 5A.14). The estimate of a measure in a domain ``d`` (a group, among the
respondents who answered that measure) is the ratio mean ``ybar_d = sum w y / sum w``. With a
frame its variance is the Taylor-linearised variance of the *domain estimator*: every sampled
person contributes ``z_i = w_i delta_i (y_i - ybar_d) / W_d`` (``delta_i`` = 1 in the domain and
answered, 0 otherwise; ``W_d = sum w delta``), so people outside the domain - including those
who did not answer the measure - stay in the sample with ``z = 0`` and

    V(ybar_d) = sum_h (1 - n_h / N_h) n_h / (n_h - 1) sum_{i in h} (z_i - zbar_h)^2,

with the full stratum sample size ``n_h``. This is what R's ``survey::svymean(..., na.rm =
TRUE)`` on a subset and ``samplics`` compute (tested to 1e-8). Without a frame a group's
estimate is the simple mean of the answers and its variance ``s^2 / n``.
``estimate_unweighted`` / ``se_unweighted`` (simple mean, ``s / sqrt(n)``) sit beside the
weighted ones; ``sd`` is the respondents' (weighted) standard deviation
``sqrt(sum w (y - ybar)^2 / W * n / (n - 1))``, used for effect sizes.

Degrees of freedom and intervals. Every interval of the project is a t interval (for percent
positive: on the logit scale) with the design's degrees of freedom for the domain, ``df = n_d
- H_d``: the respondents in the domain who answered the measure less the strata they occupy
(R ``survey``'s ``degf`` of the domain; ``n - 1`` without a frame or for one agency).

Sufficient statistics. Every statistic above is a function of per-cell sums (count,
``sum w``, ``sum w y``, ``sum w y^2``, ``sum w^2``, ``sum w^2 y``, ``sum w^2 y^2``, ``sum y``,
``sum y^2``) over the finest cells stratum x every grouping variable, so the respondents are
passed over once (:func:`budaya_kerja.stats.cells.cell_table`) and every breakdown is summed from the cells; sums of
disjoint partitions (e.g. one per organisation) add up to the same estimates exactly.

Publication. Groups under ``min_group_size`` are hidden with complementary suppression
(:mod:`budaya_kerja.stats.suppression`); the category of an estimate and of its interval ends
(``category_low``, ``category_high``) is decided on the value as published (one decimal,
:mod:`budaya_kerja.rounding`).
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.messages import message
from budaya_kerja.rounding import DECIMALS
from budaya_kerja.settings import CONFIDENCE, Instrument
from budaya_kerja.stats import items
from budaya_kerja.stats.cells import (
    SUMS,
    Cells,
    cell_sums,
    cell_table,
    factorize_in_order,
    measure_columns,
    merge_cells,
)
from budaya_kerja.stats.scoring import INDEX, categorize, item_points
from budaya_kerja.stats.suppression import group_counts, n_band, protect

ALL = "all"
DESIGN_COLUMNS = ["weight", "stratum", "stratum_N"]
ESTIMATE_COLUMNS = [
    "year", "group_by", "group", "group_label", "measure", "n", "n_band", "estimate", "se",
    "df", "ci_low", "ci_high", "sd", "estimate_unweighted", "se_unweighted", "deff", "n_eff",
    "pct_positive", "pct_positive_se", "pct_positive_ci_low", "pct_positive_ci_high",
    "estimate_shrunk", "category", "category_low", "category_high", "category_certain",
    "suppressed", "suppression_reason",
]  # fmt: skip

__all__ = [
    "ALL", "ESTIMATE_COLUMNS", "analysis_table", "domain_estimates", "domain_stats", "empirical_bayes", "estimate_groups", "estimates_from_cells", "estimation_sample", "sample_cells", "unit_sums", "logit_interval", "measure_table", "response_rates", "suppress",
]  # fmt: skip
RATE_COLUMNS = ["unit", "unit_label", "respondents", "n_band", "headcount", "rate",
                "suppressed", "suppression_reason"]  # fmt: skip


# --------------------------------------------------------------------------- measures
def measure_table(scores: pd.DataFrame, responses: pd.DataFrame, instrument: Instrument):
    """Respondent x measure points (0-100) and positive shares (0-1) for index, values, items.

    Returns ``(measures, points, positive)``: the measure ids in publication order (index,
    values, items) and two DataFrames with one column per measure.
    """
    measures = [INDEX, *instrument.value_ids, *instrument.items]
    points = pd.concat(
        [
            scores[[INDEX, *instrument.value_ids]],
            item_points(responses[instrument.items], instrument),
        ],
        axis=1,
    )
    answers = responses[instrument.items].astype("float64")
    item_pos = (answers >= instrument.positive_min).astype("float64").where(answers.notna())
    pos = pd.concat(
        [
            scores[[f"pos_{m}" for m in [INDEX, *instrument.value_ids]]].set_axis(
                [INDEX, *instrument.value_ids], axis=1
            ),
            item_pos,
        ],
        axis=1,
    )
    return measures, points[measures], pos[measures]


def analysis_table(
    scores: pd.DataFrame, responses: pd.DataFrame, instrument: Instrument, compact: bool = False
) -> pd.DataFrame:
    """One row per respondent of the estimation sample: the scores' own columns (respondent,
    design, groups), every measure in points (index, values, items) and ``pos_<measure>``
    shares (0-1). What :func:`compare.compare_years` links between years.

    ``compact``: the same numbers in less memory, built one column at a time. An item's
    points and shares take few values: each is a categorical whose categories are those
    float64 values themselves (one byte a respondent; ``to_numpy("float64")`` gives the
    numbers bit for bit, NaN where unanswered), and the group and design labels are
    categoricals too (each label once). So are the index and values when they take few
    values (:func:`_coded`)."""
    if not compact:
        measures, points, positive = measure_table(scores, responses, instrument)
        keep = [c for c in scores.columns if c not in measures and not c.startswith("pos_")]
        return pd.concat([scores[keep], points, positive.add_prefix("pos_")], axis=1).reset_index(
            drop=True
        )
    measures, columns = measure_columns(scores, responses, instrument)
    keep = [c for c in scores.columns if c not in measures and not c.startswith("pos_")]
    table = scores[keep].reset_index(drop=True)
    for c in keep:
        if c != "respondent" and pd.api.types.is_string_dtype(table[c].dtype):
            table[c] = table[c].astype("category")
    items = set(instrument.items)

    def positive(answers):
        return (answers >= instrument.positive_min).astype("float64")

    data = {}
    for part, prefix in (("points", ""), ("positive", "pos_")):
        convert = partial(item_points, instrument=instrument) if part == "points" else positive
        for m, make in zip(measures, columns[part], strict=True):
            data[prefix + m] = _by_answer(responses[m], convert) if m in items else _coded(make())
    # copy=False: a measure with many values is the scores' own array, not a second copy.
    return pd.concat([table, pd.DataFrame(data, index=table.index, copy=False)], axis=1)


def _coded(values: np.ndarray):
    """float64 ``values`` as a categorical of themselves (1-2 bytes a row, not 8; the same
    numbers bit for bit, NaN no category) when they take fewer than 2**15 distinct values,
    as a respondent's index and values do (means of a few five-point answers); else as
    they are. A -0.0 keeps them as they are (a categorical would give 0.0 back)."""
    codes, distinct = pd.factorize(values)
    if len(distinct) >= 2**15 or np.signbit(values[values == 0]).any():
        return values
    return pd.Categorical.from_codes(codes, categories=distinct, validate=False)


def _by_answer(answers: pd.Series, convert) -> pd.Categorical:
    """``convert`` (float64 answers -> float64, elementwise) of every answer as a categorical
    whose categories are the converted values: computed once per distinct answer, so each
    respondent's value is the number converting their own answer gives, bit for bit; NaN
    (no category) where unanswered."""
    codes, distinct = pd.factorize(answers, sort=True)
    values = convert(pd.Series(distinct, dtype="float64")).to_numpy("float64")
    categories, category_of = np.unique(values, return_inverse=True)
    # A distinct answer's category; the last entry is for code -1 (unanswered).
    category_of = np.append(category_of, -1).astype(np.min_scalar_type(-len(categories)))
    return pd.Categorical.from_codes(category_of[codes], categories=categories, validate=False)


def estimation_sample(
    scores: pd.DataFrame, responses: pd.DataFrame, instrument: Instrument, compact: bool = False
) -> pd.DataFrame:
    """The year's respondents as estimated: :func:`analysis_table` of the respondents the
    configuration keeps (``scores["excluded"]`` False), with their design columns. What the
    comparison links between years and what the public API estimates from."""
    left_out = scores["excluded"].astype(bool).to_numpy() if "excluded" in scores else None
    if left_out is None or not left_out.any():  # nobody left out: no copy to take
        return analysis_table(scores, responses, instrument, compact)
    return analysis_table(scores[~left_out], responses[~left_out], instrument, compact)


def domain_estimates(
    sums: dict,
    cell_group: np.ndarray,
    cell_stratum: np.ndarray,
    stratum_n: np.ndarray,
    stratum_N: np.ndarray,
    n_groups: int,
    weighted: bool,
) -> dict[str, np.ndarray]:
    """Estimates of every group and column from the cell sums (module docstring formulas).

    Parameters
    ----------
    sums : :func:`cell_sums` of the cells.
    cell_group, cell_stratum : (n_cells,) group (``0 .. n_groups - 1``) and stratum of each cell.
    stratum_n : respondents per stratum (all of them: the domain estimator's ``n_h``).
    stratum_N : headcount per stratum (NaN without a frame).
    n_groups : number of groups.
    weighted : the design-based (frame) estimator, else the simple one.

    Returns
    -------
    dict of (n_groups, k) arrays: ``n``, ``mean``, ``var`` (of the mean), ``df``, ``sd``,
    ``mean_u``, ``var_u`` (of the mean, s^2 / n), ``n_eff`` (Kish).
    """
    k = sums["cnt"].shape[1]
    strata = int(cell_stratum.max()) + 1 if len(cell_stratum) else 0
    pair = cell_group.astype("int64") * max(strata, 1) + cell_stratum
    codes, inverse = np.unique(pair, return_inverse=True)
    g_of, h_of = codes // max(strata, 1), codes % max(strata, 1)

    def summed(a, index, size):
        """Rows of ``a`` added by ``index`` in row order, as np.add.at does, by one bincount
        over (index, column) bins (np.add.at is slow; np.add.reduceat sums pairwise)."""
        bins = (np.asarray(index, dtype="int64")[:, None] * k + np.arange(k)).ravel()
        return np.bincount(bins, weights=a.ravel(), minlength=size * k).reshape(size, k)

    def to_pairs(a):
        return summed(a, inverse, len(codes))

    def to_groups(a):
        return summed(a, g_of, n_groups)

    gh = {name: to_pairs(sums[name]) for name in SUMS}
    g = {name: to_groups(gh[name]) for name in SUMS}
    with np.errstate(divide="ignore", invalid="ignore"):
        n = g["cnt"]
        mean_u = g["y"] / n
        var_u = (g["y2"] - n * mean_u**2) / (n - 1) / n
        mean = g["wy"] / g["w"]
        ss = g["wy2"] - mean * g["wy"]  # sum w (y - ybar)^2
        sd = np.sqrt(np.clip(ss, 0, None) / g["w"] * n / (n - 1))
        n_eff = g["w"] ** 2 / g["w2"]
        occupied = to_groups((gh["cnt"] > 0).astype("float64"))
        if weighted:
            nh = np.asarray(stratum_n, dtype="float64")[h_of][:, None]
            Nh = np.asarray(stratum_N, dtype="float64")[h_of][:, None]
            fpc = np.where(np.isfinite(Nh) & (Nh > 0), np.clip(1 - nh / Nh, 0, 1), 1.0)
            ybar, W = mean[g_of], g["w"][g_of]
            sum_z = (gh["wy"] - ybar * gh["w"]) / W
            sum_z2 = (gh["w2y2"] - 2 * ybar * gh["w2y"] + ybar**2 * gh["w2"]) / W**2
            contrib = np.where(nh > 1, fpc * nh / (nh - 1) * (sum_z2 - sum_z**2 / nh), 0.0)
            var = to_groups(np.nan_to_num(contrib))
            df = n - occupied
        else:
            mean, var, df = mean_u, var_u, n - 1
    # Sums of squares computed as differences can fall a rounding error below 0.
    var, var_u = np.where(var < 0, 0.0, var), np.where(var_u < 0, 0.0, var_u)
    return {"n": n, "mean": mean, "var": np.where(n > 0, var, np.nan), "df": df, "sd": sd,
            "mean_u": mean_u, "var_u": var_u, "n_eff": n_eff}  # fmt: skip


def domain_stats(
    values: pd.DataFrame,
    weight: pd.Series,
    group: pd.Series,
    stratum: pd.Series,
    stratum_N: pd.Series,
) -> dict[str, pd.DataFrame]:
    """Per group x column estimates of a respondent table (for simulations and notebooks).

    The same estimator as :func:`estimate_groups`, design-based when ``stratum_N`` has a
    headcount, without the publication rules. Returns DataFrames (index = groups, columns =
    ``values``' columns) ``n``, ``mean``, ``se``, ``df``, ``sd``, ``mean_u``, ``se_u``,
    ``n_eff``.
    """
    g_codes, g_labels = pd.factorize(pd.Series(group).astype("string"), sort=True)
    h_codes, h_labels = pd.factorize(pd.Series(stratum).astype("string"), sort=True)
    N = pd.Series(np.asarray(stratum_N, dtype="float64")).groupby(h_codes).first()
    weighted = bool(np.isfinite(N.to_numpy()).any())
    est = _estimates_by(values.to_numpy("float64"), np.asarray(weight, dtype="float64"),
                        g_codes, len(g_labels), h_codes, len(h_labels), N.to_numpy(), weighted)  # fmt: skip
    frame = {name: pd.DataFrame(a, index=g_labels, columns=values.columns)
             for name, a in est.items()}  # fmt: skip
    frame["se"] = np.sqrt(frame.pop("var"))
    frame["se_u"] = np.sqrt(frame.pop("var_u"))
    return frame


def _estimates_by(values, weight, group, n_groups, stratum, n_strata, stratum_N, weighted):
    """:func:`domain_estimates` for rows with a group and a stratum code each."""
    cell = group.astype("int64") * n_strata + stratum
    codes, inverse = np.unique(cell, return_inverse=True)
    sums = cell_sums(values, weight, inverse, len(codes))
    stratum_n = np.bincount(stratum, minlength=n_strata).astype("float64")
    return domain_estimates(sums, codes // n_strata, codes % n_strata, stratum_n, stratum_N,
                            n_groups, weighted)  # fmt: skip


# --------------------------------------------------------------------------- publication
def suppress(group_n: pd.Series, min_size: int) -> pd.Series:
    """Primary and complementary suppression of one breakdown (:func:`suppression.protect`)."""
    return protect(group_n, min_size)


def estimate_groups(
    scores: pd.DataFrame,
    responses: pd.DataFrame,
    instrument: Instrument,
    *,
    year: int,
    group_by: list[str],
    bands: list[dict],
    min_group_size: int = 10,
    confidence: float = CONFIDENCE,
    unit_labels: dict[str, str] | None = None,
    exclude: pd.Series | None = None,
    decimals: int = DECIMALS,
    unit_suppression: pd.Series | None = None,
    group_order: dict[str, list[str]] | None = None,
    group_suppression: dict[str, pd.Series] | None = None,
) -> pd.DataFrame:
    """The ``estimates.csv`` table of one year (see module docstring for the method).

    Parameters
    ----------
    scores, responses : aligned row for row (one accepted respondent each); ``scores``
        carries the design columns of :func:`weighting.make_weights` (``weight``, ``stratum``,
        ``stratum_N``); the estimates are design-based when a frame gave headcounts.
    instrument : values, items and scale.
    year : the survey year.
    group_by : grouping columns of ``scores`` besides the whole sample (``all``).
    bands : categories (``config.bands``).
    min_group_size : smaller groups are suppressed (with complements).
    confidence : level of every interval.
    unit_labels : unit code -> name, for ``group_label``.
    exclude : bool per respondent: left out of the estimates (flagged, per the config).
    decimals : precision of the published numbers, on which categories are decided.
    unit_suppression : reason per agency (:func:`suppression.unit_reasons`), so the agencies
        hidden here are the ones hidden in every other table; by default decided from the
        estimates alone.
    group_order : per grouping column, the order its groups are listed in (``settings.
        group_order``: age bands youngest first, positions by level); groups not named
        follow in :func:`budaya_kerja.stats.cells.natural_key` order, which also puts ``<30`` before ``30–39``.
    group_suppression : per other breakdown (``jenis_kelamin``, ...), reason per group
        (:func:`suppression.group_reasons`), so the groups hidden here are the ones hidden in
        ``nonresponse.csv``; by default decided from the estimates alone.

    Returns
    -------
    DataFrame with :data:`ESTIMATE_COLUMNS`, ordered by breakdown (``all`` first), group and
    measure. Suppressed rows keep their keys and ``n_band`` but carry no number.
    """
    cells = sample_cells(scores, responses, instrument, group_by, exclude)
    return estimates_from_cells(
        cells, year=year, bands=bands, min_group_size=min_group_size, confidence=confidence,
        unit_labels=unit_labels, decimals=decimals, unit_suppression=unit_suppression,
        group_order=group_order, group_suppression=group_suppression,
    )  # fmt: skip


def sample_cells(
    scores: pd.DataFrame,
    responses: pd.DataFrame,
    instrument: Instrument,
    group_by: list[str],
    exclude: pd.Series | None = None,
) -> Cells:
    """The cell sums (:func:`budaya_kerja.stats.cells.cell_table`) of the respondents
    estimated: all of ``scores`` and ``responses`` (aligned row for row) but the ``exclude``d.
    Any part of a year (e.g. the agencies of one job) gives its own cells; see
    :func:`estimate_groups` for the parameters."""
    if exclude is not None and exclude.any():
        keep = ~exclude.to_numpy()
        scores, responses = scores[keep], responses[keep]
    scores = scores.reset_index(drop=True)
    responses = responses.reset_index(drop=True)
    missing = [c for c in DESIGN_COLUMNS if c not in scores.columns]
    if missing:
        raise BudayaKerjaError(message("aggregate.design", missing=missing))
    for dim in group_by:
        if dim not in scores.columns:
            columns = sorted(c for c in scores.columns if scores[c].dtype != float)
            raise BudayaKerjaError(message("aggregate.group_by", name=dim, columns=columns))
    return cell_table(scores, responses, instrument, group_by)


def unit_sums(
    scores: pd.DataFrame, responses: pd.DataFrame, instrument: Instrument, exclude: pd.Series
) -> pd.DataFrame:
    """Per agency (index ``unit``, in code order): questionnaires ``accepted``, respondents
    ``estimated`` (not ``exclude``d) and the estimated ones' answers to every item
    (:func:`budaya_kerja.stats.items.answer_sums`). The other sufficient statistics of a
    year besides its cells; parts of a year by agency concatenate."""
    unit = scores["unit"].astype("string").reset_index(drop=True)
    keep = ~exclude.to_numpy(dtype=bool)
    answers = items.answer_sums(responses[keep], scores.loc[keep, "weight"], instrument,
                                unit[keep])  # fmt: skip
    # accepted questionnaires are always of a known agency (cleaning quarantines the others)
    counts = group_counts(pd.DataFrame({"unit": unit}), keep, ["unit"])
    counts = counts.set_index(pd.Index(counts["group"], name="unit", dtype="object"))
    answers.index = answers.index.rename("unit").astype("object")
    return counts[["accepted", "estimated"]].join(answers.reindex(counts.index, fill_value=0))


def estimates_from_cells(
    cells: Cells,
    *,
    year: int,
    bands: list[dict],
    min_group_size: int = 10,
    confidence: float = CONFIDENCE,
    unit_labels: dict[str, str] | None = None,
    decimals: int = DECIMALS,
    unit_suppression: pd.Series | None = None,
    group_order: dict[str, list[str]] | None = None,
    group_suppression: dict[str, pd.Series] | None = None,
) -> pd.DataFrame:
    """:func:`estimate_groups` from the cell sums (:func:`cell_table`, or :func:`merge_cells`
    of the cell tables of disjoint parts of the sample, e.g. one per organisation: the same
    table, number for number)."""
    cells = merge_cells([cells])  # one row per cell, in the order of the cell codes
    group_by, measures, sums = cells.group_by, cells.measures, cells.sums
    h_codes, h_labels = pd.factorize(cells.keys["stratum"], sort=True)
    codes, labels = [h_codes], {}
    for dim in group_by:
        c, labels[dim] = factorize_in_order(cells.keys[dim], (group_order or {}).get(dim, ()))
        codes.append(c)
    rows_in_cell = cells.keys["rows"].to_numpy("float64")
    cell_N = cells.keys["stratum_N"].to_numpy("float64")
    weighted = bool(np.isfinite(cell_N).any())
    stratum_N = pd.Series(cell_N).groupby(h_codes).first().reindex(range(len(h_labels)))
    stratum_N = stratum_N.to_numpy("float64")
    stratum_n = np.bincount(h_codes, weights=rows_in_cell, minlength=len(h_labels))
    cell_stratum = h_codes
    n_cells = len(cells.keys)

    rows = []
    for dim in [ALL, *group_by]:
        if dim == ALL:
            cell_group, names = np.zeros(n_cells, dtype="int64"), pd.Index([ALL])
        else:
            cell_group, names = codes[1 + group_by.index(dim)], labels[dim]
        est = {part: domain_estimates(s, cell_group, cell_stratum, stratum_n, stratum_N,
                                      len(names), weighted) for part, s in sums.items()}  # fmt: skip
        group_n = pd.Series(np.bincount(cell_group, weights=rows_in_cell, minlength=len(names)),
                            index=names)  # fmt: skip
        # The reasons shared with the other tables, else decided here.
        given = unit_suppression if dim == "unit" else (group_suppression or {}).get(dim)
        if given is not None:
            reason = given.reindex(names).fillna("").astype("object")
        else:
            reason = protect(group_n, min_group_size)
        pts, pos = est["points"], est["positive"]
        for j, m in enumerate(measures):
            n = pd.Series(pts["n"][:, j], index=names)
            # A group is hidden as a whole when it has too few respondents; a measure is also
            # hidden (with complements) where too few of them answered it.
            by_measure = protect(n, min_group_size)
            rows.append(pd.DataFrame({
                "group_by": dim, "group": names, "measure": m, "n": n.to_numpy(),
                "estimate": pts["mean"][:, j], "se": np.sqrt(pts["var"][:, j]),
                "df": pts["df"][:, j], "sd": pts["sd"][:, j],
                "estimate_unweighted": pts["mean_u"][:, j],
                "se_unweighted": np.sqrt(pts["var_u"][:, j]), "n_eff": pts["n_eff"][:, j],
                "pct_positive": pos["mean"][:, j] * 100, "pct_positive_se": np.sqrt(pos["var"][:, j]) * 100,
                "pct_positive_df": pos["df"][:, j],
                "suppression_reason": reason.where(reason != "", by_measure).to_numpy(),
            }))  # fmt: skip
    table = pd.concat(rows, ignore_index=True)
    table.insert(0, "year", int(year))
    df = np.maximum(table["df"].to_numpy(), 1)
    tq = _t_quantile(0.5 + confidence / 2, df)
    table["df"] = df
    table["ci_low"] = table["estimate"] - tq * table["se"]
    table["ci_high"] = table["estimate"] + tq * table["se"]
    table["deff"] = np.where(weighted, table["n"] / table["n_eff"], 1.0)
    table["n_eff"] = np.where(weighted, table["n_eff"], table["n"])
    table["pct_positive_ci_low"], table["pct_positive_ci_high"] = logit_interval(
        table["pct_positive"] / 100, table["pct_positive_se"] / 100, confidence,
        df=np.maximum(table.pop("pct_positive_df").to_numpy(), 1),
    )  # fmt: skip
    table["category"] = categorize(table["estimate"], bands, decimals)
    table["category_low"] = categorize(table["ci_low"], bands, decimals)
    table["category_high"] = categorize(table["ci_high"], bands, decimals)
    table["category_certain"] = (table["category_low"] == table["category_high"]).fillna(False)
    table["suppressed"] = table["suppression_reason"] != ""
    table["n_band"] = [n_band(n, min_group_size) for n in table["n"]]
    labels_of = unit_labels or {}
    table["group_label"] = np.where(
        table["group_by"] == "unit",
        table["group"].map(labels_of).astype("string").fillna(table["group"]),
        table["group"],
    )
    hidden = table["suppressed"]
    table["estimate_shrunk"] = np.nan
    for _, family in table[~hidden & (table["group_by"] != ALL)].groupby(["group_by", "measure"]):
        table.loc[family.index, "estimate_shrunk"] = empirical_bayes(
            family["estimate"].to_numpy(), family["se"].to_numpy()
        )[0]
    numeric = [c for c in ESTIMATE_COLUMNS if c not in (
        "year", "group_by", "group", "group_label", "measure", "n_band", "category",
        "category_low", "category_high", "category_certain", "suppressed",
        "suppression_reason")]  # fmt: skip
    table.loc[hidden, numeric] = np.nan
    table.loc[hidden, ["category", "category_low", "category_high"]] = pd.NA
    table.loc[hidden, "category_certain"] = False
    table["n"] = table["n"].astype("Int64")
    return table[ESTIMATE_COLUMNS]


def response_rates(
    accepted: pd.Series,
    headcount: pd.Series,
    reasons: pd.Series,
    min_size: int,
    unit_labels: dict[str, str] | None = None,
) -> pd.DataFrame:
    """``response_rates.csv``: accepted questionnaires against the frame's headcount per agency,
    with the agencies hidden in every table (``reasons``) hidden here too, and the total.

    ``rate = respondents / headcount``; a hidden agency keeps its headcount (public) and size
    band but no count or rate; the total row (``unit = "all"``) is always published.
    """
    units = accepted.index.union(headcount.index)
    n = accepted.reindex(units, fill_value=0).astype("float64")
    N = headcount.reindex(units).astype("float64")
    reason = reasons.reindex(units).fillna("").astype("object")
    table = pd.DataFrame({"unit": units.astype(str), "respondents": n.to_numpy(),
                          "headcount": N.to_numpy(), "suppression_reason": reason.to_numpy()})  # fmt: skip
    total = pd.DataFrame({"unit": [ALL], "respondents": [n.sum()], "headcount": [N.sum()],
                          "suppression_reason": [""]})  # fmt: skip
    table = pd.concat([table, total], ignore_index=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        table["rate"] = np.where(table["headcount"] > 0, table["respondents"] / table["headcount"],
                                 np.nan)  # fmt: skip
    table["suppressed"] = table["suppression_reason"] != ""
    table["n_band"] = [n_band(v, min_size) for v in table["respondents"]]
    table.loc[table["suppressed"], ["respondents", "rate"]] = np.nan
    labels = unit_labels or {}
    table["unit_label"] = table["unit"].map(labels).fillna(table["unit"])
    table["respondents"] = table["respondents"].astype("Int64")
    table["headcount"] = table["headcount"].astype("Int64")
    return table[RATE_COLUMNS]


def empirical_bayes(estimate: np.ndarray, se: np.ndarray) -> tuple[np.ndarray, float, np.ndarray]:
    """Shrunken group estimates for fair rankings (normal-normal model, Morris 1983).

    theta_i ~ N(mu, tau^2), estimate_i ~ N(theta_i, se_i^2). tau^2 by DerSimonian & Laird's
    (1986) moment estimator, mu its precision-weighted mean; the posterior mean is
    mu + B_i (estimate_i - mu) with B_i = tau^2 / (tau^2 + se_i^2), so small, noisy groups move
    most towards the overall level. Returns (shrunk estimates, tau^2, B).
    """
    est = np.asarray(estimate, dtype="float64")
    var = np.asarray(se, dtype="float64") ** 2
    ok = np.isfinite(est) & np.isfinite(var) & (var > 0)
    shrunk = est.copy()
    weight = np.ones_like(est)
    if ok.sum() < 3:
        return shrunk, 0.0, weight
    w = 1 / var[ok]
    mean_w = np.sum(w * est[ok]) / w.sum()
    q = np.sum(w * (est[ok] - mean_w) ** 2)
    tau2 = max(0.0, (q - (ok.sum() - 1)) / (w.sum() - np.sum(w**2) / w.sum()))
    mu = np.sum(est[ok] / (var[ok] + tau2)) / np.sum(1 / (var[ok] + tau2))
    weight[ok] = tau2 / (tau2 + var[ok])
    shrunk[ok] = mu + weight[ok] * (est[ok] - mu)
    return shrunk, tau2, weight


def logit_interval(p, se, confidence: float = CONFIDENCE, df=np.inf):
    """Interval for a proportion on the logit scale, in percent (Korn & Graubard 1999, 3.3).

    logit(p) +- t_df * se / (p (1 - p)) (delta method), mapped back, so the interval stays
    inside 0-100 and uses the design-based ``se`` and degrees of freedom ``df`` (the project's
    one interval rule; ``df = inf`` gives the normal quantile); p of exactly 0 or 1 gives the
    point itself.
    """
    p = np.asarray(p, dtype="float64")
    se = np.asarray(se, dtype="float64")
    q = _t_quantile(0.5 + confidence / 2, df)
    with np.errstate(divide="ignore", invalid="ignore"):
        centre = np.log(p / (1 - p))
        half = q * se / (p * (1 - p))
        low = 1 / (1 + np.exp(-(centre - half)))
        high = 1 / (1 + np.exp(-(centre + half)))
    edge = (p <= 0) | (p >= 1)
    return np.where(edge, p, low) * 100, np.where(edge, p, high) * 100


def _t_quantile(level, df):
    """Student's t quantile; scipy.stats is imported here, not with the module, because it
    costs a second of every job that imports this one only for its cell sums (sum_cells)."""
    from scipy import stats

    return stats.t.ppf(level, df)
