"""Sentences the summary and the chapters share, each generated from one table's numbers:
the index, a change, the target (with the method it was set against), the values, the
agencies and the programmes (with their caveat)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from budaya_kerja.io.tables import as_bool
from budaya_kerja.report.tables import _text, _top_band, _Year, capitalised, count_words
from budaya_kerja.settings import Instrument
from budaya_kerja.text import (
    DASH,
    format_interval,
    format_number,
    format_p,
    format_probability,
    format_score_interval,
)
from budaya_kerja.text import join as _join
from budaya_kerja.text import named as _named
from budaya_kerja.text import points as _points
from budaya_kerja.text.names import band_label, programme_name


def index_sentence(ind, organisation, year, lang) -> str:
    """The index, its interval, n and category, and whether the interval stays in it."""
    t = _text(lang)
    category = band_label(ind["category"], lang)
    certain = (
        t["s_certain"].format(category=category) if ind["category_certain"] else t["s_uncertain"]
    )
    return t["s_index"].format(
        organisation=organisation,
        year=year,
        value=format_number(ind["estimate"], 1, lang),
        ci=format_score_interval(ind["ci_low"], ind["ci_high"], 1, lang),
        n=format_number(ind["n"], 0, lang),
        category=category,
        certain=certain,
    )


def note_text(note: str, t: dict) -> str:
    """A comparison's ``note`` ('n < 10 in 2024', 'absent in 2024') in the report's words.

    >>> note_text("absent in 2024", {"notes": {"absent in": "tidak ada pada", " in ": " pada "}})
    'tidak ada pada 2024'
    """
    for english, words in t["notes"].items():
        note = note.replace(english, words)
    return note


def change_sentence(row, y0: int, min_meaningful_change: float, language: str = "id") -> str:
    """One sentence on a change: direction, CI, and whether it is significant (adjusted p) and
    material (|diff| >= min_meaningful_change)."""
    t = _text(language)
    if row is None or not bool(row["tested"]) or not np.isfinite(row["diff"]):
        note = row["note"] if row is not None and isinstance(row["note"], str) else DASH
        return t["s_untested"].format(y0=y0, note=note_text(note, t))
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


def target_rows(table: pd.DataFrame | None, year: int):
    """The province's index rows of ``target.csv``: (the band the year is measured against,
    the next year's band or None)."""
    if table is None or not len(table):
        return None, None
    rows = table[(table["group_by"] == "all") & (table["measure"] == "index")]
    rows = rows.sort_values("target_year")
    own = rows[rows["target_year"].astype(int) == int(year)]
    first = own.iloc[0] if len(own) else (rows.iloc[0] if len(rows) else None)
    later = rows[rows["target_year"].astype(int) > int(year)]
    after = later.iloc[0] if len(own) and len(later) else None
    return first, after


def basis_caveat(config: dict, year: int, lang) -> str:
    """The caveat every judgement against the target carries when the target was set against
    the ministry's figure (``report.target_basis: ministry``), else ''."""
    report = config.get("report", {})
    if report.get("target_basis") != "ministry":
        return ""
    t = _text(lang)
    published = {int(y): v for y, v in (report.get("published_index") or {}).items()}
    before = sorted(y for y in published if y <= int(year)) or sorted(published)
    if not before:
        return t["s_target_basis_unknown"]
    basis = before[-1]
    return t["s_target_basis"].format(value=format_number(published[basis], 1, lang), year=basis)


def target_sentence(table: pd.DataFrame | None, year: int, config: dict, language="id") -> str:
    """Where the index stands against the year's target, or how far the next year's target is
    (``target.csv``), with the method caveat when the target was set on another index."""
    t = _text(language)
    r, _ = target_rows(table, year)
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
            text = t["s_target_next"].format(gap=format_number(r["needed"], 1, language), **fmt)
        else:
            text = t["s_target_next_met"].format(**fmt)
    elif r["status"] == "below":
        text = t["s_target_below"].format(gap=format_number(-r["distance"], 1, language), **fmt)
    elif r["status"] == "above":
        text = t["s_target_above"].format(
            gap=format_number(r["estimate"] - r["target_high"], 1, language), **fmt
        )
    else:
        text = t["s_target_within"].format(gap=format_number(r["distance"], 1, language), **fmt)
    caveat = basis_caveat(config, year, language)
    return f"{text} {caveat}".strip()


