"""Report sections built from the validity, programme, target and weighting tables (each a
hand-made table of the pipeline's columns, set in the small survey's report)."""

from types import SimpleNamespace

import pandas as pd
import pytest

from budaya_kerja.report import change, methods, recommendations, reliability, sentences, tables
from budaya_kerja.report.inputs import Report
from budaya_kerja.settings import Instrument
from budaya_kerja.stats.targets import track_target

from .test_report import year_tables, year_tables_from


@pytest.fixture(scope="module")
def base(processed):
    return year_tables(processed, 2025)


def report(base, config, **changes):
    return Report(2025, year_tables_from(base, **changes), config)


PROGRAMMES = pd.DataFrame({
    "programme": ["podcast", "seminar", "workshop"], "kind": ["effect"] * 3,
    "year0": [2024] * 3, "year1": [2025] * 3, "n_participants": [22, 15, 11],
    "n_others": [22, 29, 33], "effect": [0.6, -0.5, 5.5], "se": [0.9, 1.0, 1.2],
    "ci_low": [-1.2, -2.5, 3.1], "ci_high": [2.4, 1.6, 7.9], "p": [0.53, 0.65, 3e-5],
    "p_adj": [1.0, 1.0, 9e-5], "method": ["x"] * 3, "note": [""] * 3,
    "n_participants_excluded": [0] * 3, "excluded": [""] * 3,
})  # fmt: skip


def test_programme_sentence_and_section(base, config):
    text = sentences.programme_sentence(PROGRAMMES, 2025)
    assert "lokakarya (+5,5" in text and "podcast dan seminar" in text
    assert "tren paralel" in text and "belum dapat diuji" in text
    assert sentences.programme_sentence(PROGRAMMES, 2026) == ""
    # A failed pre-trend check is named in the caveat.
    pre = PROGRAMMES.iloc[[2]].assign(kind="pre-trend", year0=2023, year1=2024, p=0.01)
    flagged = sentences.programme_sentence(pd.concat([PROGRAMMES, pre]), 2025)
    assert "uji tren-awal untuk lokakarya menunjukkan tren yang tidak paralel" in flagged
    section = change.programme_section(report(base, config, programmes=PROGRAMMES))
    assert len(section["tables"][0]["rows"]) == 3 and "tren paralel" in section["paragraphs"][0]
    assert "Semua perangkat daerah" in " ".join(section["paragraphs"])


def test_validity_section_reports_fit_and_invariance(base, config):
    rows = [
        {"year": "2025", "analysis": "cfa", "level": "seven-factor", "n": 6655, "cfi": 0.9996,
         "tli": 0.9995, "rmsea": 0.0047, "rmsea_ci_low": 0.0, "rmsea_ci_high": 0.0075,
         "srmr": 0.0064, "estimator": "ML", "holds": True},
        {"year": "all", "analysis": "invariance", "level": "configural", "chi2": 382.4, "df": 336,
         "cfi": 0.9996, "delta_cfi": None, "rmsea": 0.0046, "srmr": 0.0065, "holds": True},
        {"year": "all", "analysis": "invariance", "level": "scalar", "chi2": 411.2, "df": 364,
         "cfi": 0.97, "delta_cfi": -0.03, "rmsea": 0.0044, "srmr": 0.0072, "holds": False},
    ]  # fmt: skip
    section = reliability.validity_section(report(base, config, validity=pd.DataFrame(rows)))
    assert "CFI 1,000" in section["paragraphs"][0] and "didukung" in section["paragraphs"][0]
    assert "CFI ≥ 0,90 dan RMSEA ≤ 0,08" in section["paragraphs"][0]  # the criteria applied
    assert "tidak terpenuhi pada tingkat skalar" in section["paragraphs"][1]
    assert section["tables"][0]["rows"][1][-1] == "tidak"


def test_target_section_gives_each_values_gain_in_index_points(base, config):
    rows = [
        {"group_by": "all", "group": "all", "group_label": "all", "measure": "index",
         "estimate": 78.0, "status": "below", "needed": 2.0, "p_reach": 0.01, "gap_points": None},
        {"group_by": "all", "group": "all", "group_label": "all", "measure": "HA",
         "estimate": 73.0, "status": "below", "needed": 7.0, "p_reach": 0.0, "gap_points": 1.0},
        {"group_by": "all", "group": "all", "group_label": "all", "measure": "AD",
         "estimate": 77.0, "status": "below", "needed": 3.0, "p_reach": 0.0,
         "gap_points": 3 / 7},
        {"group_by": "unit", "group": "A", "group_label": "Dinas A", "measure": "index",
         "estimate": 70.0, "status": "below", "needed": 10.0, "p_reach": 0.001,
         "gap_points": None},
    ]  # fmt: skip
    table = pd.DataFrame(rows).assign(target_low=80, target_high=90, target_year=2026,
                                      distance=lambda d: d["estimate"] - 80)  # fmt: skip
    section = change.target_section(report(base, config, targets=table))
    assert "1 dari 1 perangkat daerah" in section["paragraphs"][0]
    assert "Harmonis 1,0 poin dan Adaptif 0,4 poin" in section["paragraphs"][-1]
    assert "perlu naik 2,0 poin" in section["paragraphs"][-1]
    assert section["tables"][0]["rows"][0][:3] == ["Dinas A", "70,0", "10,0"]


def test_weighting_paragraph_names_the_method_in_indonesian(base, config):
    info = {"method": "raking", "strata": ["jenis_kelamin"], "dropped": {}, "iterations": 4}
    r = report(base, config, weighting=info)
    text = methods._weighting(r)[0]
    assert "penyesuaian bobot berulang" in text and "4 iterasi" in text
    assert "raking" not in text


