"""The evaluation chapter: formatted from the tables, honest about rankings, laid out by Typst;
and its figures."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest

from budaya_kerja.figures import evaluation as figures_evaluasi
from budaya_kerja.io import worksheets
from budaya_kerja.io.rubric import load_rubric
from budaya_kerja.report import evaluation as report_evaluasi
from budaya_kerja.settings import REPO_ROOT
from budaya_kerja.stats import evaluation
from budaya_kerja.text import format_interval, format_number

from .exports import pdf_text

RAW = REPO_ROOT / "data" / "contoh" / "2025"
TEMPLATE = REPO_ROOT / "src" / "budaya_kerja" / "report" / "templates" / "evaluasi.typ"


@pytest.fixture(scope="module")
def rubric():
    return load_rubric(REPO_ROOT / "config" / "evaluasi.yaml")


@pytest.fixture(scope="module")
def tables(config, rubric, units):
    """The evaluation tables of the shipped worksheets, with generated survey estimates (one
    agency suppressed) in place of the survey pipeline's."""
    paths = sorted(str(p) for p in (RAW / "evaluasi").glob("*.xlsx"))
    criteria, _, quality = worksheets.check_files(paths, rubric, units, 2025)
    labels = {u["code"]: u["name"] for u in units["units"]}
    scores = evaluation.score_units(criteria, rubric, labels, 2025)
    rng = np.random.default_rng(11)
    codes = sorted(labels)
    est = pd.DataFrame({"year": 2025, "group_by": "unit", "group": codes, "measure": "index",
                        "estimate": rng.normal(78, 4, len(codes)),
                        "se": rng.uniform(0.3, 1.5, len(codes)), "n": 40, "suppressed": False})  # fmt: skip
    hidden = est["group"] == "BAKORWIL"
    est.loc[hidden, ["estimate", "se", "n", "suppressed"]] = [np.nan, np.nan, np.nan, True]
    frame = pd.read_csv(RAW / "populasi-sintetis.csv")
    e = config["evaluation"]
    combined = evaluation.combine(scores, est, frame, year=2025, weights=e["weights"],
                                  bands=config["bands"], size_classes=e["size_classes"],
                                  unit_labels=labels)  # fmt: skip
    awards = evaluation.rank_awards(combined, size_classes=e["size_classes"], k=e["top_k"],
                                    draws=e["draws"], seed=e["seed"], alpha=e["alpha"])  # fmt: skip
    relation = evaluation.relate(scores, est, None, year=2025)
    gap = evaluation.self_assessment_gap(criteria, rubric, 2025)
    return {"evaluation": scores, "combined": combined, "awards": awards, "relation": relation,
            "gap": gap, "quality": quality}  # fmt: skip


def chapter(tables, rubric, config, language="id", manifest=None):
    cfg = copy.deepcopy(config)
    cfg["report"]["language"] = language
    t = tables
    return report_evaluasi.evaluation_chapter(
        t["evaluation"], t["combined"], t["awards"], t["relation"], t["gap"], t["quality"],
        year=2025, rubric=rubric, config=cfg, manifest=manifest,
    )  # fmt: skip


def test_a_year_without_evaluation_says_so(rubric, config):
    ch = report_evaluasi.evaluation_chapter(None, None, None, None, None, None, year=2024,
                                            rubric=rubric, config=config)  # fmt: skip
    assert not ch["available"]
    assert "Tahun 2024 belum ada evaluasi implementasi" in ch["paragraphs"][0]
    assert ch["summary"] == [
        "Tahun 2024 belum ada evaluasi implementasi berbasis bukti dukung, sehingga indeks "
        "gabungan (80% survei dan 20% evaluasi) tidak dihitung; indeks di laporan ini adalah "
        "indeks survei saja."
    ]
    empty = evaluation.combine(None, pd.DataFrame(), pd.DataFrame(), year=2024,
                               weights={"survey": 0.8, "evaluation": 0.2}, bands=config["bands"],
                               size_classes=config["evaluation"]["size_classes"])  # fmt: skip
    cfg = copy.deepcopy(config)
    cfg["report"]["language"] = "en"
    assert report_evaluasi.summary_sentences(empty, None, 2024, cfg, "en")[0].startswith(
        "2024 has no evidence-based implementation evaluation"
    )


