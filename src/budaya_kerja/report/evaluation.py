"""The report's "Evaluasi Implementasi" chapter: formatted strings and tables, no statistics.

:func:`evaluation_chapter` turns the evaluation tables of a year (``evaluation.csv``,
``combined.csv``, ``penghargaan.csv``, ``evaluation_relation.csv``, ``evaluation_gap.csv``,
``evaluation_quality.json``) and the chapter's figure manifest into a dictionary of already
formatted strings and tables, laid out by ``report/templates/evaluasi.typ``. Every number
printed is a column of one of those tables; nothing is recomputed here. A year without an
evaluation gets ``available = False`` and the sentences that say so.
:func:`summary_sentences` gives the executive summary's sentence(s) for the combined index
beside the survey index.

The chapter never presents a ranking the data cannot support: award candidates are named as
the group statistically indistinguishable from the first of each size class (alphabetically,
with their probabilities), and a single first place is stated only when the tests separate it
from every other agency of its class.

Wording lives in :data:`TEXT`, one dictionary per language (``id`` default, ``en``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from budaya_kerja.figures.core import (
    DASH,
    as_bool,
    format_number,
    format_percent,
    relabel_confidence,
)
from budaya_kerja.report.core import format_interval, format_probability
from budaya_kerja.stats.evaluation import PROVINCE
from budaya_kerja.stats.rubric import TOTAL, Rubric

TEXT = {
    "id": {
        "title": "Evaluasi Implementasi",
        "total": "Total",
        "labels": {
            "components": "Skor per komponen",
            "self": "Penilaian mandiri dan hasil verifikasi",
            "evidence": "Kelengkapan bukti dukung dan karantina",
            "combined": "Indeks gabungan",
            "awards": "Kandidat penghargaan",
            "relation": "Implementasi dan budaya kerja",
            "method": "Metode",
            "caveats": "Catatan kehati-hatian",
        },
        "none": "Tahun {year} belum ada evaluasi implementasi berbasis bukti dukung (lembar kerja "
        "evaluasi tidak tersedia), sehingga indeks gabungan tidak dihitung dan tidak ada "
        "kandidat penghargaan; indeks tahun ini adalah indeks survei saja.",
        "summary_none": "Tahun {year} belum ada evaluasi implementasi berbasis bukti dukung, "
        "sehingga indeks gabungan ({ws} survei dan {we} evaluasi) tidak dihitung; indeks di "
        "laporan ini adalah indeks survei saja.",
        "summary": "Indeks gabungan provinsi tahun {year} ({ws} indeks survei dan {we} skor "
        "evaluasi implementasi) adalah {value} (IK 95%: {ci}), kategori {category}. Indeks ini "
        "mencakup {agencies} perangkat daerah ({coverage} pegawai) yang memiliki indeks survei "
        "dan skor evaluasi: indeks survei mereka {survey}, skor evaluasi mereka {evaluation} "
        "(dibobot jumlah pegawai).",
        "summary_awards": "Kandidat penghargaan per kelas ukuran ditetapkan sebagai kelompok "
        "yang tidak berbeda nyata dari peringkat pertama: {classes}.",
        "summary_class": "{name} {n} perangkat daerah",
        "intro": "Evaluasi implementasi menilai apa yang dilakukan setiap perangkat daerah "
        "berdasarkan bukti dukung, dengan lembar kerja evaluasi (LKE) yang berisi {criteria} "
        "kriteria dalam {components} komponen. Dari {total} perangkat daerah, {scored} dinilai; "
        "{missing}. Rerata skor total perangkat daerah yang dinilai adalah {mean} dari 100 "
        "(tertinggi {best}, terendah {worst}).",
        "intro_missing": "tanpa skor: {names}",
        "intro_all": "semua memiliki skor",
        "status": {
            "not_submitted": "tidak ada LKE yang dikenali",
            "not_verified": "belum diverifikasi",
        },
        "components_text": "Komponen terkuat adalah {best} ({best_value}% dari bobotnya); "
        "terlemah {worst} ({worst_value}%).",
        "components_cols": [
            "Komponen",
            "Bobot",
            "Skor",
            "Skor (% bobot)",
            "Bukti dukung wajib dicantumkan",
        ],  # fmt: skip
        "components_caption": "Skor evaluasi implementasi per komponen, {year} (rerata {n} "
        "perangkat daerah yang dinilai, tidak dibobot).",
        "self_text": "Penilaian mandiri perangkat daerah rata-rata {gap} poin persentase "
        "{direction} hasil verifikasi (kriteria yang kedua jawabannya sah). Penilaian mandiri "
        "paling melebihi hasil verifikasi pada komponen {component} ({component_gap} poin) dan "
        "pada kriteria {criteria}.",
        "above": "di atas",
        "below": "di bawah",
        "self_cols": [
            "Kode",
            "Kriteria",
            "Mandiri (%)",
            "Verifikasi (%)",
            "Selisih (poin)",
            "Mandiri lebih tinggi",
        ],  # fmt: skip
        "self_caption": "Kriteria dengan selisih penilaian mandiri terbesar, {year}.",
        "self_units": "Perangkat daerah dengan selisih terbesar: {units}.",
        "evidence_text": "Secara keseluruhan {complete} kriteria yang mewajibkan bukti dukung "
        "disertai bukti. {incomplete} perangkat daerah belum melengkapi seluruh bukti dukung "
        "wajibnya{lowest}.",
        "evidence_lowest": "; terendah {names}",
        "quarantine": "Dari {files} berkas LKE dibaca {rows} baris kriteria: {scored} dinilai dan "
        "{quarantined} dikarantina ({reasons}). Kriteria yang dikarantina bernilai 0 sampai "
        "diperbaiki, sehingga skor perangkat daerah yang bersangkutan adalah batas bawah; isi "
        "bukti dukung dan catatan evaluator tidak diterbitkan.",
        "quarantine_none": "Dari {files} berkas LKE dibaca {rows} baris kriteria; semuanya "
        "dinilai.",
        "reason_rows": "{reason}: {n} baris",
        "reasons": {
            "unit_unknown": "perangkat daerah tidak dikenal",
            "criterion_unknown": "kode kriteria tidak dikenal",
            "criterion_duplicate": "kriteria ganda",
            "answer_invalid": "jawaban di luar pilihan",
            "verified_missing": "jawaban verifikasi kosong",
            "evidence_missing": "bukti dukung wajib tidak dicantumkan",
        },
        "combined_text": "Indeks gabungan perangkat daerah = {ws} × indeks survei + {we} × skor "
        "evaluasi. {n} perangkat daerah memiliki indeks gabungan{suppressed}{others}.",
        "combined_suppressed": "; {n} tidak karena hasil survei mereka disembunyikan "
        "(responden terlalu sedikit), meskipun skor evaluasinya tetap diterbitkan",
        "combined_others": "; {n} tidak memiliki skor evaluasi",
        "combined_cols": [
            "Perangkat daerah",
            "Indeks survei",
            "Skor evaluasi",
            "Indeks gabungan",
            "IK 95%",
            "Kategori",
        ],  # fmt: skip
        "combined_caption": "Indeks gabungan per perangkat daerah, {year}.",
        "hidden": "disembunyikan",
        "awards_intro": "Perangkat daerah dibandingkan hanya dengan yang seukuran (kelas menurut "
        "jumlah pegawai). Untuk setiap perangkat daerah dihitung peluang berada di peringkat "
        "pertama dan di {k} teratas kelasnya dengan memperhitungkan ketidakpastian survei. Urutan "
        "nilai titik saja tidak cukup untuk memberi peringkat: perangkat daerah yang tidak berbeda "
        "nyata dari yang tertinggi diperlakukan setara.",
        "awards_single": "Kelas {name}: {first} unggul secara statistik atas semua perangkat "
        "daerah lain di kelasnya (indeks gabungan {value}; peluang peringkat pertama {p}).",
        "awards_group": "Kelas {name}: data tidak dapat memastikan satu peringkat pertama; "
        "{names} tidak berbeda nyata dari yang tertinggi. Peluang masuk {k} teratas: {probs}.",
        "awards_cols": [
            "Kelas",
            "Perangkat daerah",
            "Indeks gabungan",
            "IK 95%",
            "P(peringkat 1)",
            "P({k} teratas)",
            "Setara dengan yang tertinggi",
        ],  # fmt: skip
        "awards_caption": "Kandidat penghargaan per kelas ukuran, {year}: kelompok yang tidak "
        "berbeda nyata dari yang tertinggi dan perangkat daerah lain di {k} teratas.",
        "awards_note": "Urutan dalam setiap kelas alfabetis, bukan peringkat. Setara: uji satu "
        "sisi terhadap yang tertinggi, koreksi Holm, α = {alpha}.",
        "class": "{name} ({range} pegawai)",
        "relation_survey": "Antarperangkat daerah, skor evaluasi berkorelasi {r} (IK 95%: {ci}; "
        "n = {n}) dengan indeks survei; setiap 10 poin skor evaluasi sejalan dengan {slope} "
        "poin indeks survei (IK 95%: {slope_ci}, galat baku HC3).",
        "relation_change": "Dengan perubahan indeks sejak {y0}, korelasinya {r} (IK 95%: {ci}; "
        "n = {n}); setiap 10 poin skor evaluasi sejalan dengan perubahan {slope} poin "
        "(IK 95%: {slope_ci}).",
        "relation_none": "Hubungan dengan {what} tidak dapat dihitung ({note}).",
        "what": {"survey_index": "indeks survei", "change_index": "perubahan indeks"},
        "notes": {
            "fewer than 4 agencies": "kurang dari 4 perangkat daerah",
            "no variation": "tidak ada variasi",
        },  # fmt: skip
        "no_previous": "tidak ada tahun sebelumnya",
        "relation_caveat": "Ini hubungan observasional, bukan bukti sebab-akibat: perangkat "
        "daerah yang lebih aktif berbeda juga dalam hal lain (ukuran, kepemimpinan, sumber daya).",
        "method": [
            "Rubrik: {components} komponen dengan bobot {weights} (jumlah 100) dan {criteria} "
            "kriteria. {description}",
            "Jenis jawaban dan nilainya tetap, seperti LKE Zona Integritas dan reformasi "
            "birokrasi: Ya/Tidak = 1/0; A/B/C = 1/0,5/0; A/B/C/D = 1/0,67/0,33/0 (angka cetak "
            "LKE, bukan 2/3 dan 1/3); A–E = 1/0,75/0,5/0,25/0; persen = angka/100. Hanya jawaban "
            "verifikasi tim evaluasi yang dinilai; penilaian mandiri dipakai untuk analisis "
            "selisih.",
            "Kriteria yang mewajibkan bukti dukung bernilai 0 bila jawabannya bernilai lebih dari "
            "0 tetapi tidak ada bukti dukung. Skor komponen = rerata nilai kriterianya × bobot "
            "komponen; skor total = jumlah skor komponen (0–100).",
            "Indeks gabungan = {ws} × indeks survei + {we} × skor evaluasi. Evaluasi adalah "
            "sensus dokumen (semua LKE dibaca), sehingga hanya bagian survei yang membawa galat "
            "sampling: galat baku gabungan = {ws} × galat baku survei, dengan kuantil t seperti "
            "estimasi survei. Kategori ditentukan dari nilai yang dicetak (satu desimal).",
            "Indeks gabungan provinsi adalah rerata indeks gabungan perangkat daerah dibobot "
            "jumlah pegawai (data populasi); galat bakunya dari galat baku survei perangkat "
            "daerah sebagai strata yang saling bebas. Perangkat daerah tanpa indeks gabungan "
            "tidak dihitung.",
            "Penghargaan: kelas ukuran menurut jumlah pegawai ({classes}). Peluang peringkat "
            "pertama dan {k} teratas disimulasikan dari distribusi sampling survei (normal dengan "
            "galat baku masing-masing; {draws} tarikan, benih {seed}; galat Monte Carlo paling "
            "besar {mc}). Setara dengan yang tertinggi: uji satu sisi selisih dengan yang "
            "tertinggi, koreksi Holm dalam kelas, α = {alpha}.",
        ],
        "caveats": [
            "Rubrik ini rancangan lokal: tidak ada rubrik publik untuk evaluasi implementasi "
            "berbasis bukti dukung, sehingga skornya tidak dapat dibandingkan dengan daerah lain.",
            "Jawaban verifikasi adalah penilaian evaluator; konsistensi antarevaluator belum "
            "diukur.",
            "Skor evaluasi menggambarkan organisasi, bukan orang, sehingga tetap diterbitkan untuk "
            "perangkat daerah yang hasil surveinya disembunyikan.",
        ],
    },
    "en": {
        "title": "Implementation evaluation",
        "total": "Total",
        "labels": {
            "components": "Scores by component",
            "self": "Self-assessment and verification",
            "evidence": "Evidence completeness and quarantine",
            "combined": "Combined index",
            "awards": "Award candidates",
            "relation": "Implementation and work culture",
            "method": "Method",
            "caveats": "Caveats",
        },
        "none": "{year} has no evidence-based implementation evaluation (no evaluation "
        "worksheets), so there is no combined index and no award candidates; this year's index "
        "is the survey index alone.",
        "summary_none": "{year} has no evidence-based implementation evaluation, so the combined "
        "index ({ws} survey, {we} evaluation) is not computed; the index in this report is the "
        "survey index alone.",
        "summary": "The province's combined index for {year} ({ws} survey index, {we} "
        "implementation evaluation score) is {value} (95% CI: {ci}), category {category}. It "
        "covers the {agencies} agencies ({coverage} staff) with both a survey index and an "
        "evaluation score: their survey index is {survey}, their evaluation score {evaluation} "
        "(weighted by headcount).",
        "summary_awards": "Award candidates per size class are the agencies not "
        "distinguishable from the first: {classes}.",
        "summary_class": "{name} {n} agencies",
        "intro": "The implementation evaluation scores what each agency did, from its evidence, "
        "with an evaluation worksheet (LKE) of {criteria} criteria in {components} components. "
        "Of {total} agencies, {scored} were scored; {missing}. The mean total score of the "
        "scored agencies is {mean} out of 100 (highest {best}, lowest {worst}).",
        "intro_missing": "no score: {names}",
        "intro_all": "every agency has a score",
        "status": {"not_submitted": "no worksheet recognised", "not_verified": "not yet verified"},
        "components_text": "The strongest component is {best} ({best_value}% of its weight); "
        "the weakest {worst} ({worst_value}%).",
        "components_cols": [
            "Component",
            "Weight",
            "Score",
            "Score (% of weight)",
            "Required evidence cited",
        ],  # fmt: skip
        "components_caption": "Implementation evaluation score by component, {year} (mean of "
        "{n} scored agencies, unweighted).",
        "self_text": "Agencies' self-assessments are on average {gap} percentage points "
        "{direction} the verified answers (criteria with both answers valid). Self-assessment "
        "overstates most in the component {component} ({component_gap} points) and in the "
        "criteria {criteria}.",
        "above": "above",
        "below": "below",
        "self_cols": [
            "Code",
            "Criterion",
            "Self (%)",
            "Verified (%)",
            "Gap (points)",
            "Self higher",
        ],  # fmt: skip
        "self_caption": "Criteria with the largest self-assessment gap, {year}.",
        "self_units": "Agencies with the largest gap: {units}.",
        "evidence_text": "Overall, {complete} of the criteria that require evidence cite it. "
        "{incomplete} agencies have not cited all required evidence{lowest}.",
        "evidence_lowest": "; lowest {names}",
        "quarantine": "The {files} worksheet files hold {rows} criterion rows: {scored} scored "
        "and {quarantined} quarantined ({reasons}). A quarantined criterion scores 0 until it is "
        "corrected, so the agency's score is a lower bound; evidence and evaluators' notes are "
        "never published.",
        "quarantine_none": "The {files} worksheet files hold {rows} criterion rows; all scored.",
        "reason_rows": "{reason}: {n} rows",
        "reasons": {
            "unit_unknown": "unknown agency",
            "criterion_unknown": "unknown criterion code",
            "criterion_duplicate": "duplicate criterion",
            "answer_invalid": "answer outside the options",
            "verified_missing": "verified answer blank",
            "evidence_missing": "required evidence not cited",
        },
        "combined_text": "An agency's combined index = {ws} × survey index + {we} × evaluation "
        "score. {n} agencies have a combined index{suppressed}{others}.",
        "combined_suppressed": "; {n} do not because their survey result is suppressed (too "
        "few respondents), although their evaluation score is published",
        "combined_others": "; {n} have no evaluation score",
        "combined_cols": [
            "Agency",
            "Survey index",
            "Evaluation score",
            "Combined index",
            "95% CI",
            "Category",
        ],  # fmt: skip
        "combined_caption": "Combined index by agency, {year}.",
        "hidden": "suppressed",
        "awards_intro": "Agencies are compared only with agencies of their size (classes by "
        "headcount). For each, the probability of being first and in the top {k} of its class "
        "accounts for the survey's uncertainty. Point estimates alone do not make a ranking: "
        "agencies not distinguishable from the highest are treated as equals.",
        "awards_single": "Class {name}: {first} is statistically ahead of every other agency "
        "of its class (combined index {value}; probability of being first {p}).",
        "awards_group": "Class {name}: the data cannot settle a single first place; {names} are "
        "not distinguishable from the highest. Probability of being in the top {k}: {probs}.",
        "awards_cols": [
            "Class",
            "Agency",
            "Combined index",
            "95% CI",
            "P(first)",
            "P(top {k})",
            "Equal to the highest",
        ],  # fmt: skip
        "awards_caption": "Award candidates by size class, {year}: the group not "
        "distinguishable from the highest and the other agencies in the top {k}.",
        "awards_note": "Order within a class is alphabetical, not a ranking. Equal: one-sided "
        "test against the highest, Holm correction, α = {alpha}.",
        "class": "{name} ({range} staff)",
        "relation_survey": "Across agencies, the evaluation score correlates {r} (95% CI: {ci}; "
        "n = {n}) with the survey index; every 10 evaluation points go with {slope} index "
        "points (95% CI: {slope_ci}, HC3 standard error).",
        "relation_change": "With the change of the index since {y0}, the correlation is {r} "
        "(95% CI: {ci}; n = {n}); every 10 evaluation points go with a change of {slope} points "
        "(95% CI: {slope_ci}).",
        "relation_none": "The relation with the {what} cannot be computed ({note}).",
        "what": {"survey_index": "survey index", "change_index": "change of the index"},
        "notes": {
            "fewer than 4 agencies": "fewer than 4 agencies",
            "no variation": "no variation",
        },  # fmt: skip
        "no_previous": "no previous year",
        "relation_caveat": "This is an observational association, not evidence of cause: more "
        "active agencies differ in other ways too (size, leadership, resources).",
        "method": [
            "Rubric: {components} components weighted {weights} (summing to 100) and "
            "{criteria} criteria. {description}",
            "Answer types have fixed scores, as in the Zona Integritas and bureaucratic reform "
            "worksheets: Ya/Tidak = 1/0; A/B/C = 1/0.5/0; A/B/C/D = 1/0.67/0.33/0 (the "
            "worksheet's printed decimals, not 2/3 and 1/3); A–E = 1/0.75/0.5/0.25/0; percent = "
            "value/100. Only the evaluation team's verified answer scores; the self-assessment "
            "is used for the gap analysis.",
            "A criterion that requires evidence scores 0 when its answer scores above 0 but no "
            "evidence is cited. Component score = mean of its criteria × component weight; "
            "total = sum of the component scores (0–100).",
            "Combined index = {ws} × survey index + {we} × evaluation score. The evaluation is a "
            "census of documents (every worksheet is read), so only the survey part carries "
            "sampling error: the combined standard error is {ws} × the survey's, with the t "
            "quantile of the survey estimates. The category is decided on the printed value "
            "(one decimal).",
            "The province's combined index is the mean of the agencies' combined indices "
            "weighted by headcount (population frame); its standard error treats the agencies' "
            "survey estimates as independent strata. Agencies without a combined index are left "
            "out.",
            "Awards: size classes by headcount ({classes}). The probabilities of being first and "
            "in the top {k} are simulated from the survey's sampling distribution (normal with "
            "each agency's standard error; {draws} draws, seed {seed}; Monte Carlo error at most "
            "{mc}). Equal to the highest: one-sided test of the difference with the highest, "
            "Holm correction within the class, α = {alpha}.",
        ],
        "caveats": [
            "The rubric is a local design: there is no public rubric for an evidence-based "
            "implementation evaluation, so the scores cannot be compared with other regions.",
            "Verified answers are evaluators' judgements; agreement between evaluators has not "
            "been measured.",
            "The evaluation score describes an organisation, not a person, so it is published "
            "even where the agency's survey result is suppressed.",
        ],
    },
}


def _t(language: str, confidence: float = 0.95) -> dict:
    return relabel_confidence(TEXT.get(language, TEXT["id"]), confidence, language)


def _n(x, decimals: int, lang: str, sign: bool = False) -> str:
    return format_number(x, decimals, lang, sign=sign)


def _join(names: list[str], lang: str) -> str:
    word = " dan " if lang == "id" else " and "
    names = [str(n) for n in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + word + names[-1]


def _table(caption, columns, rows, align, widths, note="", size="small") -> dict:
    """A table in the shape ``laporan.typ``'s ``data-table`` lays out."""
    return {"caption": caption, "columns": list(columns), "rows": [list(r) for r in rows],
            "align": list(align), "widths": list(widths), "note": note, "size": size,
            "mono": []}  # fmt: skip


