"""Recommendations, each traced to a finding in the tables."""

from __future__ import annotations

import pandas as pd

from budaya_kerja.report.tables import _published_rates, _text, _top_band
from budaya_kerja.text import (
    format_number,
    format_percent,
)
from budaya_kerja.text import join as _join
from budaya_kerja.text import named as _named


def _recommendations(
    yr,
    comp,
    estimates,
    year,
    instrument,
    config,
    quality,
    low_alpha,
    lang,
    table=None,
    response_rates=None,
    funnel=None,
):
    t = _text(lang)
    recs = []
    values = instrument.value_ids
    track = table if table is not None and len(table) else None
    if track is not None:
        target_year = int(track["target_year"].iloc[0])
        low, high = track["target_low"].iloc[0], track["target_high"].iloc[0]
        ind = track[(track["group_by"] == "all") & (track["measure"] == "index")]
        if len(ind) and ind["needed"].iloc[0] > 0:
            gaps = track[(track["group_by"] == "all") & track["measure"].isin(values)]
            gaps = gaps[gaps["gap_share"] > 0].sort_values("gap_share", ascending=False).head(3)
            names = _join(
                [
                    f"{instrument.value_names[r.measure]} "
                    f"({format_percent(100 * r.gap_share, 0, lang)})"
                    for r in gaps.itertuples()
                ],
                lang,
            )
            recs.append(
                t["rec_target_gap"].format(
                    low=format_number(low, 0, lang),
                    target_year=target_year,
                    gap=format_number(ind["needed"].iloc[0], 1, lang),
                    values=names,
                )
            )
        elif len(ind):
            recs.append(
                t["rec_target_met"].format(
                    low=format_number(low, 0, lang), high=format_number(high, 0, lang)
                )
            )
    # The two weakest values, each with its weakest behaviour.
    rows = yr.rows[
        (yr.rows["group_by"] == "all") & yr.rows["measure"].isin(values) & ~yr.rows["suppressed"]
    ].sort_values("estimate")
    for r in rows.head(2).itertuples():
        items = [(yr.province(i), i) for i in instrument.values[r.measure]]
        items = [(x["estimate"], i) for x, i in items if x is not None]
        if not items:
            continue
        score, item = min(items)
        recs.append(
            t["rec_value"].format(
                name=instrument.value_names[r.measure],
                value=format_number(r.estimate, 1, lang),
                item=item,
                statement=instrument.statements.get(item, ""),
                item_value=format_number(score, 1, lang),
            )
        )
    if comp is not None:
        declines = comp[
            (comp["group_by"] == "all")
            & comp["measure"].isin(values)
            & comp["tested"]
            & comp["significant"]
            & (comp["diff"] < 0)
        ]
        if len(declines):
            recs.append(
                t["rec_decline"].format(
                    names=_join(
                        [
                            _named(instrument.value_names[r.measure], r.diff, lang, sign=True)
                            for r in declines.itertuples()
                        ],
                        lang,
                    )
                )
            )
    below = funnel[funnel["position"] == "below998"] if funnel is not None else pd.DataFrame()
    if len(below):
        recs.append(
            t["rec_units_low"].format(
                names=_join(
                    [_named(r.group_label, r.estimate, lang) for r in below.itertuples()],
                    lang,
                )
            )
        )
    else:
        top = max(b["min"] for b in config["bands"])
        units = yr.groups("unit", "index")
        sure = units[~units["suppressed"] & (units["ci_high"] < top)].sort_values("estimate")
        if len(sure):
            recs.append(
                t["rec_units_category"].format(
                    top=_top_band(config["bands"]),
                    names=_join(
                        [_named(r.group_label, r.estimate, lang) for r in sure.itertuples()],
                        lang,
                    ),
                )
            )
    if comp is not None:
        falls = comp[
            (comp["group_by"] == "unit")
            & (comp["measure"] == "index")
            & comp["tested"]
            & comp["significant"]
            & (comp["diff"] < 0)
        ].sort_values("diff")
        if len(falls):
            labels = yr.groups("unit", "index").set_index("group")["group_label"].to_dict()
            recs.append(
                t["rec_units_decline"].format(
                    names=_join(
                        [
                            _named(labels.get(r.group, r.group), r.diff, lang, sign=True)
                            for r in falls.itertuples()
                        ],
                        lang,
                    )
                )
            )
    # Only published rates: a suppressed agency's rate would reveal its count.
    rates = [
        {"unit": r.unit, "unit_label": r.unit_label, "rate": r.rate}
        for r in _published_rates(response_rates).itertuples()
    ]
    low_rate = sorted((r for r in rates if r["rate"] < 0.5), key=lambda r: r["rate"])
    if low_rate:
        names = [
            f"{r.get('unit_label') or r['unit']} ({format_percent(100 * r['rate'], 0, lang)})"
            for r in low_rate[:5]
        ] + (["…"] if len(low_rate) > 5 else [])
        recs.append(t["rec_response"].format(n=len(low_rate), names=", ".join(names)))
    if low_alpha:
        recs.append(
            t["rec_reliability"].format(
                names=_join([instrument.value_names[m] for m in low_alpha], lang)
            )
        )
    recs.append(t["rec_programmes"] if comp is not None else t["rec_baseline"].format(year=year))
    return recs
