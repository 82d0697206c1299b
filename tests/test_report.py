"""Report: sentences generated from the tables and a rendered PDF that is byte-identical across
builds and says what the tables say. The tables come from the pipeline's own statistics on a
small generated survey (tests/factories.py)."""

from __future__ import annotations

import copy
import json

import pytest

from budaya_kerja import figures
from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.io import provenance
from budaya_kerja.report import build_context, render_report, summary
from budaya_kerja.settings import DEFAULT_CONFIG, REPO_ROOT, Instrument
from budaya_kerja.text import format_interval, format_number

from .exports import pdf_text

TEMPLATE = REPO_ROOT / "src" / "budaya_kerja" / "report" / "templates" / "laporan.typ"


# --------------------------------------------------------------------------- fixtures
def _year(processed, year, synthetic=True):
    quality = copy.deepcopy(processed.of(year, "quality"))
    quality["synthetic"] = synthetic
    return {
        "estimates": processed.estimates[processed.estimates["year"] <= year],
        "comparison": processed.comparison if year == 2025 else None,
        "reliability": processed.of(year, "reliability"),
        "quality": quality,
        "provenance": provenance.build_provenance(quality, [DEFAULT_CONFIG], "0.2.0+test"),
        "response_rates": processed.of(year, "response_rates"),
        "funnel": processed.of(year, "funnel"),
        "targets": processed.of(year, "target"),
        "weighting": processed.of(year, "weighting"),
    }


@pytest.fixture(scope="module")
def data(processed):
    return _year(processed, 2025)


def context(data, config, instrument, year=2025, figures_manifest=None, **changes):
    d = {**data, **changes}
    return build_context(
        year, d["estimates"], d["comparison"], d["reliability"], d["quality"], d["provenance"],
        figures_manifest or {}, config, instrument, response_rates=d.get("response_rates"),
        funnel=d.get("funnel"), targets=d.get("targets"), weighting=d.get("weighting"),
    )  # fmt: skip


def text_of(ctx) -> str:
    return " ".join(ctx["summary"]["paragraphs"])


def with_index_change(comparison, **values):
    """The comparison with the province's index row changed (diff, p_adj, significant, ...)."""
    comp = comparison.copy()
    row = (comp["group_by"] == "all") & (comp["measure"] == "index")
    for key, value in values.items():
        comp.loc[row, key] = value
    return comp


def _province(data, year, measure="index"):
    est = data["estimates"]
    return est[(est.year == year) & (est.group_by == "all") & (est.measure == measure)].iloc[0]


# --------------------------------------------------------------------------- context
def test_summary_reflects_the_tables(data, config, instrument):
    ctx = context(data, config, instrument)
    text = text_of(ctx)
    now, before = _province(data, 2025), _province(data, 2024)
    assert f"tahun 2025 adalah {format_number(now.estimate)}" in text
    assert f"kategori {now.category}" in text
    change = data["comparison"].query("group_by == 'all' and measure == 'index'").iloc[0]
    assert f"Dibandingkan tahun 2024 ({format_number(before.estimate)}), indeks naik " \
           f"{format_number(change['diff'])} poin" in text  # fmt: skip
    units = data["estimates"].query("year == 2025 and group_by == 'unit' and measure == 'index'")
    assert (f"Dari {len(units)} perangkat daerah, {int((~units.suppressed).sum())} memiliki "
            "cukup responden") in text  # fmt: skip
    values = data["estimates"].query("year == 2025 and group_by == 'all'").set_index("measure")
    best = values.loc[instrument.value_ids, "estimate"].idxmax()
    assert f"Nilai terkuat adalah {instrument.value_names[best]}" in text
    json.dumps(ctx)  # everything is plain JSON for the template


def test_change_sentences_differ_by_significance(data, config, instrument):
    nonsig = text_of(context(data, config, instrument, comparison=with_index_change(
        data["comparison"], diff=0.8, ci_low=-0.9, ci_high=2.5, p_adj=0.41, significant=False,
        material=False)))  # fmt: skip
    small = text_of(context(data, config, instrument, comparison=with_index_change(
        data["comparison"], diff=1.2, ci_low=0.4, ci_high=2.0, p_adj=0.012, significant=True,
        material=False)))  # fmt: skip
    falls = text_of(context(data, config, instrument, comparison=with_index_change(
        data["comparison"], diff=-3.4, ci_low=-4.0, ci_high=-2.8, p_adj=0.0001)))  # fmt: skip
    assert "tidak signifikan secara statistik (p terkoreksi = 0,41)" in nonsig
    assert "naik 0,8 poin (IK 95%: −0,9 s.d. 2,5)" in nonsig
    assert ("signifikan secara statistik (p terkoreksi = 0,012) tetapi lebih kecil dari ambang "
            "perubahan bermakna 3 poin") in small  # fmt: skip
    assert "indeks turun 3,4 poin" in falls