def _weights(config: dict, lang: str) -> tuple[str, str]:
    w = config["evaluation"]["weights"]
    return format_percent(100 * w["survey"], 0, lang), format_percent(
        100 * w["evaluation"], 0, lang
    )


def summary_sentences(combined: pd.DataFrame | None, awards: pd.DataFrame | None, year: int,
                      config: dict, language: str = "id") -> list[str]:  # fmt: skip
    """The executive summary's sentence(s) on the combined index (beside the survey index),
    or the sentence for a year without an evaluation."""
    conf = float(config["estimation"]["confidence"])
    t = _t(language, conf)
    ws, we = _weights(config, language)
    province = None
    if combined is not None and len(combined):
        rows = combined[(combined["unit"] == PROVINCE) & combined["combined"].notna()]
        province = rows.iloc[0] if len(rows) else None
    if province is None:
        return [t["summary_none"].format(year=year, ws=ws, we=we)]
    out = [t["summary"].format(
        year=year, ws=ws, we=we, value=_n(province["combined"], 1, language),
        ci=format_interval(province["ci_low"], province["ci_high"], 1, language),
        category=province["category"], agencies=_n(province["agencies"], 0, language),
        coverage=format_percent(100 * province["coverage"], 0, language),
        survey=_n(province["survey_index"], 1, language),
        evaluation=_n(province["evaluation_score"], 1, language))]  # fmt: skip
    if awards is not None and len(awards):
        group = awards[as_bool(awards["indistinguishable_from_first"])]
        classes = [t["summary_class"].format(name=c, n=int((group["size_class"] == c).sum()))
                   for c in dict.fromkeys(group["size_class"])]  # fmt: skip
        out.append(t["summary_awards"].format(classes=", ".join(classes)))
    return out


