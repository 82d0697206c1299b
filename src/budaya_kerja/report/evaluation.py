"""The report's "Evaluasi Implementasi" chapter: formatted strings and tables, no statistics.

:func:`evaluation_chapter` turns the evaluation tables of a year (``evaluation.csv``,
``combined.csv``, ``penghargaan.csv``, ``evaluation_relation.csv``, ``evaluation_gap.csv``,
``evaluation_quality.json``) and the chapter's figure manifest into a dictionary of already
formatted strings and tables, laid out by ``report/templates/evaluasi.typ``. Every number
printed is a column of one of those tables; nothing is recomputed here. A year without an
evaluation gets ``available = False`` and the sentences that say so.
:func:`summary_sentences` gives the executive summary's sentence(s) for the combined index
beside the survey index.

The chapter never presents a ranking the data cannot support: award candidates are named as
the group statistically indistinguishable from the first of each size class (alphabetically,
with their probabilities), and a single first place is stated only when the tests separate it
from every other agency of its class.

Wording lives in the locale files (``text/<language>.yaml``, section ``evaluation``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from budaya_kerja.io.rubric import TOTAL, Rubric
from budaya_kerja.io.tables import as_bool
from budaya_kerja.rounding import round_half_up
from budaya_kerja.settings import CONFIDENCE
from budaya_kerja.stats.evaluation import PROVINCE
from budaya_kerja.text import (
    DASH,
    format_interval,
    format_number,
    format_percent,
    format_probability,
    wording,
)
from budaya_kerja.text.names import size_class

__all__ = ["PREVIEW", "evaluation_chapter", "preview_pdf", "summary_sentences"]


def _t(language: str, confidence: float = CONFIDENCE) -> dict:
    return wording(language, "evaluation", confidence)


def _n(x, decimals: int, lang: str, sign: bool = False) -> str:
    return format_number(x, decimals, lang, sign=sign)


def _join(names: list[str], lang: str) -> str:
    word = " dan " if lang == "id" else " and "
    names = [str(n) for n in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + word + names[-1]


def _table(caption, columns, rows, align, widths, note="", size="small") -> dict:
    """A table in the shape ``laporan.typ``'s ``data-table`` lays out."""
    return {"caption": caption, "columns": list(columns), "rows": [list(r) for r in rows],
            "align": list(align), "widths": list(widths), "note": note, "size": size,
            "mono": []}  # fmt: skip


def _weights(config: dict, lang: str) -> tuple[str, str]:
    w = config["evaluation"]["weights"]
    return format_percent(100 * w["survey"], 0, lang), format_percent(
        100 * w["evaluation"], 0, lang
    )


def summary_sentences(combined: pd.DataFrame | None, awards: pd.DataFrame | None, year: int,
                      config: dict, language: str = "id") -> list[str]:  # fmt: skip
    """The executive summary's sentence(s) on the combined index (beside the survey index),
    or the sentence for a year without an evaluation."""
    conf = float(config["estimation"]["confidence"])
    t = _t(language, conf)
    ws, we = _weights(config, language)
    province = None
    if combined is not None and len(combined):
        rows = combined[(combined["unit"] == PROVINCE) & combined["combined"].notna()]
        province = rows.iloc[0] if len(rows) else None
    if province is None:
        return [t["summary_none"].format(year=year, ws=ws, we=we)]
    out = [t["summary"].format(
        year=year, ws=ws, we=we, value=_n(province["combined"], 1, language),
        ci=format_interval(province["ci_low"], province["ci_high"], 1, language),
        category=province["category"], agencies=_n(province["agencies"], 0, language),
        coverage=format_percent(100 * province["coverage"], 0, language),
        survey=_n(province["survey_index"], 1, language),
        evaluation=_n(province["evaluation_score"], 1, language))]  # fmt: skip
    if awards is not None and len(awards):
        group = awards[as_bool(awards["indistinguishable_from_first"])]
        counts = group["size_class"].value_counts(sort=False)
        classes = [t["summary_class_one" if counts[c] == 1 else "summary_class"].format(
                   name=size_class(c, language), n=int(counts[c]))
                   for c in dict.fromkeys(group["size_class"])]  # fmt: skip
        out.append(t["summary_awards"].format(classes=", ".join(classes)))
    return out


