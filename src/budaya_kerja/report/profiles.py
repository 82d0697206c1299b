"""One page per agency (*Profil perangkat daerah*): its index and seven values with intervals
against the province, the change since last year, its strongest and weakest behaviours, its
position on the funnel, its response rate, and its evaluation score and combined index when
the year has them. An agency under the minimum size gets a page saying why it has no numbers
(the same suppression as everywhere: nothing of a hidden agency is printed but its size band).
The numbers are columns of ``estimates.csv``, ``profiles.csv``, ``funnel.csv``,
``response_rates.csv``, ``comparison`` and ``combined.csv``; nothing is recomputed here."""

from __future__ import annotations

import pandas as pd

from budaya_kerja.io.tables import as_bool
from budaya_kerja.report.sentences import change_sentence
from budaya_kerja.report.tables import _change, _table, category_text
from budaya_kerja.stats.suppression import COMPLEMENTARY
from budaya_kerja.text import DASH, format_number, format_percent, format_score_interval

__all__ = [
    "agency_codes",
    "agency_profile",
    "profile_context",
    "profile_contexts",
    "profiles_appendix",
]


def _fact(label: str, value: str, note: str = "") -> dict:
    return {"label": label, "value": value, "note": note}


def _hidden_page(r, code: str, name: str, row) -> dict:
    t = r.t
    if row is None:
        why = t["pr_absent"].format(year=r.year)
    elif str(row["suppression_reason"]) == COMPLEMENTARY:
        why = t["pr_complementary"].format(min=r.min_size)
    else:
        why = t["pr_small"].format(min=r.min_size, band=str(row["n_band"]).replace("<", "< "))
    paragraphs = [why, t["pr_hidden_rule"]]
    evaluation = _evaluation_facts(r, code)
    if evaluation:
        paragraphs.append(t["pr_hidden_evaluation"])
    return {"code": code, "name": name, "available": False, "paragraphs": paragraphs,
            "facts": evaluation, "table": None, "behaviours": None}  # fmt: skip


def _evaluation_facts(r, code: str) -> list[dict]:
    """The evaluation score (published for every agency that submitted) and the combined
    index (only when the survey part is published)."""
    t, lang, c = r.t, r.lang, r.tables.combined
    if c is None or not len(c):
        return []
    rows = r.agency_rows("combined", code)
    if rows.empty:
        return []
    x = rows.iloc[0]
    out = []
    if pd.notna(x["evaluation_score"]):
        out.append(_fact(t["pr_evaluation"], format_number(x["evaluation_score"], 1, lang),
                         t["pr_evaluation_note"]))  # fmt: skip
    if pd.notna(x["combined"]):
        out.append(_fact(t["pr_combined"], format_number(x["combined"], 1, lang),
                         t["pr_combined_note"].format(ci=format_score_interval(x["ci_low"], x["ci_high"], 1, lang),
                                                      **r.weights())))  # fmt: skip
    return out


def _facts(r, code: str, row) -> list[dict]:
    t, lang = r.t, r.lang
    facts = [_fact(t["pr_index"], format_number(row["estimate"], 1, lang),
                   t["pr_index_note"].format(ci=format_score_interval(row["ci_low"], row["ci_high"], 1, lang),
                                             category=category_text(row, lang),
                                             n=format_number(row["n"], 0, lang)))]  # fmt: skip
    rates = r.tables.response_rates
    rate = (
        r.agency_rows("response_rates", code)
        if rates is not None and len(rates)
        else pd.DataFrame()
    )
    if len(rate) and not bool(rate["suppressed"].iloc[0]) and pd.notna(rate["rate"].iloc[0]):
        x = rate.iloc[0]
        facts.append(_fact(t["pr_rate"], format_percent(100 * x["rate"], 1, lang),
                           t["pr_rate_note"].format(n=format_number(x["respondents"], 0, lang),
                                                    N=format_number(x["headcount"], 0, lang))))  # fmt: skip
    c = _change(r.comp, "unit", code, "index")
    if c is not None and c["tested"]:
        verdict = t["kf_real"] if c["significant"] and c["material"] else (
            t["kf_sig"] if c["significant"] else t["kf_nonsig"])  # fmt: skip
        facts.append(_fact(t["kf_change"].format(year=r.y0),
                           format_number(c["diff"], 1, lang, sign=True), verdict))  # fmt: skip
    elif r.comp is not None:
        facts.append(_fact(t["kf_change"].format(year=r.y0), DASH, t["pr_change_none"]))
    funnel = r.tables.funnel
    if funnel is not None and len(funnel):
        f = r.agency_rows("funnel", code, "group")
        if len(f):
            facts.append(_fact(t["pr_funnel"], t["positions"][f["position"].iloc[0]],
                               t["pr_funnel_note"]))  # fmt: skip
    return facts + _evaluation_facts(r, code)