def _class_label(row, t, lang) -> str:
    low = _n(row["size_min"], 0, lang)
    high = row["size_max"]
    rng = f"≥ {low}" if pd.isna(high) else f"{low}–{_n(high, 0, lang)}"
    return t["class"].format(name=row["size_class"], range=rng)


def _components(ev, rubric, year, t, lang) -> dict:
    prov = ev[ev["unit"] == PROVINCE].set_index("component")
    comps = rubric.components.set_index("code")
    name = comps["name_en" if lang == "en" else "name"]
    rows = []
    for code in comps.index:
        r = prov.loc[code]
        rows.append([name[code], _n(comps.at[code, "weight"], 0, lang), _n(r["score"], 1, lang),
                     _n(r["percent"], 1, lang),
                     format_percent(100 * r["evidence_completeness"], 0, lang)
                     if pd.notna(r["evidence_completeness"]) else DASH])  # fmt: skip
    total = prov.loc[TOTAL]
    rows.append([t["total"], "100", _n(total["score"], 1, lang), _n(total["percent"], 1, lang),
                 format_percent(100 * total["evidence_completeness"], 0, lang)])  # fmt: skip
    pct = prov.loc[list(comps.index), "percent"]
    text = t["components_text"].format(best=name[pct.idxmax()], best_value=_n(pct.max(), 1, lang),
                                       worst=name[pct.idxmin()], worst_value=_n(pct.min(), 1, lang))  # fmt: skip
    table = _table(t["components_caption"].format(year=year, n=_n(total["agencies"], 0, lang)),
                   t["components_cols"], rows, ["left"] + ["right"] * 4,
                   ["1fr", "auto", "auto", "auto", "auto"])  # fmt: skip
    return {"paragraphs": [text], "table": table, "figures": ["evaluation_heatmap"]}


