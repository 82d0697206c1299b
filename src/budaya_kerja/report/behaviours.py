"""The behaviours (items), a section of chapter *Hasil*, as peer surveys publish them:
strengths and challenges, most improved and most declined (``item_findings.csv``), how each behaviour was answered (the
diverging bars, weighted like the table) and the key drivers (``drivers.csv``)."""

from __future__ import annotations

from budaya_kerja.io.tables import as_bool
from budaya_kerja.report.tables import _table
from budaya_kerja.text import (
    format_interval,
    format_number,
    format_percent,
)
from budaya_kerja.text import join as _join


def _named(r, rows, column="pct_positive") -> str:
    return _join([f"{x.item} “{r.instrument.statements.get(x.item, '')}” "
                  f"({format_percent(getattr(x, column), 1, r.lang)})" for x in rows.itertuples()],
                 r.lang)  # fmt: skip


def _movement(r, f) -> list[str]:
    """The most improved and most declined behaviours since the previous year (``movement``
    of ``item_findings.csv``: significant changes, largest first); nothing in a first year or
    when no item's change was computed."""
    t, lang = r.t, r.lang
    if r.y0 is None or not f["diff"].notna().any():
        return []
    y0 = int(f["year0"].dropna().iloc[0])
    moved = {
        m: f[f["movement"] == m].sort_values("movement_rank") for m in ("improved", "declined")
    }
    if not any(len(rows) for rows in moved.values()):
        return [t["b_movement_none"].format(y0=y0)]

    def named(rows):
        if not len(rows):
            return t["b_movement_nothing"]
        return _join([f"{x.item} “{r.instrument.statements.get(x.item, '')}” "
                      f"({format_number(x.diff, 1, lang, sign=True)}; "
                      f"{format_interval(x.ci_low, x.ci_high, 1, lang)})"
                      for x in rows.itertuples()], lang)  # fmt: skip

    return [t["b_movement"].format(y0=y0, improved=named(moved["improved"]),
                                   declined=named(moved["declined"]))]  # fmt: skip


def findings_section(r) -> dict:
    """Strengths, challenges, the most improved and declined behaviours and the table of
    every behaviour."""
    t, lang, f = r.t, r.lang, r.tables.item_findings
    if f is None or not len(f):
        return {"paragraphs": [], "table": None, "figures": []}
    top = int(r.config["findings"]["top"])
    strength, challenge = as_bool(f["strength"]), as_bool(f["challenge"])
    ranked = f.sort_values(["pct_positive", "item"], ascending=[False, True])
    paragraphs = [t["b_rule"].format(**r.thresholds())]
    paragraphs.append(t["b_strengths"].format(n=int(strength.sum()), total=len(f),
                                              best=_named(r, ranked.head(top)),
                                              worst=_named(r, ranked.tail(top).iloc[::-1])))  # fmt: skip
    worst_neg = f.sort_values(["pct_negative", "item"], ascending=[False, True]).head(top)
    paragraphs.append(
        t["b_challenges"].format(n=int(challenge.sum()), names=_named(r, f[challenge], "pct_negative"))
        if challenge.any()
        else t["b_challenges_none"].format(names=_named(r, worst_neg, "pct_negative"), **r.thresholds())
    )  # fmt: skip
    paragraphs += _movement(r, f)
    rows = []
    for x in f.itertuples():
        label = t["b_strength"] if x.strength else t["b_challenge"] if x.challenge else ""
        if x.strength and x.challenge:
            label = f"{t['b_strength']}, {t['b_challenge']}"
        rows.append([x.item, r.instrument.statements.get(x.item, ""), format_number(x.estimate, 1, lang),
                     format_percent(x.pct_positive, 1, lang),
                     format_interval(x.pct_positive_ci_low, x.pct_positive_ci_high, 1, lang),
                     format_percent(x.pct_neutral, 1, lang), format_percent(x.pct_negative, 1, lang),
                     label])  # fmt: skip
    table = _table(t["b_caption"].format(year=r.year), t["b_cols"], rows,
                   ["left", "left", "right", "right", "right", "right", "right", "left"],
                   ["auto", "1fr", "auto", "auto", "auto", "auto", "auto", "auto"],
                   note=t["b_note"], size="small", label="tab-behaviours")  # fmt: skip
    return {"paragraphs": paragraphs, "table": table,
            "figures": [x for x in ("item_diverging",) if r.figure(x)]}  # fmt: skip


def drivers_section(r) -> dict:
    """Which behaviours go with the rest of the culture (``drivers.csv``), with the method and
    its caveat."""
    t, lang, d = r.t, r.lang, r.tables.drivers
    if d is None or not len(d):
        return {"paragraphs": [], "table": None}
    d = d.sort_values("rank")
    top = int(r.config["findings"]["top"])
    lead = d.head(top)
    paragraphs = [
        t["d_method"],
        t["d_result"].format(names=_join([f"{x.measure} "
                                          f"“{r.instrument.statements.get(x.measure, '')}” "
                                          f"(r = {format_number(x.r, 2, lang)})"
                                          for x in lead.itertuples()], lang),
                             lo=format_number(d["r"].min(), 2, lang),
                             hi=format_number(d["r"].max(), 2, lang)),
        t["d_caveat"],
    ]  # fmt: skip
    rows = [[str(int(x.rank)), x.measure, r.instrument.statements.get(x.measure, ""),
             format_number(x.r, 2, lang), format_interval(x.ci_low, x.ci_high, 2, lang)]
            for x in d.itertuples()]  # fmt: skip
    table = _table(t["d_caption"].format(year=r.year), t["d_cols"], rows,
                   ["right", "left", "left", "right", "right"],
                   ["auto", "auto", "1fr", "auto", "auto"], size="small", label="tab-drivers")  # fmt: skip
    return {"paragraphs": paragraphs, "table": table}


def behaviours_section(r) -> dict:
    """The section: findings, then drivers."""
    return {"title": r.t["labels"]["behaviours"], "findings": findings_section(r),
            "drivers_title": r.t["labels"]["drivers"], "drivers": drivers_section(r)}  # fmt: skip
