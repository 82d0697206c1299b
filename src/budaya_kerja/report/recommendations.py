"""Chapter *Rekomendasi*: each recommendation traced to the finding behind it (``basis``, the
label of the table that shows it), most pressing first; the executive summary's next steps
are the first of them."""

from __future__ import annotations

from budaya_kerja.io.tables import as_bool
from budaya_kerja.report.sentences import shown_gaps, target_rows
from budaya_kerja.report.tables import _published_rates, below_half
from budaya_kerja.rounding import direction
from budaya_kerja.text import format_number, format_percent
from budaya_kerja.text import join as _join
from budaya_kerja.text import named as _named
from budaya_kerja.text.names import programme_name

__all__ = ["aimed_target", "recommendations"]


def _rec(text: str, basis: str) -> dict:
    return {"text": text, "basis": basis}


def aimed_target(targets, year: int):
    """The target the recommendations aim at: the next year's when the report's year has its
    own (never a target whose year has passed), else the coming one."""
    first, after = target_rows(targets, year)
    if after is not None:
        return after
    if first is not None and int(first["target_year"]) > int(year):
        return first
    return None


def _target(r) -> list[dict]:
    t, lang = r.t, r.lang
    aim = aimed_target(r.tables.targets, r.year)
    if aim is None:
        return []
    low = format_number(aim["target_low"], 0, lang)
    if aim["status"] != "below":  # decided on the index as published (rounding.py)
        return [_rec(t["rec_target_met"].format(low=low, year=int(aim["target_year"]),
                                                high=format_number(aim["target_high"], 0, lang)),
                     "tab-targets")]  # fmt: skip
    band = r.tables.targets[r.tables.targets["target_year"] == aim["target_year"]]
    gaps = shown_gaps(band)
    gaps = gaps.sort_values("gap_points", ascending=False).head(3)
    names = _join([f"{r.instrument.value_names[x.measure]} "
                   f"(+{format_number(x.gap_points, 1, lang)})" for x in gaps.itertuples()],
                  lang)  # fmt: skip
    return [_rec(t["rec_target_gap"].format(low=low, target_year=int(aim["target_year"]),
                                            gap=format_number(aim["needed"], 1, lang),
                                            values=names), "tab-targets")]  # fmt: skip


def _attention(r) -> list[dict]:
    att = r.tables.attention
    if att is None or not len(att):
        return []
    flagged = att[as_bool(att["attention"])]
    if flagged.empty:
        return []
    names = [_named(x.unit_label, r.yr.get("unit", x.unit, "index")["estimate"], r.lang)
             for x in flagged.itertuples()]  # fmt: skip
    return [_rec(r.t["rec_attention"].format(n=len(flagged), names=_join(names, r.lang)),
                 "tab-attention")]  # fmt: skip


def _weak_values(r) -> list[dict]:
    t, lang, yr, instrument = r.t, r.lang, r.yr, r.instrument
    rows = yr.rows[(yr.rows["group_by"] == "all") & yr.rows["measure"].isin(instrument.value_ids)
                   & ~yr.rows["suppressed"]].sort_values(["estimate", "measure"])  # fmt: skip
    out = []
    for x in rows.head(2).itertuples():
        items = [(yr.province(i), i) for i in instrument.values[x.measure]]
        items = [(v["estimate"], i) for v, i in items if v is not None]
        if not items:
            continue
        score, item = min(items)
        out.append(_rec(t["rec_value"].format(
            name=instrument.value_names[x.measure], value=format_number(x.estimate, 1, lang),
            item=item, statement=instrument.statements.get(item, ""),
            item_value=format_number(score, 1, lang)), "tab-behaviours"))  # fmt: skip
    return out


def _declines(r) -> list[dict]:
    comp = r.comp
    if comp is None:
        return []
    down = comp[(comp["group_by"] == "all") & comp["measure"].isin(r.instrument.value_ids)
                & comp["tested"] & comp["significant"] & (direction(comp["diff"]) < 0)]  # fmt: skip
    if down.empty:
        return []
    names = _join([_named(r.instrument.value_names[x.measure], x.diff, r.lang, sign=True)
                   for x in down.itertuples()], r.lang)  # fmt: skip
    return [_rec(r.t["rec_decline"].format(names=names), "tab-comparison")]


def _response(r) -> list[dict]:
    shown = _published_rates(r.tables.response_rates)
    low = shown[below_half(shown)].sort_values("rate")
    if low.empty:
        return []
    names = [f"{x.unit_label or x.unit} ({format_percent(100 * x.rate, 0, r.lang)})"
             for x in low.head(5).itertuples()]  # fmt: skip
    more = r.t["rec_more"].format(n=len(low) - 5) if len(low) > 5 else ""
    return [_rec(r.t["rec_response"].format(n=len(low), names=", ".join(names), more=more),
                 "tab-nonresponse")]  # fmt: skip


def _programmes(r) -> list[dict]:
    t, programmes = r.t, r.tables.programmes
    if r.comp is None:
        return [_rec(t["rec_baseline"].format(year=r.year), "")]
    if programmes is None or programmes.empty:
        return [_rec(t["rec_programmes_record"], "")]
    now = programmes[(programmes["kind"] == "effect")
                     & (programmes["year1"].astype(int) == r.year)]  # fmt: skip
    if now.empty:
        return [_rec(t["rec_programmes_record"], "tab-programmes")]
    effective = now[now["p_adj"] < r.alpha]
    if effective.empty:
        return [_rec(t["rec_programmes_none"], "tab-programmes")]
    names = _join([programme_name(p, r.lang) for p in effective["programme"]], r.lang)
    return [_rec(t["rec_programmes_continue"].format(names=names), "tab-programmes")]


def _reliability(r, low_alpha) -> list[dict]:
    if not low_alpha:
        return []
    names = _join([r.instrument.value_names[m] for m in low_alpha], r.lang)
    return [_rec(r.t["rec_reliability"].format(names=names), "tab-reliability")]


def recommendations(r, low_alpha: list[str]) -> list[dict]:
    """The recommendations, most pressing first: the target, the agencies that need
    attention, the weakest values, declines, response, programmes, reliability."""
    return [*_target(r), *_attention(r), *_weak_values(r), *_declines(r), *_response(r),
            *_programmes(r), *_reliability(r, low_alpha)]  # fmt: skip