def _self(gap, rubric, labels, year, t, lang, top: int = 5) -> dict:
    """Where self-assessment overstates: the rows of ``evaluation_gap.csv``, largest first."""
    if gap is None or gap.empty:
        return {"paragraphs": [], "table": None, "figures": []}
    comps = rubric.components.set_index("code")["name_en" if lang == "en" else "name"]
    question = rubric.criteria.set_index("code")["question"]
    overall = gap[gap["level"] == "all"].iloc[0]
    comp = gap[gap["level"] == "component"].iloc[0]
    crit = gap[gap["level"] == "criterion"].head(top)
    units = gap[gap["level"] == "unit"].head(3)
    text = t["self_text"].format(
        gap=_n(abs(float(overall["gap"])), 1, lang),
        direction=t["above"] if overall["gap"] >= 0 else t["below"],
        component=comps.get(comp["key"], comp["key"]),
        component_gap=_n(comp["gap"], 1, lang, sign=True),
        criteria=_join([f"{r.key} ({_n(r.gap, 1, lang, sign=True)})" for r in crit.itertuples()],
                       lang),
    )  # fmt: skip
    rows = [[r.key, question.get(r.key, ""), _n(r.self_percent, 1, lang),
             _n(r.verified_percent, 1, lang), _n(r.gap, 1, lang, sign=True),
             format_percent(100 * r.share_over, 0, lang)] for r in crit.itertuples()]  # fmt: skip
    table = _table(t["self_caption"].format(year=year), t["self_cols"], rows,
                   ["left", "left", "right", "right", "right", "right"],
                   ["auto", "1fr", "auto", "auto", "auto", "auto"])  # fmt: skip
    units_text = t["self_units"].format(units=_join(
        [f"{labels.get(r.key, r.key)} ({_n(r.gap, 1, lang, sign=True)})"
         for r in units.itertuples()], lang))  # fmt: skip
    return {"paragraphs": [text, units_text], "table": table, "figures": ["self_vs_verified"]}


