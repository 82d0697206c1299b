"""Report: the context built from the pipeline's tables (every chapter of a government
evaluation report, the one-page summary, the recommendations traced to findings, the agency
profiles) and a rendered PDF that is byte-identical across builds and says what the tables say.
The tables come from the pipeline's own statistics on a small generated survey
(tests/factories.py). Each item the review of issue 12 found has a test here."""

from __future__ import annotations

import copy
import json
import re

import pytest

from budaya_kerja import figures
from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.io import provenance
from budaya_kerja.report import build_context, render_report
from budaya_kerja.report.inputs import ReportTables
from budaya_kerja.report.profiles import profile_context
from budaya_kerja.rounding import published
from budaya_kerja.settings import DEFAULT_CONFIG, REPO_ROOT
from budaya_kerja.text import format_interval, format_number, format_percent

from .exports import pdf_text

TEMPLATES = REPO_ROOT / "src" / "budaya_kerja" / "report" / "templates"
TEMPLATE = TEMPLATES / "laporan.typ"


# --------------------------------------------------------------------------- fixtures
def year_tables(processed, year, synthetic=True, **changes) -> ReportTables:
    """The processed tables of ``year`` as the report rule reads them."""
    quality = copy.deepcopy(processed.of(year, "quality"))
    quality["synthetic"] = synthetic
    names = ["reliability", "response_rates", "funnel", "weighting", "items", "item_findings",
             "drivers", "nonresponse", "sensitivity", "profiles", "attention"]  # fmt: skip
    tables = dict(
        estimates=processed.estimates[processed.estimates["year"] <= year],
        comparison=processed.comparison if year == 2025 else None,
        targets=processed.of(year, "target"),
        quality=quality,
        provenance=provenance.build_provenance(quality, [DEFAULT_CONFIG], "0.2.0+test"),
        **{n: processed.of(year, n) for n in names},
    )
    tables.update(changes)
    return ReportTables(**tables)


@pytest.fixture(scope="module")
def tables(processed):
    return year_tables(processed, 2025)


@pytest.fixture(scope="module")
def ctx(tables, config):
    return build_context(2025, tables, config)


def summary_text(ctx) -> str:
    return " ".join(p["text"] for p in ctx["summary"]["points"])


def province(tables, year, measure="index"):
    est = tables.estimates
    return est[(est.year == year) & (est.group_by == "all") & (est.measure == measure)].iloc[0]


# --------------------------------------------------------------------------- structure
def test_context_has_every_chapter_of_a_government_report(ctx):
    json.dumps(ctx)  # plain JSON for the template
    for key in ("pengesahan", "foreword", "summary", "introduction", "methods", "results",
                "comparison", "programmes", "evaluation", "targets", "recommendations",
                "closing", "appendix"):  # fmt: skip
        assert key in ctx, key
    legal = " ".join(ctx["introduction"]["legal"])
    assert "Nomor 20 Tahun 2023" in legal and "Nomor 20 Tahun 2021" in legal
    assert len(ctx["introduction"]["values_table"]["rows"]) == 21


def test_dates_and_team_come_from_config(tables, config):
    cfg = copy.deepcopy(config)
    cfg["report"]["dates"] = {2025: "2025-11-28"}
    cfg["report"]["team_members"] = [{"role": "Koordinator", "agency": "Biro Uji"},
                                     {"role": "Anggota", "agency": "Badan Uji"}]  # fmt: skip
    cfg["report"]["approved_by"] = {"position": "Sekretaris Daerah", "name": "Nama Pejabat"}
    ctx = build_context(2025, tables, cfg)
    assert ctx["meta"]["date"] == "28 November 2025" and ctx["meta"]["build_date"] == "2025-11-28"
    assert "Biro Uji (Koordinator) dan Badan Uji (Anggota)" in ctx["pengesahan"]["paragraphs"][0]
    assert "Biro Uji" in " ".join(ctx["foreword"]["paragraphs"])
    signed = {s["position"]: s["name"] for s in ctx["pengesahan"]["signatories"]}
    assert signed["Sekretaris Daerah"] == "Nama Pejabat"
    cfg["report"]["dates"] = {}
    assert build_context(2025, tables, cfg)["meta"]["build_date"] == "2025-12-31"
    assert "2026-01-01" not in json.dumps(build_context(2025, tables, cfg))


