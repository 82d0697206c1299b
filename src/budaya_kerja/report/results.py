"""Chapter *Hasil*: the index and the seven values, the agencies (table, heatmap, funnel and
the agencies that need attention) and the groups of employees. (The behaviours, a section of
this chapter, are :mod:`.behaviours`.)"""

from __future__ import annotations

from budaya_kerja.io.tables import as_bool
from budaya_kerja.report.sentences import units_sentence, values_sentence
from budaya_kerja.report.tables import GROUP_ORDER, _change, _table, category_text, ordered_groups
from budaya_kerja.text import (
    DASH,
    format_number,
    format_percent,
    format_score_interval,
)
from budaya_kerja.text import join as _join
from budaya_kerja.text import named as _named
from budaya_kerja.text.names import band_label


def _change_cell(c, lang) -> str:
    if c is None or not c["tested"]:
        return DASH
    return format_number(c["diff"], 1, lang, sign=True) + ("*" if c["significant"] else "")


def values_section(r) -> dict:
    """The seven values: table, sentences, trend and values figures."""
    t, lang, yr, comp = r.t, r.lang, r.yr, r.comp
    cols = list(t["values_cols"]) + ([t["values_change_col"]] if comp is not None else [])
    rows, up, down = [], [], []
    for v in r.instrument.value_ids:
        x = yr.province(v)
        if x is None:
            continue
        row = [v, r.instrument.value_names[v], format_number(x["estimate"], 1, lang),
               format_score_interval(x["ci_low"], x["ci_high"], 1, lang),
               format_percent(x["pct_positive"], 1, lang), band_label(x["category"], lang)]  # fmt: skip
        if comp is not None:
            c = _change(comp, "all", "all", v)
            row.append(_change_cell(c, lang))
            if c is not None and c["tested"] and c["significant"]:
                (up if c["diff"] > 0 else down).append(
                    f"{r.instrument.value_names[v]} {format_number(c['diff'], 1, lang, sign=True)}"
                )
        rows.append(row)
    n_cols = len(cols)
    table = _table(t["values_caption"].format(year=r.year), cols, rows,
                   ["left", "left", "right", "right", "right", "left"] + ["right"] * (n_cols - 6),
                   ["auto", "1fr"] + ["auto"] * (n_cols - 2),
                   note=t["values_note"].format(alpha=format_number(r.alpha, 2, lang))
                   if comp is not None else "", label="tab-values")  # fmt: skip
    changes = ""
    if comp is not None:
        parts = []
        if up:
            parts.append(t["v_changes_up"].format(y0=r.y0, n=len(up), names=_join(up, lang)))
        if down:
            parts.append(t["v_changes_down"].format(n=len(down), names=_join(down, lang)))
        changes = ("; ".join(parts) + ".") if parts else t["v_changes_none"].format(y0=r.y0)
    intro = t["v_intro"].format(year=r.year,
                                best_worst=values_sentence(yr, r.instrument, r.config["bands"], lang),
                                changes=changes)  # fmt: skip
    return {"title": t["labels"]["values"], "paragraphs": [intro.strip()], "table": table,
            "figures": [f for f in ("index_trend", "values") if r.figure(f)]}  # fmt: skip


def _attention_table(r) -> tuple[list[str], dict | None]:
    t, lang, att = r.t, r.lang, r.tables.attention
    best = band_label(max(r.config["bands"], key=lambda b: b["min"])["label"], lang)
    rule = t["attention_rule"].format(best=best, min_size=r.min_size)
    if att is None or not len(att):
        return [], None
    flagged = att[as_bool(att["attention"])]
    if flagged.empty:
        return [t["u_attention_none"].format(rule=rule)], None
    rows = []
    for a in flagged.itertuples():
        x = r.yr.get("unit", a.unit, "index")
        c = _change(r.comp, "unit", a.unit, "index")
        rows.append([a.unit_label, format_number(x["estimate"], 1, lang),
                     format_score_interval(x["ci_low"], x["ci_high"], 1, lang), _change_cell(c, lang),
                     *[t["mark"] if getattr(a, k) else "" for k in
                       ("funnel_low", "declined", "below_band")]])  # fmt: skip
    cols = [c.format(best=best) for c in t["attention_cols"]]
    table = _table(t["attention_caption"].format(year=r.year), cols, rows,
                   ["left", "right", "right", "right", "center", "center", "center"],
                   ["1fr", "auto", "auto", "auto", "auto", "auto", "auto"],
                   note=t["attention_note"], size="small", label="tab-attention")  # fmt: skip
    return [t["u_attention"].format(rule=rule, n=len(flagged))], table


