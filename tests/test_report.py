"""Report: number formatting, sentences generated from the tables, and a rendered PDF that is
byte-identical across builds and says what the tables say."""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.figures import core as figures
from budaya_kerja.report import core as report
from budaya_kerja.report.core import build_context, format_number, render_report
from budaya_kerja.settings import REPO_ROOT, Instrument
from tests.test_figures import fake_comparison, fake_estimates, fake_responses

from .exports import pdf_text

TEMPLATE = REPO_ROOT / "src" / "budaya_kerja" / "report" / "templates" / "laporan.typ"


# --------------------------------------------------------------------------- fixtures
def fake_reliability(instrument, year: int, seed: int = 3):
    import pandas as pd

    rng = np.random.default_rng(seed)
    rows = []
    for v, items in instrument.values.items():
        alpha = float(rng.uniform(0.74, 0.86))
        rows.append(
            {
                "measure": v,
                "level": "value",
                "value": v,
                "n": 2390,
                "k": 3,
                "alpha": alpha,
                "alpha_ci_low": alpha - 0.01,
                "alpha_ci_high": alpha + 0.01,
                "omega": alpha + 0.002,
            }
        )
        for item in items:
            rows.append(
                {
                    "measure": item,
                    "level": "item",
                    "value": v,
                    "n": 2390,
                    "k": 3,
                    "item_total_r": 0.6,
                    "alpha_if_deleted": alpha - 0.05,
                    "mean_inter_item_r": 0.55,
                }
            )
    rows.append(
        {
            "measure": "index",
            "level": "index",
            "value": None,
            "n": 2300,
            "k": 21,
            "alpha": 0.92,
            "alpha_ci_low": 0.91,
            "alpha_ci_high": 0.93,
            "omega": 0.92,
        }
    )
    return pd.DataFrame(rows).assign(year=year)


RATE_UNITS = {
    "DINKES": ("Dinas Kesehatan", 310, 420),
    "DINSOS": ("Dinas Sosial", 60, 140),
    "SETDA-PIM": ("Biro Administrasi Pimpinan", 6, 16),
}


def fake_response_rates(min_size: int = 10):
    """response_rates.csv as the pipeline writes it (the real suppression on these counts)."""
    import pandas as pd

    from budaya_kerja.stats import aggregate, suppression

    accepted = pd.Series({u: n for u, (_, n, _) in RATE_UNITS.items()})
    headcount = pd.Series({u: N for u, (_, _, N) in RATE_UNITS.items()})
    reasons = suppression.unit_reasons(accepted, accepted, min_size)
    labels = {u: name for u, (name, _, _) in RATE_UNITS.items()}
    return aggregate.response_rates(accepted, headcount, reasons, min_size, labels)


def fake_quality(year: int, synthetic: bool = True) -> dict:
    return {
        "year": year,
        "files": [
            {
                "file": f"survei-{year}-sintetis.csv",
                "sha256": "ab" * 32,
                "bytes": 123456,
                "rows_read": 2500,
                "accepted": 2420,
                "rejected": 80,
            }
        ],
        "rows_read": 2500,
        "accepted": 2420,
        "rejected": 80,
        "rejected_by_reason": {"duplicate": 50, "nip_length": 20, "unit_unknown": 10},
        "duplicates_resolved": 50,
        "unknown_units": {"Dinas Kesehtan": 10},
        "missing_by_item": {"BP1": 0.004, "AD2": 0.011},
        "flags": {"straightline": 31, "speeder": 4},
        "frame": {
            "file": "populasi-sintetis.csv",
            "sha256": "cd" * 32,
            "bytes": 999,
            "headcount": 9800,
        },
        "synthetic": synthetic,
    }


def fake_provenance(synthetic: bool = True) -> dict:
    return {
        "inputs": [{"path": "2025/survei-2025-sintetis.csv", "sha256": "ab" * 32, "bytes": 123456}],
        "config_sha256": "ef" * 32,
        "code_version": "0.1.0+test",
        "synthetic": synthetic,
    }