def value_list(rows: pd.DataFrame, instrument: Instrument, lang: str) -> str:
    return _join(
        [
            _named(instrument.value_names[m], e, lang)
            for m, e in zip(rows["measure"], rows["estimate"], strict=True)
        ],
        lang,
    )


def province_values(yr: _Year, instrument: Instrument) -> pd.DataFrame:
    """The published province rows of the values, highest first."""
    rows = yr.rows[(yr.rows["group_by"] == "all") & yr.rows["measure"].isin(instrument.value_ids)]
    return rows[~rows["suppressed"]].sort_values(["estimate", "measure"], ascending=[False, True])


def values_sentence(yr: _Year, instrument: Instrument, bands, lang, top: int = 2) -> str:
    """The strongest and weakest values, and how many are in the best category."""
    t = _text(lang)
    rows = province_values(yr, instrument)
    if rows.empty:
        return ""
    best = _top_band(bands)
    count = int((rows["category"] == best).sum())
    return t["s_values"].format(
        best=value_list(rows.head(top), instrument, lang),
        worst=value_list(rows.tail(top).iloc[::-1], instrument, lang),
        count=capitalised(count_words(count, len(rows), t)),
        top=band_label(best, lang),
        verb=t["verb_one"] if count == 1 and len(rows) > 1 else t["verb_many"],
    )


def category_counts(units: pd.DataFrame, bands, lang) -> str:
    shown = units[~units["suppressed"]]
    counts = shown["category"].value_counts()
    order = [b["label"] for b in sorted(bands, key=lambda b: -b["min"])]
    return _join([f"{int(counts[c])} {band_label(c, lang)}" for c in order if c in counts], lang)


def units_sentence(yr: _Year, bands, min_size, lang) -> str:
    t = _text(lang)
    units = yr.groups("unit", "index")
    if units.empty:
        return ""
    hidden = int(units["suppressed"].sum())
    return t["s_units"].format(
        total=len(units),
        shown=len(units) - hidden,
        categories=category_counts(units, bands, lang),
        hidden=t["s_units_hidden"].format(n=hidden, min=min_size) if hidden else "",
    )


def programme_caveat(programmes: pd.DataFrame, year: int, alpha: float, lang) -> str:
    """What the programme effects rest on: parallel trends, tested or not (``pre-trend``
    rows of ``programmes.csv``)."""
    t = _text(lang)
    pre = programmes[programmes["kind"] == "pre-trend"]
    if pre.empty:
        return t["prog_caveat_untested"]
    failed = pre.loc[pre["p"] < alpha, "programme"]
    if len(failed):
        return t["prog_caveat_failed"].format(
            names=_join([programme_name(p, lang) for p in dict.fromkeys(failed)], lang)
        )
    return t["prog_caveat_tested"]


def programme_sentence(programmes, year: int, alpha: float = 0.05, lang="id") -> str:
    """Which programmes show an effect on the agencies' index in ``year`` (Holm-adjusted p),
    with the parallel-trends caveat; a programme without a test is named so."""
    e = _text(lang)
    if programmes is None or len(programmes) == 0:
        return ""
    now = programmes[(programmes["kind"] == "effect") & (programmes["year1"].astype(int) == year)]
    if now.empty:
        return ""
    shown = [
        f"{programme_name(r.programme, lang)} ({format_number(r.effect, 1, lang, sign=True)}; "
        f"{e['ci_short']} {format_interval(r.ci_low, r.ci_high, 1, lang)})"
        for r in now[now["p_adj"] < alpha].itertuples()
    ]
    others = [programme_name(p, lang) for p in now.loc[now["p_adj"] >= alpha, "programme"]]
    untested = [programme_name(p, lang) for p in now.loc[now["p_adj"].isna(), "programme"]]
    text = e["s_programmes"].format(
        with_=_join(shown, lang) if shown else e["nothing"],
        without=_join(others, lang) if others else e["nothing"],
    )
    if untested:
        text += e["untested"].format(names=_join(untested, lang))
    return f"{text} {programme_caveat(programmes, year, alpha, lang)}"


def significant_flags(frame: pd.DataFrame) -> pd.DataFrame:
    """A comparison slice with its boolean columns read as booleans."""
    out = frame.copy()
    for column in ("tested", "significant", "material"):
        if column in out:
            out[column] = as_bool(out[column])
    return out