# --------------------------------------------------------------------------- summary
def test_summary_reflects_the_tables(ctx, tables):
    text = summary_text(ctx)
    now, before = province(tables, 2025), province(tables, 2024)
    assert f"tahun 2025 adalah {format_number(now.estimate)}" in text
    assert f"interval kepercayaan 95%: {format_interval(now.ci_low, now.ci_high)}" in text
    change = tables.comparison.query("group_by == 'all' and measure == 'index'").iloc[0]
    assert f"Dibandingkan tahun 2024 ({format_number(before.estimate)})" in text
    assert format_number(abs(change["diff"])) in text
    assert 3 <= len(ctx["summary"]["steps"]) <= 5


def test_respondent_box_is_the_response_rate_not_raw_rows(ctx, tables):
    rate = tables.response_rates.query("unit == 'all'").iloc[0]
    box = {k["label"]: k for k in ctx["summary"]["key_figures"]}["Tingkat respons"]
    assert box["value"] == format_percent(100 * rate["rate"], 1)
    assert format_number(rate["respondents"], 0) in box["note"]
    assert "baris dibaca" not in json.dumps(ctx["summary"])


def test_summary_keeps_the_method_caveat_of_the_target(ctx):
    text = summary_text(ctx)
    assert "angka kementerian 76,3 (2024)" in text and "indikatif" in text
    boxes = [k for k in ctx["summary"]["key_figures"] if k["label"].startswith("Target")]
    assert boxes and "indikatif" in boxes[0]["note"]


def test_summary_names_the_agencies_that_need_attention_by_a_stated_rule(ctx, tables):
    att = tables.attention[tables.attention["attention"]]
    point = {p["label"]: p["text"] for p in ctx["summary"]["points"]}["Perlu perhatian"]
    assert "batas kendali 99,8%" in point  # the rule is stated
    for name in att["unit_label"]:
        assert name in point
    hidden = tables.attention[~tables.attention["published"]]
    for name in hidden["unit_label"]:
        assert f"{name} (" not in point  # a hidden agency is never named


def test_steps_are_traced_to_findings(ctx):
    labels = {t["label"] for section in _tables(ctx) for t in [section] if t.get("label")}
    for step in ctx["summary"]["steps"]:
        assert step["basis"] == "" or step["basis"] in labels, step


