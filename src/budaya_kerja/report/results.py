"""Results per value and per agency (perangkat daerah): tables, funnel and sentences."""

from __future__ import annotations

from budaya_kerja.report.summary import _units_sentence, _values_sentence
from budaya_kerja.report.tables import _change, _table, _text, category_text
from budaya_kerja.text import (
    DASH,
    format_interval,
    format_number,
    format_percent,
)
from budaya_kerja.text import join as _join
from budaya_kerja.text import named as _named


def _values_chapter(yr, comp, instrument, bands, y0, config, lang) -> dict:
    t = _text(lang)
    alpha = config.get("comparison", {}).get("alpha", 0.05)
    cols = list(t["values_cols"]) + ([t["values_change_col"]] if comp is not None else [])
    rows, up, down = [], [], []
    for v in instrument.value_ids:
        r = yr.province(v)
        if r is None:
            continue
        row = [
            v,
            instrument.value_names[v],
            format_number(r["estimate"], 1, lang),
            format_interval(r["ci_low"], r["ci_high"], 1, lang),
            format_percent(r["pct_positive"], 1, lang),
            str(r["category"]),
        ]
        c = _change(comp, "all", "all", v)
        if comp is not None:
            tested = c is not None and c["tested"]
            row.append(
                format_number(c["diff"], 1, lang, sign=True) + ("*" if c["significant"] else "")
                if tested
                else DASH
            )
            if tested and c["significant"]:
                (up if c["diff"] > 0 else down).append(
                    f"{instrument.value_names[v]} {format_number(c['diff'], 1, lang, sign=True)}"
                )
        rows.append(row)
    align = ["left", "left", "right", "right", "right", "left"] + (
        ["right"] if comp is not None else []
    )
    widths = ["auto", "1fr", "auto", "auto", "auto", "auto"] + (
        ["auto"] if comp is not None else []
    )
    note = t["values_note"].format(alpha=format_number(alpha, 2, lang)) if comp is not None else ""
    table = _table(
        t["values_caption"].format(year=yr.rows["year"].iloc[0]), cols, rows, align, widths, note
    )
    changes = ""
    if comp is not None:
        parts = []
        if up:
            parts.append(t["v_changes_up"].format(y0=y0, n=len(up), names=_join(up, lang)))
        if down:
            parts.append(t["v_changes_down"].format(n=len(down), names=_join(down, lang)))
        changes = ("; ".join(parts) + ".") if parts else t["v_changes_none"].format(y0=y0)
    # Items: score and percent positive of each behaviour.
    item_rows, scored = [], []
    for item in instrument.items:
        r = yr.province(item)
        if r is None:
            continue
        scored.append((r["estimate"], item))
        item_rows.append(
            [
                item,
                instrument.statements.get(item, ""),
                format_number(r["estimate"], 1, lang),
                format_interval(r["ci_low"], r["ci_high"], 1, lang),
                format_percent(r["pct_positive"], 1, lang),
            ]
        )
    items = _table(
        t["items_caption"].format(year=yr.rows["year"].iloc[0]),
        t["items_cols"],
        item_rows,
        ["left", "left", "right", "right", "right"],
        ["auto", "1fr", "auto", "auto", "auto"],
        size="small",
    )
    paragraphs = [
        t["v_intro"]
        .format(
            year=yr.rows["year"].iloc[0],
            best_worst=_values_sentence(yr, instrument, bands, lang),
            changes=changes,
        )
        .strip()
    ]
    if scored:
        scored.sort()
        low, high = scored[0], scored[-1]
        paragraphs.append(
            t["v_items"].format(
                low=_named(f"{low[1]} “{instrument.statements.get(low[1], '')}”", low[0], lang),
                high=_named(f"{high[1]} “{instrument.statements.get(high[1], '')}”", high[0], lang),
            )
        )
    return {
        "paragraphs": paragraphs,
        "table": table,
        "items": items,
        "figures": ["values", "item_diverging"],
    }


def _units_chapter(yr, comp, funnel, year, bands, y0, min_size, lang) -> dict:
    t = _text(lang)
    units = yr.groups("unit", "index").sort_values(["group_label", "group"])
    cols = list(t["units_cols"]) + ([t["values_change_col"]] if comp is not None else [])
    rows = []
    for r in units.itertuples():
        if r.suppressed:
            row = [
                r.group,
                r.group_label,
                str(r.n_band).replace("<", "< "),
                t["hidden"],
                DASH,
                DASH,
            ]
        else:
            row = [
                r.group,
                r.group_label,
                format_number(r.n, 0, lang),
                format_number(r.estimate, 1, lang),
                format_interval(r.ci_low, r.ci_high, 1, lang),
                category_text(r, bands),
            ]
        if comp is not None:
            c = _change(comp, "unit", r.group, "index")
            row.append(
                format_number(c["diff"], 1, lang, sign=True) + ("*" if c["significant"] else "")
                if c is not None and c["tested"]
                else DASH
            )
        rows.append(row)
    align = ["left", "left", "right", "right", "right", "left"] + (
        ["right"] if comp is not None else []
    )
    widths = ["auto", "1fr", "auto", "auto", "auto", "auto"] + (
        ["auto"] if comp is not None else []
    )
    note = t["units_note"].format(y0=y0) if comp is not None else ""
    table = _table(t["units_caption"].format(year=year), cols, rows, align, widths, note, "small")
    shown = units[~units["suppressed"]]
    uncertain = int((~shown["category_certain"]).sum())
    paragraphs = [
        t["u_intro"]
        .format(
            year=year,
            categories=_units_sentence(yr, bands, min_size, lang),
            uncertain=t["u_uncertain"].format(n=uncertain) if uncertain else "",
        )
        .strip()
    ]
    if funnel is not None and len(funnel):
        parts = []
        for pos, key in (("above998", "u_above"), ("below998", "u_below")):
            out = funnel[funnel["position"] == pos]
            if len(out):
                parts.append(
                    t[key].format(
                        names=_join(
                            [_named(r.group_label, r.estimate, lang) for r in out.itertuples()],
                            lang,
                        )
                    )
                )
        paragraphs.append(
            t["u_funnel"].format(parts="; ".join(parts)) if parts else t["u_funnel_none"]
        )
    return {"paragraphs": paragraphs, "table": table, "figures": ["unit_heatmap", "unit_funnel"]}