def test_uncertain_category_shows_the_bands_the_interval_spans():
    # The bands come from the estimates table (category_low/high), not recomputed here.
    sure = SimpleNamespace(category="Sehat", category_certain=True, category_low="Sehat",
                           category_high="Sehat")  # fmt: skip
    unsure = SimpleNamespace(category="Sehat", category_certain=False,
                             category_low="Cukup Sehat", category_high="Sehat")  # fmt: skip
    assert tables.category_text(sure) == "Sehat"
    assert tables.category_text(unsure) == "Cukup Sehat–Sehat"
    assert tables.category_text(unsure, "en") == "Fairly healthy (Cukup Sehat)–Healthy (Sehat)"


def test_target_numbers_come_from_the_pipeline_table(config):
    table = pd.DataFrame([{"year": 2025, "target_year": 2025, "group_by": "all", "group": "all",
                           "measure": "index", "estimate": 79.6, "distance": -0.4,
                           "needed": 0.4, "p_reach": 0.42, "status": "below",
                           "target_low": 80.0, "target_high": 90.0}])  # fmt: skip
    # The sentence prints target.csv's own numbers (p_reach 42%), never a recomputation,
    # and says the target was set against the ministry's figure (another method).
    text = sentences.target_sentence(table, 2025, config, "id")
    assert "42%" in text and "0,4 poin di bawah" in text and "indikatif" in text
    own = {**config, "report": {**config["report"], "target_basis": "survey"}}
    assert "indikatif" not in sentences.target_sentence(table, 2025, own, "id")
    baseline = table.assign(year=2024, target_year=2025)
    assert "target tahun 2025 adalah 80–90" in sentences.target_sentence(baseline, 2024, config)
    assert sentences.target_sentence(None, 2024, config).startswith(
        "Belum ada target yang ditetapkan untuk tahun 2024."
    )


def test_untested_change_note_is_translated():
    row = {"tested": False, "diff": float("nan"), "note": "n < 10 in 2024"}
    assert sentences.change_sentence(row, 2024, 3.0) == (
        "Perubahan dari tahun 2024 tidak dapat diuji (n < 10 pada 2024)."
    )


def _target_words(r) -> str:
    recs = [
        x["text"] for x in recommendations.recommendations(r, []) if x["basis"] == "tab-targets"
    ]
    return " ".join([*change.target_section(r)["paragraphs"], *recs,
                     sentences.target_sentence(r.tables.targets, r.year, r.config)])  # fmt: skip


def test_an_index_printed_at_the_target_bound_is_never_said_to_need_points(base, config):
    # The index and every value at 79.97 print "80,0": the 2026 target (80-90) is met as
    # published, so no sentence may say the index must rise "0,0 points".
    values = Instrument.from_config(config).value_ids
    est = pd.DataFrame({"year": 2025, "group_by": "all", "group": "all", "group_label": "all",
                        "measure": ["index", *values], "estimate": 79.97, "se": 0.5,
                        "suppressed": False})  # fmt: skip
    targets = track_target(est, 2025, (80, 90), values, target_year=2026)
    words = _target_words(report(base, config, targets=targets))
    assert "perlu naik" not in words and "Pertahankan capaian" in words
    # A target.csv holding the unrounded shortfall (0,03) beside its status: the report
    # follows the status and the printed contributions, not the raw numbers.
    is_index = targets["measure"] == "index"
    stale = targets.assign(needed=targets["needed"].mask(is_index, 0.03),
                           gap_points=targets["gap_points"].mask(~is_index, 0.03 / 7))  # fmt: skip
    words = _target_words(report(base, config, targets=stale))
    assert "perlu naik" not in words and "Pertahankan capaian" in words


def test_a_response_rate_printed_as_50_percent_is_not_below_half(base, config):
    rates = base.response_rates.copy()
    agencies = rates.index[(rates["unit"] != "all") & ~rates["suppressed"].astype(bool)]
    rates.loc[agencies, "rate"] = 0.9
    rates.loc[agencies[0], "rate"] = 0.497  # printed "50%"
    rates.loc[agencies[1], "rate"] = 0.494  # printed "49%"
    r = report(base, config, response_rates=rates)
    assert (
        "dengan 1 perangkat daerah di bawah 50%" in methods.nonresponse_section(r)["paragraphs"][0]
    )
    response = [x["text"] for x in recommendations.recommendations(r, [])
                if x["basis"] == "tab-nonresponse"]  # fmt: skip
    assert len(response) == 1 and "(49%)" in response[0] and "(50%)" not in response[0]


def test_a_significant_change_printed_as_zero_is_neither_a_rise_nor_a_fall(base, config):
    from budaya_kerja.report import results

    values = Instrument.from_config(config).value_ids
    comp = base.comparison.copy()
    headline = (comp.group_by == "all") & comp.measure.isin(values)
    comp.loc[headline, ["tested", "significant", "diff"]] = [True, False, 1.0]
    first = headline & (comp.measure == values[0])
    comp.loc[first, ["significant", "diff"]] = [True, 0.04]  # significant, printed "0,0"
    r = report(base, config, comparison=comp)
    text = " ".join(results.values_section(r)["paragraphs"])
    assert "naik signifikan" not in text and "tidak ada nilai yang berubah signifikan" in text
    assert "0 naik signifikan dan 0 turun signifikan" in " ".join(
        change.comparison_chapter(r)["paragraphs"]
    )
