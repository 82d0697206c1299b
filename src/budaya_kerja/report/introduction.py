"""Chapter *Pendahuluan*: background, legal basis, purpose and the seven values with their
behaviours (from the configured instrument); and the closing chapter, *Penutup*."""

from __future__ import annotations

from budaya_kerja.report.sentences import target_rows
from budaya_kerja.report.tables import _table
from budaya_kerja.text import format_date, format_number

__all__ = ["closing", "introduction"]


def introduction(r) -> dict:
    """Paragraphs of the background, the legal basis and purposes (lists), and the table of
    the values and behaviours."""
    t = r.t
    report = r.config.get("report", {})
    formed = report.get("team_formed")
    background = [t["intro_background"].format(organisation=r.organisation)]
    if formed:
        background.append(t["intro_team"].format(team=report.get("team") or t["the_team"],
                                                 date=format_date(formed, r.lang)))  # fmt: skip
    published = r.published()
    first, _ = target_rows(r.tables.targets, r.year)
    if published:
        last = max(published)
        background.append(t["intro_published"].format(
            year=last, value=format_number(published[last], 1, r.lang)))  # fmt: skip
    if first is not None:
        background.append(t["intro_target"].format(
            year=int(first["target_year"]), low=format_number(first["target_low"], 0, r.lang),
            high=format_number(first["target_high"], 0, r.lang)))  # fmt: skip
    background.append(t["intro_this"].format(year=r.year))
    rows = []
    for value, items in r.instrument.values.items():
        for i, item in enumerate(items):
            rows.append([value if i == 0 else "", r.instrument.value_names[value] if i == 0 else "",
                         item, r.instrument.statements.get(item, "")])  # fmt: skip
    table = _table(t["values_intro_caption"], t["values_intro_cols"], rows,
                   ["left", "left", "left", "left"], ["auto", "auto", "auto", "1fr"],
                   size="small", label="tab-values-intro")  # fmt: skip
    return {
        "title": t["labels"]["introduction"],
        "background": background,
        "legal_title": t["labels"]["legal"],
        "legal": list(t["legal"]),
        "purpose_title": t["labels"]["purpose"],
        "purpose": [p.format(year=r.year) for p in t["purposes"]],
        "values_title": t["labels"]["values_intro"],
        "values_text": t["values_intro"].format(
            k_values=len(r.instrument.value_ids), k_items=len(r.instrument.items)
        ),  # fmt: skip
        "values_table": table,
    }


def closing(r) -> dict:
    """*Penutup*: what the report shows, and what comes next."""
    t = r.t
    return {
        "title": t["labels"]["closing"],
        "paragraphs": [
            p.format(
                year=r.year,
                next=r.year + 1,
                value=format_number(r.ind["estimate"], 1, r.lang),
                team=r.config.get("report", {}).get("team") or t["the_team"],
            )
            for p in t["closing"]
        ],  # fmt: skip
    }