def test_summary_prints_the_province_row_of_combined(tables, rubric, config):
    ch = chapter(tables, rubric, config)
    p = tables["combined"].set_index("unit").loc["all"]
    sentence = ch["summary"][0]
    assert f"adalah {format_number(p['combined'], 1, 'id')} (IK 95%: " in sentence
    assert format_interval(p["ci_low"], p["ci_high"], 1, "id") in sentence
    assert f"kategori {p['category']}" in sentence and "80% indeks survei" in sentence
    assert "," in format_number(p["combined"], 1, "id")  # Indonesian decimal comma
    en = chapter(tables, rubric, config, "en")
    assert f"is {format_number(p['combined'], 1, 'en')} (95% CI: " in en["summary"][0]


def test_awards_name_groups_not_rankings_the_data_cannot_support(tables, rubric, config):
    ch = chapter(tables, rubric, config)
    awards = tables["awards"]
    for name in awards["size_class"].unique():
        part = awards[awards["size_class"] == name]
        group = part[part["indistinguishable_from_first"]]
        text = next(p for p in ch["awards"]["paragraphs"] if p.startswith(f"Kelas {name} "))
        if len(group) > 1:
            assert "tidak dapat memastikan satu peringkat pertama" in text
            assert all(u in text for u in group["unit_label"])
        else:
            assert "unggul secara statistik" in text
    rows = ch["awards"]["table"]["rows"]
    assert all(r[-1] in ("ya", "tidak") for r in rows)
    for name in awards["size_class"].unique():
        members = [r[1] for r in rows if r[0].startswith(name) and r[-1] == "ya"]
        assert members == sorted(members)  # alphabetical, not by point estimate
    assert "bukan peringkat" in ch["awards"]["table"]["note"]


def test_suppressed_survey_hides_the_combined_index_but_not_the_evaluation(tables, rubric, config):
    ch = chapter(tables, rubric, config)
    row = next(r for r in ch["combined"]["table"]["rows"] if r[0] == "Badan Penghubung Daerah")
    score = (
        tables["evaluation"].set_index(["unit", "component"]).loc[("BAKORWIL", "total"), "score"]
    )
    assert row[1] == "disembunyikan" and row[2] == format_number(score, 1, "id")
    assert row[3] == "—" and row[5] == "—"
    assert "1 tidak karena hasil survei mereka disembunyikan" in ch["combined"]["paragraphs"][0]


def test_quarantine_and_method_sentences_come_from_the_tables(tables, rubric, config):
    ch = chapter(tables, rubric, config)
    q = tables["quality"]
    text = " ".join(ch["evidence"]["paragraphs"])
    assert f"{format_number(q['rows_read'], 0, 'id')} baris kriteria" in text
    assert (
        f"bukti dukung wajib tidak dicantumkan: {q['quarantined_by_reason']['evidence_missing']}"
        in text
    )
    method = " ".join(ch["method"])
    assert "A/B/C/D = 1/0,67/0,33/0" in method and "40.000 tarikan" in method
    assert "0,0025" in method and "Holm" in method
    assert any("observasional" in p for p in ch["relation"]["paragraphs"])


def test_the_typst_partial_lays_out_the_chapter(tables, rubric, config, tmp_path):
    manifest = figures_evaluasi.write_figures(tables["evaluation"], tables["gap"],
                                              tables["awards"], rubric, 2025, config,
                                              tmp_path / "fig")  # fmt: skip
    ch = chapter(tables, rubric, config, manifest=manifest)
    pdf = report_evaluasi.preview_pdf(ch, TEMPLATE, tmp_path / "bab.pdf", tmp_path / "work")
    text = pdf_text(pdf.read_bytes())
    for expected in ["Evaluasi Implementasi", "Kandidat penghargaan", "Indeks gabungan",
                     "Catatan kehati-hatian", "Gambar"]:  # fmt: skip
        assert expected in text
    p = tables["combined"].set_index("unit").loc["all"]
    assert format_number(p["combined"], 1, "id") in text
    none = report_evaluasi.evaluation_chapter(None, None, None, None, None, None, year=2024,
                                              rubric=rubric, config=config)  # fmt: skip
    pdf = report_evaluasi.preview_pdf(none, TEMPLATE, tmp_path / "none.pdf", tmp_path / "w2")
    assert "belum ada evaluasi implementasi" in " ".join(pdf_text(pdf.read_bytes()).split())


