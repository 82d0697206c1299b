"""The methodology chapter: the method as configured, the weighting and where the data come from."""

from __future__ import annotations

import pandas as pd

from budaya_kerja.report.tables import _num, _table, _text
from budaya_kerja.text import (
    DASH,
    format_number,
    format_percent,
)
from budaya_kerja.text import join as _join
from budaya_kerja.text import points as _points


def _methods(config, instrument, quality, yr, lang) -> dict:
    t = _text(lang)
    lo, hi = instrument.scale_min, instrument.scale_max
    answers = ["STS", "TS", "N", "S", "SS"] if hi - lo == 4 else [str(c) for c in range(lo, hi + 1)]
    est = config.get("estimation", {})
    comp = config.get("comparison", {})
    q = config.get("quality", {})
    paragraphs = [
        t["m_instrument"].format(
            k_values=len(instrument.value_ids),
            k_items=len(instrument.items),
            lo=lo,
            hi=hi,
            labels=", ".join(answers),
        ),
        {"linear": t["m_conversion_linear"], "proportional": t["m_conversion_proportional"]}[
            instrument.conversion
        ].format(lo=lo, hi=hi, low_pts=format_number(lo / hi * 100, 0, lang)),
        t["m_scores"].format(
            min_items=config.get("scoring", {}).get("min_items_per_value", 2),
            pos=instrument.positive_min,
        ),
    ]
    frame = (quality or {}).get("frame")
    if frame and est.get("weighting", True):
        paragraphs.append(
            t["m_weighting_on"].format(
                headcount=format_number(frame.get("headcount"), 0, lang),
            )
        )
    else:
        paragraphs.append(t["m_weighting_off"])
    level = format_percent(100 * est.get("confidence", 0.95), 0, lang)
    paragraphs += [
        t["m_confidence"].format(level=level),
        t["m_small"].format(min=est.get("min_group_size", 10)),
        t["m_compare"].format(
            alpha=format_number(comp.get("alpha", 0.05), 2, lang),
            mmc=_points(comp.get("min_meaningful_change", 3.0), lang),
        ),
    ]
    excluded = [
        t[k]
        for k, on in (
            ("straightline", q.get("exclude_straightliners")),
            ("speeder", q.get("exclude_speeders")),
        )
        if on
    ]
    paragraphs.append(
        t["m_quality"].format(
            exclude=t["m_exclude_some"].format(which=_join(excluded, lang))
            if excluded
            else t["m_exclude_none"],
            incomplete=t[
                "m_incomplete_out" if q.get("exclude_incomplete", True) else "m_incomplete_in"
            ],
        )
    )
    published = config.get("report", {}).get("published_index") or {}
    items = _join(
        [
            f"{y}: {format_number(v, 1, lang)}"
            for y, v in sorted((int(y), v) for y, v in published.items())
        ],
        lang,
    )
    paragraphs.append(
        t["m_method_note"].format(
            published=t["m_published_list"].format(items=items) if items else ""
        )
    )
    bands = sorted(config["bands"], key=lambda b: -b["min"])
    rows, upper = [], 100.0
    for band in bands:
        top = format_number(upper if upper == 100 else upper - 0.1, 0 if upper == 100 else 1, lang)
        rows.append(
            [band.get("code", ""), band["label"], f"{format_number(band['min'], 0, lang)}–{top}"]
        )
        upper = band["min"]
    table = _table(t["bands_table"], t["band_cols"], rows, ["left", "left", "right"])
    return {"paragraphs": paragraphs, "bands": table}


def weighting_paragraphs(weighting: dict | None, estimates: pd.DataFrame, year: int,
                         lang: str = "id") -> list[str]:  # fmt: skip
    """How the weights were made (``weighting.json``) and the design effect, for the methods."""
    e = _text(lang)
    if not weighting:
        return [e["shrunk"]]
    row = estimates[(estimates["year"].astype(int) == int(year)) & (estimates["group_by"] == "all")
                    & (estimates["measure"] == "index")]  # fmt: skip
    method = e["methods_names"].get(weighting["method"], weighting["method"])
    method = method.format(it=weighting.get("iterations", 0))
    strata = [e["unit_only"], *[e["strata"].get(s, s) for s in weighting.get("strata", [])]]
    dropped = weighting.get("dropped") or {}
    text = e["weighting"].format(
        method=method, strata=_join(strata, lang),
        deff=_num(row["deff"].iloc[0], 2, lang) if len(row) else DASH,
        n_eff=_num(row["n_eff"].iloc[0], 0, lang) if len(row) else DASH,
        unweighted=_num(row["estimate_unweighted"].iloc[0], 2, lang) if len(row) else DASH,
        weighted=_num(row["estimate"].iloc[0], 2, lang) if len(row) else DASH,
        dropped=e["dropped"].format(items="; ".join(dropped.values())) if dropped else "",
    )  # fmt: skip
    return [text, e["shrunk"]]


def _with_weighting(methods: dict, paragraphs: list[str]) -> dict:
    return {**methods, "paragraphs": [*methods["paragraphs"], *paragraphs]}


def origin_paragraphs(synthetic: bool, comparison, y0, year: int, lang: str = "id") -> list[str]:
    """The methods' sentences on the data's origin and on an unlinked comparison."""
    from budaya_kerja.stats.compare import unlinked

    t = _text(lang)
    out = [t["synthetic" if synthetic else "real"]]
    if comparison is not None and unlinked(comparison):
        out.append(t["unlinked"].format(y0=y0, y1=year))
    return out