def test_change_sentence_untested():
    row = {"tested": False, "diff": float("nan"), "note": "n < 10 in 2024"}
    assert summary.change_sentence(row, 2024, 3.0) == (
        "Perubahan dari tahun 2024 tidak dapat diuji (n < 10 in 2024)."
    )


def test_target_sentence_follows_target_csv(data, config, instrument):
    row = data["targets"].query("group_by == 'all' and measure == 'index'").iloc[0]
    text = text_of(context(data, config, instrument))
    assert f"Target tahun 2025 adalah {row.target_low:.0f}–{row.target_high:.0f}" in text
    if row.status == "below":
        assert f"{format_number(-row.distance)} poin di bawah batas bawah target" in text


def test_first_year_is_measured_against_the_next_target(processed, config, instrument):
    first = _year(processed, 2024)
    ctx = context(first, config, instrument, year=2024)
    text = text_of(ctx)
    assert "Belum ada data tahun sebelumnya" in text
    row = first["targets"].query("group_by == 'all' and measure == 'index'").iloc[0]
    assert row.target_year == 2025
    assert (f"target tahun 2025 adalah 80–90, yang berarti indeks perlu naik "
            f"{format_number(row.needed)} poin") in text  # fmt: skip
    assert "perubahan metode" in text  # the ministry's 76,3 is another method
    assert not ctx["comparison"]["available"]


def test_methods_text_comes_from_config(data, config, instrument):
    methods = " ".join(context(data, config, instrument)["methods"]["paragraphs"])
    assert "skala 1–5 dikonversi linear ke 0–100 (1→0, 5→100" in methods
    assert "kurang dari 10 responden" in methods and "interval kepercayaan 95%" in methods
    assert "derajat bebas desain" in methods and "Kish (1965)" in methods
    cfg = copy.deepcopy(config)
    cfg["scale"]["conversion"] = "proportional"
    cfg["estimation"]["min_group_size"] = 5
    cfg["estimation"]["confidence"] = 0.9
    methods = " ".join(context(data, cfg, Instrument.from_config(cfg))["methods"]["paragraphs"])
    assert "skor = jawaban / 5 × 100 (1→20, 5→100)" in methods
    assert "kurang dari 5 responden" in methods and "interval kepercayaan 90%" in methods


def test_tables_hide_suppressed_units(data, config, instrument):
    ctx = context(data, config, instrument)
    rows = {r[0]: r for r in ctx["units"]["table"]["rows"]}
    est = data["estimates"].query("year == 2025 and group_by == 'unit' and measure == 'index'")
    for r in est.itertuples():
        if r.suppressed:
            assert rows[r.group][3] == "disembunyikan"
        else:
            assert rows[r.group][3] == format_number(r.estimate)
    rates = data["response_rates"].set_index("unit")
    shown = {r[0]: r for r in ctx["appendix"]["quality"]["tables"][-1]["rows"]}
    for unit, r in rates.drop("all").iterrows():
        assert (shown[unit][4] == "—") == bool(r.suppressed)


def test_english_context(data, config, instrument):
    cfg = {**config, "report": {**config["report"], "language": "en"}}
    ctx = context(data, cfg, instrument)
    assert f"in 2025 is {format_number(_province(data, 2025).estimate, 1, 'en')}" in text_of(ctx)
    assert ctx["labels"]["summary"] == "Executive summary"
    assert ctx["meta"]["watermark"] == "SYNTHETIC DATA"


# --------------------------------------------------------------------------- PDF
@pytest.fixture(scope="module")
def rendered(data, processed, config, instrument, tmp_path_factory):
    """A report built from the pipeline tables, with its figures."""
    tmp = tmp_path_factory.mktemp("rendered")
    manifest = figures.write_figures(
        data["estimates"], data["comparison"], processed.of(2025, "items"), data["funnel"],
        2025, config, instrument, tmp / "figures",
    )  # fmt: skip
    ctx = context(data, config, instrument, figures_manifest=manifest)
    out = render_report(ctx, TEMPLATE, tmp / "a" / "laporan.pdf", tmp / "work-a")
    return {"context": ctx, "pdf": out, "manifest": manifest, "tmp": tmp}


def test_render_is_a_byte_identical_pdf(rendered):
    pdf = rendered["pdf"].read_bytes()
    assert pdf.startswith(b"%PDF-")
    tmp = rendered["tmp"]
    again = render_report(rendered["context"], TEMPLATE, tmp / "b" / "laporan.pdf", tmp / "work-b")
    assert again.read_bytes() == pdf


