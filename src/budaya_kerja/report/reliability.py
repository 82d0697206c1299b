"""The instrument's quality, a section of the methodology: reliability (alpha, omega) and
construct validity (CFA, invariance between years), judged by the criteria the statistics
applied (the ``holds`` column of ``validity.csv`` and :mod:`budaya_kerja.stats.validity`'s
constants), so the report and the workbook state the same criteria."""

from __future__ import annotations

from budaya_kerja.io.tables import as_bool
from budaya_kerja.report.tables import _num, _table
from budaya_kerja.stats.validity import MAX_DELTA_CFI, MAX_RMSEA, MIN_CFI
from budaya_kerja.text import (
    DASH,
    format_interval,
    format_number,
)
from budaya_kerja.text import join as _join

__all__ = ["MIN_ALPHA", "criteria", "quality_section", "reliability_section", "validity_section"]

MIN_ALPHA = 0.70  # the usual floor for comparing groups (Nunnally 1978)


def criteria(lang) -> dict:
    """The fit criteria as printed: ``cfi``, ``rmsea``, ``delta_cfi`` (e.g. '0,90')."""
    return {"cfi": format_number(MIN_CFI, 2, lang), "rmsea": format_number(MAX_RMSEA, 2, lang),
            "delta_cfi": format_number(-MAX_DELTA_CFI, 2, lang),
            "alpha": format_number(MIN_ALPHA, 2, lang)}  # fmt: skip


def reliability_section(r) -> dict:
    """Paragraphs and the table of ``reliability.csv``; ``low`` the values under 0,70."""
    t, lang, rel = r.t, r.lang, r.tables.reliability
    if rel is None or len(rel) == 0:
        return {"paragraphs": [], "table": None, "low": []}
    instrument = r.instrument
    if "year" in rel.columns:
        rel = rel[rel["year"].astype(int) == r.year]
    scales = rel[rel["level"].isin(["value", "index"])].set_index("measure")
    rows = []
    for m in [*instrument.value_ids, "index"]:
        if m not in scales.index:
            continue
        x = scales.loc[m]
        rows.append([t["index"] if m == "index" else instrument.value_names[m],
                     format_number(x["n"], 0, lang), format_number(x["k"], 0, lang),
                     format_number(x["alpha"], 2, lang),
                     format_interval(x["alpha_ci_low"], x["alpha_ci_high"], 2, lang),
                     format_number(x["omega"], 2, lang)])  # fmt: skip
    values = scales[scales.index.isin(instrument.value_ids)]
    low = values[values["alpha"] < MIN_ALPHA]
    verdict = (t["r_low"].format(names=_join([instrument.value_names[m] for m in low.index], lang),
                                 **criteria(lang))
               if len(low) else t["r_ok"].format(**criteria(lang)))  # fmt: skip
    paragraphs = [t["r_intro"].format(
        lo=format_number(values["alpha"].min(), 2, lang),
        hi=format_number(values["alpha"].max(), 2, lang),
        k=len(instrument.items),
        index=format_number(scales.loc["index", "alpha"], 2, lang) if "index" in scales.index
        else DASH, verdict=verdict)]  # fmt: skip
    items = rel[rel["level"] == "item"]
    alpha_of = values["alpha"].to_dict()
    better = [f"{x.measure} ({format_number(x.alpha_if_deleted, 2, lang)} > "
              f"{format_number(alpha_of.get(x.value), 2, lang)})"
              for x in items.itertuples()
              if x.value in alpha_of and x.alpha_if_deleted > alpha_of[x.value] + 0.005]  # fmt: skip
    if better:
        paragraphs.append(t["r_items"].format(items=_join(better, lang)))
    table = _table(t["reliability_caption"].format(year=r.year), t["reliability_cols"], rows,
                   ["left", "right", "right", "right", "right", "right"],
                   ["1fr", "auto", "auto", "auto", "auto", "auto"], label="tab-reliability")  # fmt: skip
    return {"paragraphs": paragraphs, "table": table, "low": list(low.index)}


def validity_section(r) -> dict:
    """Paragraphs and the invariance table from ``validity.csv``: the verdicts are its
    ``holds`` column, the criteria those it was decided with."""
    t, lang, validity = r.t, r.lang, r.tables.validity
    if validity is None or validity.empty:
        return {"paragraphs": [], "tables": []}
    v = validity.copy()
    v["year"] = v["year"].astype(str)
    paragraphs, tables = [], []
    cfa = v[(v["analysis"] == "cfa") & (v["year"] == str(r.year))]
    if len(cfa):
        x = cfa.iloc[0]
        good = bool(as_bool(cfa["holds"]).iloc[0])
        paragraphs.append(t["cfa"].format(
            year=r.year, n=_num(x["n"], 0, lang), estimator=x["estimator"],
            cfi=_num(x["cfi"], 3, lang), tli=_num(x["tli"], 3, lang), rmsea=_num(x["rmsea"], 3, lang),
            rmsea_ci=format_interval(x["rmsea_ci_low"], x["rmsea_ci_high"], 3, lang),
            srmr=_num(x["srmr"], 3, lang),
            verdict=(t["cfa_good"] if good else t["cfa_weak"]).format(**criteria(lang))))  # fmt: skip
    inv = v[v["analysis"] == "invariance"]
    if len(inv):
        holds = as_bool(inv["holds"])
        failed = inv.loc[~holds.to_numpy(), "level"]
        paragraphs.append(t["inv_yes"].format(**criteria(lang)) if failed.empty
                          else t["inv_no"].format(level=t["levels"].get(failed.iloc[0]),
                                                  **criteria(lang)))  # fmt: skip
        rows = [[t["levels"].get(x.level, x.level), _num(x.chi2, 1, lang), _num(x.df, 0, lang),
                 _num(x.cfi, 3, lang), _num(x.delta_cfi, 4, lang), _num(x.rmsea, 3, lang),
                 _num(x.srmr, 3, lang), t["yes"] if h else t["no"]]
                for x, h in zip(inv.itertuples(), holds, strict=True)]  # fmt: skip
        tables.append(_table(t["inv_caption"], t["inv_cols"], rows,
                             ["left"] + ["right"] * 6 + ["left"], label="tab-invariance"))  # fmt: skip
    return {"paragraphs": paragraphs, "tables": tables}


def quality_section(r) -> dict:
    """The section "Kualitas instrumen": reliability then validity."""
    rel = reliability_section(r)
    val = validity_section(r)
    return {"title": r.t["labels"]["instrument_quality"], "reliability": rel, "validity": val}
