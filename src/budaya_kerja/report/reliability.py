"""Reliability (alpha, omega) and construct validity (CFA, invariance) of the instrument."""

from __future__ import annotations

import pandas as pd

from budaya_kerja.io.tables import as_bool
from budaya_kerja.report.tables import _num, _table, _text
from budaya_kerja.text import (
    DASH,
    format_interval,
    format_number,
)
from budaya_kerja.text import join as _join


def _reliability_chapter(reliability, instrument, year, lang) -> dict:
    t = _text(lang)
    rel = reliability
    if rel is None or len(rel) == 0:
        return {"paragraphs": [], "table": None}
    if "year" in rel.columns:
        rel = rel[rel["year"].astype(int) == int(year)]
    scales = rel[rel["level"].isin(["value", "index"])].set_index("measure")
    rows = []
    for m in [*instrument.value_ids, "index"]:
        if m not in scales.index:
            continue
        r = scales.loc[m]
        name = t["index"] if m == "index" else f"{instrument.value_names[m]} ({m})"
        rows.append(
            [
                name,
                format_number(r["n"], 0, lang),
                format_number(r["k"], 0, lang),
                format_number(r["alpha"], 2, lang),
                format_interval(r["alpha_ci_low"], r["alpha_ci_high"], 2, lang),
                format_number(r["omega"], 2, lang),
            ]
        )
    values = scales[scales.index.isin(instrument.value_ids)]
    low = values[values["alpha"] < 0.70]
    verdict = (
        t["r_low"].format(names=_join([instrument.value_names[m] for m in low.index], lang))
        if len(low)
        else t["r_ok"]
    )
    paragraphs = [
        t["r_intro"].format(
            lo=format_number(values["alpha"].min(), 2, lang),
            hi=format_number(values["alpha"].max(), 2, lang),
            index=format_number(scales.loc["index", "alpha"], 2, lang)
            if "index" in scales.index
            else DASH,
            verdict=verdict,
        )
    ]
    items = rel[rel["level"] == "item"]
    alpha_of = values["alpha"].to_dict()
    better = [
        f"{r.measure} ({format_number(r.alpha_if_deleted, 2, lang)} > "
        f"{format_number(alpha_of.get(r.value), 2, lang)})"
        for r in items.itertuples()
        if r.value in alpha_of and r.alpha_if_deleted > alpha_of[r.value] + 0.005
    ]
    if better:
        paragraphs.append(t["r_items"].format(items=_join(better, lang)))
    table = _table(
        t["reliability_caption"].format(year=year),
        t["reliability_cols"],
        rows,
        ["left", "right", "right", "right", "right", "right"],
        ["1fr", "auto", "auto", "auto", "auto", "auto"],
    )
    return {"paragraphs": paragraphs, "table": table, "low": list(low.index)}


def validity_section(validity: pd.DataFrame | None, year: int, lang: str = "id") -> dict:
    """Paragraphs and the invariance table from ``validity.csv``."""
    e = _text(lang)
    if validity is None or validity.empty:
        return {"title": e["title_validity"], "paragraphs": [], "tables": []}
    v = validity.copy()
    v["year"] = v["year"].astype(str)
    paragraphs, tables = [], []
    cfa = v[(v["analysis"] == "cfa") & (v["year"] == str(year))]
    if len(cfa):
        r = cfa.iloc[0]
        good = r["cfi"] >= 0.95 and r["srmr"] <= 0.08
        paragraphs.append(e["cfa"].format(
            year=year, n=_num(r["n"], 0, lang), estimator=r["estimator"],
            cfi=_num(r["cfi"], 3, lang), tli=_num(r["tli"], 3, lang),
            rmsea=_num(r["rmsea"], 3, lang),
            rmsea_ci=format_interval(r["rmsea_ci_low"], r["rmsea_ci_high"], 3, lang),
            srmr=_num(r["srmr"], 3, lang), verdict=e["cfa_good"] if good else e["cfa_weak"]))  # fmt: skip
    inv = v[v["analysis"] == "invariance"]
    if len(inv):
        holds = as_bool(inv["holds"])
        failed = inv.loc[~holds.to_numpy(), "level"]
        paragraphs.append(e["inv_yes"] if failed.empty
                          else e["inv_no"].format(level=e["levels"].get(failed.iloc[0])))  # fmt: skip
        rows = [[e["levels"].get(r.level, r.level), _num(r.chi2, 1, lang), _num(r.df, 0, lang),
                 _num(r.cfi, 3, lang), _num(r.delta_cfi, 4, lang), _num(r.rmsea, 3, lang),
                 _num(r.srmr, 3, lang), e["yes"] if h else e["no"]]
                for r, h in zip(inv.itertuples(), holds, strict=True)]  # fmt: skip
        tables.append(_table(e["inv_caption"], e["inv_cols"], rows,
                             ["left"] + ["right"] * 6 + ["left"]))  # fmt: skip
    return {"title": e["title_validity"], "paragraphs": paragraphs, "tables": tables}