def _distances(r) -> dict[tuple[str, str], dict]:
    """(agency, measure) -> its ``diff_province`` and ``vs_province`` (profiles.csv), for every
    agency at once: a lookup per page, not a table per page."""
    if "distances" not in r.memo:
        prof = r.tables.profiles
        found = {}
        if prof is not None and len(prof):
            keys = zip(prof["unit"].astype(str), prof["measure"].astype(str), strict=True)
            rows = prof[["diff_province", "vs_province"]].to_dict("records")
            for key, row in zip(keys, rows, strict=True):
                found.setdefault(key, row)
        r.memo["distances"] = found
    return r.memo["distances"]


def _ranked_behaviours(r) -> dict[str, tuple[list[str], list[str]]]:
    """Agency -> the measures of its strongest behaviours (rank 1 first) and of its weakest
    (the lowest first), for every agency with ranked behaviours at once (profiles.csv)."""
    if "ranked" not in r.memo:
        prof = r.tables.profiles
        items = prof[prof["kind"] == "item"].sort_values("rank", kind="stable")
        unit = items["unit"].astype(str)
        found = {code: ([], []) for code in unit.unique()}
        strongest, weakest = as_bool(items["strongest"]), as_bool(items["weakest"])
        for code, measure in zip(unit[strongest], items["measure"][strongest], strict=True):
            found[code][0].append(measure)
        for code, measure in zip(unit[weakest][::-1], items["measure"][weakest][::-1],
                                 strict=True):  # fmt: skip
            found[code][1].append(measure)
        r.memo["ranked"] = found
    return r.memo["ranked"]


def _values_table(r, code: str, name: str) -> dict:
    t, lang, yr = r.t, r.lang, r.yr
    distances = _distances(r)
    rows = []
    for m in ["index", *r.instrument.value_ids]:
        own, prov = yr.get("unit", code, m), yr.province(m)
        label = t["index"] if m == "index" else r.instrument.value_names[m]
        if own is None or own["suppressed"] or prov is None:
            rows.append([label, DASH, DASH, DASH if prov is None else format_number(prov["estimate"], 1, lang),
                         DASH, DASH])  # fmt: skip
            continue
        d = distances.get((str(code), m))
        rows.append([label, format_number(own["estimate"], 1, lang),
                     format_score_interval(own["ci_low"], own["ci_high"], 1, lang),
                     format_number(prov["estimate"], 1, lang),
                     DASH if d is None else format_number(d["diff_province"], 1, lang, sign=True),
                     DASH if d is None else t["vs"][d["vs_province"]]])  # fmt: skip
    return _table(t["pr_caption"].format(name=name, year=r.year), t["pr_cols"], rows,
                  ["left", "right", "right", "right", "right", "left"],
                  ["1fr", "auto", "auto", "auto", "auto", "auto"], note=t["pr_note"],
                  size="small", outlined=False)  # fmt: skip