def units_section(r) -> dict:
    """The agencies: table (numbered as on the funnel plot), heatmap, funnel, attention."""
    t, lang, yr = r.t, r.lang, r.yr
    units = yr.groups("unit", "index").sort_values(["group_label", "group"])
    cols = list(t["units_cols"]) + ([t["values_change_col"]] if r.comp is not None else [])
    rows = []
    for number, x in enumerate(units.itertuples(), 1):
        if x.suppressed:
            row = [str(number), x.group, x.group_label, str(x.n_band).replace("<", "< "),
                   t["hidden"], DASH, DASH]  # fmt: skip
        else:
            row = [str(number), x.group, x.group_label, format_number(x.n, 0, lang),
                   format_number(x.estimate, 1, lang), format_score_interval(x.ci_low, x.ci_high, 1, lang),
                   category_text(x, lang)]  # fmt: skip
        if r.comp is not None:
            row.append(_change_cell(_change(r.comp, "unit", x.group, "index"), lang))
        rows.append(row)
    n_cols = len(cols)
    table = _table(t["units_caption"].format(year=r.year), cols, rows,
                   ["right", "left", "left", "right", "right", "right", "left"]
                   + ["right"] * (n_cols - 7),
                   ["auto", "auto", "1fr"] + ["auto"] * (n_cols - 3),
                   note=t["units_note"].format(y0=r.y0) if r.comp is not None else t["units_note_first"],
                   size="small", label="tab-units")  # fmt: skip
    shown = units[~units["suppressed"]]
    uncertain = int((~shown["category_certain"]).sum())
    paragraphs = [t["u_intro"].format(
        year=r.year, categories=units_sentence(yr, r.config["bands"], r.min_size, lang),
        uncertain=t["u_uncertain"].format(n=uncertain) if uncertain else "").strip()]  # fmt: skip
    funnel = r.tables.funnel
    if funnel is not None and len(funnel):
        parts = []
        for pos, key in (("above998", "u_above"), ("below998", "u_below")):
            out = funnel[funnel["position"] == pos]
            if len(out):
                parts.append(
                    t[key].format(
                        names=_join(
                            [_named(x.group_label, x.estimate, lang) for x in out.itertuples()],
                            lang,
                        )
                    )
                )
        paragraphs.append(t["u_funnel"].format(parts="; ".join(parts)) if parts
                          else t["u_funnel_none"])  # fmt: skip
    attention, attention_table = _attention_table(r)
    return {"title": t["labels"]["units"], "paragraphs": paragraphs + attention, "table": table,
            "attention": attention_table,
            "figures": [f for f in ("unit_heatmap", "unit_funnel") if r.figure(f)]}  # fmt: skip


def group_rows(r, group_by: str, measures: list[str], with_ci: bool = True) -> list[list[str]]:
    """One row per group of a breakdown, in its natural order (age bands by their bounds):
    label, n, index (and interval), then ``measures``; hidden groups show their size band."""
    t, lang, yr = r.t, r.lang, r.yr
    groups = yr.groups(group_by, "index").set_index("group")
    order = ordered_groups(list(groups.index), group_by, r.config)
    if group_by == "unit":
        order = list(groups.sort_values(["group_label"]).index)
    names = t["groups"].get(group_by, {})
    rows = []
    for g in order:
        x = groups.loc[g]
        label = t["province"] if group_by == "all" else names.get(g, x["group_label"])
        if x["suppressed"]:
            rows.append([label, str(x["n_band"]).replace("<", "< "), t["hidden"]]
                        + [DASH] * (int(with_ci) + len(measures)))  # fmt: skip
            continue
        cells = []
        for m in measures:
            v = yr.get(group_by, g, m)
            cells.append(
                DASH if v is None or v["suppressed"] else format_number(v["estimate"], 1, lang)
            )
        rows.append([label, format_number(x["n"], 0, lang), format_number(x["estimate"], 1, lang),
                     *([format_score_interval(x["ci_low"], x["ci_high"], 1, lang)] if with_ci else []),
                     *cells])  # fmt: skip
    return rows


def groups_section(r) -> dict:
    """The index by group of employees (sex, status, position, age), ordered categories."""
    t = r.t
    present = [
        g for g in GROUP_ORDER if g not in ("all", "unit") and g in set(r.yr.rows["group_by"])
    ]
    rows = []
    for group_by in present:
        for row in group_rows(r, group_by, []):
            rows.append([t["group_by"].get(group_by, group_by), *row])
    table = _table(t["groups_caption"].format(year=r.year), t["groups_cols"], rows,
                   ["left", "left", "right", "right", "right"],
                   ["auto", "1fr", "auto", "auto", "auto"], label="tab-groups")  # fmt: skip
    return {"title": t["labels"]["groups"], "paragraphs": [t["g_intro"]], "table": table}