@pytest.fixture()
def data(config, instrument):
    est = fake_estimates(instrument, config["bands"])
    return {
        "estimates": est,
        "comparison": fake_comparison(est, 2024, 2025),
        "reliability": fake_reliability(instrument, 2025),
        "quality": fake_quality(2025),
        "provenance": fake_provenance(),
        "response_rates": fake_response_rates(),
    }


def context(data, config, instrument, year=2025, figures_manifest=None, **changes):
    d = {**data, **changes}
    return build_context(
        year,
        d["estimates"],
        d["comparison"],
        d["reliability"],
        d["quality"],
        d["provenance"],
        figures_manifest or {},
        config,
        instrument,
        response_rates=d.get("response_rates"),
    )


def summary(ctx) -> str:
    return " ".join(ctx["summary"]["paragraphs"])


def with_index_change(comparison, **values):
    """The comparison with the province's index row changed (diff, p_adj, significant, ...)."""
    comp = comparison.copy()
    row = (comp["group_by"] == "all") & (comp["measure"] == "index")
    for key, value in values.items():
        comp.loc[row, key] = value
    return comp


# --------------------------------------------------------------------------- formatting
@pytest.mark.parametrize(
    ("value", "decimals", "language", "expected"),
    [
        (76.3, 1, "id", "76,3"),
        (76.25, 1, "id", "76,3"),  # half away from zero on the decimal digits, not binary
        (0.05, 1, "id", "0,1"),
        (0.15, 1, "id", "0,2"),
        (2.675, 2, "id", "2,68"),
        (-2.25, 1, "id", "−2,3"),
        (-0.04, 1, "id", "0,0"),  # no negative zero
        (-1234.5, 1, "id", "−1.234,5"),
        (4_300_000, 0, "id", "4.300.000"),
        (4_300_000, 0, "en", "4,300,000"),
        (76.3, 1, "en", "76.3"),
        (1e20, 0, "id", "100.000.000.000.000.000.000"),
        (np.int64(6904), 0, "id", "6.904"),
        (0.9999, 2, "id", "1,00"),
    ],
)
def test_format_number(value, decimals, language, expected):
    assert format_number(value, decimals, language) == expected


@pytest.mark.parametrize("missing", [float("nan"), None, np.nan, float("inf"), "x"])
def test_format_number_missing(missing):
    assert format_number(missing) == "—"


def test_format_helpers():
    assert format_number(3.33, sign=True) == "+3,3"
    assert format_number(-3.33, sign=True) == "−3,3"
    assert format_number(0.01, sign=True) == "0,0"
    assert report.format_interval(75.94, 76.66) == "75,9–76,7"
    assert report.format_interval(-0.5, 1.2) == "−0,5 s.d. 1,2"
    assert report.format_interval(-0.5, 1.2, language="en") == "−0.5 to 1.2"
    assert report.format_p(0.0004) == "< 0,001" and report.format_p(0.0123) == "= 0,012"
    assert report.format_p(0.41) == "= 0,41"
    assert report.format_probability(0.001) == "< 1%" and report.format_probability(0.42) == "42%"
    assert report.format_date("2026-01-01") == "1 Januari 2026"
    assert report.format_date("2026-03-05", "en") == "5 March 2026"


# --------------------------------------------------------------------------- context
def test_summary_reflects_the_tables(data, config, instrument):
    ctx = context(data, config, instrument)
    text = summary(ctx)
    assert "tahun 2025 adalah 79,6" in text and "kategori Sehat" in text
    assert "Seluruh interval kepercayaannya berada dalam kategori Sehat" in text
    assert "Dibandingkan tahun 2024 (76,3), indeks naik 3,3 poin" in text
    assert "signifikan secara statistik (p terkoreksi < 0,001) dan material" in text
    # 7 agencies published (one far below: Cukup Sehat), one suppressed.
    assert "Dari 8 perangkat daerah, 7 memiliki cukup responden" in text
    assert "1 Cukup Sehat" in text and "1 perangkat daerah disembunyikan" in text
    values = data["estimates"].query("year == 2025 and group_by == 'all'").set_index("measure")
    best = values.loc[instrument.value_ids, "estimate"].idxmax()
    assert f"Nilai terkuat adalah {instrument.value_names[best]}" in text
    json.dumps(ctx)  # everything is plain JSON for the template


