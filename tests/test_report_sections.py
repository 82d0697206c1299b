"""Report sections built from the validity, programme, target and weighting tables."""

import pandas as pd

from budaya_kerja.report import change, methods, reliability, summary, tables

VALUES = ["BP", "AK", "KO", "HA", "LO", "AD", "KL"]


def _comparison(diffs: dict, significant: set, mmc=3.0):
    rows = [
        {
            "group_by": "all",
            "group": "all",
            "measure": v,
            "diff": d,
            "tested": True,
            "significant": v in significant,
            "material": abs(d) >= mmc,
        }
        for v, d in diffs.items()
    ]
    return pd.DataFrame(rows)  # fmt: skip


def test_values_change_sentence_groups_values_by_outcome(instrument):
    comp = _comparison({"BP": 5.0, "AK": -2.0, "KO": 0.4, "HA": 0.1, "LO": 0.2, "AD": 7.5,
                        "KL": 0.0}, significant={"BP", "AK", "AD"})  # fmt: skip
    text = summary.values_change_sentence(comp, instrument, 3.0, "id")
    assert (
        "Berorientasi Pelayanan (+5,0) dan Adaptif (+7,5) berubah secara signifikan dan material"
        in text
    )
    assert "Akuntabel (−2,0) berubah signifikan tetapi kurang dari 3 poin" in text
    assert "Kompeten (+0,4)" in text and "tidak berubah secara signifikan" in text
    none_sig = _comparison(dict.fromkeys(VALUES, 0.5), significant=set())
    assert "signifikan dan material" not in summary.values_change_sentence(
        none_sig, instrument, 3.0
    )


def test_programme_sentence_and_section():
    table = pd.DataFrame({
        "programme": ["podcast", "seminar", "workshop"], "kind": ["effect"] * 3,
        "year0": [2024] * 3, "year1": [2025] * 3, "n_participants": [22, 15, 11],
        "n_others": [22, 29, 33], "effect": [0.6, -0.5, 5.5], "se": [0.9, 1.0, 1.2],
        "ci_low": [-1.2, -2.5, 3.1], "ci_high": [2.4, 1.6, 7.9], "p": [0.53, 0.65, 3e-5],
        "p_adj": [1.0, 1.0, 9e-5],
        "method": ["x"] * 3, "note": [""] * 3,
    })  # fmt: skip
    text = summary.programme_sentence(table, 2025)
    assert "workshop (+5,5)" in text and "podcast dan seminar" in text
    assert summary.programme_sentence(table, 2026) == ""
    # A failed pre-trend check is flagged beside the effect.
    pre = table.iloc[[2]].assign(kind="pre-trend", year0=2023, year1=2024, p=0.01)
    flagged = summary.programme_sentence(pd.concat([table, pre]), 2025)
    assert "workshop (+5,5) — tren awal tidak paralel" in flagged
    section = change.programme_section(table, 2025)
    assert len(section["tables"][0]["rows"]) == 3 and "tren paralel" in section["paragraphs"][0]


def test_validity_section_reports_fit_and_invariance():
    rows = [
        {"year": "2025", "analysis": "cfa", "level": "seven-factor", "n": 6655, "cfi": 0.9996,
         "tli": 0.9995, "rmsea": 0.0047, "rmsea_ci_low": 0.0, "rmsea_ci_high": 0.0075,
         "srmr": 0.0064, "estimator": "ML"},
        {"year": "all", "analysis": "invariance", "level": "configural", "chi2": 382.4, "df": 336,
         "cfi": 0.9996, "delta_cfi": None, "rmsea": 0.0046, "srmr": 0.0065, "holds": True},
        {"year": "all", "analysis": "invariance", "level": "scalar", "chi2": 411.2, "df": 364,
         "cfi": 0.97, "delta_cfi": -0.03, "rmsea": 0.0044, "srmr": 0.0072, "holds": False},
    ]  # fmt: skip
    section = reliability.validity_section(pd.DataFrame(rows), 2025, "id")
    assert "CFI 1,000" in section["paragraphs"][0] and "didukung" in section["paragraphs"][0]
    assert "tidak terpenuhi pada tingkat skalar" in section["paragraphs"][1]
    assert section["tables"][0]["rows"][1][-1] == "tidak"


def test_target_section_lists_agencies_below_and_gap_shares(instrument):
    rows = [
        {"group_by": "all", "group": "all", "group_label": "all", "measure": "HA",
         "estimate": 75.0, "status": "below", "needed": 5.0, "p_reach": 0.0, "gap_share": 0.6},
        {"group_by": "all", "group": "all", "group_label": "all", "measure": "AD",
         "estimate": 77.0, "status": "below", "needed": 3.0, "p_reach": 0.0, "gap_share": 0.4},
        {"group_by": "unit", "group": "A", "group_label": "Dinas A", "measure": "index",
         "estimate": 70.0, "status": "below", "needed": 10.0, "p_reach": 0.001, "gap_share": None},
    ]  # fmt: skip
    table = pd.DataFrame(rows).assign(target_low=80, target_high=90, target_year=2025)
    section = change.target_section(table, 2025, instrument, "id")
    assert "1 perangkat daerah" in section["paragraphs"][0]
    assert "Harmonis (60% dari kekurangan)" in section["paragraphs"][1]
    assert section["tables"][0]["rows"][0][:3] == ["Dinas A", "70,0", "10,0"]


def test_weighting_paragraph_names_the_method():
    estimates = pd.DataFrame([{"year": 2025, "group_by": "all", "measure": "index",
                               "deff": 1.05, "n_eff": 6574.0, "estimate": 79.63,
                               "estimate_unweighted": 79.78}])  # fmt: skip
    info = {"method": "raking", "strata": ["jenis_kelamin"], "dropped": {}, "iterations": 4}
    text = methods.weighting_paragraphs(info, estimates, 2025, "id")[0]
    assert "raking" in text and "4 iterasi" in text and "1,05" in text and "6.574" in text
    assert "tanpa bobot 79,78 (berbobot 79,63)" in text


def test_uncertain_category_shows_the_bands_the_interval_spans(config):
    from types import SimpleNamespace

    # The bands come from the estimates table (category_low/high), not recomputed here.
    sure = SimpleNamespace(category="Sehat", category_certain=True, category_low="Sehat",
                           category_high="Sehat")  # fmt: skip
    unsure = SimpleNamespace(category="Sehat", category_certain=False,
                             category_low="Cukup Sehat", category_high="Sehat")  # fmt: skip
    assert tables.category_text(sure, config["bands"]) == "Sehat"
    assert tables.category_text(unsure, config["bands"]) == "Cukup Sehat–Sehat"


def test_target_numbers_come_from_the_pipeline_table():
    table = pd.DataFrame([{"year": 2025, "target_year": 2025, "group_by": "all", "group": "all",
                           "measure": "index", "estimate": 79.6, "distance": -0.4,
                           "needed": 0.4, "p_reach": 0.42, "status": "below",
                           "target_low": 80.0, "target_high": 90.0}])  # fmt: skip
    # The sentence prints target.csv's own numbers (p_reach 42%), never a recomputation.
    text = summary.target_sentence(table, 2025, "id")
    assert "42%" in text and "0,4 poin di bawah" in text
    baseline = table.assign(year=2024, target_year=2025)
    assert "target tahun 2025 adalah 80–90" in summary.target_sentence(baseline, 2024, "id")
    assert summary.target_sentence(None, 2024, "id") == (
        "Belum ada target yang ditetapkan untuk tahun 2024."
    )