def _evidence(ev, quality, t, lang) -> dict:
    """Evidence completeness (``evaluation.csv``) and the quarantine (``evaluation_quality``)."""
    total = ev[(ev["component"] == TOTAL) & (ev["unit_status"] == "scored")]
    prov = total[total["unit"] == PROVINCE].iloc[0]
    agencies = total[total["unit"] != PROVINCE]
    short = agencies[agencies["evidence_completeness"] < 1].sort_values(
        ["evidence_completeness", "unit_label"])  # fmt: skip
    lowest = t["evidence_lowest"].format(names=_join(
        [f"{r.unit_label} ({format_percent(100 * r.evidence_completeness, 0, lang)})"
         for r in short.head(3).itertuples()], lang)) if len(short) else ""  # fmt: skip
    paragraphs = [t["evidence_text"].format(
        complete=format_percent(100 * prov["evidence_completeness"], 0, lang),
        incomplete=_n(len(short), 0, lang), lowest=lowest)]  # fmt: skip
    if quality:
        reasons = quality.get("quarantined_by_reason", {})
        common = {
            "files": _n(len(quality["files"]), 0, lang),
            "rows": _n(quality["rows_read"], 0, lang),
        }
        if reasons:
            parts = [t["reason_rows"].format(reason=t["reasons"].get(k, k), n=_n(v, 0, lang))
                     for k, v in reasons.items()]  # fmt: skip
            paragraphs.append(t["quarantine"].format(
                **common, scored=_n(quality["scored"], 0, lang),
                quarantined=_n(quality["quarantined"], 0, lang), reasons="; ".join(parts)))  # fmt: skip
        else:
            paragraphs.append(t["quarantine_none"].format(**common))
    return {"paragraphs": paragraphs}


