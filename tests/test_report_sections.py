"""Report sections built from the validity, programme, target and weighting tables (each a
hand-made table of the pipeline's columns, set in the small survey's report)."""

import re
from types import SimpleNamespace

import pandas as pd
import pytest

from budaya_kerja.report import (
    change,
    methods,
    recommendations,
    reliability,
    sentences,
    summary,
    tables,
)
from budaya_kerja.report.inputs import Report
from budaya_kerja.settings import Instrument
from budaya_kerja.stats.targets import track_target
from budaya_kerja.text import format_number

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


def test_methods_of_an_anonymous_survey_say_so_and_name_no_nip(base, config):
    keyed = " ".join(methods.methods_chapter(report(base, config))["paragraphs"])
    assert "HMAC" in keyed and "anonim" not in keyed
    quality = {**base.quality, "anonymous": True,
               "flags": {**base.quality["flags"], "duplicate": 3}}  # fmt: skip
    comparison = base.comparison.assign(linkage="anonymous", n_matched=0)
    tables_ = year_tables_from(base, quality=quality, comparison=comparison)
    for lang, words in (("id", ("survei ini anonim", "3 ditandai dan tidak diestimasi",
                                "sampel independen")),
                        ("en", ("survey was anonymous", "3 flagged and left out",
                                "independent samples"))):  # fmt: skip
        text = " ".join(methods.methods_chapter(Report(2025, tables_, config, lang))["paragraphs"])
        assert all(w in text for w in words), (lang, text)
        for keyed_word in ("HMAC", "pseudonymised", "dipseudonimkan", "kunci yang sama",
                           "same key", "18 digit"):  # fmt: skip
            assert keyed_word not in text, (lang, keyed_word)
    # A keyed survey whose comparison links nobody keeps the different-keys sentence.
    unlinked = year_tables_from(base, comparison=base.comparison.assign(n_matched=0))
    text = " ".join(methods.methods_chapter(Report(2025, unlinked, config))["paragraphs"])
    assert "kunci yang sama" in text and "survei ini anonim" not in text


def _with_shifts(sens, shift):
    """``sens`` with every alternative scenario moved ``shift`` × its measure's half-width."""
    sens = sens.copy()
    base = sens[sens["scenario"] == "configured"].set_index("measure")
    half = sens["measure"].map((base["ci_high"] - base["ci_low"]) / 2)
    other = sens["scenario"] != "configured"
    sens.loc[other, "diff"] = shift * half[other]
    sens.loc[other, "estimate"] = sens["measure"].map(base["estimate"])[other] + sens["diff"]
    return sens


def _summary(base, config, sens, lang="id"):
    r = Report(2025, year_tables_from(base, sensitivity=sens), config, lang)
    return summary._respondents_point(r, r.lang)


def test_summary_says_the_method_does_not_matter_only_when_every_shift_is_small(base, config):
    small = _summary(base, config, _with_shifts(base.sensitivity, 0.2))
    assert "Hasil tidak bergantung pada pilihan metode" in small and "peka" not in small
    large = _with_shifts(base.sensitivity, 0.2)
    row = (large["scenario"] == "unweighted") & (large["measure"] == "index")
    configured = large[(large["scenario"] == "configured") & (large["measure"] == "index")].iloc[0]
    half = (configured["ci_high"] - configured["ci_low"]) / 2
    large.loc[row, "diff"] = 2 * half
    large.loc[row, "estimate"] = configured["estimate"] + 2 * half
    text = _summary(base, config, large)
    assert "tidak bergantung" not in text
    assert (f"pergeseran terbesar {format_number(2 * half)} poin pada indeks (tanpa bobot), "
            f"dengan setengah lebar interval kepercayaan {format_number(half)} poin") in text  # fmt: skip
    english = _summary(base, config, large, "en")
    assert "does not depend" not in english
    assert f"the largest shift is {format_number(2 * half, 1, 'en')} points in the index" in english
    assert "(unweighted)" in english


def test_ranking_wording_matches_what_the_report_orders(base, config, instrument):
    from budaya_kerja.figures.units import _unit_matrix
    from budaya_kerja.report.results import units_section

    # The agency heatmap is ordered by the empirical-Bayes index, as the text says.
    _, info, _ = _unit_matrix(base.estimates, instrument, 2025)
    shown = info[~info["hidden"]]
    assert shown["estimate_shrunk"].is_monotonic_decreasing
    assert not shown["estimate"].is_monotonic_decreasing  # a raw order would differ
    awards = pd.DataFrame({"unit": ["A"], "rank": [1]})
    for lang, words, denials in (
        ("id", ("peta panas perangkat daerah diurutkan menurut indeks empiris-Bayes",
                "tidak ada tabel peringkat menurut estimasi langsung", "peluang peringkat"),
         ("tidak diperingkat", "peringkat tidak disajikan")),
        ("en", ("the agency heatmap is ordered by the empirical-Bayes index",
                "no league table of the direct estimates", "rank probabilities"),
         ("are not ranked", "no ranking is shown")),
    ):  # fmt: skip
        with_awards = Report(2025, year_tables_from(base, awards=awards), config, lang)
        text = " ".join(methods.methods_chapter(with_awards)["paragraphs"])
        text += " " + " ".join(units_section(with_awards)["paragraphs"])
        assert all(w in text for w in words), (lang, text)
        assert not any(w in text for w in denials), lang
        without = " ".join(methods.methods_chapter(Report(2025, base, config, lang))["paragraphs"])
        assert words[0] in without and words[2] not in without


