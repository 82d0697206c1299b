"""Chapters *Perbandingan antartahun* (``comparison``), *Evaluasi program*
(``programmes.csv``) and *Capaian target* (``target.csv``)."""

from __future__ import annotations

import numpy as np

from budaya_kerja.report.sentences import (
    basis_caveat,
    change_sentence,
    programme_caveat,
    shown_gaps,
    target_rows,
)
from budaya_kerja.report.tables import _change, _num, _table
from budaya_kerja.rounding import direction
from budaya_kerja.text import (
    DASH,
    format_interval,
    format_number,
    format_p,
    format_percent,
    format_probability,
)
from budaya_kerja.text import join as _join
from budaya_kerja.text import points as _points
from budaya_kerja.text.names import programme_name

__all__ = ["comparison_chapter", "programme_section", "target_section"]


def comparison_chapter(r) -> dict:
    """The change of the index, the values and the agencies since the previous year."""
    t, lang, comp, instrument = r.t, r.lang, r.comp, r.instrument
    base = {"title": t["labels"]["comparison"]}
    if comp is None:
        return {**base, "available": False, "paragraphs": [t["c_none"].format(year=r.year)],
                "table": None, "figures": []}  # fmt: skip
    headline = change_sentence(_change(comp, "all", "all", "index"), r.y0, r.mmc, lang)
    paragraphs = [t["c_intro"].format(year=r.year, y0=r.y0, headline=headline)]
    values = comp[(comp["group_by"] == "all") & comp["measure"].isin(instrument.value_ids)]
    values = values[values["tested"]]
    paragraphs.append(t["c_values"].format(
        up=int((values["significant"] & (direction(values["diff"]) > 0)).sum()),
        down=int((values["significant"] & (direction(values["diff"]) < 0)).sum()),
        material=int(values["material"].sum()), mmc=_points(r.mmc, lang)))  # fmt: skip
    units = comp[(comp["group_by"] == "unit") & (comp["measure"] == "index")]
    if len(units):
        tested = units[units["tested"]]
        up = int((tested["significant"] & (direction(tested["diff"]) > 0)).sum())
        down = int((tested["significant"] & (direction(tested["diff"]) < 0)).sum())
        untested = len(units) - len(tested)
        paragraphs.append(t["c_units"].format(
            n=len(tested), up=up, down=down, flat=len(tested) - up - down,
            untested=t["c_units_untested"].format(n=untested) if untested else ""))  # fmt: skip
    ind = _change(comp, "all", "all", "index")
    if ind is not None and ind["tested"] and np.isfinite(ind["pp_diff"]):
        paragraphs.append(t["c_pp"].format(
            pp0=format_percent(ind["pp0"], 1, lang), pp1=format_percent(ind["pp1"], 1, lang),
            diff=format_number(ind["pp_diff"], 1, lang, sign=True),
            ci=format_interval(ind["pp_ci_low"], ind["pp_ci_high"], 1, lang)))  # fmt: skip
        if np.isfinite(float(ind["n_matched"])) and float(ind["n_matched"]) > 0:
            paragraphs.append(t["c_linked"].format(n=format_number(ind["n_matched"], 0, lang)))
    rows = []
    for m in ["index", *instrument.value_ids]:
        c = _change(comp, "all", "all", m)
        if c is None:
            continue
        name = t["index"] if m == "index" else f"{instrument.value_names[m]} ({m})"
        tested = bool(c["tested"])
        rows.append([name, format_number(c["est0"], 1, lang), format_number(c["est1"], 1, lang),
                     format_number(c["diff"], 1, lang, sign=True) if tested else DASH,
                     format_interval(c["ci_low"], c["ci_high"], 1, lang) if tested else DASH,
                     format_p(c["p_adj"], lang).removeprefix("= ") if tested else DASH,
                     (t["yes"] if c["significant"] else t["no"]) if tested else DASH,
                     (t["yes"] if c["material"] else t["no"]) if tested else DASH])  # fmt: skip
    cols = [c.format(y0=r.y0, y1=r.year) for c in t["comparison_cols"]]
    table = _table(t["comparison_caption"].format(y0=r.y0, y1=r.year), cols, rows,
                   ["left", "right", "right", "right", "right", "right", "center", "center"],
                   ["1fr", "auto", "auto", "auto", "auto", "auto", "auto", "auto"],
                   label="tab-comparison")  # fmt: skip
    return {**base, "available": True, "paragraphs": paragraphs, "table": table,
            "figures": [f for f in ("change_forest", "change_forest_units") if r.figure(f)]}  # fmt: skip


