"""The report's context: every number and sentence the Typst template prints, assembled from
the year's processed tables by the chapter modules (the template only lays them out).

The chapters, in the order of an Indonesian government evaluation report: cover, *lembar
pengesahan*, *kata pengantar* (:mod:`.front`), *ringkasan eksekutif* (:mod:`.summary`),
*pendahuluan* (:mod:`.introduction`), *metodologi* (:mod:`.methods`, :mod:`.reliability`),
*hasil* (:mod:`.results`, :mod:`.behaviours`), *perbandingan antartahun*, *evaluasi program*,
*capaian target* (:mod:`.change`), *evaluasi implementasi* (:mod:`.evaluation`),
*rekomendasi* (:mod:`.recommendations`), *penutup*, *lampiran* (:mod:`.appendix`,
:mod:`.profiles`)."""

from __future__ import annotations

from budaya_kerja.report import evaluation as evaluation_report
from budaya_kerja.report.appendix import full_tables, provenance_appendix, quality_appendix
from budaya_kerja.report.behaviours import behaviours_section
from budaya_kerja.report.change import comparison_chapter, programme_section, target_section
from budaya_kerja.report.front import foreword, meta, pengesahan
from budaya_kerja.report.inputs import Report, ReportTables
from budaya_kerja.report.introduction import closing, introduction
from budaya_kerja.report.methods import methods_chapter
from budaya_kerja.report.profiles import profiles_appendix
from budaya_kerja.report.recommendations import recommendations
from budaya_kerja.report.reliability import quality_section
from budaya_kerja.report.results import groups_section, units_section, values_section
from budaya_kerja.report.summary import executive_summary

__all__ = ["build_context", "evaluation_section"]


def evaluation_section(r) -> dict:
    """The *Evaluasi implementasi* chapter (report/evaluation.py) when the year has an
    evaluation, else the chapter that says there is none this year."""
    tables = r.tables
    if tables.rubric is None or tables.evaluation is None:
        t = r.lang.texts("evaluation")
        return {"title": t["title"], "labels": t["labels"], "available": False,
                "paragraphs": [t["none"].format(year=r.year)], "figures": {}}  # fmt: skip
    manifest = {k: v for k, v in tables.figures.items()
                if k in ("evaluation_heatmap", "self_vs_verified", "award_candidates")}  # fmt: skip
    return evaluation_report.evaluation_chapter(
        tables.evaluation, tables.combined, tables.awards, tables.relation, tables.gap,
        tables.evaluation_quality, year=r.year, rubric=tables.rubric, config=r.config,
        manifest=manifest)  # fmt: skip


def build_context(year: int, tables: ReportTables, config: dict, *, units: dict | None = None,
                  language: str | None = None) -> dict:  # fmt: skip
    """Everything the template prints, as formatted strings (see module docstring).

    ``tables`` are the year's processed tables (:func:`.inputs.read_tables`); ``units`` maps
    every configured agency code to its name (agencies without respondents get a profile page
    too); ``language`` defaults to ``report.language``. Interval phrases follow
    ``estimation.confidence``."""
    language = language or config.get("report", {}).get("language", "id")
    r = Report(year, tables, config, language)
    t = r.t
    quality = quality_section(r)
    low_alpha = quality["reliability"].pop("low", [])
    recs = recommendations(r, low_alpha)
    figures = {k: dict(v) for k, v in tables.figures.items()}
    return {
        "language": r.lang.code,
        "meta": {**meta(r), "build_date": meta(r)["date_iso"]},
        "labels": t["labels"],
        "pengesahan": pengesahan(r),
        "foreword": foreword(r),
        "summary": {
            **executive_summary(r, recs, r.lang),
            "figures": [f for f in ("index_trend",) if r.figure(f)],
        },  # fmt: skip
        "introduction": introduction(r),
        "methods": {**methods_chapter(r), "quality": quality},
        "results": {
            "title": t["labels"]["results"],
            "values": values_section(r),
            "behaviours": behaviours_section(r),
            "units": units_section(r),
            "groups": groups_section(r),
        },  # fmt: skip
        "comparison": comparison_chapter(r),
        "programmes": programme_section(r),
        "evaluation": evaluation_section(r),
        "targets": target_section(r),
        "recommendations": {
            "title": t["labels"]["recommendations"],
            "intro": t["rec_intro"],
            "items": recs,
        },  # fmt: skip
        "closing": closing(r),
        "appendix": {
            "title": t["labels"]["appendix"],
            "quality": quality_appendix(r),
            "full": full_tables(r),
            "profiles": profiles_appendix(r, units),
            "provenance": provenance_appendix(r),
        },  # fmt: skip
        "figures": figures,
    }