def test_change_sentences_differ_by_significance(data, config, instrument):
    sig = summary(context(data, config, instrument))
    nonsig = summary(
        context(
            data,
            config,
            instrument,
            comparison=with_index_change(
                data["comparison"],
                diff=0.8,
                ci_low=-0.9,
                ci_high=2.5,
                p_adj=0.41,
                significant=False,
                material=False,
            ),
        )
    )
    small = summary(
        context(
            data,
            config,
            instrument,
            comparison=with_index_change(
                data["comparison"], diff=1.2, ci_low=0.4, ci_high=2.0, p_adj=0.012, material=False
            ),
        )
    )
    assert "tidak signifikan secara statistik (p terkoreksi = 0,41)" in nonsig
    assert "naik 0,8 poin (IK 95%: −0,9 s.d. 2,5)" in nonsig
    assert "tidak signifikan" not in sig
    assert (
        "signifikan secara statistik (p terkoreksi = 0,012) tetapi lebih kecil dari ambang "
        "perubahan bermakna 3 poin" in small
    )
    falls = summary(
        context(
            data,
            config,
            instrument,
            comparison=with_index_change(
                data["comparison"], diff=-3.4, ci_low=-4.0, ci_high=-2.8, p_adj=0.0001
            ),
        )
    )
    assert "indeks turun 3,4 poin" in falls


def test_change_sentence_untested(config):
    row = {"tested": False, "diff": np.nan, "note": "n < 10 in 2024"}
    assert report.change_sentence(row, 2024, 3.0) == (
        "Perubahan dari tahun 2024 tidak dapat diuji (n < 10 in 2024)."
    )


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ([80, 90], "indeks masih 0,4 poin di bawah batas bawah target"),
        ([75, 85], "indeks berada dalam rentang target, 4,6 poin di atas batas bawahnya"),
        ([70, 78], "indeks berada di atas rentang target (1,6 poin di atas batas atasnya)"),
    ],
)
def test_target_status(data, config, instrument, target, expected):
    cfg = {**config, "targets": {2025: target}}
    text = summary(context(data, cfg, instrument))
    assert f"Target tahun 2025 adalah {target[0]}–{target[1]}" in text
    assert expected in text


def test_first_year(data, config, instrument):
    est = data["estimates"].query("year == 2024")
    ctx = context(
        data,
        config,
        instrument,
        year=2024,
        estimates=est,
        comparison=None,
        reliability=fake_reliability(instrument, 2024),
        quality=fake_quality(2024),
    )
    text = summary(ctx)
    assert "Belum ada data tahun sebelumnya" in text
    # No target for 2024: the next year's target and the distance to it.
    assert "target tahun 2025 adalah 80–90, yang berarti indeks perlu naik 3,7 poin" in text
    # The ministry published 76,3 for 2024 with a different method: labelled a change of method.
    assert "perubahan metode" in text
    assert not ctx["comparison"]["available"]
    assert "tahun survei pertama (2024)" in ctx["comparison"]["paragraphs"][0]


def test_methods_text_comes_from_config(data, config, instrument):
    methods = " ".join(context(data, config, instrument)["methods"]["paragraphs"])
    assert "skala 1–5 dikonversi linear ke 0–100 (1→0, 5→100" in methods
    assert "kurang dari 10 responden" in methods and "interval kepercayaan 95%" in methods
    assert "pemungutan suara" in methods and "perubahan metode" in methods
    assert "9.800 ASN" in methods  # weighted to the population frame
    cfg = copy.deepcopy(config)
    cfg["scale"]["conversion"] = "proportional"
    cfg["estimation"]["min_group_size"] = 5
    methods = " ".join(context(data, cfg, Instrument.from_config(cfg))["methods"]["paragraphs"])
    assert "skor = jawaban / 5 × 100 (1→20, 5→100)" in methods
    assert "kurang dari 5 responden" in methods


