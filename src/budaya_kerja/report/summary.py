"""The sentences of the executive summary, each generated from one table's numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from budaya_kerja.io.tables import as_bool
from budaya_kerja.report.tables import _text, _top_band, _Year
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
from budaya_kerja.text import named as _named
from budaya_kerja.text import points as _points


def _index_sentence(ind, organisation, year, lang) -> str:
    t = _text(lang)
    certain = (
        t["s_certain"].format(category=ind["category"])
        if ind["category_certain"]
        else t["s_uncertain"]
    )
    return (
        t["s_index"]
        .format(
            organisation=organisation,
            year=year,
            value=format_number(ind["estimate"], 1, lang),
            ci=format_interval(ind["ci_low"], ind["ci_high"], 1, lang),
            n=format_number(ind["n"], 0, lang),
            category=ind["category"],
            certain=certain,
            pp=format_percent(ind["pct_positive"], 1, lang),
        )
        .replace("  ", " ")
    )


def change_sentence(row, y0: int, min_meaningful_change: float, language: str = "id") -> str:
    """One sentence on a change: direction, CI, and whether it is significant (adjusted p) and
    material (|diff| >= min_meaningful_change)."""
    t = _text(language)
    if row is None or not bool(row["tested"]) or not np.isfinite(row["diff"]):
        note = row["note"] if row is not None and isinstance(row["note"], str) else DASH
        return t["s_untested"].format(y0=y0, note=note)
    diff = float(row["diff"])
    shown = format_number(abs(diff), 1, language)
    if shown == format_number(0, 1, language):
        direction = t["s_flat"].format(diff=format_number(diff, 1, language))
    else:
        direction = t["s_up" if diff > 0 else "s_down"].format(diff=shown)
    mmc = _points(min_meaningful_change, language)
    p = format_p(row["p_adj"], language)
    key = (
        ("s_sig_mat" if row["material"] else "s_sig_nonmat")
        if row["significant"]
        else ("s_nonsig_mat" if row["material"] else "s_nonsig")
    )
    return t["s_change"].format(
        y0=y0,
        est0=format_number(row["est0"], 1, language),
        direction=direction,
        ci=format_interval(row["ci_low"], row["ci_high"], 1, language),
        verdict=t[key].format(p=p, mmc=mmc),
    )


def province_target(table: pd.DataFrame | None):
    """The province's index row of ``target.csv`` (the band the year is measured against), or
    None when no target applies."""
    if table is None or not len(table):
        return None
    row = table[(table["group_by"] == "all") & (table["measure"] == "index")]
    return row.iloc[0] if len(row) else None


def target_sentence(table: pd.DataFrame | None, year: int, language="id") -> str:
    """Where the index stands against the year's target, or how far the next year's target is
    (``target.csv``: :func:`budaya_kerja.stats.targets.band_for` chose the band)."""
    t = _text(language)
    r = province_target(table)
    if r is None:
        return t["s_target_none"].format(year=year)
    fmt = {
        "year": year,
        "next": int(r["target_year"]),
        "low": format_number(r["target_low"], 0, language),
        "high": format_number(r["target_high"], 0, language),
        "p": format_probability(r["p_reach"], language),
    }
    if int(r["target_year"]) != int(year):
        if r["needed"] > 0:
            return t["s_target_next"].format(gap=format_number(r["needed"], 1, language), **fmt)
        return t["s_target_next_met"].format(**fmt)
    if r["status"] == "below":
        return t["s_target_below"].format(gap=format_number(-r["distance"], 1, language), **fmt)
    if r["status"] == "above":
        return t["s_target_above"].format(
            gap=format_number(r["estimate"] - r["target_high"], 1, language), **fmt
        )
    return t["s_target_within"].format(gap=format_number(r["distance"], 1, language), **fmt)


def values_change_sentence(comparison, instrument: Instrument, mmc: float, lang="id") -> str:
    """Which values changed significantly and materially, only significantly, or not at all
    (from the comparison table's own ``significant`` and ``material`` columns)."""
    e = _text(lang)
    if comparison is None or len(comparison) == 0:
        return ""
    rows = comparison[(comparison["group_by"] == "all")
                      & comparison["measure"].isin(instrument.value_ids)]  # fmt: skip
    rows = rows[as_bool(rows["tested"])]
    sig, mat = as_bool(rows["significant"]), as_bool(rows["material"])

    parts = []
    for mask, text in zip([sig & mat, sig & ~mat, ~sig], e["vc_parts"], strict=True):
        chosen = rows[mask.to_numpy()]
        picked = [f"{instrument.value_names[m]} ({format_number(d, 1, lang, sign=True)})"
                  for m, d in zip(chosen["measure"], chosen["diff"], strict=True)]  # fmt: skip
        if picked:
            parts.append(text.format(names=_join(picked, lang), mmc=format_number(mmc, 0, lang)))
    return e["s_values_changed"].format(parts="; ".join(parts)) if parts else ""


def programme_sentence(programmes, year: int, alpha: float = 0.05, lang="id") -> str:
    """Which programmes show an effect on the agencies' index in ``year`` (Holm-adjusted p;
    a programme whose pre-trend check failed is flagged, one without a test is named so)."""
    e = _text(lang)
    if programmes is None or len(programmes) == 0:
        return ""
    now = programmes[(programmes["kind"] == "effect") & (programmes["year1"].astype(int) == year)]
    if now.empty:
        return ""
    pre = programmes[programmes["kind"] == "pre-trend"]
    failed_pre = set(pre.loc[pre["p"] < alpha, "programme"])

    def label(r):
        flag = e["pre_failed"] if r.programme in failed_pre else ""
        return f"{r.programme} ({format_number(r.effect, 1, lang, sign=True)}){flag}"

    shown = [label(r) for r in now[now["p_adj"] < alpha].itertuples()]
    others = list(now.loc[now["p_adj"] >= alpha, "programme"])
    untested = list(now.loc[now["p_adj"].isna(), "programme"])
    text = e["s_programmes"].format(with_=_join(shown, lang) if shown else e["nothing"],
                                    without=_join(others, lang) if others else e["nothing"])  # fmt: skip
    return text + (e["untested"].format(names=_join(untested, lang)) if untested else "")


def _value_list(rows: pd.DataFrame, instrument: Instrument, lang: str) -> str:
    return _join(
        [
            _named(instrument.value_names[m], e, lang)
            for m, e in zip(rows["measure"], rows["estimate"], strict=True)
        ],
        lang,
    )


def _values_sentence(yr: _Year, instrument: Instrument, bands, lang) -> str:
    t = _text(lang)
    rows = yr.rows[(yr.rows["group_by"] == "all") & yr.rows["measure"].isin(instrument.value_ids)]
    rows = rows[~rows["suppressed"]].sort_values("estimate", ascending=False)
    if rows.empty:
        return ""
    top = _top_band(bands)
    return t["s_values"].format(
        best=_value_list(rows.head(2), instrument, lang),
        worst=_value_list(rows.tail(2).iloc[::-1], instrument, lang),
        count=int((rows["category"] == top).sum()),
        top=top,
    )


def _category_counts(units: pd.DataFrame, bands, lang) -> str:
    shown = units[~units["suppressed"]]
    counts = shown["category"].value_counts()
    order = [b["label"] for b in sorted(bands, key=lambda b: -b["min"])]
    return _join([f"{int(counts[c])} {c}" for c in order if c in counts], lang)


def _units_sentence(yr: _Year, bands, min_size, lang) -> str:
    t = _text(lang)
    units = yr.groups("unit", "index")
    if units.empty:
        return ""
    hidden = int(units["suppressed"].sum())
    return t["s_units"].format(
        total=len(units),
        shown=len(units) - hidden,
        categories=_category_counts(units, bands, lang),
        hidden=t["s_units_hidden"].format(n=hidden, min=min_size) if hidden else "",
    )


def _change_note(row, lang) -> str:
    """'signifikan, material' / 'signifikan' / 'tidak signifikan' for the key-figure box."""
    t = _text(lang)
    if not row["significant"]:
        return t["kf_nonsig"]
    return t["kf_sig"] + (f", {t['kf_mat']}" if row["material"] else "")