def _tables(obj):
    """Every table block in the context."""
    if isinstance(obj, dict):
        if "caption" in obj and "rows" in obj:
            yield obj
        for v in obj.values():
            yield from _tables(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _tables(v)


# --------------------------------------------------------------------------- recommendations
def test_recommendations_aim_at_a_coming_target_and_ask_no_did_already_done(ctx):
    recs = " ".join(r["text"] for r in ctx["recommendations"]["items"])
    assert "pada tahun 2025" not in recs  # never a target whose year is the report's own
    assert "selisih-dalam-selisih" not in recs  # the DiD is done (Evaluasi program)
    target = [r for r in ctx["recommendations"]["items"] if r["basis"] == "tab-targets"]
    if target and "perlu naik" in target[0]["text"]:
        assert "pada tahun 2026" in target[0]["text"]
        assert "%" not in target[0]["text"]  # index points, not a share of summed shortfalls


def test_value_contributions_are_index_points(tables, config):
    band = tables.targets[(tables.targets.target_year == 2026) & (tables.targets.group_by == "all")]
    values = band[band.measure != "index"]
    low = band["target_low"].iloc[0]
    # Each value's shortfall as published (one decimal), like the index's (stats/targets.py).
    expected = (low - published(values["estimate"])).clip(min=0) / 7
    assert values["gap_points"].to_numpy() == pytest.approx(expected)


def test_programme_effects_carry_the_parallel_trends_caveat(tables, config):
    import pandas as pd

    prog = pd.DataFrame({
        "programme": ["workshop", "podcast"], "kind": ["effect", "effect"],
        "year0": [2024, 2024], "year1": [2025, 2025], "n_participants": [12, 9],
        "n_others": [20, 23], "effect": [5.5, 0.4], "se": [1.0, 1.1], "ci_low": [3.5, -1.8],
        "ci_high": [7.5, 2.6], "p": [0.0001, 0.7], "p_adj": [0.0002, 0.7],
        "method": "first-difference DiD, OLS, HC3", "note": "",
        "n_participants_excluded": [1, 1], "excluded": ["SETDA-HUK", "SETDA-HUK"],
    })  # fmt: skip
    ctx = build_context(2025, year_tables_from(tables, programmes=prog), config)
    text = " ".join(ctx["programmes"]["paragraphs"])
    assert "lokakarya" in text and "workshop" not in text
    assert "tren paralel" in text
    assert "Biro Hukum" in text and "tidak masuk analisis" in text  # who dropped out, and why
    summary = {p["label"]: p["text"] for p in ctx["summary"]["points"]}["Program"]
    assert "tren paralel" in summary and "lokakarya (+5,5" in summary
    assert "HC3" not in json.dumps(ctx, ensure_ascii=False)


def year_tables_from(tables: ReportTables, **changes) -> ReportTables:
    return ReportTables(**{**tables.__dict__, **changes})


# --------------------------------------------------------------------------- wording
def test_no_number_disagreement_or_untranslated_terms(ctx, tables, config):
    text = json.dumps(ctx, ensure_ascii=False)
    for wrong in ("dari tujuh nilai", "Koreksi keberagaman uji", "penekanan komplementer",
                  "bercerita berbeda", "Provenans", "raking", "estimate_shrunk", "HC3",
                  "workshop"):  # fmt: skip
        assert wrong not in text, wrong
    en = build_context(2025, tables, config, language="en")
    english = json.dumps(en, ensure_ascii=False)
    assert not re.search(r"\b1 of the seven values are\b", english)
    assert not re.search(r"\b1 values\b", english)


def test_counts_agree_in_number(tables, config):
    """'1 of 7 values is', never '1 of the seven values are'; 'Seluruh 7', never '7 dari
    tujuh'."""
    est = tables.estimates.copy()
    values = (est["year"] == 2025) & (est["group_by"] == "all") & est["measure"].isin(
        ["AK", "KO", "HA", "LO", "AD", "KL"])  # fmt: skip
    est.loc[values, "category"] = "Cukup Sehat"
    one = year_tables_from(tables, estimates=est)
    english = {p["label"]: p["text"] for p in build_context(2025, one, config, language="en")
               ["summary"]["points"]}["Values"]  # fmt: skip
    assert "1 of 7 values is Healthy (Sehat)" in english
    indonesian = summary_text(build_context(2025, one, config))
    assert "1 dari 7 nilai berkategori Sehat" in indonesian
    assert "Seluruh 7 nilai berkategori Sehat" in summary_text(build_context(2025, tables, config))


def test_reason_codes_are_described(tables, config):
    quality = copy.deepcopy(tables.quality)
    quality["rejected_by_reason"] = {"nip_length": 3, "duplicate": 2, "something_new": 1}
    ctx = build_context(2025, year_tables_from(tables, quality=quality), config)
    reasons = [t for t in ctx["appendix"]["quality"]["tables"]
               if t["caption"] == "Baris ditolak menurut alasan"][0]  # fmt: skip
    cells = [c for row in reasons["rows"] for c in row]
    assert "NIP bukan 18 digit" in cells and "alasan lain" in cells
    assert not any(re.fullmatch(r"[a-z]+_[a-z_]+", c) for c in cells)


def test_fit_criteria_are_the_ones_applied(ctx):
    from budaya_kerja.stats.validity import MAX_RMSEA, MIN_CFI

    text = " ".join(ctx["methods"]["quality"]["validity"]["paragraphs"])
    if text:
        assert f"CFI ≥ {format_number(MIN_CFI, 2)}" in text
        assert f"RMSEA ≤ {format_number(MAX_RMSEA, 2)}" in text
        assert "0,95" not in text


# --------------------------------------------------------------------------- sections
def test_behaviours_strengths_challenges_and_drivers(ctx, tables):
    b = ctx["results"]["behaviours"]
    text = " ".join(b["findings"]["paragraphs"])
    assert "65%" in text and "35%" in text  # thresholds from config
    f = tables.item_findings
    assert f"Kekuatan: {int(f['strength'].sum())} dari 21 perilaku" in text
    drivers = " ".join(b["drivers"]["paragraphs"])
    top = tables.drivers.sort_values("rank").iloc[0]
    assert top["measure"] in drivers and "bukan sebab-akibat" in drivers


def test_nonresponse_and_sensitivity_in_the_methods(ctx, tables):
    m = ctx["methods"]
    assert m["nonresponse"]["tables"]
    sens = " ".join(m["sensitivity"]["paragraphs"])
    assert "tanpa bobot" in sens
    flagged = tables.sensitivity.query("scenario.str.startswith('flags')", engine="python")
    if len(flagged):
        n = int(flagged["n_changed"].iloc[0])
        assert f"{format_number(n, 0)} responden bertanda" in sens


def test_age_groups_in_their_order(ctx):
    rows = [r for r in ctx["results"]["groups"]["table"]["rows"] if r[0] == "Kelompok usia"]
    labels = [r[1] for r in rows if r[1] != "(tidak diisi)"]
    lower = [int(re.search(r"\d+", x).group()) for x in labels]
    assert lower == sorted(lower)


# --------------------------------------------------------------------------- profiles
def test_every_agency_has_a_profile_and_hidden_ones_no_numbers(ctx, tables):
    appendix = ctx["appendix"]["profiles"]
    pages = {p["code"]: p for p in appendix["profiles"]}
    hidden = {row[0]: row for row in (appendix["hidden"] or {"rows": []})["rows"]}
    units = tables.estimates.query("year == 2025 and group_by == 'unit' and measure == 'index'")
    for u in units.itertuples():
        if u.suppressed:
            assert u.group in hidden and u.group not in pages
            assert "minimum" in hidden[u.group][2] or "komplementer" in hidden[u.group][2]
        else:
            assert pages[u.group]["facts"][0]["value"] == format_number(u.estimate)
            assert pages[u.group]["chart"]["rows"][0]["value"] == pytest.approx(u.estimate)


def test_hidden_agency_profile_says_why(tables, config):
    from budaya_kerja.report.inputs import Report
    from budaya_kerja.report.profiles import agency_profile

    r = Report(2025, tables, config)
    small = tables.estimates.query("year == 2025 and group_by == 'unit' and measure == 'index' "
                                   "and suppression_reason == 'n < 10'").iloc[0]  # fmt: skip
    page = agency_profile(r, small.group)
    assert not page["available"] and page["table"] is None and "chart" not in page
    assert "kurang dari batas minimum 10" in page["paragraphs"][0]
    absent = agency_profile(r, "TIDAK-ADA", "Dinas Baru")
    assert "Tidak ada responden" in absent["paragraphs"][0]


def test_profile_pdf_of_one_agency(tables, config, tmp_path):
    code = tables.estimates.query("year == 2025 and group_by == 'unit' and not suppressed")[
        "group"
    ].iloc[0]
    out = render_report(profile_context(2025, tables, config, code),
                        TEMPLATES / "perangkat-daerah.typ", tmp_path / f"{code}.pdf", tmp_path / "w")  # fmt: skip
    text = pdf_text(out.read_bytes())
    assert code in text and "Profil perangkat daerah" in text


# --------------------------------------------------------------------------- PDF
@pytest.fixture(scope="module")
def rendered(tables, processed, config, instrument, tmp_path_factory):
    """A report built from the pipeline tables, with its figures."""
    tmp = tmp_path_factory.mktemp("rendered")
    manifest = figures.write_figures(
        tables.estimates, tables.comparison, processed.of(2025, "items"), tables.funnel,
        2025, config, instrument, tmp / "figures",
    )  # fmt: skip
    ctx = build_context(2025, year_tables_from(tables, figures=manifest), config)
    out = render_report(ctx, TEMPLATE, tmp / "a" / "laporan.pdf", tmp / "work-a")
    return {"context": ctx, "pdf": out, "manifest": manifest, "tmp": tmp}


def test_render_is_a_byte_identical_pdf(rendered):
    pdf = rendered["pdf"].read_bytes()
    assert pdf.startswith(b"%PDF-")
    tmp = rendered["tmp"]
    again = render_report(rendered["context"], TEMPLATE, tmp / "b" / "laporan.pdf", tmp / "work-b")
    assert again.read_bytes() == pdf


def test_a_typst_tagging_failure_is_retried_with_the_figures_in_the_text_flow(
    rendered, monkeypatch, capsys
):
    """Typst's tagged-PDF writer fails on some layouts of floating figures (typst#8487): the
    report is then typeset with its figures in the text flow, still PDF/UA; any other Typst
    error stops as before."""
    import typst

    real = typst.compile
    calls = []

    def flaky(*args, **kwargs):
        calls.append(kwargs["sys_inputs"]["floats"])
        if kwargs["sys_inputs"]["floats"] == "auto":
            raise typst.TypstError("internal error: parent group (occurred at build.rs:202:14)")
        return real(*args, **kwargs)

    monkeypatch.setattr(typst, "compile", flaky)
    tmp = rendered["tmp"]
    out = render_report(rendered["context"], TEMPLATE, tmp / "c" / "laporan.pdf", tmp / "work-c")
    assert calls == ["auto", "none"]
    assert "parent group" in capsys.readouterr().err
    pdf = out.read_bytes()
    assert pdf != rendered["pdf"].read_bytes()  # laid out differently
    assert b"/StructTreeRoot" in pdf and "Laporan Evaluasi Implementasi" in pdf_text(pdf)

    def broken(*args, **kwargs):
        raise typst.TypstError("error: unknown variable: ctx")

    monkeypatch.setattr(typst, "compile", broken)
    with pytest.raises(BudayaKerjaError, match="unknown variable"):
        render_report(rendered["context"], TEMPLATE, tmp / "d" / "laporan.pdf", tmp / "work-d")


def test_pdf_says_what_the_tables_say(rendered, tables):
    pdf = rendered["pdf"].read_bytes()
    text = pdf_text(pdf)
    assert "Laporan Evaluasi Implementasi" in text and "Tahun 2025" in text
    assert format_number(province(tables, 2025).estimate) in text
    assert "DATA SINTETIS" in text
    for chapter in ("Lembar pengesahan", "Kata pengantar", "Daftar isi", "Daftar tabel",
                    "Daftar gambar", "Ringkasan eksekutif", "Pendahuluan", "Dasar hukum",
                    "Metodologi", "Hasil", "Perbandingan antartahun", "Evaluasi program",
                    "Evaluasi Implementasi", "Capaian target", "Rekomendasi", "Penutup",
                    "Lampiran", "Profil perangkat daerah", "Asal-usul data"):  # fmt: skip
        assert chapter in text, chapter
    assert rendered["context"]["appendix"]["provenance"]["facts"][0][1] in text.replace("\n", "")
    assert pdf.count(b"/S/Figure") >= len(rendered["manifest"])
    assert b"pdfuaid" in pdf and b"pdfaid" in pdf
    assert re.search(r"\(Tabel[\s\u2060]+\d+\)", text)  # a recommendation points at its table


def test_summary_fits_on_one_page(rendered):
    from pypdf import PdfReader

    reader = PdfReader(rendered["pdf"])
    pages = [p.extract_text() for p in reader.pages]
    start = next(i for i, p in enumerate(pages) if "Ringkasan eksekutif" in p and "Langkah" in p)
    assert "Langkah berikutnya" in pages[start]
    assert "Pendahuluan" in pages[start + 1]


def test_real_data_has_no_synthetic_stamp(processed, config, tmp_path):
    ctx = build_context(2025, year_tables(processed, 2025, synthetic=False), config)
    assert not ctx["meta"]["synthetic"]
    out = render_report(ctx, TEMPLATE, tmp_path / "r.pdf", tmp_path / "work")
    assert "DATA SINTETIS" not in pdf_text(out.read_bytes())


def test_missing_figure_is_a_clear_error(tables, config, tmp_path, english):
    manifest = {"values": {"file": str(tmp_path / "nope.svg"), "alt": "x", "caption": "y"}}
    ctx = build_context(2025, year_tables_from(tables, figures=manifest), config)
    with pytest.raises(BudayaKerjaError, match="figure 'values' not found"):
        render_report(ctx, TEMPLATE, tmp_path / "r.pdf", tmp_path / "work")


def test_comparison_needs_the_previous_year(tables, config, english):
    only = year_tables_from(tables, estimates=tables.estimates.query("year == 2025"))
    with pytest.raises(BudayaKerjaError, match="no earlier year"):
        build_context(2025, only, config)


def test_first_year_is_measured_against_the_next_target(processed, config):
    ctx = build_context(2024, year_tables(processed, 2024), config)
    text = summary_text(ctx)
    assert "Belum ada data tahun sebelumnya" in text
    assert "target tahun 2025 adalah 80–90" in text
    assert not ctx["comparison"]["available"]
    assert not ctx["evaluation"]["available"]  # no evaluation in 2024, and it says so


def test_methods_say_where_the_data_come_from(processed, config):
    demo = build_context(2025, year_tables(processed, 2025), config)
    assert any(p.startswith("Data: data contoh sintetis") for p in demo["methods"]["paragraphs"])
    real = build_context(2025, year_tables(processed, 2025, synthetic=False), config)
    assert any(
        p.startswith("Data: ekspor survei sebenarnya") for p in real["methods"]["paragraphs"]
    )


def _chapter_starts(pdf: bytes) -> list[bool]:
    """For each page: whether it opens a chapter (numbered, the appendix, or front matter)."""
    import io

    from pypdf import PdfReader

    front = ("Lembar pengesahan", "Kata pengantar", "Daftar isi", "Daftar tabel",
             "Ringkasan eksekutif")  # fmt: skip
    starts = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        lines = [x.strip() for x in page.extract_text().splitlines() if x.strip()]
        body = [x for x in lines if "DATA SINTETIS" not in x and "Indeks Budaya Kerja" not in x]
        first = body[0] if body else ""
        starts.append(bool(re.match(r"^(\d+|A) [A-Z]", first)) or first.startswith(front))
    return starts


def test_no_page_is_more_than_a_third_empty_except_before_a_chapter(rendered):
    """The review found pages 7, 9, 11 and 20 mostly blank: each page's text area is filled
    to at least two thirds, unless the next page opens a chapter (or it is the last)."""
    import io

    import numpy as np
    import typst
    from PIL import Image

    work = rendered["tmp"] / "work-a"
    pngs = typst.compile(str(work / "laporan.typ"), root=str(work), format="png", ppi=20,
                         font_paths=[str(work / "fonts")], ignore_system_fonts=True)  # fmt: skip
    starts = _chapter_starts(rendered["pdf"].read_bytes())
    assert len(pngs) == len(starts)
    empty = []
    for number, png in enumerate(pngs[:-1], 1):
        page = np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=float)
        top, bottom = int(page.shape[0] * 2.9 / 29.7), int(page.shape[0] * (1 - 2.4 / 29.7))
        inked = np.nonzero((page[top:bottom] < 170).any(axis=1))[0]  # the watermark is lighter
        filled = (inked.max() + 1) / (bottom - top) if len(inked) else 0.0
        if filled < 2 / 3 and not starts[number] and number > 1:
            empty.append((number, round(filled, 2)))
    assert empty == []