def _class_label(row, t, lang) -> str:
    low = _n(row["size_min"], 0, lang)
    high = row["size_max"]
    rng = f"≥ {low}" if pd.isna(high) else f"{low}–{_n(high, 0, lang)}"
    return t["class"].format(name=size_class(row["size_class"], lang), range=rng)


def _components(ev, rubric, year, t, lang) -> dict:
    prov = ev[ev["unit"] == PROVINCE].set_index("component")
    comps = rubric.components.set_index("code")
    name = comps["name_en" if lang == "en" else "name"]
    rows = []
    for code in comps.index:
        r = prov.loc[code]
        rows.append([name[code], _n(comps.at[code, "weight"], 0, lang), _n(r["score"], 1, lang),
                     _n(r["percent"], 1, lang),
                     format_percent(100 * r["evidence_completeness"], 0, lang)
                     if pd.notna(r["evidence_completeness"]) else DASH])  # fmt: skip
    total = prov.loc[TOTAL]
    rows.append([t["total"], "100", _n(total["score"], 1, lang), _n(total["percent"], 1, lang),
                 format_percent(100 * total["evidence_completeness"], 0, lang)])  # fmt: skip
    pct = prov.loc[list(comps.index), "percent"]
    text = t["components_text"].format(best=name[pct.idxmax()], best_value=_n(pct.max(), 1, lang),
                                       worst=name[pct.idxmin()], worst_value=_n(pct.min(), 1, lang))  # fmt: skip
    table = _table(t["components_caption"].format(year=year, n=_n(total["agencies"], 0, lang)),
                   t["components_cols"], rows, ["left"] + ["right"] * 4,
                   ["1fr", "auto", "auto", "auto", "auto"])  # fmt: skip
    return {"paragraphs": [text], "table": table, "figures": ["evaluation_heatmap"]}


def _self(gap, rubric, labels, year, t, lang, top: int = 5) -> dict:
    """Where self-assessment overstates: the rows of ``evaluation_gap.csv``, largest first."""
    if gap is None or gap.empty:
        return {"paragraphs": [], "table": None, "figures": []}
    comps = rubric.components.set_index("code")["name_en" if lang == "en" else "name"]
    question = rubric.criteria.set_index("code")["question"]
    overall = gap[gap["level"] == "all"].iloc[0]
    comp = gap[gap["level"] == "component"].iloc[0]
    crit = gap[gap["level"] == "criterion"].head(top)
    units = gap[gap["level"] == "unit"].head(3)
    text = t["self_text"].format(
        gap=_n(abs(float(overall["gap"])), 1, lang),
        direction=t["above"] if round_half_up(overall["gap"]) >= 0 else t["below"],  # as printed
        component=comps.get(comp["key"], comp["key"]),
        component_gap=_n(comp["gap"], 1, lang, sign=True),
        criteria=_join([f"{r.key} ({_n(r.gap, 1, lang, sign=True)})" for r in crit.itertuples()],
                       lang),
    )  # fmt: skip
    rows = [[r.key, question.get(r.key, ""), _n(r.self_percent, 1, lang),
             _n(r.verified_percent, 1, lang), _n(r.gap, 1, lang, sign=True),
             format_percent(100 * r.share_over, 0, lang)] for r in crit.itertuples()]  # fmt: skip
    table = _table(t["self_caption"].format(year=year), t["self_cols"], rows,
                   ["left", "left", "right", "right", "right", "right"],
                   ["auto", "1fr", "auto", "auto", "auto", "auto"])  # fmt: skip
    units_text = t["self_units"].format(units=_join(
        [f"{labels.get(r.key, r.key)} ({_n(r.gap, 1, lang, sign=True)})"
         for r in units.itertuples()], lang))  # fmt: skip
    return {"paragraphs": [text, units_text], "table": table, "figures": ["self_vs_verified"]}