def test_tables_hide_suppressed_units(data, config, instrument):
    ctx = context(data, config, instrument)
    rows = {r[0]: r for r in ctx["units"]["table"]["rows"]}
    assert rows["SETDA-PIM"][2:5] == ["< 10", "disembunyikan", "—"]
    dinsos = data["estimates"].query("year == 2025 and group == 'DINSOS' and measure == 'index'")
    assert rows["DINSOS"][3] == format_number(dinsos["estimate"].iloc[0])
    # Response rates of agencies below the minimum size stay banded too, with a complement:
    # otherwise 376 - 310 - 60 would give the hidden 6.
    rates = ctx["appendix"]["quality"]["tables"][-1]["rows"]
    assert ["SETDA-PIM", "Biro Administrasi Pimpinan", "< 10", "16", "—"] in rates
    assert ["DINSOS", "Dinas Sosial", "50–99", "140", "—"] in rates
    assert ["DINKES", "Dinas Kesehatan", "310", "420", "73,8%"] in rates
    # ...so the hidden agencies' rates are named nowhere, not even in a recommendation.
    assert not any("Dinas Sosial (43" in r for r in ctx["recommendations"])


def test_english_context(data, config, instrument):
    cfg = {**config, "report": {**config["report"], "language": "en"}}
    ctx = context(data, cfg, instrument)
    assert "in 2025 is 79.6" in summary(ctx) and "rose by 3.3 points" in summary(ctx)
    assert ctx["labels"]["summary"] == "Executive summary"
    assert ctx["meta"]["watermark"] == "SYNTHETIC DATA"


# --------------------------------------------------------------------------- PDF
@pytest.fixture()
def rendered(data, config, instrument, tmp_path):
    """A report built from the fixture tables, with its figures."""
    comps = {(2024, 2025): data["comparison"]}
    dist = figures.item_distribution(fake_responses(instrument), instrument.items, (1, 5))
    manifest = figures.write_figures(
        data["estimates"], comps, dist, 2025, config, instrument, tmp_path / "figures"
    )
    ctx = context(data, config, instrument, figures_manifest=manifest)
    out = render_report(ctx, TEMPLATE, tmp_path / "a" / "laporan.pdf", tmp_path / "work-a")
    return {"context": ctx, "pdf": out, "manifest": manifest}


def test_render_is_a_byte_identical_pdf(rendered, tmp_path):
    pdf = rendered["pdf"].read_bytes()
    assert pdf.startswith(b"%PDF-")
    again = render_report(
        rendered["context"], TEMPLATE, tmp_path / "b" / "laporan.pdf", tmp_path / "work-b"
    )
    assert again.read_bytes() == pdf


def test_pdf_says_what_the_tables_say(rendered):
    pdf = rendered["pdf"].read_bytes()
    text = pdf_text(pdf)
    assert "Laporan Evaluasi Implementasi" in text and "Tahun 2025" in text
    assert "76,3" in text and "79,6" in text and "Sehat" in text
    assert "DATA SINTETIS" in text
    for chapter in (
        "Ringkasan eksekutif",
        "Metodologi",
        "Hasil per nilai",
        "Hasil per perangkat daerah",
        "Perbandingan antartahun",
        "Reliabilitas",
        "Rekomendasi",
        "Lampiran",
        "Kualitas data",
        "Tabel lengkap",
        "Provenans",
    ):
        assert chapter in text, chapter
    assert "ef" * 32 in text  # the config hash
    # Tagged PDF with a figure element and alt text for every figure; archival and accessible.
    assert pdf.count(b"/S/Figure") >= len(rendered["manifest"])
    assert pdf.count(b"/Alt") >= len(rendered["manifest"])
    assert b"pdfuaid" in pdf and b"pdfaid" in pdf


