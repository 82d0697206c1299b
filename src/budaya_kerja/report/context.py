"""The report's context: every number and sentence the Typst template prints, assembled from the
year's processed tables by the chapter modules (the template only lays them out)."""

from __future__ import annotations

import pandas as pd

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.report.appendix import _full_tables, _provenance, _quality_appendix
from budaya_kerja.report.change import _comparison_chapter, programme_section, target_section
from budaya_kerja.report.methods import (
    _methods,
    _with_weighting,
    origin_paragraphs,
    weighting_paragraphs,
)
from budaya_kerja.report.recommendations import _recommendations
from budaya_kerja.report.reliability import _reliability_chapter, validity_section
from budaya_kerja.report.results import _units_chapter, _values_chapter
from budaya_kerja.report.summary import (
    _change_note,
    _index_sentence,
    _units_sentence,
    _values_sentence,
    change_sentence,
    programme_sentence,
    province_target,
    target_sentence,
    values_change_sentence,
)
from budaya_kerja.report.tables import _change, _comparison_rows, _text, _Year
from budaya_kerja.settings import Instrument
from budaya_kerja.text import (
    DASH,
    Words,
    format_date,
    format_number,
)


def build_context(
    year: int,
    estimates: pd.DataFrame,
    comparison: pd.DataFrame | None,
    reliability: pd.DataFrame | None,
    quality: dict | None,
    provenance: dict | None,
    figures: dict | None,
    config: dict,
    instrument: Instrument,
    *,
    previous_year: int | None = None,
    validity: pd.DataFrame | None = None,
    programmes: pd.DataFrame | None = None,
    targets: pd.DataFrame | None = None,
    weighting: dict | None = None,
    response_rates: pd.DataFrame | None = None,
    funnel: pd.DataFrame | None = None,
) -> dict:
    """Everything the template prints, as formatted strings (see module docstring).

    ``previous_year`` and the optional tables below are keyword arguments. Interval phrases
    follow the configured ``estimation.confidence`` (the wording's ``{ci_level}``).

    The optional tables add the validity evidence (``validity.csv``), programme effects
    (``programmes.csv``), agencies against the target (``target.csv``), the weighting
    (``weighting.json``), response rates (``response_rates.csv``) and the agencies' funnel
    (``funnel.csv``) to the reliability, comparison, target, methods, agency and appendix
    sections.

    ``estimates`` may hold several years (the trend); ``comparison`` is the table comparing
    ``previous_year`` (default: the latest earlier year in ``estimates``) with ``year``, or
    None in the first year; ``figures`` is the manifest of :func:`figures.write_figures`.
    Keys: ``language, meta, labels, key_figures, summary, methods, values, units, comparison,
    reliability, recommendations, appendix, figures``.
    """
    year = int(year)
    report = config.get("report", {})
    # The language code carries the interval level into every sentence ({ci_level}).
    lang = Words(report.get("language", "id"), config.get("estimation", {}).get("confidence", 0.95))
    t = _text(lang)
    yr = _Year(estimates, year)
    earlier = sorted(y for y in estimates["year"].astype(int).unique() if y < year)
    y0 = previous_year if previous_year is not None else (earlier[-1] if earlier else None)
    if comparison is not None and y0 is None:
        raise BudayaKerjaError(
            f"a comparison was given for {year} but no earlier year: pass previous_year or the "
            "earlier years' estimates too"
        )
    comp = _comparison_rows(comparison)
    bands = config["bands"]
    min_size = config.get("estimation", {}).get("min_group_size", 10)
    mmc = float(config.get("comparison", {}).get("min_meaningful_change", 3.0))
    organisation = report.get("organisation") or t["province"]
    synthetic = bool((provenance or {}).get("synthetic") or (quality or {}).get("synthetic"))

    ind = yr.province("index")
    if ind is None:
        raise BudayaKerjaError(f"no published provincial index for {year}; check estimates.csv")
    summary = [_index_sentence(ind, organisation, year, lang)]
    change_row = _change(comp, "all", "all", "index")
    summary.append(
        change_sentence(change_row, y0, mmc, lang) if comp is not None else t["s_no_previous"]
    )
    summary.append(values_change_sentence(comparison, instrument, mmc, lang))
    summary.append(target_sentence(targets, year, lang))
    summary.append(
        programme_sentence(programmes, year, config.get("comparison", {}).get("alpha", 0.05), lang)
    )
    summary.append(_values_sentence(yr, instrument, bands, lang))
    summary.append(_units_sentence(yr, bands, min_size, lang))
    published = {int(k): v for k, v in (report.get("published_index") or {}).items()}
    if year in published:
        summary.append(
            t["s_published"].format(value=format_number(published[year], 1, lang), year=year)
        )
    summary = [s for s in summary if s]

    # Key figures: index, change, target, respondents.
    key_figures = [
        {
            "label": t["kf_index"].format(year=year),
            "value": format_number(ind["estimate"], 1, lang),
            "note": str(ind["category"]),
        }
    ]
    if change_row is not None and change_row["tested"]:
        key_figures.append(
            {
                "label": t["kf_change"].format(year=y0),
                "value": format_number(change_row["diff"], 1, lang, sign=True),
                "note": _change_note(change_row, lang),
            }
        )
    else:
        key_figures.append(
            {
                "label": t["kf_change_none"],
                "value": DASH,
                "note": t["kf_first_year"] if comp is None else DASH,
            }
        )
    target = province_target(targets)
    if target is not None and int(target["target_year"]) == year:
        key_figures.append(
            {
                "label": t["kf_target"].format(
                    low=format_number(target["target_low"], 0, lang),
                    high=format_number(target["target_high"], 0, lang),
                ),
                "value": t["kf_status"][target["status"]],
                "note": t["kf_points"].format(
                    value=format_number(target["distance"], 1, lang, sign=True)
                ),
            }
        )
    elif target is not None:
        key_figures.append(
            {
                "label": t["kf_target_next"].format(
                    year=int(target["target_year"]),
                    low=format_number(target["target_low"], 0, lang),
                    high=format_number(target["target_high"], 0, lang),
                ),
                "value": format_number(target["distance"], 1, lang, sign=True),
                "note": t["kf_from_low"],
            }
        )
    else:
        key_figures.append({"label": t["kf_target_none"], "value": DASH, "note": t["kf_no_target"]})
    key_figures.append(
        {
            "label": t["kf_respondents"],
            "value": format_number(ind["n"], 0, lang),
            "note": t["kf_accepted"].format(
                read=format_number((quality or {}).get("rows_read"), 0, lang)
            )
            if quality
            else "",
        }
    )

    values = _values_chapter(yr, comp, instrument, bands, y0, config, lang)
    units = _units_chapter(yr, comp, funnel, year, bands, y0, min_size, lang)
    reliab = _reliability_chapter(reliability, instrument, year, lang)
    recommendations = _recommendations(
        yr,
        comp,
        estimates,
        year,
        instrument,
        config,
        quality,
        reliab.pop("low", []),
        lang,
        targets,
        response_rates,
        funnel,
    )
    manifest = {k: dict(v) for k, v in (figures or {}).items()}
    for section in (values, units):
        section["figures"] = [f for f in section["figures"] if f in manifest]
    comparison_ch = _comparison_chapter(comp, instrument, year, y0, config, lang)
    comparison_ch["figures"] = [f for f in comparison_ch["figures"] if f in manifest]
    title = t["title"].format(year=year)
    return {
        "language": lang.code,
        "meta": {
            "title": title,
            "subtitle": t["subtitle"],
            "year": str(year),
            "organisation": report.get("organisation", ""),
            "team": report.get("team", ""),
            "date": format_date(report.get("build_date", "2026-01-01"), lang),
            "build_date": str(report.get("build_date", "2026-01-01")),
            "synthetic": synthetic,
            "watermark": t["watermark"],
            "banner": t["banner"],
            "code_version": (provenance or {}).get("code_version", ""),
        },
        "labels": t["labels"],
        "key_figures": key_figures,
        "summary": {
            "paragraphs": summary,
            "figures": [f for f in ["index_trend"] if f in manifest],
        },
        "methods": _with_weighting(
            _methods(config, instrument, quality, yr, lang),
            weighting_paragraphs(weighting, estimates, year, lang)
            + origin_paragraphs(synthetic, comparison, y0, year, lang),
        ),
        "values": values,
        "units": units,
        "comparison": comparison_ch,
        "reliability": {**reliab, "validity": validity_section(validity, year, lang)},
        "programmes": programme_section(
            programmes, year, config.get("comparison", {}).get("alpha", 0.05), lang
        ),
        "targets": target_section(targets, year, instrument, lang),
        "recommendations": recommendations,
        "appendix": {
            "quality": _quality_appendix(quality, response_rates, year, lang),
            "full": _full_tables(yr, instrument, year, lang),
            "provenance": _provenance(provenance, config, lang),
        },
        "figures": manifest,
    }