def test_pdf_says_what_the_tables_say(rendered, data):
    pdf = rendered["pdf"].read_bytes()
    text = pdf_text(pdf)
    assert "Laporan Evaluasi Implementasi" in text and "Tahun 2025" in text
    for year in (2024, 2025):
        assert format_number(_province(data, year).estimate) in text
    assert "DATA SINTETIS" in text
    for chapter in ("Ringkasan eksekutif", "Metodologi", "Hasil per nilai",
                    "Hasil per perangkat daerah", "Perbandingan antartahun", "Reliabilitas",
                    "Rekomendasi", "Lampiran", "Kualitas data", "Tabel lengkap"):  # fmt: skip
        assert chapter in text, chapter
    assert data["provenance"]["config_sha256"] in text.replace("\n", "")
    # Tagged PDF with a figure element and alt text for every figure; archival and accessible.
    assert pdf.count(b"/S/Figure") >= len(rendered["manifest"])
    assert pdf.count(b"/Alt") >= len(rendered["manifest"])
    assert b"pdfuaid" in pdf and b"pdfaid" in pdf


def test_real_data_has_no_synthetic_stamp(processed, config, instrument, tmp_path):
    real = _year(processed, 2025, synthetic=False)
    ctx = context(real, config, instrument)
    assert not ctx["meta"]["synthetic"]
    out = render_report(ctx, TEMPLATE, tmp_path / "r.pdf", tmp_path / "work")
    text = pdf_text(out.read_bytes())
    assert "DATA SINTETIS" not in text and format_number(_province(real, 2025).estimate) in text


def test_missing_figure_is_a_clear_error(data, config, instrument, tmp_path):
    manifest = {"values": {"file": str(tmp_path / "nope.svg"), "alt": "x", "caption": "y"}}
    ctx = context(data, config, instrument, figures_manifest=manifest)
    with pytest.raises(BudayaKerjaError, match="figure 'values' not found"):
        render_report(ctx, TEMPLATE, tmp_path / "r.pdf", tmp_path / "work")


def test_comparison_needs_the_previous_year(data, config, instrument):
    only_2025 = data["estimates"].query("year == 2025")
    with pytest.raises(BudayaKerjaError, match="no earlier year"):
        context(data, config, instrument, estimates=only_2025)


# --------------------------------------------------------------------------- data origin
def test_methods_say_where_the_data_come_from(processed, data, config, instrument):
    demo = context(data, config, instrument)
    assert any(p.startswith("Data: data contoh sintetis bawaan")
               for p in demo["methods"]["paragraphs"])  # fmt: skip
    real = context(_year(processed, 2025, synthetic=False), config, instrument)
    methods = real["methods"]["paragraphs"]
    assert any(p.startswith("Data: ekspor survei sebenarnya") for p in methods)
    assert not any("dipseudonimkan dengan kunci demo" in p for p in methods)
    assert not any("tertaut ke 2024" in p for p in methods)  # the panel was linked


def test_methods_say_when_nobody_was_linked(data, config, instrument):
    unlinked = data["comparison"].copy()
    unlinked["n_matched"] = unlinked["n_matched"].where(unlinked["n_matched"].isna(), 0)
    ctx = context(data, config, instrument, comparison=unlinked)
    assert ("Tidak ada responden 2025 yang tertaut ke 2024 melalui pseudonim, sehingga "
            "perbandingan memakai interval untuk sampel independen") in " ".join(
        ctx["methods"]["paragraphs"])  # fmt: skip


def test_any_unicode_text_renders(processed, config, instrument, tmp_path):
    """Non-Latin agency names and file names, emoji, private-use and control characters and
    bidirectional overrides: the PDF/A report is built and shows what can be shown."""
    real = _year(processed, 2025, synthetic=False)
    quality = real["quality"]
    quality["unknown_units"] = {"Dinas Кадров": 3, "مديرية الصحة dinas": 2, "Biro 人事 😀": 1,
                                "Bagian \ue000\x07\u202eabc": 1}  # fmt: skip
    quality["files"][0]["file"] = "ekspor-ОПД-ไทย-हिन्दी.csv"
    ctx = context(real, config, instrument, quality=quality)
    out = render_report(ctx, TEMPLATE, tmp_path / "r.pdf", tmp_path / "work")
    text = pdf_text(out.read_bytes())
    assert "Dinas Кадров" in text and "ОПД" in text and "الصحة" in text
    assert "Bagian \ufffd\ufffdabc" in text  # private use and a control shown as U+FFFD


def test_interval_format_in_the_report_is_the_text_layers():
    assert format_interval(-0.5, 1.2) == "−0,5 s.d. 1,2"
