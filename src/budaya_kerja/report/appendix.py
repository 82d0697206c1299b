"""The appendix: data quality (rows read, quarantined and why, response rates), the full
tables, and where every number comes from (*Asal-usul data*). The agency profiles, also an
appendix, are :mod:`.profiles`."""

from __future__ import annotations

import math

from budaya_kerja.report.front import report_date
from budaya_kerja.report.results import group_rows
from budaya_kerja.report.tables import GROUP_ORDER, _published_rates, _table
from budaya_kerja.text import (
    DASH,
    format_date,
    format_number,
    format_percent,
)
from budaya_kerja.text.names import placeholder

__all__ = ["full_tables", "provenance_appendix", "quality_appendix"]


def quality_appendix(r) -> dict:
    """Rows read, accepted and quarantined (reasons described, never bare codes), quality
    flags, unknown agency names and the response rate of every agency."""
    t, lang, year = r.t, r.lang, r.year
    q = r.tables.quality or {}
    files = q.get("files", [])
    read, accepted, rejected = q.get("rows_read", 0), q.get("accepted", 0), q.get("rejected", 0)
    unknown = q.get("unknown_units", {}) or {}
    paragraphs = [t["q_summary"].format(
        read=format_number(read, 0, lang), files=len(files),
        accepted=format_number(accepted, 0, lang), rejected=format_number(rejected, 0, lang),
        share=format_percent(100 * rejected / read if read else math.nan, 1, lang),
        duplicates=format_number(q.get("duplicates_resolved", 0), 0, lang),
        unknown=t["q_unknown"].format(names=len(unknown),
                                      rows=format_number(sum(unknown.values()), 0, lang))
        if unknown else t["q_unknown_none"])]  # fmt: skip
    missing = q.get("missing_by_item", {}) or {}
    flags = q.get("flags", {}) or {}
    if missing or flags:
        worst = max(missing, key=missing.get) if missing else DASH
        paragraphs.append(t["q_flags"].format(
            straight=format_number(flags.get("straightline", 0), 0, lang),
            speed=format_number(flags.get("speeder", 0), 0, lang),
            missing=format_percent(100 * missing.get(worst, math.nan), 1, lang), item=worst))  # fmt: skip
    tables = [_table(t["files_caption"].format(year=year), t["files_cols"],
                     [[f["file"], format_number(f["rows_read"], 0, lang),
                       format_number(f["accepted"], 0, lang), format_number(f["rejected"], 0, lang)]
                      for f in files],
                     ["left", "right", "right", "right"], ["1fr", "auto", "auto", "auto"])]  # fmt: skip
    reasons = q.get("rejected_by_reason", {}) or {}
    if reasons:
        rows = [[t["reasons"].get(code, t["reason_other"]), format_number(n, 0, lang)]
                for code, n in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))]  # fmt: skip
        tables.append(_table(t["reasons_caption"], t["reasons_cols"], rows, ["left", "right"],
                             ["1fr", "auto"]))  # fmt: skip
    if unknown:
        tables.append(_table(t["unknown_caption"], t["unknown_cols"],
                             [[placeholder(name, lang), format_number(n, 0, lang)]
                              for name, n in sorted(unknown.items())],
                             ["left", "right"], ["1fr", "auto"]))  # fmt: skip
    rates = r.tables.response_rates
    if rates is not None and len(rates):
        total = r.rate_total()
        shown = _published_rates(rates)
        paragraphs.append(t["q_rates"].format(
            overall=format_percent(100 * total["rate"], 1, lang),
            respondents=format_number(total["respondents"], 0, lang),
            headcount=format_number(total["headcount"], 0, lang),
            lo=format_percent(100 * shown["rate"].min(), 0, lang) if len(shown) else DASH,
            hi=format_percent(100 * shown["rate"].max(), 0, lang) if len(shown) else DASH))  # fmt: skip
        units = rates[rates["unit"] != "all"].sort_values(["unit_label", "unit"])
        # A hidden agency shows its size band only (the same agencies as everywhere).
        rows = [[x.unit, x.unit_label,
                 str(x.n_band).replace("<", "< ") if x.suppressed
                 else format_number(x.respondents, 0, lang),
                 format_number(x.headcount, 0, lang),
                 DASH if x.suppressed else format_percent(100 * x.rate, 1, lang)]
                for x in units.itertuples()]  # fmt: skip
        tables.append(_table(t["rates_caption"].format(year=year), t["rates_cols"], rows,
                             ["left", "left", "right", "right", "right"],
                             ["auto", "1fr", "auto", "auto", "auto"], size="small",
                             label="tab-rates"))  # fmt: skip
    else:
        paragraphs.append(t["q_rates_none"])
    return {"title": t["labels"]["quality"], "paragraphs": paragraphs, "tables": tables}


def full_tables(r) -> dict:
    """The index and the seven values for every group of every breakdown."""
    t, yr, values = r.t, r.yr, r.instrument.value_ids
    present = [g for g in GROUP_ORDER if g in set(yr.rows["group_by"])]
    present += sorted(set(yr.rows["group_by"]) - set(present))
    tables = []
    for group_by in present:
        caption = t["full_caption"].format(
            group_by=t["group_by"].get(group_by, group_by).lower(), year=r.year
        )
        tables.append(_table(caption, [*t["full_cols"], *values], group_rows(r, group_by, values),
                             ["left"] + ["right"] * (3 + len(values)),
                             ["1fr"] + ["auto"] * (3 + len(values)), size="small"))  # fmt: skip
    return {"title": t["labels"]["full_tables"], "paragraphs": [t["full_intro"].format(year=r.year)],
            "tables": tables}  # fmt: skip


def provenance_appendix(r) -> dict:
    """Input files with their SHA-256, the configuration's digest, the code version, the date."""
    t, lang, p = r.t, r.lang, r.tables.provenance or {}
    rows = [[i["path"], format_number(i.get("bytes"), 0, lang), i["sha256"]]
            for i in p.get("inputs", [])]  # fmt: skip
    table = _table(t["prov_caption"], t["prov_cols"], rows, ["left", "right", "left"],
                   ["1fr", "auto", "auto"], size="small", mono=[2])  # fmt: skip
    facts = [[t["prov_config"], p.get("config_sha256", DASH)],
             [t["prov_code"], p.get("code_version", DASH)],
             [t["prov_date"], format_date(report_date(r.config, r.year), lang)],
             [t["prov_pipeline"], "budaya-kerja (Snakemake, Typst)"]]  # fmt: skip
    return {"title": t["labels"]["provenance"],
            "paragraphs": [t["prov_intro"], t["prov_synthetic"] if p.get("synthetic") else t["prov_real"]],
            "table": table, "facts": facts}  # fmt: skip