# --------------------------------------------------------------------------- lookups at scale
def test_year_lookup_returns_the_rows_of_the_estimates(tables):
    """`_Year.get` (a position per key, each row built once) gives the row the MultiIndex
    lookup gives: the first of a repeated key, None for an absent one."""
    import pandas as pd

    from budaya_kerja.report.tables import _Year

    est = tables.estimates
    first = est[est["year"] == 2025].iloc[[0]]
    doubled = pd.concat([est, first.assign(estimate=-1.0)], ignore_index=True)
    yr = _Year(doubled, 2025)
    for key in list(yr.by_key.index[:200:7]) + [
        tuple(first[["group_by", "group", "measure"]].iloc[0])
    ]:
        expected = yr.by_key.loc[key]
        expected = expected.iloc[0] if isinstance(expected, pd.DataFrame) else expected
        assert yr.get(*key).equals(expected)
        assert yr.get(*key) is yr.get(*key)  # built once
    assert yr.get(*tuple(first[["group_by", "group", "measure"]].iloc[0]))["estimate"] != -1.0
    assert yr.get("unit", "no-such-agency", "index") is None


def test_agency_rows_are_the_rows_a_filter_selects(tables, config):
    from budaya_kerja.report.inputs import Report

    r = Report(2025, tables, config)
    prof = tables.profiles
    for code in [*prof["unit"].drop_duplicates()[:5], "no-such-agency"]:
        expected = prof[prof["unit"] == code]
        assert r.agency_rows("profiles", code).equals(expected)
        assert list(r.agency_rows("profiles", code).index) == list(expected.index)
    funnel = tables.funnel
    code = str(funnel["group"].iloc[3])
    assert r.agency_rows("funnel", code, "group").equals(
        funnel[funnel["group"].astype(str) == code]
    )


def test_a_batch_of_profiles_is_each_agencys_own_profile(tables, config):
    """build_profiles renders a batch from one Report (profile_contexts); each page is the
    one profile_context builds for that agency alone, in the order asked."""
    from budaya_kerja.report.profiles import profile_contexts

    agencies = tables.estimates.query("year == 2025 and group_by == 'unit' and measure == 'index'")
    units = dict.fromkeys(list(agencies["group"])[:4][::-1])
    batch = list(profile_contexts(2025, tables, config, units))
    assert [code for code, _ in batch] == list(units)
    for code, context in batch:
        assert context == profile_context(2025, tables, config, code)
    assert len({json.dumps(c, ensure_ascii=False) for _, c in batch}) == len(units)
