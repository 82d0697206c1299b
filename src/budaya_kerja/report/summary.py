"""The executive summary, one page a governor can act on: the key figures, one short point per
finding (each from one table), and the next steps, each traced to the finding behind it."""

from __future__ import annotations

import pandas as pd

from budaya_kerja.io.tables import as_bool
from budaya_kerja.report.sentences import (
    basis_caveat,
    change_sentence,
    index_sentence,
    programme_sentence,
    province_values,
    target_rows,
    target_sentence,
    value_list,
)
from budaya_kerja.report.tables import (
    _change,
    _published_rates,
    _text,
    capitalised,
    count_words,
)
from budaya_kerja.stats.nonresponse import sensitivity_shifts
from budaya_kerja.stats.scoring import INDEX
from budaya_kerja.text import (
    DASH,
    format_interval,
    format_number,
    format_percent,
)
from budaya_kerja.text import join as _join
from budaya_kerja.text.names import band_label

MAX_STEPS = 5


def _box(label, value, note) -> dict:
    return {"label": label, "value": value, "note": note}


def key_figures(r, lang) -> list[dict]:
    """Index, combined index (with an evaluation), change, target and response rate."""
    t = _text(lang)
    ind, year = r.ind, r.year
    boxes = [_box(t["kf_index"].format(year=year), format_number(ind["estimate"], 1, lang),
                  t["kf_index_note"].format(category=band_label(ind["category"], lang),
                                            ci=format_interval(ind["ci_low"], ind["ci_high"], 1,
                                                               lang)))]  # fmt: skip
    prov = r.combined_province()
    if prov is not None:
        boxes.append(_box(t["kf_combined"].format(year=year),
                          format_number(prov["combined"], 1, lang),
                          t["kf_combined_note"].format(category=band_label(prov["category"], lang),
                                                       **r.weights())))  # fmt: skip
    change = _change(r.comp, "all", "all", "index")
    if change is not None and change["tested"]:
        verdict = t["kf_real"] if change["significant"] and change["material"] else (
            t["kf_sig"] if change["significant"] else t["kf_nonsig"])  # fmt: skip
        boxes.append(_box(t["kf_change"].format(year=r.y0),
                          format_number(change["diff"], 1, lang, sign=True), verdict))  # fmt: skip
    else:
        boxes.append(_box(t["kf_change_none"], DASH,
                          t["kf_first_year"] if r.comp is None else DASH))  # fmt: skip
    first, _ = target_rows(r.tables.targets, year)
    if first is not None:
        own = int(first["target_year"]) == year
        label = t["kf_target" if own else "kf_target_next"].format(
            year=int(first["target_year"]), low=format_number(first["target_low"], 0, lang),
            high=format_number(first["target_high"], 0, lang))  # fmt: skip
        note = t["kf_target_ministry"] if basis_caveat(r.config, year, lang) else t["kf_from_low"]
        boxes.append(_box(label, format_number(first["distance"], 1, lang, sign=True), note))
    else:
        boxes.append(_box(t["kf_target_none"], DASH, t["kf_no_target"]))
    total = r.rate_total()
    if total is not None:
        boxes.append(_box(t["kf_response"], format_percent(100 * total["rate"], 1, lang),
                          t["kf_response_note"].format(
                              n=format_number(total["respondents"], 0, lang),
                              N=format_number(total["headcount"], 0, lang))))  # fmt: skip
    else:
        boxes.append(_box(t["kf_respondents"], format_number(ind["n"], 0, lang),
                          t["kf_no_frame"]))  # fmt: skip
    return boxes


def _respondents_point(r, lang) -> str:
    t = _text(lang)
    q = r.tables.quality or {}
    text = t["p_respondents"].format(
        n=format_number(r.ind["n"], 0, lang), accepted=format_number(q.get("accepted"), 0, lang),
        read=format_number(q.get("rows_read"), 0, lang),
        duplicates=format_number(q.get("duplicates_resolved", 0), 0, lang))  # fmt: skip
    total, shown = r.rate_total(), _published_rates(r.tables.response_rates)
    if total is not None and len(shown):
        text += " " + t["p_rates"].format(
            rate=format_percent(100 * total["rate"], 1, lang),
            lo=format_percent(100 * shown["rate"].min(), 0, lang),
            hi=format_percent(100 * shown["rate"].max(), 0, lang))  # fmt: skip
    sens = r.tables.sensitivity
    if sens is not None and len(sens):
        index = sens[sens["measure"] == "index"].set_index("scenario")
        keys = {"unweighted": "p_sens_unweighted", "flags_excluded": "p_sens_flags_excluded",
                "flags_included": "p_sens_flags_included"}  # fmt: skip
        parts = [t[keys[name]].format(value=format_number(index.at[name, "estimate"], 1, lang),
                                            diff=format_number(index.at[name, "diff"], 1, lang,
                                                               sign=True),
                                            n=format_number(index.at[name, "n_changed"], 0, lang))
                 for name in ("unweighted", "flags_excluded", "flags_included")
                 if name in index.index]  # fmt: skip
        if parts:
            text += " " + _sensitivity_sentence(r, lang, _join(parts, lang))
    return text