def test_behaviours_name_the_most_improved_and_declined_items(base, processed, config):
    from budaya_kerja.report.behaviours import findings_section

    f = base.item_findings
    improved = f[f["movement"] == "improved"].sort_values("movement_rank")["item"].tolist()
    declined = f[f["movement"] == "declined"].sort_values("movement_rank")["item"].tolist()
    assert improved and declined  # the generated survey has both
    for lang, lead, then in (("id", "Dibandingkan 2024, perilaku yang paling meningkat: ",
                              "; yang paling menurun: "),
                             ("en", "Compared with 2024, the most improved behaviours: ",
                              "; the most declined: ")):  # fmt: skip
        r = Report(2025, base, config, lang)
        text = [p for p in findings_section(r)["paragraphs"] if p.startswith(lead)]
        assert len(text) == 1, lang
        up, down = text[0][len(lead) :].split(then)
        codes = re.compile("|".join(f["item"]))
        assert codes.findall(up) == improved and codes.findall(down) == declined
        first = f.set_index("item").loc[improved[0]]
        diff = format_number(first["diff"], 1, lang, sign=True)
        assert f"{improved[0]} “{r.instrument.statements[improved[0]]}” ({diff}; " in up
    # No significant change: said so; a first year (no comparison): nothing about change.
    still = f.assign(movement="", significant=False)
    text = findings_section(report(base, config, item_findings=still))["paragraphs"]
    assert any(p.startswith("Dibandingkan 2024, tidak ada perilaku") for p in text)
    first_year = findings_section(Report(2024, year_tables(processed, 2024), config))
    assert not any("Dibandingkan" in p or "meningkat" in p for p in first_year["paragraphs"])


def test_score_intervals_are_printed_within_the_0_100_scale(base, config):
    from budaya_kerja.io.tables import as_bool
    from budaya_kerja.report.profiles import agency_profile
    from budaya_kerja.report.results import units_section

    prof = base.profiles
    strong = prof[(prof["kind"] == "item") & as_bool(prof["strongest"])].iloc[0]
    code, item = strong["unit"], strong["measure"]
    est = base.estimates.copy()
    at = (est["year"] == 2025) & (est["group_by"] == "unit") & (est["group"] == code)
    est.loc[at & (est["measure"] == item), ["estimate", "ci_low", "ci_high"]] = [
        96.8,
        92.94,
        100.63,
    ]
    est.loc[at & (est["measure"] == "index"), ["ci_low", "ci_high"]] = [-0.4, 100.44]
    r = Report(2025, year_tables_from(base, estimates=est), config)
    page = agency_profile(r, code)
    listed = page["behaviours"]["strongest"]
    assert f"{item} “{r.instrument.statements[item]}”: 96,8 (92,9–100,0)" in listed
    assert ["0,0–100,0"] == [row[2] for row in page["table"]["rows"] if row[0] == "Indeks"]
    assert "0,0–100,0" in page["facts"][0]["note"]
    printed = str(page) + str(units_section(r)["table"])
    for unclipped in ("100,6", "100,4", "−0,4 s.d."):
        assert unclipped not in printed, re.findall(f".{{60}}{unclipped}.{{20}}", printed)
    assert "0,0–100,0" in str(units_section(r)["table"])


def test_every_profile_lists_its_agencys_own_behaviours_and_distances(base, config):
    """The lookups built once for all agencies give each page what its own rows say: the
    strongest behaviours by rank, the weakest from the lowest, and the distance from the
    province per measure (checked against profiles.csv filtered agency by agency)."""
    from budaya_kerja.io.tables import as_bool
    from budaya_kerja.report.profiles import agency_codes, agency_profile

    r = Report(2025, base, config)
    prof = base.profiles
    checked = 0
    for code, _name in agency_codes(r):
        page = agency_profile(r, code)
        if not page["available"]:
            continue
        mine = prof[prof["unit"].astype(str) == code]
        items = mine[mine["kind"] == "item"]
        strongest = items[as_bool(items["strongest"])].sort_values("rank")["measure"]
        weakest = items[as_bool(items["weakest"])].sort_values("rank", ascending=False)["measure"]
        listed = page["behaviours"]
        assert [s.split(" ")[0] for s in listed["strongest"]] == list(strongest), code
        assert [s.split(" ")[0] for s in listed["weakest"]] == list(weakest), code
        by_measure = mine.set_index("measure")
        shown = {row[0]: row[4] for row in page["table"]["rows"]}
        index_row = by_measure.loc["index"]
        diff = format_number(index_row["diff_province"], 1, r.lang, sign=True)
        assert shown[r.t["index"]] == diff, code
        checked += 1
    assert checked >= 5