def test_real_data_has_no_synthetic_stamp(data, config, instrument, tmp_path):
    ctx = context(
        data,
        config,
        instrument,
        quality=fake_quality(2025, synthetic=False),
        provenance=fake_provenance(synthetic=False),
    )
    assert not ctx["meta"]["synthetic"]
    out = render_report(ctx, TEMPLATE, tmp_path / "r.pdf", tmp_path / "work")
    text = pdf_text(out.read_bytes())
    assert "DATA SINTETIS" not in text and "76,3" in text


def test_missing_figure_is_a_clear_error(data, config, instrument, tmp_path):
    manifest = {"values": {"file": str(tmp_path / "nope.svg"), "alt": "x", "caption": "y"}}
    ctx = context(data, config, instrument, figures_manifest=manifest)
    with pytest.raises(BudayaKerjaError, match="figure 'values' not found"):
        render_report(ctx, TEMPLATE, tmp_path / "r.pdf", tmp_path / "work")


def test_comparison_needs_the_previous_year(data, config, instrument):
    only_2025 = data["estimates"].query("year == 2025")
    with pytest.raises(BudayaKerjaError, match="no earlier year"):
        context(data, config, instrument, estimates=only_2025)
    ctx = build_context(
        2025,
        only_2025,
        data["comparison"],
        data["reliability"],
        data["quality"],
        data["provenance"],
        {},
        config,
        instrument,
        previous_year=2024,
    )
    assert "Dibandingkan tahun 2024 (76,3)" in summary(ctx)


# --------------------------------------------------------------------------- issue 9
def test_methods_say_where_the_data_come_from(data, config, instrument):
    demo = context(data, config, instrument)
    assert any(
        p.startswith("Data: data contoh sintetis bawaan") for p in demo["methods"]["paragraphs"]
    )
    real = context(data, config, instrument, quality=fake_quality(2025, synthetic=False),
                   provenance=fake_provenance(synthetic=False))  # fmt: skip
    methods = real["methods"]["paragraphs"]
    assert any(p.startswith("Data: ekspor survei sebenarnya") for p in methods)
    assert not any("dipseudonimkan dengan kunci demo" in p for p in methods)
    assert not real["meta"]["synthetic"]
    assert not any("tertaut ke 2024" in p for p in methods)  # 40 % of 2025 were linked


def test_methods_say_when_nobody_was_linked(data, config, instrument):
    unlinked = data["comparison"].copy()
    unlinked["n_matched"] = unlinked["n_matched"].where(unlinked["n_matched"].isna(), 0.0)
    ctx = context(data, config, instrument, comparison=unlinked)
    assert ("Tidak ada responden 2025 yang tertaut ke 2024 melalui pseudonim, sehingga "
            "perbandingan memakai interval untuk sampel independen") in " ".join(
        ctx["methods"]["paragraphs"])  # fmt: skip


def test_any_unicode_text_renders(data, config, instrument, tmp_path):
    """Non-Latin agency names and file names, emoji, private-use and control characters and
    bidirectional overrides: the PDF/A report is built and shows what can be shown."""
    quality = fake_quality(2025, synthetic=False)
    quality["unknown_units"] = {"Dinas Кадров": 3, "مديرية الصحة dinas": 2, "Biro 人事 😀": 1,
                                "Bagian \ue000\x07\u202eabc": 1}  # fmt: skip
    quality["files"][0]["file"] = "ekspor-ОПД-ไทย-हिन्दी.csv"
    ctx = context(data, config, instrument, quality=quality,
                  provenance=fake_provenance(synthetic=False))  # fmt: skip
    out = render_report(ctx, TEMPLATE, tmp_path / "r.pdf", tmp_path / "work")
    text = pdf_text(out.read_bytes())
    assert "Dinas Кадров" in text and "ОПД" in text and "الصحة" in text
    assert "Bagian \ufffd\ufffdabc" in text  # private use and a control shown as U+FFFD