def _combined(combined, bands, year, t, lang, config) -> dict:
    ws, we = _weights(config, lang)
    rows_in = combined[combined["unit"] != PROVINCE].sort_values(["unit_label", "unit"])
    rows = []
    for r in rows_in.itertuples():
        hidden = r.survey_status == "suppressed"
        rows.append([
            r.unit_label,
            t["hidden"] if hidden else _n(r.survey_index, 1, lang),
            _n(r.evaluation_score, 1, lang),
            _n(r.combined, 1, lang),
            format_interval(r.ci_low, r.ci_high, 1, lang) if pd.notna(r.combined) else DASH,
            r.category if isinstance(r.category, str) else DASH,
        ])  # fmt: skip
    table = _table(t["combined_caption"].format(year=year), t["combined_cols"], rows,
                   ["left", "right", "right", "right", "right", "left"],
                   ["1fr", "auto", "auto", "auto", "auto", "auto"])  # fmt: skip
    has = rows_in["combined"].notna()
    suppressed = int((rows_in["survey_status"] == "suppressed").sum())
    no_eval = int((~has & (rows_in["survey_status"] != "suppressed")).sum())
    text = t["combined_text"].format(
        ws=ws, we=we, n=_n(int(has.sum()), 0, lang),
        suppressed=t["combined_suppressed"].format(n=_n(suppressed, 0, lang)) if suppressed else "",
        others=t["combined_others"].format(n=_n(no_eval, 0, lang)) if no_eval else "")  # fmt: skip
    return {"paragraphs": [text], "table": table}


