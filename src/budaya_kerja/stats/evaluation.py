"""Implementation evaluation: agency scores, the combined index, award candidates, analysis.

Tables (design.md, "Outputs"):

- ``evaluation.csv`` (:func:`score_units`): year x agency x component (and ``total``);
- ``combined.csv`` (:func:`combine`): year x agency (and the province, ``unit = "all"``);
- ``penghargaan.csv`` (:func:`rank_awards`): year x size class x agency;
- ``evaluation_relation.csv`` (:func:`relate`) and ``evaluation_gap.csv``
  (:func:`self_assessment_gap`): the analysis.

Scores. With criterion scores ``s_k`` in [0, 1] (the score map of the verified answer, 0 for a
quarantined or missing criterion; :mod:`budaya_kerja.io.worksheets`), component ``c`` of weight
``W_c`` and criteria ``K_c``::

    score_c = W_c * (1 / |K_c|) * sum_{k in K_c} s_k        total = sum_c score_c  (0-100)

Criteria weigh equally within a component (the LKE convention); ``percent = 100 score / W``.
The self-assessed and verified scores use the same formula with the self-assessed answer
(0 when blank or invalid) and the verified answer before the evidence rule.

The evaluation is a census of documents: it has no sampling error, so only the survey part of
the combined index carries uncertainty (see :func:`combine`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.io.rubric import TOTAL, Rubric
from budaya_kerja.io.tables import as_bool
from budaya_kerja.messages import message
from budaya_kerja.settings import CONFIDENCE
from budaya_kerja.stats.scoring import INDEX, categorize

__all__ = [
    "AWARD_COLUMNS", "COMBINED_COLUMNS", "EVALUATION_COLUMNS", "GAP_COLUMNS", "MC_ERROR_LIMIT",
    "PROVINCE", "RELATION_COLUMNS", "check_weights", "combine", "fisher_interval", "holm",
    "ols_hc3", "rank_awards", "rank_probabilities", "relate", "score_units",
    "self_assessment_gap", "size_class",
]  # fmt: skip

PROVINCE = "all"
EVALUATION_COLUMNS = [
    "year", "unit", "unit_label", "unit_status", "component", "component_label", "maximum",
    "score", "percent", "self_score", "verified_score", "self_minus_verified",
    "evidence_required", "evidence_cited", "evidence_completeness", "n_criteria", "n_scored",
    "n_quarantined", "n_missing", "agencies",
]  # fmt: skip
COMBINED_COLUMNS = [
    "year", "unit", "unit_label", "headcount", "weight_basis", "size_class", "survey_status",
    "evaluation_status", "n", "survey_index", "survey_se", "evaluation_score", "w_survey",
    "w_evaluation", "combined", "se", "df", "ci_low", "ci_high", "category", "agencies",
    "coverage",
]  # fmt: skip
AWARD_COLUMNS = [
    "year", "size_class", "size_min", "size_max", "unit", "unit_label", "headcount", "combined",
    "se", "ci_low", "ci_high", "rank", "k", "p_first", "p_top_k", "mc_se_max", "draws", "p_vs_first",
    "p_vs_first_holm", "indistinguishable_from_first", "candidate",
]  # fmt: skip
RELATION_COLUMNS = [
    "year", "outcome", "year0", "n", "r", "r_ci_low", "r_ci_high", "slope", "slope_se",
    "slope_ci_low", "slope_ci_high", "slope_p", "intercept", "note",
]  # fmt: skip
GAP_COLUMNS = [
    "year", "level", "key", "component", "n", "self_percent", "verified_percent", "gap",
    "share_over", "share_under",
]  # fmt: skip
MC_ERROR_LIMIT = 0.005


# --------------------------------------------------------------------------- scores
def score_units(
    criteria: pd.DataFrame, rubric: Rubric, unit_labels: dict[str, str], year: int
) -> pd.DataFrame:
    """``evaluation.csv``: each agency's component and total scores (module docstring).

    Parameters
    ----------
    criteria : DataFrame
        The checked criteria (:func:`budaya_kerja.io.worksheets.check_rows`): ``unit,
        unit_status, component, criterion, status, self_score, verified_score, score,
        evidence_required, has_evidence``.
    rubric : Rubric
    unit_labels : dict
        Every agency of ``units.yaml`` (code -> name): agencies without a worksheet are listed
        as ``not_submitted`` with no score.
    year : int

    Returns
    -------
    DataFrame
        One row per agency x component and a ``total`` row. ``evidence_completeness`` is
        ``evidence_cited / evidence_required`` over the criteria that require evidence (a
        missing criterion counts as cited nothing); scores and counts are empty for agencies
        that are ``not_submitted`` or ``not_verified``. The province rows (``unit = "all"``)
        hold the unweighted mean over the ``agencies`` scored agencies (each organisation
        counts once; the combined index weights by headcount instead), summed counts and the
        pooled evidence completeness.
    """
    comps = rubric.components.set_index("code")
    crit = criteria.copy()
    crit["self_points"] = crit["self_score"].astype("float64").fillna(0.0)
    crit["required"] = as_bool(crit["evidence_required"])
    crit["cited"] = crit["required"] & as_bool(crit["has_evidence"])
    for status in ("scored", "quarantined", "missing"):
        crit[f"is_{status}"] = crit["status"] == status
    sums = crit.groupby(["unit", "component"], sort=False).agg(
        score=("score", "mean"), self_score=("self_points", "mean"),
        verified_score=("verified_score", "mean"), evidence_required=("required", "sum"),
        evidence_cited=("cited", "sum"), n_criteria=("criterion", "size"),
        n_scored=("is_scored", "sum"), n_quarantined=("is_quarantined", "sum"),
        n_missing=("is_missing", "sum"),
    ).reset_index()  # fmt: skip
    weight = sums["component"].map(comps["weight"])
    for col in ("score", "self_score", "verified_score"):
        sums[col] = sums[col] * weight
    sums["maximum"] = weight
    points = ["score", "self_score", "verified_score", "maximum"]
    counts = ["evidence_required", "evidence_cited", "n_criteria", "n_scored", "n_quarantined",
              "n_missing"]  # fmt: skip
    totals = sums.groupby("unit", sort=False)[points + counts].sum().reset_index()
    totals["component"] = TOTAL
    table = pd.concat([sums, totals], ignore_index=True)
    status = crit.drop_duplicates("unit").set_index("unit")["unit_status"]
    units = sorted(unit_labels)
    grid = pd.MultiIndex.from_product([units, [*comps.index, TOTAL]], names=["unit", "component"])
    table = table.set_index(["unit", "component"]).reindex(grid).reset_index()
    table["unit_status"] = table["unit"].map(status).fillna("not_submitted")
    unscored = table["unit_status"] != "scored"
    table.loc[unscored, points + counts] = np.nan
    table["maximum"] = table["component"].map(comps["weight"]).fillna(100.0)
    table["percent"] = 100 * table["score"] / table["maximum"]
    table["self_minus_verified"] = table["self_score"] - table["verified_score"]
    with np.errstate(invalid="ignore", divide="ignore"):
        table["evidence_completeness"] = table["evidence_cited"] / table["evidence_required"]
    # The province: every scored agency counts once (the evaluation describes organisations).
    done = table[~unscored]
    if len(done):
        means = done.groupby("component", sort=False)[["score", "self_score", "verified_score",
                                                       "percent"]].mean()  # fmt: skip
        sums = done.groupby("component", sort=False)[counts].sum()
        province = means.join(sums).reset_index()
        province["maximum"] = province["component"].map(comps["weight"]).fillna(100.0)
        province["self_minus_verified"] = province["self_score"] - province["verified_score"]
        province["evidence_completeness"] = province["evidence_cited"] / province[
            "evidence_required"
        ].replace(0, np.nan)
        province["unit"], province["unit_status"] = PROVINCE, "scored"
        province["agencies"] = done["unit"].nunique()
        table = pd.concat([province, table], ignore_index=True)
    table["year"] = int(year)
    table["unit_label"] = table["unit"].map({**unit_labels, PROVINCE: PROVINCE})
    table["component_label"] = table["component"].map(comps["name"]).fillna("Total")
    for col in [*counts, "agencies"]:
        table[col] = table.get(col, pd.Series(np.nan, index=table.index)).astype("Int64")
    return table[EVALUATION_COLUMNS]


# --------------------------------------------------------------------------- combined index
def check_weights(weights: dict) -> tuple[float, float]:
    """``(w_survey, w_evaluation)``; stop unless both are in [0, 1] and sum to 1."""
    w_s, w_e = float(weights["survey"]), float(weights["evaluation"])
    if min(w_s, w_e) < 0 or abs(w_s + w_e - 1) > 1e-9:
        raise BudayaKerjaError(
            message("evaluation.weights", survey=f"{w_s:g}", evaluation=f"{w_e:g}")
        )
    return w_s, w_e


def size_class(size: pd.Series, classes: list[dict]) -> pd.Series:
    """The size class of each agency: the class with the largest ``min`` <= size."""
    ordered = sorted(classes, key=lambda c: c["min"])
    out = pd.Series(pd.NA, index=size.index, dtype="string")
    for spec in ordered:
        out = out.mask(size >= spec["min"], spec["name"])
    return out


def combine(
    evaluation: pd.DataFrame,
    estimates: pd.DataFrame,
    frame: pd.DataFrame,
    *,
    year: int,
    weights: dict,
    bands: list[dict],
    size_classes: list[dict],
    confidence: float = CONFIDENCE,
    unit_labels: dict[str, str] | None = None,
) -> pd.DataFrame:
    """``combined.csv``: the combined index of each agency and of the province.

    For agency ``h`` with survey index ``S_h`` (``estimates.csv``, group ``unit``, measure
    ``index``; design-based ``se_h``) and evaluation total ``E_h`` (0-100)::

        C_h = w_s S_h + w_e E_h,        se(C_h) = w_s se_h,
        interval C_h -+ t_{1 - a/2, df_h} se(C_h)

    The evaluation is a census of documents (every agency's worksheet is read, none sampled),
    so it has no sampling error and only the survey part carries uncertainty; the interval uses
    the t quantile and degrees of freedom of the survey estimate (``estimates.csv``'s ``df``,
    the design's respondents less strata, :mod:`budaya_kerja.stats.aggregate`: ``n_h - 1`` for
    one agency, its one stratum; ``n_h - 1`` too when the estimates carry no ``df``). The
    category is decided on ``C_h`` rounded to one decimal, the value as the report prints it.

    An agency has no combined index when its survey result is suppressed or absent, or when it
    has no evaluation score (not submitted or not yet verified); its other part is still
    published (the evaluation score describes the organisation, not a person).

    The province (``unit = "all"``) combines the agencies that have a combined index, weighted
    by headcount ``N_h`` from the population frame (respondents ``n_h`` when the year has no
    frame; ``weight_basis`` says which), with ``omega_h = N_h / sum N``::

        C = sum_h omega_h C_h,          se(C) = w_s sqrt(sum_h omega_h^2 se_h^2)

    treating the agencies' survey estimates as independent strata (the survey is stratified by
    agency); t quantile with the design's ``sum n_h - H`` degrees of freedom, respondents
    less the ``H`` agencies (strata) combined, as every other interval of the project (Korn &
    Graubard 1999, *Analysis of Health Surveys*, sec. 5.2; R ``survey``'s ``degf``).
    ``survey_index`` and ``evaluation_score`` of the province row are the same weighted means of its parts, so
    ``C = w_s S + w_e E`` holds for it too; ``agencies`` and ``coverage`` (share of the
    frame's headcount) say what it covers. Suppressed agencies are left out, so the province
    row reveals nothing about them beyond what the published estimates already do.

    Returns an empty table with the columns when ``evaluation`` is empty (no evaluation this
    year).
    """
    w_s, w_e = check_weights(weights)
    if evaluation is None or evaluation.empty:
        return pd.DataFrame(columns=COMBINED_COLUMNS)
    labels = unit_labels or dict(zip(evaluation["unit"], evaluation["unit_label"], strict=False))
    labels = {code: name for code, name in labels.items() if code != PROVINCE}
    est = estimates[(estimates["year"].astype(int) == int(year))
                    & (estimates["group_by"] == "unit") & (estimates["measure"] == INDEX)]  # fmt: skip
    est = est.set_index(est["group"].astype(str))
    total = evaluation[(evaluation["component"] == TOTAL) & (evaluation["unit"] != PROVINCE)]
    total = total.set_index("unit")
    units = sorted(set(labels) | set(total.index))
    table = pd.DataFrame({"unit": units})
    table["unit_label"] = table["unit"].map(labels)
    suppressed = as_bool(est["suppressed"])
    published = est.index[~suppressed & est["estimate"].notna()]
    table["survey_status"] = np.where(
        table["unit"].isin(published), "published",
        np.where(table["unit"].isin(est.index), "suppressed", "absent"),
    )  # fmt: skip
    shown = table["survey_status"] == "published"
    for col, src in (("n", "n"), ("survey_index", "estimate"), ("survey_se", "se")):
        table[col] = table["unit"].map(est[src]).astype("float64").where(shown)
    # The survey estimate's own design df; n - 1 (one agency, one stratum) without one.
    design_df = table["unit"].map(est["df"]) if "df" in est.columns else np.nan
    table["df"] = pd.Series(design_df, index=table.index, dtype="float64").where(shown)
    table["df"] = np.maximum(table["df"].fillna(table["n"] - 1), 1)
    table["evaluation_status"] = table["unit"].map(total["unit_status"]).fillna("not_submitted")
    table["evaluation_score"] = table["unit"].map(total["score"]).astype("float64")
    headcount = frame.groupby("unit")["jumlah"].sum() if len(frame) else pd.Series(dtype=float)
    has_frame = len(headcount) > 0
    table["headcount"] = table["unit"].map(headcount).astype("float64")
    table["weight_basis"] = "headcount" if has_frame else "respondents"
    size = table["headcount"] if has_frame else table["n"]
    table["size_class"] = size_class(size, size_classes)
    table["w_survey"], table["w_evaluation"] = w_s, w_e
    table["combined"] = w_s * table["survey_index"] + w_e * table["evaluation_score"]
    table["se"] = w_s * table["survey_se"]
    # The province: agencies with a combined index, weighted by headcount (or respondents).
    weight = size.where(table["combined"].notna() & (size > 0))
    inside = weight.notna()
    if inside.any():
        omega = weight[inside] / weight[inside].sum()
        part = table[inside]
        province = {
            "unit": PROVINCE, "unit_label": PROVINCE,
            "headcount": float(table.loc[inside, "headcount"].sum()) if has_frame else np.nan,
            "weight_basis": table["weight_basis"].iloc[0], "size_class": pd.NA,
            "survey_status": "published", "evaluation_status": "scored",
            "n": float(part["n"].sum()),
            "survey_index": float((omega * part["survey_index"]).sum()),
            "survey_se": float(np.sqrt((omega**2 * part["survey_se"] ** 2).sum())),
            "evaluation_score": float((omega * part["evaluation_score"]).sum()),
            "w_survey": w_s, "w_evaluation": w_e,
            "combined": float((omega * part["combined"]).sum()),
            "agencies": int(inside.sum()),
            "coverage": float(weight[inside].sum() / size[size > 0].sum()),
        }  # fmt: skip
        province["se"] = w_s * province["survey_se"]
        province["df"] = max(province["n"] - province["agencies"], 1)  # n - H
        table = pd.concat([pd.DataFrame([province]), table], ignore_index=True)
    tq = stats.t.ppf(0.5 + confidence / 2, table["df"].astype("float64"))
    table["ci_low"] = table["combined"] - tq * table["se"]
    table["ci_high"] = table["combined"] + tq * table["se"]
    table["category"] = categorize(table["combined"], bands)  # on the published value
    table["year"] = int(year)
    table["n"] = table["n"].astype("Int64")
    table["headcount"] = table["headcount"].round().astype("Int64")
    table["agencies"] = table.get("agencies", pd.Series(np.nan, index=table.index)).astype("Int64")
    return table[COMBINED_COLUMNS]


# --------------------------------------------------------------------------- awards
def rank_probabilities(
    mean: np.ndarray, se: np.ndarray, k: int, draws: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """P(rank 1) and P(rank <= k) of each agency under its sampling distribution.

    Each draw takes ``C_i* = C_i + se_i Z_i`` with independent ``Z_i ~ N(0, 1)`` (the agencies'
    survey estimates are independent strata) and ranks the draws (1 = highest); the
    probabilities are the shares of ``draws`` draws. All draws are one array operation. The
    Monte Carlo standard error of a share ``p`` is ``sqrt(p (1 - p) / draws) <= 0.5 /
    sqrt(draws)``. For two agencies, ``P(A first) = Phi((C_A - C_B) / sqrt(se_A^2 + se_B^2))``.
    """
    mean = np.asarray(mean, dtype="float64")
    se = np.asarray(se, dtype="float64")
    sims = mean[None, :] + se[None, :] * rng.standard_normal((draws, mean.size))
    rank = np.argsort(np.argsort(-sims, axis=1, kind="stable"), axis=1, kind="stable") + 1
    return (rank == 1).mean(axis=0), (rank <= k).mean(axis=0)


def holm(p: np.ndarray) -> np.ndarray:
    """Holm's (1979) step-down adjusted p-values: ``p_(i) (m - i + 1)``, made monotone."""
    p = np.asarray(p, dtype="float64")
    order = np.argsort(p, kind="stable")
    m = p.size
    adjusted = np.minimum(1.0, np.maximum.accumulate(p[order] * (m - np.arange(m))))
    out = np.empty(m)
    out[order] = adjusted
    return out


def rank_awards(
    combined: pd.DataFrame,
    *,
    size_classes: list[dict],
    k: int = 3,
    draws: int = 40_000,
    seed: int = 20250116,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """``penghargaan.csv``: agencies ranked by combined index within each size class.

    ``rank`` is the rank of the point estimate (1 = highest; ties share the best rank);
    ``candidate`` marks ranks <= ``k``. ``p_first`` and ``p_top_k`` come from
    :func:`rank_probabilities` (normal sampling distribution with the combined index's se,
    ``draws`` draws, a generator seeded with ``(seed, year, class position)``, so one class's
    agencies do not change another's draws); ``mc_se_max = 0.5 / sqrt(draws)`` bounds the Monte
    Carlo error of every probability and must be below 0.005.

    Indistinguishable from the first: for every other agency ``i`` of the class, a one-sided z
    test of ``H0: C_first <= C_i`` with ``z = (C_first - C_i) / sqrt(se_first^2 + se_i^2)``,
    ``p = 1 - Phi(z)``, Holm-adjusted across the class (so "the first is ahead of X" is claimed
    for all X together at level ``alpha``); ``indistinguishable_from_first`` when the adjusted
    p >= ``alpha``. The first itself (and any tie with it) is in the group. A report should
    name this group rather than a single winner when it has more than one member.
    """
    if 0.5 / np.sqrt(draws) >= MC_ERROR_LIMIT:
        raise BudayaKerjaError(
            message("evaluation.draws", draws=draws, error=f"{0.5 / np.sqrt(draws):.4f}",
                    needed=int((0.5 / MC_ERROR_LIMIT) ** 2))
        )  # fmt: skip
    rows = combined[(combined["unit"] != PROVINCE) & combined["combined"].notna()]
    ordered = sorted(size_classes, key=lambda c: c["min"])
    bounds = {c["name"]: (c["min"], nxt["min"] - 1 if nxt else np.nan)
              for c, nxt in zip(ordered, [*ordered[1:], None], strict=True)}  # fmt: skip
    parts = []
    for position, spec in enumerate(size_classes):
        part = rows[rows["size_class"] == spec["name"]].copy()
        if part.empty:
            continue
        year = int(part["year"].iloc[0])
        rng = np.random.default_rng([int(seed), year, position])
        mean = part["combined"].to_numpy(dtype="float64")
        se = part["se"].to_numpy(dtype="float64")
        part["p_first"], part["p_top_k"] = rank_probabilities(mean, se, k, draws, rng)
        part["rank"] = pd.Series(-mean, index=part.index).rank(method="min").astype("int64")
        lead = mean.max()
        se_lead = se[mean == lead].max()
        with np.errstate(divide="ignore", invalid="ignore"):
            z = (lead - mean) / np.sqrt(se_lead**2 + se**2)
        p = np.where(mean == lead, 1.0, stats.norm.sf(np.where(np.isfinite(z), z, np.inf)))
        others = mean < lead
        adjusted = np.ones_like(p)
        adjusted[others] = holm(p[others]) if others.any() else []
        part["p_vs_first"] = np.where(others, p, np.nan)
        part["p_vs_first_holm"] = np.where(others, adjusted, np.nan)
        part["indistinguishable_from_first"] = ~others | (adjusted >= alpha)
        part["candidate"] = part["rank"] <= k
        part["size_min"], part["size_max"] = bounds[spec["name"]]
        parts.append(part.sort_values(["rank", "unit"], kind="stable"))
    if not parts:
        return pd.DataFrame(columns=AWARD_COLUMNS)
    table = pd.concat(parts, ignore_index=True)
    table["k"], table["draws"] = int(k), int(draws)
    table["mc_se_max"] = 0.5 / np.sqrt(draws)
    for col in ("size_min", "size_max", "headcount"):
        table[col] = pd.to_numeric(table[col]).round().astype("Int64")
    return table[AWARD_COLUMNS]


# --------------------------------------------------------------------------- analysis
def fisher_interval(r: float, n: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Interval for a Pearson correlation by Fisher's z (Fisher 1921):
    ``tanh(atanh(r) -+ z_{1-a/2} / sqrt(n - 3))``; NaN when n < 4."""
    if n < 4 or not np.isfinite(r):
        return np.nan, np.nan
    z = np.arctanh(np.clip(r, -0.999999999, 0.999999999))
    half = stats.norm.ppf(0.5 + confidence / 2) / np.sqrt(n - 3)
    return float(np.tanh(z - half)), float(np.tanh(z + half))


def ols_hc3(x: np.ndarray, y: np.ndarray, confidence: float = CONFIDENCE) -> dict:
    """OLS of ``y = a + b x`` with the HC3 heteroskedasticity-consistent standard error of b
    (MacKinnon & White 1985; Long & Ervin 2000 recommend it for small n)::

        V = (X'X)^-1 X' diag(e_i^2 / (1 - h_ii)^2) X (X'X)^-1

    with residuals ``e`` and leverages ``h_ii``; t interval and two-sided p with n - 2 df
    (statsmodels ``OLS(...).fit(cov_type="HC3", use_t=True)``)."""
    import statsmodels.api as sm

    fit = sm.OLS(np.asarray(y, float), sm.add_constant(np.asarray(x, float))).fit(
        cov_type="HC3", use_t=True
    )
    low, high = fit.conf_int(alpha=1 - confidence)[1]
    return {"intercept": float(fit.params[0]), "slope": float(fit.params[1]),
            "slope_se": float(fit.bse[1]), "slope_ci_low": float(low),
            "slope_ci_high": float(high), "slope_p": float(fit.pvalues[1])}  # fmt: skip


def relate(
    evaluation: pd.DataFrame,
    estimates: pd.DataFrame,
    comparison: pd.DataFrame | None,
    *,
    year: int,
    year0: int | None = None,
    confidence: float = CONFIDENCE,
) -> pd.DataFrame:
    """``evaluation_relation.csv``: does more implementation go with a better culture?

    Across agencies with an evaluation total ``E`` and a published survey index ``S``: the
    Pearson correlation of ``E`` with ``S`` (outcome ``survey_index``) and with the change of
    the index since ``year0`` (outcome ``change_index``, the tested differences of
    ``comparison/<year0>-<year>.csv``), with a Fisher-z interval, and the OLS slope (index
    points per evaluation point) with an HC3 standard error (:func:`ols_hc3`). Agencies are the
    units of analysis, unweighted. This is observational: agencies that implement more may
    differ in other ways (size, leadership, the survey itself prompting activity), so a
    slope is an association, not the effect of implementation. Fewer than 4 agencies give no
    estimate (``note``).
    """
    total = evaluation[(evaluation["component"] == TOTAL) & evaluation["score"].notna()
                       & (evaluation["unit"] != PROVINCE)]  # fmt: skip
    e = total.set_index("unit")["score"].astype("float64")
    est = estimates[(estimates["year"].astype(int) == int(year))
                    & (estimates["group_by"] == "unit") & (estimates["measure"] == INDEX)]  # fmt: skip
    shown = est[~as_bool(est["suppressed"])]
    outcomes = {"survey_index": shown.set_index(shown["group"].astype(str))["estimate"]}
    if comparison is not None and len(comparison):
        tested = as_bool(comparison["tested"])
        rows = comparison[(comparison["group_by"] == "unit") & (comparison["measure"] == INDEX)
                          & tested]  # fmt: skip
        outcomes["change_index"] = rows.set_index(rows["group"].astype(str))["diff"]
    else:
        outcomes["change_index"] = pd.Series(dtype="float64")
    out = []
    for name, y in outcomes.items():
        pair = pd.concat([e.rename("x"), y.astype("float64").rename("y")], axis=1).dropna()
        row = {"year": int(year), "outcome": name, "n": len(pair), "note": "",
               "year0": year0 if name == "change_index" else pd.NA}  # fmt: skip
        if len(pair) < 4 or pair["x"].std() == 0 or pair["y"].std() == 0:
            row["note"] = "fewer than 4 agencies" if len(pair) < 4 else "no variation"
        else:
            r = float(np.corrcoef(pair["x"], pair["y"])[0, 1])
            row["r"] = r
            row["r_ci_low"], row["r_ci_high"] = fisher_interval(r, len(pair), confidence)
            row.update(ols_hc3(pair["x"], pair["y"], confidence))
        out.append(row)
    table = pd.DataFrame(out).reindex(columns=RELATION_COLUMNS)
    table["year0"] = table["year0"].astype("Int64")
    return table


def self_assessment_gap(criteria: pd.DataFrame, rubric: Rubric, year: int) -> pd.DataFrame:
    """``evaluation_gap.csv``: where self-assessment overstates the verified answer.

    Over the criteria of scored agencies where both the self-assessed and the verified answer
    are valid (a missing, invalid or unverified answer has nothing to compare), the gap of a
    criterion is ``100 (self - verified)`` in percentage points of its maximum. Per criterion,
    component and agency (``level``): ``n`` pairs, the mean self-assessed and verified scores
    (percent), their mean gap and the shares of pairs where the self-assessment is higher
    (``share_over``) or lower. Rows within a level run from the largest overstatement down.
    The evaluation is a census, so these are descriptions, without sampling error.
    """
    valid = (criteria["unit_status"] == "scored") & criteria["self_score"].notna() & (
        criteria["reason_code"].fillna("").isin(["", "evidence_missing"])
    ) & (criteria["status"] != "missing")  # fmt: skip
    pairs = criteria[valid].assign(
        self_p=lambda d: 100 * d["self_score"].astype(float),
        ver_p=lambda d: 100 * d["verified_score"].astype(float),
    )
    pairs["gap"] = pairs["self_p"] - pairs["ver_p"]
    pairs["over"] = pairs["gap"] > 1e-9
    pairs["under"] = pairs["gap"] < -1e-9
    component_of = rubric.criteria.set_index("code")["component"]
    pairs["component"] = pairs["criterion"].map(component_of)
    parts = []
    pairs["all"] = PROVINCE
    levels = (("all", "all"), ("criterion", "criterion"), ("component", "component"),
              ("unit", "unit"))  # fmt: skip
    for level, key in levels:
        g = pairs.groupby(key).agg(n=("gap", "size"), self_percent=("self_p", "mean"),
                                   verified_percent=("ver_p", "mean"), gap=("gap", "mean"),
                                   share_over=("over", "mean"), share_under=("under", "mean"))  # fmt: skip
        g = g.reset_index().rename(columns={key: "key"})
        g["level"] = level
        g["component"] = (g["key"].map(component_of) if level == "criterion"
                          else g["key"] if level == "component" else pd.NA)  # fmt: skip
        parts.append(g.sort_values(["gap", "key"], ascending=[False, True], kind="stable"))
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    table["year"] = int(year)
    return table.reindex(columns=GAP_COLUMNS)
