"""The appendix: data quality (rows read, quarantined, response rates), full tables, provenance."""

from __future__ import annotations

import math

from budaya_kerja.report.tables import GROUP_ORDER, _published_rates, _table, _text
from budaya_kerja.text import (
    DASH,
    format_date,
    format_interval,
    format_number,
    format_percent,
)


def _quality_appendix(quality, response_rates, year, lang) -> dict:
    t = _text(lang)
    q = quality or {}
    files = q.get("files", [])
    read, accepted, rejected = q.get("rows_read", 0), q.get("accepted", 0), q.get("rejected", 0)
    unknown = q.get("unknown_units", {}) or {}
    paragraphs = [
        t["q_summary"].format(
            read=format_number(read, 0, lang),
            files=len(files),
            accepted=format_number(accepted, 0, lang),
            rejected=format_number(rejected, 0, lang),
            share=format_percent(100 * rejected / read if read else math.nan, 1, lang),
            duplicates=format_number(q.get("duplicates_resolved", 0), 0, lang),
            unknown=t["q_unknown"].format(
                names=len(unknown), rows=format_number(sum(unknown.values()), 0, lang)
            )
            if unknown
            else t["q_unknown_none"],
        )
    ]
    missing = q.get("missing_by_item", {}) or {}
    flags = q.get("flags", {}) or {}
    if missing or flags:
        worst = max(missing, key=missing.get) if missing else DASH
        paragraphs.append(
            t["q_flags"].format(
                straight=format_number(flags.get("straightline", 0), 0, lang),
                speed=format_number(flags.get("speeder", 0), 0, lang),
                missing=format_percent(100 * missing.get(worst, math.nan), 1, lang),
                item=worst,
            )
        )
    tables = [
        _table(
            t["files_caption"].format(year=year),
            t["files_cols"],
            [
                [
                    f["file"],
                    format_number(f["rows_read"], 0, lang),
                    format_number(f["accepted"], 0, lang),
                    format_number(f["rejected"], 0, lang),
                ]
                for f in files
            ],
            ["left", "right", "right", "right"],
            ["1fr", "auto", "auto", "auto"],
        )
    ]
    reasons = q.get("rejected_by_reason", {}) or {}
    if reasons:
        tables.append(
            _table(
                t["reasons_caption"],
                t["reasons_cols"],
                [
                    [t["reasons"].get(code, code), code, format_number(n, 0, lang)]
                    for code, n in sorted(reasons.items(), key=lambda kv: -kv[1])
                ],
                ["left", "left", "right"],
                ["1fr", "auto", "auto"],
            )
        )
    if unknown:
        tables.append(
            _table(
                t["unknown_caption"],
                t["unknown_cols"],
                [[name, format_number(n, 0, lang)] for name, n in sorted(unknown.items())],
                ["left", "right"],
                ["1fr", "auto"],
            )
        )
    if response_rates is not None and len(response_rates):
        units = response_rates[response_rates["unit"] != "all"]
        total = response_rates[response_rates["unit"] == "all"].iloc[0]
        shown = _published_rates(response_rates)
        paragraphs.append(
            t["q_rates"].format(
                overall=format_percent(100 * total["rate"], 1, lang),
                respondents=format_number(total["respondents"], 0, lang),
                headcount=format_number(total["headcount"], 0, lang),
                lo=format_percent(100 * shown["rate"].min(), 0, lang) if len(shown) else DASH,
                hi=format_percent(100 * shown["rate"].max(), 0, lang) if len(shown) else DASH,
            )
        )
        rows = [
            [
                r.unit,
                r.unit_label,
                # A hidden agency shows its size band only (the same agencies as everywhere).
                str(r.n_band).replace("<", "< ")
                if r.suppressed
                else format_number(r.respondents, 0, lang),
                format_number(r.headcount, 0, lang),
                DASH if r.suppressed else format_percent(100 * r.rate, 1, lang),
            ]
            for r in units.itertuples()
        ]
        tables.append(
            _table(
                t["rates_caption"].format(year=year),
                t["rates_cols"],
                rows,
                ["left", "left", "right", "right", "right"],
                ["auto", "1fr", "auto", "auto", "auto"],
                size="small",
            )
        )
    else:
        paragraphs.append(t["q_rates_none"])
    return {"paragraphs": paragraphs, "tables": tables}


def _full_tables(yr, instrument, year, lang) -> dict:
    t = _text(lang)
    values = instrument.value_ids
    present = [g for g in GROUP_ORDER if g in set(yr.rows["group_by"])]
    present += sorted(set(yr.rows["group_by"]) - set(present))
    tables = []
    for group_by in present:
        groups = yr.groups(group_by, "index")
        if group_by == "unit":
            groups = groups.sort_values(["group_label", "group"])
        names = t["groups"].get(group_by, {})
        rows = []
        for g in groups.itertuples():
            label = t["province"] if group_by == "all" else names.get(g.group, g.group_label)
            if g.suppressed:
                rows.append(
                    [label, str(g.n_band).replace("<", "< "), t["hidden"], DASH]
                    + [DASH] * len(values)
                )
                continue
            cells = []
            for v in values:
                r = yr.get(group_by, g.group, v)
                cells.append(
                    DASH if r is None or r["suppressed"] else format_number(r["estimate"], 1, lang)
                )
            rows.append(
                [
                    label,
                    format_number(g.n, 0, lang),
                    format_number(g.estimate, 1, lang),
                    format_interval(g.ci_low, g.ci_high, 1, lang),
                    *cells,
                ]
            )
        tables.append(
            _table(
                t["full_caption"].format(
                    group_by=t["group_by"].get(group_by, group_by).lower(), year=year
                ),
                [*t["full_cols"], *values],
                rows,
                ["left"] + ["right"] * (3 + len(values)),
                ["1fr"] + ["auto"] * (3 + len(values)),
                size="small",
            )
        )
    return {"paragraphs": [t["full_intro"].format(year=year)], "tables": tables}


def _provenance(provenance, config, lang) -> dict:
    t = _text(lang)
    p = provenance or {}
    rows = [
        [i["path"], format_number(i.get("bytes"), 0, lang), i["sha256"]]
        for i in p.get("inputs", [])
    ]
    table = _table(
        t["prov_caption"],
        t["prov_cols"],
        rows,
        ["left", "right", "left"],
        ["1fr", "auto", "auto"],
        size="small",
        mono=[2],
    )
    facts = [
        [t["prov_config"], p.get("config_sha256", DASH)],
        [t["prov_code"], p.get("code_version", DASH)],
        [
            t["prov_date"],
            format_date(config.get("report", {}).get("build_date", "2026-01-01"), lang),
        ],
        [t["prov_pipeline"], "budaya-kerja (Snakemake, Typst)"],
    ]
    return {
        "paragraphs": [
            t["prov_intro"],
            t["prov_synthetic"] if p.get("synthetic") else t["prov_real"],
        ],
        "table": table,
        "facts": facts,
    }