def _awards(awards, config, year, t, lang) -> dict:
    k = int(config["evaluation"]["top_k"])
    alpha = config["evaluation"]["alpha"]
    paragraphs = [t["awards_intro"].format(k=k)]
    rows = []
    a = awards.copy()
    a["indistinguishable_from_first"] = as_bool(a["indistinguishable_from_first"])
    a["candidate"] = as_bool(a["candidate"])
    for name in dict.fromkeys(a["size_class"]):
        part = a[a["size_class"] == name]
        group = part[part["indistinguishable_from_first"]].sort_values("unit_label")
        first = part.sort_values("rank").iloc[0]
        label = _class_label(first, t, lang)
        if len(group) == 1:
            paragraphs.append(t["awards_single"].format(
                name=label, first=first["unit_label"], value=_n(first["combined"], 1, lang),
                p=format_probability(first["p_first"], lang)))  # fmt: skip
        else:
            probs = ", ".join(f"{r.unit_label} {format_probability(r.p_top_k, lang)}"
                              for r in group.itertuples())  # fmt: skip
            paragraphs.append(t["awards_group"].format(
                name=label, names=_join(list(group["unit_label"]), lang), k=k, probs=probs))  # fmt: skip
        others = part[part["candidate"] & ~part["indistinguishable_from_first"]]
        for r in [*group.itertuples(), *others.sort_values("unit_label").itertuples()]:
            rows.append([label, r.unit_label, _n(r.combined, 1, lang),
                         format_interval(r.ci_low, r.ci_high, 1, lang),
                         format_probability(r.p_first, lang), format_probability(r.p_top_k, lang),
                         t["yes"] if r.indistinguishable_from_first else t["no"]])  # fmt: skip
    cols = [c.format(k=k) for c in t["awards_cols"]]
    table = _table(t["awards_caption"].format(year=year, k=k), cols, rows,
                   ["left", "left", "right", "right", "right", "right", "left"],
                   ["auto", "1fr", "auto", "auto", "auto", "auto", "auto"],
                   note=t["awards_note"].format(alpha=_n(alpha, 2, lang)))  # fmt: skip
    return {"paragraphs": paragraphs, "table": table, "figures": ["award_candidates"]}


def _relation(relation, t, lang) -> dict:
    paragraphs = []
    for r in relation.itertuples():
        if pd.isna(r.r):
            note = t["no_previous"] if r.outcome == "change_index" and pd.isna(r.year0) else (
                t["notes"].get(r.note, r.note))  # fmt: skip
            paragraphs.append(t["relation_none"].format(what=t["what"][r.outcome], note=note))
            continue
        key = "relation_survey" if r.outcome == "survey_index" else "relation_change"
        paragraphs.append(t[key].format(
            r=_n(r.r, 2, lang), ci=format_interval(r.r_ci_low, r.r_ci_high, 2, lang),
            n=_n(r.n, 0, lang), slope=_n(10 * r.slope, 1, lang, sign=True),
            slope_ci=format_interval(10 * r.slope_ci_low, 10 * r.slope_ci_high, 1, lang),
            y0=int(r.year0) if pd.notna(r.year0) else ""))  # fmt: skip
    paragraphs.append(t["relation_caveat"])
    return {"paragraphs": paragraphs}


def _method(rubric, config, t, lang) -> list[str]:
    e = config["evaluation"]
    ws, we = _weights(config, lang)
    comps = rubric.components
    name = comps["name_en" if lang == "en" else "name"]
    weights = _join([f"{n} {_n(w, 0, lang)}" for n, w in zip(name, comps["weight"], strict=True)],
                    lang)  # fmt: skip
    ordered = sorted(e["size_classes"], key=lambda c: c["min"])
    classes = _join([f"{c['name']} ≥ {_n(c['min'], 0, lang)}" for c in ordered], lang)
    values = {"components": len(comps), "weights": weights, "criteria": len(rubric.criteria),
              "description": rubric.description, "ws": ws, "we": we, "classes": classes,
              "k": e["top_k"], "draws": _n(e["draws"], 0, lang), "seed": e["seed"],
              "mc": _n(0.5 / np.sqrt(e["draws"]), 4, lang), "alpha": _n(e["alpha"], 2, lang)}  # fmt: skip
    return [p.format(**values) for p in t["method"]]


