"""Evaluation statistics: rubric arithmetic by hand, the combined index and its interval, the
award probabilities against a closed form, and the analysis tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml
from scipy import stats

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.io.rubric import load_rubric
from budaya_kerja.io.worksheets import build_workbook, check_files
from budaya_kerja.stats import evaluation as ev

BANDS = [{"min": 75, "code": "A", "label": "Sehat"}, {"min": 50, "code": "B", "label": "Cukup Sehat"},
         {"min": 25, "code": "C", "label": "Tidak Sehat"}, {"min": 0, "code": "D", "label": "Sangat Tidak Sehat"}]  # fmt: skip
CLASSES = [{"name": "kecil", "min": 0}, {"name": "besar", "min": 200}]
MINI = {
    "description": "test",
    "components": [
        {"code": "A", "name": "Komponen A", "weight": 60, "criteria": [
            {"code": "A1", "question": "q", "answer_type": "ya_tidak", "evidence_required": False},
            {"code": "A2", "question": "q", "answer_type": "abcd", "evidence_required": True}]},
        {"code": "B", "name": "Komponen B", "weight": 40, "criteria": [
            {"code": "B1", "question": "q", "answer_type": "abcde", "evidence_required": False},
            {"code": "B2", "question": "q", "answer_type": "persen", "evidence_required": False},
            {"code": "B3", "question": "q", "answer_type": "abc", "evidence_required": False}]},
    ],
}  # fmt: skip
LABELS = {"DINSOS": "Dinas Sosial", "INSP": "Inspektorat", "BKD": "Badan Kepegawaian Daerah"}


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    path = tmp_path_factory.mktemp("rubric") / "evaluasi.yaml"
    path.write_text(yaml.safe_dump(MINI), encoding="utf-8")
    return load_rubric(path)


def scored(tmp_path, mini, units, sheets):
    path = tmp_path / "lke-sintetis.xlsx"
    path.write_bytes(build_workbook(sheets, mini, 2025))
    criteria, _, _ = check_files([str(path)], mini, units, 2025)
    return ev.score_units(criteria, mini, LABELS, 2025).set_index(["unit", "component"])


def sheet(unit, rows):
    return {"title": unit[:20], "unit": unit, "answers": pd.DataFrame(
        rows, columns=["code", "self", "evidence", "verified"], dtype=object)}  # fmt: skip


def test_rubric_arithmetic_by_hand(tmp_path, mini, units):
    table = scored(tmp_path, mini, units, [
        sheet("Dinas Sosial", [("A1", "Ya", "", "Ya"), ("A2", "A", "sk.pdf", "C"),
                               ("B1", "A", "", "B"), ("B2", "60", "", "40"), ("B3", "A", "", "B")]),
        # A2 claims B (0.67) without the required evidence: it scores 0.
        sheet("Inspektorat", [("A1", "Ya", "", "Tidak"), ("A2", "A", "", "B"),
                              ("B1", "C", "", "E"), ("B2", "100", "", "100"), ("B3", "C", "", "C")]),
    ])  # fmt: skip
    # Dinas Sosial: A = 60 (1 + 0.33) / 2 = 39.9; B = 40 (0.75 + 0.4 + 0.5) / 3 = 22.0.
    assert table.loc[("DINSOS", "A"), "score"] == pytest.approx(39.9)
    assert table.loc[("DINSOS", "B"), "score"] == pytest.approx(22.0)
    assert table.loc[("DINSOS", "total"), "score"] == pytest.approx(61.9)
    assert table.loc[("DINSOS", "A"), "percent"] == pytest.approx(66.5)
    # Self-assessed: A = 60 (1 + 1) / 2 = 60; B = 40 (1 + 0.6 + 1) / 3 = 34.667.
    assert table.loc[("DINSOS", "total"), "self_score"] == pytest.approx(60 + 40 * 2.6 / 3)
    # Inspektorat: A2's verified B (0.67) has no evidence -> 0; A = 60 (0 + 0) / 2 = 0, while
    # the verified score keeps 60 (0 + 0.67) / 2 = 20.1. B = 40 (0 + 1 + 0) / 3 = 13.333.
    assert table.loc[("INSP", "A"), "score"] == 0
    assert table.loc[("INSP", "A"), "verified_score"] == pytest.approx(20.1)
    assert table.loc[("INSP", "total"), "score"] == pytest.approx(40 / 3)
    assert table.loc[("INSP", "A"), "evidence_completeness"] == 0
    assert table.loc[("DINSOS", "A"), "evidence_completeness"] == 1
    assert table.loc[("INSP", "total"), "n_quarantined"] == 1
    # The province rows: the unweighted mean of the two agencies.
    assert table.loc[("all", "total"), "score"] == pytest.approx((61.9 + 40 / 3) / 2)
    assert table.loc[("all", "total"), "agencies"] == 2
    # An agency without a worksheet is listed with no score.
    assert table.loc[("BKD", "total"), "unit_status"] == "not_submitted"
    assert np.isnan(table.loc[("BKD", "total"), "score"])


def estimates(rows):
    est = pd.DataFrame(rows, columns=["group", "estimate", "se", "n", "suppressed"])
    return est.assign(year=2025, group_by="unit", measure="index")


def evaluation_totals(scores: dict):
    return pd.DataFrame([{"year": 2025, "unit": u, "unit_label": LABELS.get(u, u), "component": "total",
                          "unit_status": "scored" if np.isfinite(s) else "not_submitted",
                          "score": s} for u, s in scores.items()])  # fmt: skip


def combine(evaluation, est, frame, **kw):
    return ev.combine(evaluation, est, frame, year=2025,
                      weights={"survey": 0.8, "evaluation": 0.2}, bands=BANDS,
                      size_classes=CLASSES, unit_labels=LABELS, **kw).set_index("unit")  # fmt: skip


def test_combined_index_interval_and_province_by_hand():
    est = estimates([("DINSOS", 80.0, 1.5, 50, False), ("INSP", 70.0, 2.0, 20, False),
                     ("BKD", np.nan, np.nan, np.nan, True)])  # fmt: skip
    frame = pd.DataFrame({"unit": ["DINSOS", "INSP", "INSP", "BKD"], "jumlah": [100, 200, 100, 50]})
    out = combine(evaluation_totals({"DINSOS": 60.0, "INSP": 90.0, "BKD": 50.0}), est, frame)
    d = out.loc["DINSOS"]
    assert d["combined"] == pytest.approx(0.8 * 80 + 0.2 * 60)  # 76
    assert d["se"] == pytest.approx(0.8 * 1.5)  # only the survey part carries sampling error
    half = stats.t.ppf(0.975, 49) * 1.2
    assert (d["ci_low"], d["ci_high"]) == pytest.approx((76 - half, 76 + half))
    assert d["category"] == "Sehat" and d["size_class"] == "kecil"
    # Suppressed survey: no combined index, but the evaluation score is published.
    b = out.loc["BKD"]
    assert np.isnan(b["combined"]) and np.isnan(b["survey_index"]) and b["evaluation_score"] == 50
    assert b["survey_status"] == "suppressed"
    # Province: headcount weights 100/400 and 300/400 over the agencies with a combined index.
    p = out.loc["all"]
    assert p["combined"] == pytest.approx(0.25 * 76 + 0.75 * 74)
    se = 0.8 * np.sqrt(0.25**2 * 1.5**2 + 0.75**2 * 2.0**2)
    assert p["se"] == pytest.approx(se)
    # The design's df: 70 respondents less 2 agencies (strata), as every interval (n - H).
    assert p["df"] == 68
    assert p["ci_high"] - p["combined"] == pytest.approx(stats.t.ppf(0.975, 68) * se)
    assert p["combined"] == pytest.approx(0.8 * p["survey_index"] + 0.2 * p["evaluation_score"])
    assert p["agencies"] == 2 and p["coverage"] == pytest.approx(400 / 450)
    assert out.loc["INSP", "size_class"] == "besar"


def test_agency_interval_uses_the_estimates_design_df():
    est = estimates([("DINSOS", 80.0, 1.5, 50, False), ("INSP", 70.0, 2.0, 20, False)])
    est["df"] = [45.0, 19.0]  # as estimates.csv gives them (respondents less strata)
    out = combine(evaluation_totals({"DINSOS": 60.0, "INSP": 90.0}), est,
                  pd.DataFrame(columns=["unit", "jumlah"]))  # fmt: skip
    assert out.loc["DINSOS", "df"] == 45 and out.loc["all", "df"] == 70 - 2
    half = stats.t.ppf(0.975, 45) * 0.8 * 1.5
    assert out.loc["DINSOS", "ci_high"] - out.loc["DINSOS", "combined"] == pytest.approx(half)


def test_category_is_decided_on_the_printed_value():
    est = estimates([("DINSOS", 81.2, 1.0, 50, False)])
    out = combine(
        evaluation_totals({"DINSOS": 49.99}), est, pd.DataFrame(columns=["unit", "jumlah"])
    )
    assert out.loc["DINSOS", "combined"] == pytest.approx(74.958)  # prints as 75,0
    assert out.loc["DINSOS", "category"] == "Sehat"
    assert out.loc["DINSOS", "weight_basis"] == "respondents"


def test_a_year_without_evaluation_has_an_empty_table_with_the_columns():
    out = ev.combine(None, estimates([]), pd.DataFrame(), year=2024, weights={"survey": 0.8,
                     "evaluation": 0.2}, bands=BANDS, size_classes=CLASSES)  # fmt: skip
    assert out.empty and list(out.columns) == ev.COMBINED_COLUMNS
    awards = ev.rank_awards(out, size_classes=CLASSES)
    assert awards.empty and list(awards.columns) == ev.AWARD_COLUMNS


def test_weights_must_sum_to_one(english):
    with pytest.raises(BudayaKerjaError, match=r"evaluation/weights: survey 0.7 \+ evaluation 0.2"):
        ev.check_weights({"survey": 0.7, "evaluation": 0.2})


def award_rows(rows):
    table = pd.DataFrame(rows, columns=["unit", "combined", "se", "size_class"])
    table["unit_label"], table["year"], table["headcount"] = table["unit"], 2025, 50
    table["ci_low"], table["ci_high"] = table["combined"] - 2, table["combined"] + 2
    return table


def test_award_probability_matches_the_closed_form_for_two_agencies():
    rows = award_rows([("A", 80.0, 1.0, "kecil"), ("B", 79.0, 1.5, "kecil")])
    out = ev.rank_awards(rows, size_classes=CLASSES, k=1, draws=40_000, seed=1).set_index("unit")
    closed = stats.norm.cdf((80 - 79) / np.sqrt(1.0**2 + 1.5**2))  # 0.7105
    tolerance = 4 * np.sqrt(closed * (1 - closed) / 40_000)  # four Monte Carlo SEs (0.009)
    assert out.loc["A", "p_first"] == pytest.approx(closed, abs=tolerance)
    assert out.loc["B", "p_first"] == pytest.approx(1 - closed, abs=tolerance)
    assert out.loc["A", "p_top_k"] == out.loc["A", "p_first"]
    assert out.loc["A", "mc_se_max"] == pytest.approx(0.0025) and out.loc["A", "mc_se_max"] < 0.005
    # One-sided test of the difference: z = 1 / sqrt(3.25), p = 0.29 -> not distinguishable.
    assert out.loc["B", "p_vs_first"] == pytest.approx(stats.norm.sf(1 / np.sqrt(3.25)))
    assert out.loc["B", "indistinguishable_from_first"] and out.loc["A", "rank"] == 1


def test_indistinguishable_group_uses_holm_within_the_class():
    rows = award_rows([("A", 80.0, 1.0, "kecil"), ("B", 79.0, 1.5, "kecil"),
                       ("C", 76.2, 1.0, "kecil"), ("D", 60.0, 1.0, "besar")])  # fmt: skip
    out = ev.rank_awards(rows, size_classes=CLASSES, k=2, draws=20_000, seed=3).set_index("unit")
    p_b = stats.norm.sf(1 / np.sqrt(3.25))
    p_c = stats.norm.sf(3.8 / np.sqrt(2))  # 0.0036
    assert out.loc["C", "p_vs_first_holm"] == pytest.approx(2 * p_c)  # the smallest p x 2
    assert out.loc["B", "p_vs_first_holm"] == pytest.approx(max(2 * p_c, p_b))
    assert list(out["indistinguishable_from_first"]) == [True, True, False, True]
    assert list(out["candidate"]) == [True, True, False, True]
    # Every agency of a class is in the top k with total probability k.
    assert out.loc[["A", "B", "C"], "p_top_k"].sum() == pytest.approx(2)
    # D is alone in its class: first for sure; the class has no upper size bound.
    assert out.loc["D", "p_first"] == 1
    assert pd.isna(out.loc["D", "size_max"])
    again = ev.rank_awards(rows, size_classes=CLASSES, k=2, draws=20_000, seed=3)
    assert again.set_index("unit")["p_top_k"].equals(out["p_top_k"])


def test_too_few_draws_are_refused(english):
    with pytest.raises(BudayaKerjaError, match="Monte Carlo error up to 0.0050"):
        ev.rank_awards(award_rows([("A", 1.0, 1.0, "kecil")]), size_classes=CLASSES, draws=10_000)


def test_holm_adjustment():
    assert ev.holm(np.array([0.01, 0.04, 0.03])) == pytest.approx([0.03, 0.06, 0.06])


def test_relation_correlation_fisher_interval_and_hc3_slope():
    rng = np.random.default_rng(5)
    units = [f"U{i}" for i in range(30)]
    x = rng.uniform(30, 90, 30)
    y = 60 + 0.2 * x + rng.normal(0, 2 + 0.05 * x, 30)
    evaluation = evaluation_totals(dict(zip(units, x, strict=True)))
    est = estimates([(u, v, 1.0, 40, False) for u, v in zip(units, y, strict=True)])
    comparison = pd.DataFrame({"group_by": "unit", "group": units, "measure": "index",
                               "diff": y - 75, "tested": [True] * 29 + [False]})  # fmt: skip
    out = ev.relate(evaluation, est, comparison, year=2025, year0=2024).set_index("outcome")
    r = np.corrcoef(x, y)[0, 1]
    assert out.loc["survey_index", "r"] == pytest.approx(r)
    half = stats.norm.ppf(0.975) / np.sqrt(27)
    assert out.loc["survey_index", "r_ci_low"] == pytest.approx(np.tanh(np.arctanh(r) - half))
    # HC3 by hand: (X'X)^-1 X' diag(e^2 / (1 - h)^2) X (X'X)^-1.
    X = np.column_stack([np.ones(30), x])
    bread = np.linalg.inv(X.T @ X)
    beta = bread @ X.T @ y
    e = y - X @ beta
    h = np.einsum("ij,jk,ik->i", X, bread, X)
    V = bread @ (X.T * (e**2 / (1 - h) ** 2)) @ X @ bread
    assert out.loc["survey_index", "slope"] == pytest.approx(beta[1])
    assert out.loc["survey_index", "slope_se"] == pytest.approx(np.sqrt(V[1, 1]))
    tq = stats.t.ppf(0.975, 28)
    assert out.loc["survey_index", "slope_ci_high"] == pytest.approx(
        beta[1] + tq * np.sqrt(V[1, 1])
    )
    assert out.loc["change_index", "n"] == 29 and out.loc["change_index", "year0"] == 2024
    none = ev.relate(evaluation.head(3), est, None, year=2025).set_index("outcome")
    assert none.loc["survey_index", "note"] == "fewer than 4 agencies"
    assert np.isnan(none.loc["change_index", "r"])


def test_self_assessment_gap_by_hand(mini):
    criteria = pd.DataFrame({
        "unit": ["X", "X", "Y", "Y", "Y"], "unit_status": "scored",
        "criterion": ["A1", "A2", "A1", "A2", "B1"], "status": "scored",
        "reason_code": ["", "", "", "evidence_missing", "answer_invalid"],
        "self_score": [1.0, 1.0, 1.0, 0.67, 1.0], "verified_score": [0.0, 0.67, 1.0, 0.33, 0.0],
    })  # fmt: skip
    out = ev.self_assessment_gap(criteria, mini, 2025).set_index(["level", "key"])
    # Pairs: X/A1 +100, X/A2 +33, Y/A1 0, Y/A2 +34 (evidence rule aside); Y/B1 has no verified
    # answer to compare.
    assert out.loc[("all", "all"), "n"] == 4
    assert out.loc[("all", "all"), "gap"] == pytest.approx((100 + 33 + 0 + 34) / 4)
    assert out.loc[("criterion", "A1"), "gap"] == pytest.approx(50)
    assert out.loc[("criterion", "A1"), "share_over"] == 0.5
    assert out.loc[("unit", "X"), "gap"] == pytest.approx((100 + 33) / 2)
    assert list(out.loc["criterion"].index) == ["A1", "A2"]  # largest overstatement first


def test_flags_read_back_as_text_are_not_truthy(tmp_path, mini, units):
    """Criteria, estimates and comparison whose flags were read as text ("True"/"False", and
    "1.0"/"0.0" for a flag column with blanks read as numbers) give the typed results."""
    path = tmp_path / "lke-sintetis.xlsx"
    path.write_bytes(build_workbook([
        sheet("Dinas Sosial", [("A1", "Ya", "", "Ya"), ("A2", "A", "sk.pdf", "C"),
                               ("B1", "A", "", "B"), ("B2", "60", "", "40"), ("B3", "A", "", "B")]),
        sheet("Inspektorat", [("A1", "Ya", "", "Tidak"), ("A2", "A", "", "B"),
                              ("B1", "C", "", "E"), ("B2", "100", "", "100"), ("B3", "C", "", "C")]),
    ], mini, 2025))  # fmt: skip
    criteria, _, _ = check_files([str(path)], mini, units, 2025)
    flags = ["evidence_required", "has_evidence"]
    assert not criteria["has_evidence"].all() and not criteria["evidence_required"].all()
    text = criteria.assign(**{f: criteria[f].astype(str) for f in flags})
    typed = ev.score_units(criteria, mini, LABELS, 2025)
    pd.testing.assert_frame_equal(ev.score_units(text, mini, LABELS, 2025), typed)
    # relate: a suppressed agency and an untested change, flags as numbers read back as text
    rng = np.random.default_rng(1)
    names = [f"U{i}" for i in range(12)]
    evaluation = evaluation_totals(dict(zip(names, rng.uniform(30, 90, 12), strict=True)))
    est = estimates([(u, v, 1.0, 40, u == "U0") for u, v in zip(names, rng.normal(75, 5, 12),
                                                                  strict=True)])  # fmt: skip
    comparison = pd.DataFrame({"group_by": "unit", "group": names, "measure": "index",
                               "diff": rng.normal(0, 2, 12), "tested": [True] * 11 + [False]})  # fmt: skip
    as_numbers = {"suppressed": est["suppressed"].astype(float).astype(str)}
    est_text = est.assign(**as_numbers)
    comparison_text = comparison.assign(tested=comparison["tested"].astype(float).astype(str))
    assert set(est_text["suppressed"]) == {"1.0", "0.0"}
    out = ev.relate(evaluation, est_text, comparison_text, year=2025, year0=2024)
    pd.testing.assert_frame_equal(out, ev.relate(evaluation, est, comparison, year=2025,
                                                 year0=2024))  # fmt: skip
    assert out.set_index("outcome").loc["survey_index", "n"] == 11
