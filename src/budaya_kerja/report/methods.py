"""Chapter *Metodologi*: the method as configured, the weighting, non-response and the
sensitivity of the results, and where the data come from. (The instrument's reliability and
validity, a section of this chapter, are :mod:`.reliability`.)"""

from __future__ import annotations

from budaya_kerja.report.tables import _num, _published_rates, _table, ordered_groups
from budaya_kerja.text import (
    DASH,
    format_number,
    format_percent,
)
from budaya_kerja.text import join as _join
from budaya_kerja.text import points as _points
from budaya_kerja.text.names import localize_bands


def _bullets(r) -> list[str]:
    t, config, instrument, lang = r.t, r.config, r.instrument, r.lang
    lo, hi = instrument.scale_min, instrument.scale_max
    answers = ["STS", "TS", "N", "S", "SS"] if hi - lo == 4 else [str(c) for c in range(lo, hi + 1)]
    est, comp, q = config["estimation"], config["comparison"], config["quality"]
    bullets = [
        t["m_instrument"].format(k_values=len(instrument.value_ids), k_items=len(instrument.items),
                                 lo=lo, hi=hi, labels=", ".join(answers)),
        {"linear": t["m_conversion_linear"], "proportional": t["m_conversion_proportional"]}[
            instrument.conversion].format(lo=lo, hi=hi, low_pts=format_number(lo / hi * 100, 0, lang)),
        t["m_scores"].format(min_items=config["scoring"]["min_items_per_value"],
                             pos=instrument.positive_min),
    ]  # fmt: skip
    frame = (r.tables.quality or {}).get("frame")
    if frame and est["weighting"]:
        bullets.append(t["m_weighting_on"].format(
            headcount=format_number(frame.get("headcount"), 0, lang)))  # fmt: skip
    else:
        bullets.append(t["m_weighting_off"])
    excluded = [t[k] for k, on in (("straightline", q["exclude_straightliners"]),
                                   ("speeder", q["exclude_speeders"])) if on]  # fmt: skip
    bullets += [
        t["m_confidence"],
        t["m_small"].format(min=est["min_group_size"]),
        t["m_compare"].format(alpha=format_number(comp["alpha"], 2, lang),
                              mmc=_points(comp["min_meaningful_change"], lang)),
        _quality(r, exclude=t["m_exclude_some"].format(which=_join(excluded, lang)) if excluded
                 else t["m_exclude_none"],
                 incomplete=t["m_incomplete_out" if q["exclude_incomplete"]
                              else "m_incomplete_in"]),
        t["m_ranking"] + _awards_ranking(r),
        t["m_method_note"].format(published=r.published_text()),
    ]  # fmt: skip
    return bullets


def _awards_ranking(r) -> str:
    """The one ranking the report makes: the evaluation awards' rank probabilities."""
    awards = r.tables.awards
    if awards is None or not len(awards):
        return ""
    return r.t["m_ranking_awards"].format(k=int(r.config["evaluation"]["top_k"]))


def anonymous(r) -> bool:
    """Whether the report year's survey was anonymous (``quality.json``: no NIP, no key)."""
    return bool((r.tables.quality or {}).get("anonymous"))


def _quality(r, **parts) -> str:
    """The data-quality bullet: NIP validation and pseudonyms, or for an anonymous survey row
    ids and exact duplicate rows (counted in ``quality.json``) instead."""
    t = r.t
    if not anonymous(r):
        return t["m_quality"].format(**parts)
    left_out = r.config["quality"]["exclude_duplicates"]
    duplicates = (r.tables.quality.get("flags") or {}).get("duplicate", 0)
    return t["m_quality_anonymous"].format(
        duplicates=format_number(duplicates, 0, r.lang),
        duplicate=t["m_incomplete_out" if left_out else "m_exclude_none"], **parts)  # fmt: skip


def _weighting(r) -> list[str]:
    t, w = r.t, r.tables.weighting
    if not w:
        return []
    ind = r.ind
    method = t["methods_names"].get(w["method"], w["method"]).format(it=w.get("iterations", 0))
    strata = [t["unit_only"], *[t["strata"].get(s, s) for s in w.get("strata", [])]]
    dropped = w.get("dropped") or {}
    return [t["weighting"].format(
        method=method, strata=_join(strata, r.lang), deff=_num(ind["deff"], 2, r.lang),
        n_eff=_num(ind["n_eff"], 0, r.lang), unweighted=_num(ind["estimate_unweighted"], 2, r.lang),
        weighted=_num(ind["estimate"], 2, r.lang),
        dropped=t["dropped"].format(items="; ".join(dropped.values())) if dropped else "")]  # fmt: skip


def _origin(r) -> list[str]:
    from budaya_kerja.stats.compare import unlinked

    t, comparison = r.t, r.tables.comparison
    # Linkage "anonymous": either year was an anonymous survey (see stats.compare).
    unkeyed = anonymous(r) or (
        comparison is not None and "linkage" in comparison
        and comparison["linkage"].eq("anonymous").any())  # fmt: skip
    data = (("synthetic_anonymous", "real_anonymous") if anonymous(r)
            else ("synthetic", "real"))[0 if r.synthetic else 1]  # fmt: skip
    out = [t[data]]
    if comparison is not None and unkeyed:
        out.append(t["unlinked_anonymous"].format(y0=r.y0, y1=r.year))
    elif comparison is not None and unlinked(comparison):
        out.append(t["unlinked"].format(y0=r.y0, y1=r.year))
    return out