def evaluation_chapter(
    evaluation: pd.DataFrame | None,
    combined: pd.DataFrame | None,
    awards: pd.DataFrame | None,
    relation: pd.DataFrame | None,
    gap: pd.DataFrame | None,
    quality: dict | None,
    *,
    year: int,
    rubric: Rubric,
    config: dict,
    manifest: dict | None = None,
) -> dict:
    """The chapter's context: ``available``, ``title``, ``labels``, ``paragraphs`` and one
    section each (``components``, ``self``, ``evidence``, ``combined``, ``awards``,
    ``relation``; each with ``paragraphs`` and, where it has them, ``table`` and ``figures``),
    ``method`` and ``caveats`` (lists of sentences), ``summary`` (the executive-summary
    sentences) and ``figures`` (the manifest entries the chapter uses). ``evaluation`` None or
    empty gives the chapter of a year without an evaluation."""
    lang = config.get("report", {}).get("language", "id")
    t = _t(lang, float(config["estimation"]["confidence"]))
    t = {**t, "yes": "ya" if lang == "id" else "yes", "no": "tidak" if lang == "id" else "no"}
    base = {"title": t["title"], "labels": t["labels"]}
    ev = evaluation[evaluation["year"].astype(int) == int(year)] if evaluation is not None else None
    if ev is None or not (ev["unit_status"] == "scored").any():
        return {**base, "available": False, "paragraphs": [t["none"].format(year=year)],
                "summary": summary_sentences(None, None, year, config, lang), "figures": {}}  # fmt: skip
    labels = dict(zip(ev["unit"], ev["unit_label"], strict=False))
    total = ev[(ev["component"] == TOTAL) & (ev["unit"] != PROVINCE)]
    scored = total[total["unit_status"] == "scored"].sort_values(["percent", "unit_label"],
                                                                 ascending=[False, True])  # fmt: skip
    missing = total[total["unit_status"] != "scored"].sort_values("unit_label")
    names = [f"{r.unit_label} ({t['status'].get(r.unit_status, r.unit_status)})"
             for r in missing.itertuples()]  # fmt: skip
    prov = ev[(ev["unit"] == PROVINCE) & (ev["component"] == TOTAL)].iloc[0]
    intro = t["intro"].format(
        criteria=len(rubric.criteria), components=len(rubric.components), total=len(total),
        scored=len(scored), mean=_n(prov["score"], 1, lang),
        missing=t["intro_missing"].format(names=_join(names, lang)) if names else t["intro_all"],
        best=f"{scored['unit_label'].iloc[0]} {_n(scored['score'].iloc[0], 1, lang)}",
        worst=f"{scored['unit_label'].iloc[-1]} {_n(scored['score'].iloc[-1], 1, lang)}",
    )  # fmt: skip
    chapter = {
        **base,
        "available": True,
        "paragraphs": [intro],
        "components": _components(ev, rubric, year, t, lang),
        "self": _self(gap, rubric, labels, year, t, lang),
        "evidence": _evidence(ev, quality, t, lang),
        "combined": _combined(combined, config["bands"], year, t, lang, config)
        if combined is not None and len(combined) else {"paragraphs": [], "table": None},
        "awards": _awards(awards, config, year, t, lang)
        if awards is not None and len(awards) else {"paragraphs": [], "table": None, "figures": []},
        "relation": _relation(relation, t, lang) if relation is not None else {"paragraphs": []},
        "method": _method(rubric, config, t, lang),
        "caveats": list(t["caveats"]),
        "summary": summary_sentences(combined, awards, year, config, lang),
        "figures": dict(manifest or {}),
    }  # fmt: skip
    return chapter


# A minimal document around the chapter: for previews and tests, not the report itself.
PREVIEW = """#let ctx = json("context.json")
#set document(title: ctx.title)
#set text(lang: ctx.language, font: "Libertinus Serif", size: 10.5pt)
#set heading(numbering: "1.1")
#show figure: set block(breakable: true)
#let data-table(t) = figure(kind: table, caption: t.caption, {
  set text(size: 8pt)
  table(columns: t.widths.map(w => if w == "auto" { auto } else { 1fr }),
    table.header(..t.columns.map(c => strong(c))), ..t.rows.flatten())
  if t.note != "" { align(left, text(size: 7.5pt, t.note)) }
})
#import "evaluasi.typ": evaluasi
#evaluasi(ctx.chapter, data-table: data-table)
"""


def preview_pdf(chapter: dict, template: str | Path, out_pdf: str | Path, workdir: str | Path,
                language: str = "id") -> Path:  # fmt: skip
    """Compile the chapter alone with ``evaluasi.typ`` (fixed timestamp, embedded fonts)."""
    import json
    import shutil

    import typst

    workdir = Path(workdir)
    (workdir / "figures").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, workdir / "evaluasi.typ")
    chapter = json.loads(json.dumps(chapter, default=str))
    for name, fig in chapter.get("figures", {}).items():
        target = workdir / "figures" / f"{name}{Path(fig['file']).suffix}"
        shutil.copyfile(fig["file"], target)
        fig["file"] = f"figures/{target.name}"
    context = {"title": chapter["title"], "language": language, "chapter": chapter}
    (workdir / "context.json").write_text(json.dumps(context, ensure_ascii=False), "utf-8")
    (workdir / "main.typ").write_text(PREVIEW, encoding="utf-8")
    pdf = typst.compile(str(workdir / "main.typ"), root=str(workdir), ignore_system_fonts=True,
                        timestamp=0)  # fmt: skip
    Path(out_pdf).write_bytes(pdf)
    return Path(out_pdf)