def _evidence(ev, quality, t, lang) -> dict:
    """Evidence completeness (``evaluation.csv``) and the quarantine (``evaluation_quality``)."""
    total = ev[(ev["component"] == TOTAL) & (ev["unit_status"] == "scored")]
    prov = total[total["unit"] == PROVINCE].iloc[0]
    agencies = total[total["unit"] != PROVINCE]
    short = agencies[agencies["evidence_completeness"] < 1].sort_values(
        ["evidence_completeness", "unit_label"])  # fmt: skip
    lowest = t["evidence_lowest"].format(names=_join(
        [f"{r.unit_label} ({format_percent(100 * r.evidence_completeness, 0, lang)})"
         for r in short.head(3).itertuples()], lang)) if len(short) else ""  # fmt: skip
    paragraphs = [t["evidence_text"].format(
        complete=format_percent(100 * prov["evidence_completeness"], 0, lang),
        incomplete=_n(len(short), 0, lang), lowest=lowest)]  # fmt: skip
    if quality:
        reasons = quality.get("quarantined_by_reason", {})
        common = {
            "files": _n(len(quality["files"]), 0, lang),
            "rows": _n(quality["rows_read"], 0, lang),
        }
        if reasons:
            parts = [t["reason_rows"].format(reason=t["reasons"].get(k, k), n=_n(v, 0, lang))
                     for k, v in reasons.items()]  # fmt: skip
            paragraphs.append(t["quarantine"].format(
                **common, scored=_n(quality["scored"], 0, lang),
                quarantined=_n(quality["quarantined"], 0, lang), reasons="; ".join(parts)))  # fmt: skip
        else:
            paragraphs.append(t["quarantine_none"].format(**common))
    return {"paragraphs": paragraphs}


def _combined(combined, bands, year, t, lang, config) -> dict:
    ws, we = _weights(config, lang)
    rows_in = combined[combined["unit"] != PROVINCE].sort_values(["unit_label", "unit"])
    rows = []
    for r in rows_in.itertuples():
        hidden = r.survey_status == "suppressed"
        rows.append([
            r.unit_label,
            t["hidden"] if hidden else _n(r.survey_index, 1, lang),
            _n(r.evaluation_score, 1, lang),
            _n(r.combined, 1, lang),
            format_interval(r.ci_low, r.ci_high, 1, lang) if pd.notna(r.combined) else DASH,
            r.category if isinstance(r.category, str) else DASH,
        ])  # fmt: skip
    table = _table(t["combined_caption"].format(year=year), t["combined_cols"], rows,
                   ["left", "right", "right", "right", "right", "left"],
                   ["1fr", "auto", "auto", "auto", "auto", "auto"])  # fmt: skip
    has = rows_in["combined"].notna()
    suppressed = int((rows_in["survey_status"] == "suppressed").sum())
    no_eval = int((~has & (rows_in["survey_status"] != "suppressed")).sum())
    text = t["combined_text"].format(
        ws=ws, we=we, n=_n(int(has.sum()), 0, lang),
        suppressed=t["combined_suppressed"].format(n=_n(suppressed, 0, lang)) if suppressed else "",
        others=t["combined_others"].format(n=_n(no_eval, 0, lang)) if no_eval else "")  # fmt: skip
    return {"paragraphs": [text], "table": table}


def _awards(awards, config, year, t, lang) -> dict:
    k = int(config["evaluation"]["top_k"])
    alpha = config["evaluation"]["alpha"]
    paragraphs = [t["awards_intro"].format(k=k)]
    rows = []
    a = awards.copy()
    a["indistinguishable_from_first"] = as_bool(a["indistinguishable_from_first"])
    a["candidate"] = as_bool(a["candidate"])
    for name in dict.fromkeys(a["size_class"]):
        part = a[a["size_class"] == name]
        group = part[part["indistinguishable_from_first"]].sort_values("unit_label")
        first = part.sort_values("rank").iloc[0]
        label = _class_label(first, t, lang)
        if len(group) == 1:
            paragraphs.append(t["awards_single"].format(
                name=label, first=first["unit_label"], value=_n(first["combined"], 1, lang),
                p=format_probability(first["p_first"], lang)))  # fmt: skip
        else:
            probs = ", ".join(f"{r.unit_label} {format_probability(r.p_top_k, lang)}"
                              for r in group.itertuples())  # fmt: skip
            paragraphs.append(t["awards_group"].format(
                name=label, names=_join(list(group["unit_label"]), lang), k=k, probs=probs))  # fmt: skip
        others = part[part["candidate"] & ~part["indistinguishable_from_first"]]
        for r in [*group.itertuples(), *others.sort_values("unit_label").itertuples()]:
            rows.append([label, r.unit_label, _n(r.combined, 1, lang),
                         format_interval(r.ci_low, r.ci_high, 1, lang),
                         format_probability(r.p_first, lang), format_probability(r.p_top_k, lang),
                         t["yes"] if r.indistinguishable_from_first else t["no"]])  # fmt: skip
    cols = [c.format(k=k) for c in t["awards_cols"]]
    table = _table(t["awards_caption"].format(year=year, k=k), cols, rows,
                   ["left", "left", "right", "right", "right", "right", "left"],
                   ["auto", "1fr", "auto", "auto", "auto", "auto", "auto"],
                   note=t["awards_note"].format(alpha=_n(alpha, 2, lang)))  # fmt: skip
    return {"paragraphs": paragraphs, "table": table, "figures": ["award_candidates"]}