def _chart(r, code: str) -> dict:
    """The dot chart of the profile: the agency's index and values with their intervals and
    the province's estimate, on an axis from the nearest 10 below the lowest to 100."""
    t, lang, yr = r.t, r.lang, r.yr
    rows = []
    for m in ["index", *r.instrument.value_ids]:
        own, prov = yr.get("unit", code, m), yr.province(m)
        shown = own is not None and not own["suppressed"]
        rows.append({"label": t["index"] if m == "index" else r.instrument.value_names[m],
                     "value": float(own["estimate"]) if shown else None,
                     "low": float(own["ci_low"]) if shown else None,
                     "high": float(own["ci_high"]) if shown else None,
                     "province": float(prov["estimate"]) if prov is not None else None,
                     "shown": format_number(own["estimate"], 1, lang) if shown else DASH})  # fmt: skip
    lows = [x for row in rows for x in (row["low"], row["province"]) if x is not None]
    low = max(0, min(90, int(min(lows) // 10 * 10))) if lows else 0
    for row in rows:  # an interval reaching past the axis is drawn to its end
        for key in ("low", "high"):
            if row[key] is not None:
                row[key] = min(100.0, max(float(low), row[key]))
    return {"min": low, "max": 100, "grid": list(range(low, 101, 10)), "rows": rows,
            "legend": t["pr_chart_legend"]}  # fmt: skip


def _behaviours(r, code: str) -> dict | None:
    t, lang, prof = r.t, r.lang, r.tables.profiles
    if prof is None or not len(prof):
        return None
    ranked = _ranked_behaviours(r).get(str(code))
    if ranked is None:  # no behaviour of the agency was ranked
        return None

    def listed(measures) -> list[str]:
        out = []
        for measure in measures:
            e = r.yr.get("unit", code, measure)
            out.append(f"{measure} “{r.instrument.statements.get(measure, '')}”: "
                       f"{format_number(e['estimate'], 1, lang)} "
                       f"({format_score_interval(e['ci_low'], e['ci_high'], 1, lang)})")  # fmt: skip
        return out

    strongest, weakest = ranked
    return {"strongest_title": t["pr_strongest"], "strongest": listed(strongest),
            "weakest_title": t["pr_weakest"], "weakest": listed(weakest),
            "note": t["pr_behaviours_note"]}  # fmt: skip


def agency_profile(r, code: str, name: str | None = None) -> dict:
    """The profile of one agency (module docstring): ``code``, ``name``, ``available``,
    ``paragraphs``, ``facts`` ({label, value, note}), ``table`` and ``behaviours``."""
    row = r.yr.get("unit", code, "index")
    name = name or (str(row["group_label"]) if row is not None else code)
    if row is None or row["suppressed"]:
        return _hidden_page(r, code, name, row)
    t = r.t
    c = _change(r.comp, "unit", code, "index")
    intro = t["pr_intro"].format(name=name, year=r.year,
                                 value=format_number(row["estimate"], 1, r.lang),
                                 province=format_number(r.ind["estimate"], 1, r.lang))  # fmt: skip
    if c is not None:
        intro += " " + change_sentence(c, r.y0, r.mmc, r.lang)
    return {"code": code, "name": name, "available": True, "paragraphs": [intro],
            "facts": _facts(r, code, row), "chart": _chart(r, code),
            "table": _values_table(r, code, name), "behaviours": _behaviours(r, code)}  # fmt: skip


def agency_codes(r, units: dict | None = None) -> list[tuple[str, str]]:
    """Every agency of the year (in ``estimates.csv``) and every configured one (``units``:
    code -> name), by name."""
    est = r.yr.groups("unit", "index")
    names = dict(zip(est["group"].astype(str), est["group_label"].astype(str), strict=True))
    for code, name in (units or {}).items():
        names.setdefault(str(code), str(name))
    return sorted(names.items(), key=lambda kv: (kv[1].lower(), kv[0]))


def profiles_appendix(r, units: dict | None = None) -> dict:
    """The appendix of profiles: a page per agency with published numbers, and one table of
    the agencies without, each with the reason (the page of their own PDF)."""
    t = r.t
    pages = [agency_profile(r, code, name) for code, name in agency_codes(r, units)]
    hidden = [[p["code"], p["name"], p["paragraphs"][0]] for p in pages if not p["available"]]
    table = _table(t["pr_hidden_caption"].format(year=r.year), t["pr_hidden_cols"], hidden,
                   ["left", "left", "left"], ["auto", "auto", "1fr"], size="small",
                   label="tab-hidden-agencies") if hidden else None  # fmt: skip
    return {"title": t["labels"]["profiles"], "paragraphs": [t["pr_appendix_intro"]],
            "profiles": [p for p in pages if p["available"]], "hidden": table}  # fmt: skip


def profile_contexts(year: int, tables, config: dict, units: dict[str, str | None],
                     language: str | None = None):  # fmt: skip
    """The context of each agency's own PDF (``templates/perangkat-daerah.typ``), as
    ``(code, context)`` in the order of ``units`` (code -> name, None for the name in the
    estimates): the report's ``meta`` and the agency's profile. One :class:`Report` serves
    every agency (building it reads the year's tables: ~0.1 s, once per batch, not per page)."""
    from budaya_kerja.report.front import meta
    from budaya_kerja.report.inputs import Report

    r = Report(year, tables, config, language or config.get("report", {}).get("language", "id"))
    head = meta(r)
    for code, name in units.items():
        yield code, {"language": r.lang.code, "meta": {**head, "build_date": head["date_iso"]},
                     "heading": r.t["labels"]["profiles"],
                     "profile": agency_profile(r, code, name), "figures": {}}  # fmt: skip


def profile_context(year: int, tables, config: dict, code: str, name: str | None = None,
                    language: str | None = None) -> dict:  # fmt: skip
    """The context of one agency's own PDF (:func:`profile_contexts` of one agency)."""
    return next(profile_contexts(year, tables, config, {code: name}, language))[1]