def nonresponse_section(r) -> dict:
    """Response rates overall, by agency (range) and by frame group; respondents against the
    frame (``nonresponse.csv``, ``response_rates.csv``)."""
    t, lang = r.t, r.lang
    total, shown = r.rate_total(), _published_rates(r.tables.response_rates)
    groups = r.tables.nonresponse
    if total is None or groups is None or not len(groups):
        return {"paragraphs": [t["q_rates_none"]], "tables": []}
    paragraphs = [t["nr_rates"].format(
        overall=format_percent(100 * total["rate"], 1, lang),
        respondents=format_number(total["respondents"], 0, lang),
        headcount=format_number(total["headcount"], 0, lang),
        lo=format_percent(100 * shown["rate"].min(), 0, lang) if len(shown) else DASH,
        hi=format_percent(100 * shown["rate"].max(), 0, lang) if len(shown) else DASH,
        below=int((shown["rate"] < 0.5).sum()))]  # fmt: skip
    rows, parts = [], []
    body = groups[groups["group_by"] != "all"]
    for group_by in dict.fromkeys(body["group_by"]):
        part = body[body["group_by"] == group_by].set_index("group")
        names = t["groups"].get(group_by, {})
        for g in ordered_groups(list(part.index), group_by, r.config):
            x = part.loc[g]
            hidden = bool(x["suppressed"])
            label = names.get(g, g)
            rows.append([t["group_by"].get(group_by, group_by), label,
                         t["hidden"] if hidden else format_number(x["respondents"], 0, lang),
                         format_number(x["headcount"], 0, lang),
                         DASH if hidden else format_percent(100 * x["rate"], 1, lang),
                         DASH if hidden else format_percent(x["share_respondents"], 1, lang),
                         format_percent(x["share_frame"], 1, lang),
                         DASH if hidden else format_number(x["share_diff"], 1, lang, sign=True)])  # fmt: skip
        ok = part[~part["suppressed"] & part["rate"].notna()]
        if len(ok) >= 2:
            lo, hi = ok["rate"].idxmin(), ok["rate"].idxmax()
            parts.append(t["nr_group_part"].format(
                group_by=t["group_by"].get(group_by, group_by).lower(),
                lo=names.get(lo, lo), lo_rate=format_percent(100 * ok.at[lo, "rate"], 1, lang),
                hi=names.get(hi, hi), hi_rate=format_percent(100 * ok.at[hi, "rate"], 1, lang)))  # fmt: skip
    if parts:
        paragraphs.append(t["nr_groups"].format(parts="; ".join(parts)))
    table = _table(t["nr_caption"].format(year=r.year), t["nr_cols"], rows,
                   ["left", "left"] + ["right"] * 6,
                   ["auto", "1fr", "auto", "auto", "auto", "auto", "auto", "auto"],
                   note=t["nr_note"], size="small", label="tab-nonresponse")  # fmt: skip
    return {"paragraphs": paragraphs, "tables": [table]}


def sensitivity_section(r) -> dict:
    """The province's index and values with and without weights and flagged respondents
    (``sensitivity.csv``)."""
    t, lang, sens = r.t, r.lang, r.tables.sensitivity
    if sens is None or not len(sens):
        return {"paragraphs": [], "tables": []}
    scenarios = [s for s in ("configured", "unweighted", "flags_excluded", "flags_included")
                 if s in set(sens["scenario"])]  # fmt: skip
    wide = {s: sens[sens["scenario"] == s].set_index("measure") for s in scenarios}
    columns = [t["sens_measure"]]
    for s in scenarios:
        columns.append(t["scenarios"][s])
        if s != "configured":
            columns.append(t["sens_diff"])
    rows = []
    for m in ["index", *r.instrument.value_ids]:
        name = t["index"] if m == "index" else r.instrument.value_names[m]
        row = [name]
        for s in scenarios:
            row.append(format_number(wide[s].at[m, "estimate"], 1, lang))
            if s != "configured":
                row.append(format_number(wide[s].at[m, "diff"], 1, lang, sign=True))
        rows.append(row)
    diffs = sens[sens["scenario"] != "configured"]["diff"].abs()
    base = wide["configured"].loc["index"]
    flagged = [s for s in scenarios if s.startswith("flags")]
    paragraphs = [t["sens_text"].format(
        largest=format_number(diffs.max(), 1, lang) if len(diffs) else DASH,
        half=format_number((base["ci_high"] - base["ci_low"]) / 2, 1, lang),
        flagged=format_number(wide[flagged[0]].at["index", "n_changed"], 0, lang)
        if flagged else "0")]  # fmt: skip
    table = _table(t["sens_caption"].format(year=r.year), columns, rows,
                   ["left"] + ["right"] * (len(columns) - 1),
                   ["1fr"] + ["auto"] * (len(columns) - 1),
                   note=t["sens_note"], label="tab-sensitivity")  # fmt: skip
    return {"paragraphs": paragraphs, "tables": [table]}


def methods_chapter(r) -> dict:
    """The chapter: bullets, weighting and origin, the bands table, non-response, sensitivity."""
    t = r.t
    rows, upper = [], 100.0
    for band in sorted(localize_bands(r.config["bands"], r.lang), key=lambda b: -b["min"]):
        top = format_number(
            upper if upper == 100 else upper - 0.1, 0 if upper == 100 else 1, r.lang
        )
        rows.append([band.get("code", ""), band["label"],
                     f"{format_number(band['min'], 0, r.lang)}–{top}"])  # fmt: skip
        upper = band["min"]
    bands = _table(t["bands_table"], t["band_cols"], rows, ["left", "left", "right"],
                   label="tab-bands")  # fmt: skip
    return {
        "title": t["labels"]["methods"],
        "paragraphs": [*_bullets(r), *_weighting(r), *_origin(r)],
        "bands": bands,
        "nonresponse": {"title": t["labels"]["nonresponse"], **nonresponse_section(r)},
        "sensitivity": {"title": t["labels"]["sensitivity"], **sensitivity_section(r)},
    }
