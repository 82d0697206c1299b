"""Change between years, programme effects and the target: chapters from ``comparison``,
``programmes.csv`` and ``target.csv``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from budaya_kerja.report.summary import change_sentence
from budaya_kerja.report.tables import _change, _num, _table, _text
from budaya_kerja.settings import Instrument
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


def _comparison_chapter(comp, instrument, year, y0, config, lang) -> dict:
    t = _text(lang)
    if comp is None:
        return {
            "available": False,
            "paragraphs": [t["c_none"].format(year=year)],
            "table": None,
            "figures": [],
        }
    mmc = float(config.get("comparison", {}).get("min_meaningful_change", 3.0))
    headline = change_sentence(_change(comp, "all", "all", "index"), y0, mmc, lang)
    paragraphs = [t["c_intro"].format(year=year, y0=y0, headline=headline)]
    values = comp[(comp["group_by"] == "all") & comp["measure"].isin(instrument.value_ids)]
    values = values[values["tested"]]
    paragraphs.append(
        t["c_values"].format(
            up=int((values["significant"] & (values["diff"] > 0)).sum()),
            down=int((values["significant"] & (values["diff"] < 0)).sum()),
            material=int(values["material"].sum()),
            mmc=_points(mmc, lang),
        )
    )
    units = comp[(comp["group_by"] == "unit") & (comp["measure"] == "index")]
    if len(units):
        tested = units[units["tested"]]
        up = int((tested["significant"] & (tested["diff"] > 0)).sum())
        down = int((tested["significant"] & (tested["diff"] < 0)).sum())
        untested = len(units) - len(tested)
        paragraphs.append(
            t["c_units"].format(
                n=len(tested),
                up=up,
                down=down,
                flat=len(tested) - up - down,
                untested=t["c_units_untested"].format(n=untested) if untested else "",
            )
        )
    ind = _change(comp, "all", "all", "index")
    if ind is not None and ind["tested"] and np.isfinite(ind["pp_diff"]):
        paragraphs.append(
            t["c_pp"].format(
                pp0=format_percent(ind["pp0"], 1, lang),
                pp1=format_percent(ind["pp1"], 1, lang),
                diff=format_number(ind["pp_diff"], 1, lang, sign=True),
                ci=format_interval(ind["pp_ci_low"], ind["pp_ci_high"], 1, lang),
            )
        )
        if np.isfinite(float(ind["n_matched"])) and float(ind["n_matched"]) > 0:
            paragraphs.append(t["c_linked"].format(n=format_number(ind["n_matched"], 0, lang)))
    rows = []
    for m in ["index", *instrument.value_ids]:
        c = _change(comp, "all", "all", m)
        if c is None:
            continue
        name = t["index"] if m == "index" else f"{instrument.value_names[m]} ({m})"
        tested = bool(c["tested"])
        rows.append(
            [
                name,
                format_number(c["est0"], 1, lang),
                format_number(c["est1"], 1, lang),
                format_number(c["diff"], 1, lang, sign=True) if tested else DASH,
                format_interval(c["ci_low"], c["ci_high"], 1, lang) if tested else DASH,
                format_p(c["p_adj"], lang).removeprefix("= ") if tested else DASH,
                (t["yes"] if c["significant"] else t["no"]) if tested else DASH,
                (t["yes"] if c["material"] else t["no"]) if tested else DASH,
            ]
        )
    cols = [c.format(y0=y0, y1=year) for c in t["comparison_cols"]]
    table = _table(
        t["comparison_caption"].format(y0=y0, y1=year),
        cols,
        rows,
        ["left", "right", "right", "right", "right", "right", "center", "center"],
        ["1fr", "auto", "auto", "auto", "auto", "auto", "auto", "auto"],
    )
    return {
        "available": True,
        "paragraphs": paragraphs,
        "table": table,
        "figures": ["change_forest", "change_forest_units"],
    }


def programme_section(programmes: pd.DataFrame | None, year: int, alpha: float = 0.05,
                      lang: str = "id") -> dict:  # fmt: skip
    """Paragraphs and table from ``programmes.csv`` (effects ending in ``year``, pre-trends)."""
    e = _text(lang)
    if programmes is None or programmes.empty:
        return {"title": e["title_programmes"], "paragraphs": [], "tables": []}
    rows, paragraphs = [], [e["prog_intro"]]
    for r in programmes.sort_values(["year1", "kind", "programme"]).itertuples():
        ci = format_interval(r.ci_low, r.ci_high, 1, lang)
        effect = format_number(r.effect, 1, lang, sign=True)
        if r.kind == "effect" and int(r.year1) == int(year):
            paragraphs.append(e["prog_row"].format(
                programme=r.programme, n=r.n_participants, y0=r.year0, y1=r.year1,
                effect=effect, ci=ci, p=format_p(r.p_adj, lang),
                verdict=e["prog_sig"] if r.p_adj < alpha else e["prog_none"]))  # fmt: skip
        elif r.kind == "pre-trend":
            paragraphs.append(e["prog_pre"].format(programme=r.programme, y0=r.year0, y1=r.year1,
                                                   effect=effect, ci=ci))  # fmt: skip
        rows.append([r.programme, e["kinds"].get(r.kind, r.kind), f"{r.year0}–{r.year1}",
                     str(r.n_participants), effect, ci,
                     format_p(r.p_adj, lang).removeprefix("= ")])  # fmt: skip
    table = _table(e["prog_caption"], e["prog_cols"], rows,
                   ["left", "left", "left", "right", "right", "right", "right"])  # fmt: skip
    return {"title": e["title_programmes"], "paragraphs": paragraphs, "tables": [table]}


def target_section(targets: pd.DataFrame | None, year: int, instrument: Instrument,
                   lang: str = "id") -> dict:  # fmt: skip
    """Agencies below the target and the values holding the index back, from ``target.csv``."""
    e = _text(lang)
    if targets is None or targets.empty:
        return {"title": e["title_targets"], "paragraphs": [], "tables": []}
    low, high = targets["target_low"].iloc[0], targets["target_high"].iloc[0]
    units = targets[(targets["group_by"] == "unit") & (targets["status"] == "below")]
    units = units.sort_values("needed", ascending=False)
    paragraphs = [e["target_intro"].format(year=int(targets["target_year"].iloc[0]), low=_num(low, 0, lang),
                                           high=_num(high, 0, lang), below=len(units))]  # fmt: skip
    values = targets[(targets["group_by"] == "all") & (targets["gap_share"] > 0)]
    values = values.sort_values("gap_share", ascending=False)
    if len(values):
        parts = [e["target_gap_part"].format(name=instrument.value_names.get(r.measure, r.measure),
                                             share=format_percent(100 * r.gap_share, 0, lang))
                 for r in values.itertuples()]  # fmt: skip
        paragraphs.append(e["target_gap"].format(parts=_join(parts, lang)))
    rows = [[r.group_label, _num(r.estimate, 1, lang), _num(r.needed, 1, lang),
             format_probability(r.p_reach, lang)] for r in units.itertuples()]  # fmt: skip
    tables = [_table(e["target_caption"].format(year=year), e["target_cols"], rows,
                     ["left", "right", "right", "right"], ["1fr", "auto", "auto", "auto"],
                     size="small")] if rows else []  # fmt: skip
    return {"title": e["title_targets"], "paragraphs": paragraphs, "tables": tables}