def test_figures_are_deterministic_with_alt_text(tables, rubric, config, tmp_path):
    args = (tables["evaluation"], tables["gap"], tables["awards"], rubric, 2025, config)
    first = figures_evaluasi.write_figures(*args, tmp_path / "a")
    second = figures_evaluasi.write_figures(*args, tmp_path / "b")
    assert set(first) == {"evaluation_heatmap", "self_vs_verified", "award_candidates"}
    for name in first:
        a, b = first[name]["file"], second[name]["file"]
        assert open(a, "rb").read() == open(b, "rb").read()
    total = tables["evaluation"]
    best = total[(total["component"] == "total") & (total["unit"] != "all")].sort_values(
        "percent", ascending=False).iloc[0]  # fmt: skip
    alt = first["evaluation_heatmap"]["alt"]
    assert f"{best['unit_label']} ({format_number(best['percent'], 1, 'id')})" in alt
    assert "Dinas Ketahanan Pangan" in alt  # agencies without a score are named
    assert "tidak berbeda nyata" in first["award_candidates"]["alt"]
    png = figures_evaluasi.write_figures(*args, tmp_path / "png", suffix=".png")
    assert open(png["self_vs_verified"]["file"], "rb").read()[:4] == b"\x89PNG"


def test_english_chapter_names_size_classes_in_english_and_counts_agree(tables, rubric, config):
    """Size classes are Indonesian data labels (kecil/sedang/besar): the English chapter
    prints them in English, and "1 large agency", never "besar 1 agencies"."""
    awards = tables["awards"].copy()
    awards["indistinguishable_from_first"] = awards["indistinguishable_from_first"].astype(bool)
    largest = awards["size_class"] == "besar"
    first = awards[largest].sort_values("rank").index[0]
    awards.loc[largest, "indistinguishable_from_first"] = awards.loc[largest].index == first
    en = chapter({**tables, "awards": awards}, rubric, config, "en")
    summary = " ".join(en["summary"])
    assert "1 large agency" in summary and "1 large agencies" not in summary
    group = awards[awards["indistinguishable_from_first"]]
    for name, english in (("kecil", "small"), ("sedang", "medium")):
        n = int((group["size_class"] == name).sum())
        if n > 1:
            assert f"{n} {english} agencies" in summary
    words = " ".join([summary, *en["awards"]["paragraphs"], *en["method"],
                      *(r[0] for r in en["awards"]["table"]["rows"])])  # fmt: skip
    for indonesian in ("kecil", "sedang", "besar"):
        assert indonesian not in words.split() and f"{indonesian} (" not in words
    assert "large ≥ 300" in " ".join(en["method"])
    assert any(r[0].startswith("large (") for r in en["awards"]["table"]["rows"])
    ind = chapter({**tables, "awards": awards}, rubric, config)  # the Indonesian is unchanged
    assert "besar 1 perangkat daerah" in " ".join(ind["summary"])


def test_english_figures_speak_english(tables, rubric, config, tmp_path):
    from budaya_kerja.text import names

    args = (tables["evaluation"], tables["gap"], tables["awards"], rubric, 2025)
    en = figures_evaluasi.write_figures(*args, names.in_language(config, "en"), tmp_path / "en")
    ind = figures_evaluasi.write_figures(*args, names.in_language(config, "id"), tmp_path / "id")
    assert en["award_candidates"]["caption"] != ind["award_candidates"]["caption"]
    alt = en["award_candidates"]["alt"]
    assert "Class small:" in alt and "Class kecil" not in alt
    assert "tidak berbeda nyata" not in alt and "not distinguishable" in alt
    best = tables["awards"].sort_values("rank").iloc[0]
    assert format_number(best["combined"], 1, "en") in alt  # a decimal point, not a comma
    assert "," in format_number(best["combined"], 1, "id")
    svg = open(en["award_candidates"]["file"]).read()
    assert open(ind["award_candidates"]["file"]).read() != svg