def _sensitivity_sentence(r, lang, parts: str) -> str:
    """'Does not depend on the method' only when every shift is small against its interval
    and changes no category (:func:`nonresponse.sensitivity_shifts`); otherwise the largest
    shift, the choice behind it and any category it changes."""
    t = _text(lang)
    shifts = sensitivity_shifts(r.tables.sensitivity, r.config["bands"])
    if shifts["small"].all():
        return t["p_sensitivity"].format(parts=parts)

    def measure(m):
        return t["p_sens_index"] if m == INDEX else r.instrument.value_names.get(m, m)

    def choice(s):
        return t["scenarios"][s].lower()

    top = shifts.iloc[0]
    moved = shifts[shifts["category0"].ne(shifts["category1"]).fillna(False).astype(bool)]
    category = "" if moved.empty else t["p_sens_category"].format(
        measure=measure(moved["measure"].iloc[0]), choice=choice(moved["scenario"].iloc[0]),
        before=band_label(moved["category0"].iloc[0], lang),
        after=band_label(moved["category1"].iloc[0], lang))  # fmt: skip
    return t["p_sensitivity_shift"].format(
        largest=format_number(top["shift"], 1, lang), measure=measure(top["measure"]),
        choice=choice(top["scenario"]), half=format_number(top["half_width"], 1, lang),
        category=category, parts=parts)  # fmt: skip


def _values_point(r, lang, top) -> str:
    t = _text(lang)
    rows = province_values(r.yr, r.instrument)
    if rows.empty:
        return ""
    best = max(r.config["bands"], key=lambda b: b["min"])["label"]
    count = int((rows["category"] == best).sum())
    return t["p_values"].format(
        best=value_list(rows.head(top), r.instrument, lang),
        worst=value_list(rows.tail(top).iloc[::-1], r.instrument, lang),
        count=capitalised(count_words(count, len(rows), t)),
        verb=t["verb_one"] if count == 1 and len(rows) > 1 else t["verb_many"],
        top=band_label(best, lang))  # fmt: skip


def _behaviours_point(r, lang, top) -> str:
    t = _text(lang)
    f = r.tables.item_findings
    if f is None or not len(f):
        return ""
    ranked = f.sort_values(["pct_positive", "item"], ascending=[False, True])

    def named(rows):
        return _join([f"{x.item} {r.instrument.statements.get(x.item, '')} "
                      f"({format_percent(x.pct_positive, 1, lang)})" for x in rows.itertuples()],
                     lang)  # fmt: skip

    strengths, challenges = int(as_bool(f["strength"]).sum()), int(as_bool(f["challenge"]).sum())
    return t["p_behaviours"].format(
        best=named(ranked.head(top)), worst=named(ranked.tail(top).iloc[::-1]),
        strengths=count_words(strengths, len(f), t), challenges=challenges,
        **r.thresholds())  # fmt: skip


def _attention_point(r, lang) -> str:
    t = _text(lang)
    att = r.tables.attention
    if att is None or not len(att):
        return ""
    flagged = att[as_bool(att["attention"])]
    rule = t["attention_rule"].format(best=band_label(max(r.config["bands"],
                                                          key=lambda b: b["min"])["label"], lang),
                                      min_size=r.min_size)  # fmt: skip
    if flagged.empty:
        return t["p_attention_none"].format(rule=rule)
    names = []
    for a in flagged.itertuples():
        row = r.yr.get("unit", a.unit, "index")
        why = [t["why"][k] for k in ("funnel_low", "declined", "below_band") if getattr(a, k)]
        names.append(f"{a.unit_label} ({format_number(row['estimate'], 1, lang)}; "
                     f"{', '.join(why)})")  # fmt: skip
    return t["p_attention"].format(names=_join(names, lang), rule=rule)


def executive_summary(r, steps: list[dict], lang) -> dict:
    """The one-page summary: ``key_figures``, ``points`` ({label, text}) and ``steps`` (the
    first three to five recommendations, each with the reference of its finding)."""
    t = _text(lang)
    top = int(r.config["findings"]["top"])
    change = _change(r.comp, "all", "all", "index")
    points = [
        ("index", index_sentence(r.ind, r.organisation, r.year, lang) + " "
         + t["p_method"].format(published=r.published_text())),
        ("respondents", _respondents_point(r, lang)),
        ("change", change_sentence(change, r.y0, r.mmc, lang) if r.comp is not None
         else t["s_no_previous"]),
        ("target", target_sentence(r.tables.targets, r.year, r.config, lang)),
        ("values", _values_point(r, lang, top)),
        ("behaviours", _behaviours_point(r, lang, top)),
        ("attention", _attention_point(r, lang)),
        ("programmes", programme_sentence(r.tables.programmes, r.year, r.alpha, lang)),
        ("evaluation", " ".join(r.evaluation_summary())),
    ]  # fmt: skip
    return {
        "key_figures": key_figures(r, lang),
        "points": [{"label": t["points"][k], "text": v} for k, v in points if v],
        "steps": steps[:MAX_STEPS],
        "steps_title": t["steps_title"],
    }


def first_target_gap(targets: pd.DataFrame | None, year: int):
    """The next target's province row (what the recommendations aim at), or None."""
    first, after = target_rows(targets, year)
    return after if after is not None else first