def _excluded_sentence(r, now) -> str:
    """Which agencies could not enter the programme regression, and why (``excluded``)."""
    t = r.t
    codes = sorted({c for cell in now["excluded"].fillna("") for c in str(cell).split(";") if c})
    if not codes:
        return t["prog_excluded_none"]
    names = [r.yr.label(c) for c in codes]
    takers = int(now["n_participants_excluded"].fillna(0).max())
    return t["prog_excluded"].format(n=len(codes), names=_join(names, r.lang),
                                     participants=takers, min=r.min_size)  # fmt: skip


def programme_section(r) -> dict:
    """Effects of the programmes ending in the year, the pre-trend checks, the caveat, and the
    agencies left out of the regression."""
    t, lang, programmes = r.t, r.lang, r.tables.programmes
    base = {"title": t["labels"]["programmes"]}
    if programmes is None or programmes.empty:
        return {**base, "paragraphs": [t["prog_none_available"].format(year=r.year)],
                "tables": []}  # fmt: skip
    now = programmes[programmes["year1"].astype(int) == r.year]
    rows, paragraphs = [], [t["prog_intro"]]
    for x in programmes.sort_values(["year1", "kind", "programme"]).itertuples():
        ci = format_interval(x.ci_low, x.ci_high, 1, lang)
        effect = format_number(x.effect, 1, lang, sign=True)
        name = programme_name(x.programme, lang)
        if x.kind == "effect" and int(x.year1) == r.year:
            paragraphs.append(t["prog_row"].format(
                programme=name, n=x.n_participants, y0=x.year0, y1=x.year1, effect=effect,
                ci=ci, p=format_p(x.p_adj, lang),
                verdict=t["prog_sig"] if x.p_adj < r.alpha else t["prog_none"]))  # fmt: skip
        elif x.kind == "pre-trend":
            paragraphs.append(t["prog_pre"].format(programme=name, y0=x.year0, y1=x.year1,
                                                   effect=effect, ci=ci))  # fmt: skip
        rows.append([name, t["kinds"].get(x.kind, x.kind), f"{x.year0}–{x.year1}",
                     str(x.n_participants), effect, ci,
                     format_p(x.p_adj, lang).removeprefix("= ")])  # fmt: skip
    if len(now):
        paragraphs.append(_excluded_sentence(r, now))
    paragraphs.append(programme_caveat(programmes, r.year, r.alpha, lang))
    table = _table(t["prog_caption"], t["prog_cols"], rows,
                   ["left", "left", "left", "right", "right", "right", "right"],
                   label="tab-programmes")  # fmt: skip
    return {**base, "paragraphs": paragraphs, "tables": [table]}


def target_section(r) -> dict:
    """The year's target (or the coming one): the province, the agencies below it and what
    each value contributes to the index's gap (``gap_points``, in index points)."""
    t, lang, targets = r.t, r.lang, r.tables.targets
    base = {"title": t["labels"]["targets"]}
    first, _ = target_rows(targets, r.year)
    if first is None:
        return {**base, "paragraphs": [t["s_target_none"].format(year=r.year)], "tables": []}
    target_year = int(first["target_year"])
    band = targets[targets["target_year"].astype(int) == target_year]
    units = band[(band["group_by"] == "unit") & (band["status"] == "below")]
    units = units.sort_values("needed", ascending=False)
    low, high = first["target_low"], first["target_high"]
    paragraphs = [t["target_intro"].format(year=target_year, low=_num(low, 0, lang),
                                           high=_num(high, 0, lang), below=len(units),
                                           total=int((band["group_by"] == "unit").sum()))]  # fmt: skip
    caveat = basis_caveat(r.config, r.year, lang)
    if caveat:
        paragraphs.append(caveat)
    values = shown_gaps(band).sort_values("gap_points", ascending=False)
    if len(values) and first["status"] == "below":
        parts = [t["target_gap_part"].format(name=r.instrument.value_names.get(x.measure, x.measure),
                                             points=format_number(x.gap_points, 1, lang))
                 for x in values.itertuples()]  # fmt: skip
        paragraphs.append(t["target_gap"].format(parts=_join(parts, lang), low=_num(low, 0, lang),
                                                 gap=format_number(first["needed"], 1, lang)))  # fmt: skip
    rows = [[x.group_label, _num(x.estimate, 1, lang), _num(x.needed, 1, lang),
             format_probability(x.p_reach, lang)] for x in units.itertuples()]  # fmt: skip
    tables = [_table(t["target_caption"].format(year=target_year), t["target_cols"], rows,
                     ["left", "right", "right", "right"], ["1fr", "auto", "auto", "auto"],
                     size="small", label="tab-targets")] if rows else []  # fmt: skip
    return {**base, "paragraphs": paragraphs, "tables": tables}