def _relation(relation, t, lang) -> dict:
    paragraphs = []
    for r in relation.itertuples():
        if pd.isna(r.r):
            note = t["no_previous"] if r.outcome == "change_index" and pd.isna(r.year0) else (
                t["notes"].get(r.note, r.note))  # fmt: skip
            paragraphs.append(t["relation_none"].format(what=t["what"][r.outcome], note=note))
            continue
        key = "relation_survey" if r.outcome == "survey_index" else "relation_change"
        paragraphs.append(t[key].format(
            r=_n(r.r, 2, lang), ci=format_interval(r.r_ci_low, r.r_ci_high, 2, lang),
            n=_n(r.n, 0, lang), slope=_n(10 * r.slope, 1, lang, sign=True),
            slope_ci=format_interval(10 * r.slope_ci_low, 10 * r.slope_ci_high, 1, lang),
            y0=int(r.year0) if pd.notna(r.year0) else ""))  # fmt: skip
    paragraphs.append(t["relation_caveat"])
    return {"paragraphs": paragraphs}


def _method(rubric, config, t, lang) -> list[str]:
    e = config["evaluation"]
    ws, we = _weights(config, lang)
    comps = rubric.components
    name = comps["name_en" if lang == "en" else "name"]
    weights = _join([f"{n} {_n(w, 0, lang)}" for n, w in zip(name, comps["weight"], strict=True)],
                    lang)  # fmt: skip
    ordered = sorted(e["size_classes"], key=lambda c: c["min"])
    classes = _join([f"{size_class(c['name'], lang)} ≥ {_n(c['min'], 0, lang)}" for c in ordered],
                    lang)  # fmt: skip
    values = {"components": len(comps), "weights": weights, "criteria": len(rubric.criteria),
              "description": rubric.description, "ws": ws, "we": we, "classes": classes,
              "k": e["top_k"], "draws": _n(e["draws"], 0, lang), "seed": e["seed"],
              "mc": _n(0.5 / np.sqrt(e["draws"]), 4, lang), "alpha": _n(e["alpha"], 2, lang)}  # fmt: skip
    return [p.format(**values) for p in t["method"]]


def evaluation_chapter(
    evaluation: pd.DataFrame | None,
    combined: pd.DataFrame | None,
    awards: pd.DataFrame | None,
    relation: pd.DataFrame | None,
    gap: pd.DataFrame | None,
    quality: dict | None,
    *,
    year: int,
    rubric: Rubric,
    config: dict,
    manifest: dict | None = None,
) -> dict:
    """The chapter's context: ``available``, ``title``, ``labels``, ``paragraphs`` and one
    section each (``components``, ``self``, ``evidence``, ``combined``, ``awards``,
    ``relation``; each with ``paragraphs`` and, where it has them, ``table`` and ``figures``),
    ``method`` and ``caveats`` (lists of sentences), ``summary`` (the executive-summary
    sentences) and ``figures`` (the manifest entries the chapter uses). ``evaluation`` None or
    empty gives the chapter of a year without an evaluation."""
    lang = config.get("report", {}).get("language", "id")
    t = _t(lang, float(config["estimation"]["confidence"]))
    t = {**t, "yes": "ya" if lang == "id" else "yes", "no": "tidak" if lang == "id" else "no"}
    base = {"title": t["title"], "labels": t["labels"]}
    ev = evaluation[evaluation["year"].astype(int) == int(year)] if evaluation is not None else None
    if ev is None or not (ev["unit_status"] == "scored").any():
        return {**base, "available": False, "paragraphs": [t["none"].format(year=year)],
                "summary": summary_sentences(None, None, year, config, lang), "figures": {}}  # fmt: skip
    labels = dict(zip(ev["unit"], ev["unit_label"], strict=False))
    total = ev[(ev["component"] == TOTAL) & (ev["unit"] != PROVINCE)]
    scored = total[total["unit_status"] == "scored"].sort_values(["percent", "unit_label"],
                                                                 ascending=[False, True])  # fmt: skip
    missing = total[total["unit_status"] != "scored"].sort_values("unit_label")
    names = [f"{r.unit_label} ({t['status'].get(r.unit_status, r.unit_status)})"
             for r in missing.itertuples()]  # fmt: skip
    prov = ev[(ev["unit"] == PROVINCE) & (ev["component"] == TOTAL)].iloc[0]
    intro = t["intro"].format(
        criteria=len(rubric.criteria), components=len(rubric.components), total=len(total),
        scored=len(scored), mean=_n(prov["score"], 1, lang),
        missing=t["intro_missing"].format(names=_join(names, lang)) if names else t["intro_all"],
        best=f"{scored['unit_label'].iloc[0]} {_n(scored['score'].iloc[0], 1, lang)}",
        worst=f"{scored['unit_label'].iloc[-1]} {_n(scored['score'].iloc[-1], 1, lang)}",
    )  # fmt: skip
    chapter = {
        **base,
        "available": True,
        "paragraphs": [intro],
        "components": _components(ev, rubric, year, t, lang),
        "self": _self(gap, rubric, labels, year, t, lang),
        "evidence": _evidence(ev, quality, t, lang),
        "combined": _combined(combined, config["bands"], year, t, lang, config)
        if combined is not None and len(combined) else {"paragraphs": [], "table": None},
        "awards": _awards(awards, config, year, t, lang)
        if awards is not None and len(awards) else {"paragraphs": [], "table": None, "figures": []},
        "relation": _relation(relation, t, lang) if relation is not None else {"paragraphs": []},
        "method": _method(rubric, config, t, lang),
        "caveats": list(t["caveats"]),
        "summary": summary_sentences(combined, awards, year, config, lang),
        "figures": dict(manifest or {}),
    }  # fmt: skip
    return chapter


# A minimal document around the chapter: for previews and tests, not the report itself.
PREVIEW = """#let ctx = json("context.json")
#set document(title: ctx.title)
#set text(lang: ctx.language, font: "Libertinus Serif", size: 10.5pt)
#set heading(numbering: "1.1")
#show figure: set block(breakable: true)
#let data-table(t) = figure(kind: table, caption: t.caption, {
  set text(size: 8pt)
  table(columns: t.widths.map(w => if w == "auto" { auto } else { 1fr }),
    table.header(..t.columns.map(c => strong(c))), ..t.rows.flatten())
  if t.note != "" { align(left, text(size: 7.5pt, t.note)) }
})
#import "evaluasi.typ": evaluasi
#evaluasi(ctx.chapter, data-table: data-table)
"""


def preview_pdf(chapter: dict, template: str | Path, out_pdf: str | Path, workdir: str | Path,
                language: str = "id") -> Path:  # fmt: skip
    """Compile the chapter alone with ``evaluasi.typ`` (fixed timestamp, embedded fonts)."""
    import json
    import shutil

    import typst

    workdir = Path(workdir)
    (workdir / "figures").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, workdir / "evaluasi.typ")
    chapter = json.loads(json.dumps(chapter, default=str))
    for name, fig in chapter.get("figures", {}).items():
        target = workdir / "figures" / f"{name}{Path(fig['file']).suffix}"
        shutil.copyfile(fig["file"], target)
        fig["file"] = f"figures/{target.name}"
    context = {"title": chapter["title"], "language": language, "chapter": chapter}
    (workdir / "context.json").write_text(json.dumps(context, ensure_ascii=False), "utf-8")
    (workdir / "main.typ").write_text(PREVIEW, encoding="utf-8")
    pdf = typst.compile(str(workdir / "main.typ"), root=str(workdir), ignore_system_fonts=True,
                        timestamp=0)  # fmt: skip
    Path(out_pdf).write_bytes(pdf)
    return Path(out_pdf)
