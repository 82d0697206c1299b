"""Figures of the report's evaluation chapter ("Evaluasi Implementasi").

Each plot function takes the evaluation tables (``evaluation.csv``, ``evaluation_gap.csv``,
``combined.csv``, ``penghargaan.csv``) and plain arguments, draws what the tables hold (no
statistic is computed here), writes one figure and returns its alt text in the report's
language. House style, number format and deterministic SVG output are those of
:mod:`budaya_kerja.figures`; a ``.png`` path writes a PNG (for looking at a figure).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from budaya_kerja.figures.style import DOWN, GREY, MAX_HEIGHT, UP
from budaya_kerja.figures.style import axis_formatter as _formatter
from budaya_kerja.figures.style import new_figure as _new_figure
from budaya_kerja.figures.style import save as _save
from budaya_kerja.figures.style import styled as _styled
from budaya_kerja.io.rubric import TOTAL, Rubric
from budaya_kerja.io.tables import as_bool
from budaya_kerja.settings import CONFIDENCE
from budaya_kerja.text import format_number, format_probability, wording
from budaya_kerja.text.names import size_class

__all__ = [
    "CMAP",
    "plot_award_candidates",
    "plot_evaluation_heatmap",
    "plot_self_vs_verified",
    "write_figures",
]

SELF, VERIFIED = "#ef8a62", "#2166ac"
CMAP = "YlGnBu"


def _t(language: str, confidence: float = CONFIDENCE) -> dict:
    return wording(language, "evaluation_figures", confidence)


def _names(rubric: Rubric, language: str) -> pd.Series:
    column = "name_en" if language == "en" else "name"
    return rubric.components.set_index("code")[column]


# --------------------------------------------------------------------------- heatmap
@_styled
def plot_evaluation_heatmap(
    evaluation: pd.DataFrame, rubric: Rubric, year: int, path, *, language: str = "id"
) -> str:
    """Agencies (rows, by total score) x components and total (columns), percent of maximum,
    numbers printed; agencies without a score as hatched rows naming why."""
    t = _t(language)
    ev = evaluation[(evaluation["year"].astype(int) == int(year)) & (evaluation["unit"] != "all")]
    components = list(rubric.components["code"])
    columns = [*components, TOTAL]
    wide = ev.pivot_table(index="unit", columns="component", values="percent", aggfunc="first",
                          dropna=False).reindex(columns=columns)  # fmt: skip
    info = ev[ev["component"] == TOTAL].set_index("unit")
    scored = info[info["unit_status"] == "scored"].sort_values(
        ["percent", "unit_label"], ascending=[False, True]
    )
    unscored = info[info["unit_status"] != "scored"].sort_values("unit_label")
    order = [*scored.index, *unscored.index]
    data = wide.reindex(order).to_numpy(float)
    n = len(order)
    row_h = min(0.2, (MAX_HEIGHT - 1.6) / max(n, 1))
    fig = _new_figure(1.6 + row_h * n)
    ax = fig.add_subplot()
    norm = mpl.colors.Normalize(vmin=0, vmax=100)
    cmap = mpl.colormaps[CMAP]
    mesh = ax.pcolormesh(np.ma.masked_invalid(data), cmap=cmap, norm=norm, edgecolors="white",
                         linewidth=0.6)  # fmt: skip
    font = max(5.0, min(7.5, row_h * 72 * 0.55))
    for i, unit in enumerate(order):
        if unit in unscored.index:
            ax.add_patch(Rectangle((0, i), len(columns), 1, facecolor="#f0f0f0", hatch="////",
                                   edgecolor="white", linewidth=0.6))  # fmt: skip
            ax.text(len(columns) / 2, i + 0.5, t["status"].get(info.at[unit, "unit_status"], ""),
                    ha="center", va="center", fontsize=font, color="#444444",
                    bbox={"facecolor": "#f0f0f0", "edgecolor": "none", "pad": 0.6})  # fmt: skip
            continue
        for j in range(len(columns)):
            v = data[i, j]
            r, g, b, _ = cmap(norm(v))
            dark = 0.299 * r + 0.587 * g + 0.114 * b < 0.5
            ax.text(j + 0.5, i + 0.5, format_number(v, 0 if j < len(components) else 1, language),
                    ha="center", va="center", fontsize=font, color="white" if dark else "#1a1a1a",
                    fontweight="bold" if j == len(components) else "normal")  # fmt: skip
    ax.axvline(len(components), color="white", lw=3)
    ax.set_xlim(0, len(columns))
    ax.set_ylim(n, 0)
    ax.xaxis.tick_top()
    names = _names(rubric, language)
    weights = rubric.components.set_index("code")["weight"]
    labels = [f"{names[c]} ({format_number(weights[c], 0, language)})" for c in components]
    # Full component names, upright in two lines at most, so long ones fit their column.
    labels = ["\n".join(textwrap.wrap(label, 24)) for label in [*labels, t["total"]]]
    ax.set_xticks(np.arange(len(columns)) + 0.5, labels, fontsize=6.5, rotation=90)
    ax.set_yticks(np.arange(n) + 0.5, list(info.loc[order, "unit_label"]), fontsize=font)
    ax.tick_params(length=0)
    for side in ("left", "bottom", "top", "right"):
        ax.spines[side].set_visible(False)
    bar = fig.colorbar(mesh, ax=ax, orientation="horizontal", location="bottom", fraction=0.05,
                       shrink=0.6, aspect=40, pad=0.01)  # fmt: skip
    bar.set_label(t["percent"], fontsize=7.5)
    bar.ax.tick_params(labelsize=7)
    bar.ax.xaxis.set_major_formatter(_formatter(0, language))
    bar.outline.set_visible(False)
    _save(fig, path)

    if scored.empty:
        return t["alt_missing"].format(units=", ".join(unscored["unit_label"]))
    comps = wide.loc[scored.index, components]
    weak_unit, weak = comps.stack().idxmin()
    missing = (t["alt_missing"].format(units=", ".join(unscored["unit_label"]))
               if len(unscored) else t["alt_none_missing"])  # fmt: skip
    return t["alt_heatmap"].format(
        n=len(scored), year=year,
        best=scored["unit_label"].iloc[0],
        best_value=format_number(scored["percent"].iloc[0], 1, language),
        worst=scored["unit_label"].iloc[-1],
        worst_value=format_number(scored["percent"].iloc[-1], 1, language),
        weak=names[comps.min().idxmin()], weak_value=format_number(comps.min().min(), 0, language),
        weak_unit=info.at[weak_unit, "unit_label"], missing=missing,
    )  # fmt: skip


# --------------------------------------------------------------------------- self vs verified
@_styled
def plot_self_vs_verified(
    gap: pd.DataFrame, rubric: Rubric, year: int, path, *, language: str = "id"
) -> str:
    """Per component: mean self-assessed and verified score (percent) joined by a line, the
    gap printed at the right (the ``component`` rows of ``evaluation_gap.csv``)."""
    t = _t(language)
    rows = gap[(gap["level"] == "component") & (gap["year"].astype(int) == int(year))]
    rows = rows.set_index("key").reindex(list(rubric.components["code"])).dropna(subset=["n"])
    names = _names(rubric, language)
    fig = _new_figure(0.9 + 0.36 * len(rows))
    ax = fig.add_subplot()
    y = np.arange(len(rows))
    s, v, g = (rows[c].to_numpy(float) for c in ("self_percent", "verified_percent", "gap"))
    for i in range(len(rows)):
        ax.plot([v[i], s[i]], [y[i], y[i]], color="#bdbdbd", lw=2, zorder=1)
        ax.annotate(format_number(g[i], 1, language, sign=True), (max(s[i], v[i]), y[i]),
                    xytext=(6, 0), textcoords="offset points", va="center", fontsize=7.5,
                    color=DOWN if g[i] > 0 else UP)  # fmt: skip
    ax.plot(v, y, "o", color=VERIFIED, ms=6, zorder=3, label=t["verified"])
    ax.plot(s, y, "D", color=SELF, ms=5.5, zorder=3, label=t["self"])
    ax.set_yticks(y, [names[c] for c in rows.index])
    ax.invert_yaxis()
    ax.set_xlim(0, 108)
    ax.xaxis.set_major_formatter(_formatter(0, language))
    ax.set_xlabel(t["percent"])
    ax.grid(axis="x")
    ax.set_axisbelow(True)
    fig.legend(loc="outside upper center", ncols=2, fontsize=7.5)
    _save(fig, path)

    worst = rows["gap"].idxmax()
    parts = "; ".join(
        t["alt_self_part"].format(name=names[c], self=format_number(rows.at[c, "self_percent"], 1,
                                  language), verified=format_number(rows.at[c, "verified_percent"],
                                  1, language))
        for c in rows.index
    )  # fmt: skip
    return t["alt_self"].format(year=year, parts=parts, worst=names[worst],
                                gap=format_number(rows.at[worst, "gap"], 1, language, sign=True))  # fmt: skip


# --------------------------------------------------------------------------- awards
def _class_range(row, t, language) -> str:
    low = format_number(row["size_min"], 0, language)
    if pd.isna(row["size_max"]):
        return t["range_open"].format(low=low)
    return t["range"].format(low=low, high=format_number(row["size_max"], 0, language))


@_styled
def plot_award_candidates(
    awards: pd.DataFrame,
    size_classes: list[dict],
    year: int,
    path,
    *,
    language: str = "id",
    confidence: float = CONFIDENCE,
) -> str:
    """Per size class (one panel each): every ranked agency's combined index with its
    interval, sorted by the point estimate; agencies not distinguishable from the first are
    filled, and P(top k) is printed at the right."""
    t = _t(language, confidence)
    rows = awards[awards["year"].astype(int) == int(year)].copy()
    rows["indistinguishable_from_first"] = as_bool(rows["indistinguishable_from_first"])
    classes = [c["name"] for c in size_classes if (rows["size_class"] == c["name"]).any()]
    counts = [int((rows["size_class"] == c).sum()) for c in classes]
    row_h = min(0.2, (MAX_HEIGHT - 0.9 - 0.45 * len(classes)) / max(sum(counts), 1))
    fig = _new_figure(0.9 + 0.45 * len(classes) + row_h * sum(counts))
    axes = fig.subplots(len(classes), 1, sharex=True, height_ratios=[max(c, 1) for c in counts],
                        squeeze=False)[:, 0]  # fmt: skip
    k = int(rows["k"].iloc[0]) if len(rows) else 3
    lo_all, hi_all = rows["ci_low"].min(), rows["ci_high"].max()
    font = max(5.0, min(7.5, row_h * 72 * 0.6))
    parts = []
    for ax, name in zip(axes, classes, strict=True):
        part = rows[rows["size_class"] == name].sort_values(["rank", "unit_label"])
        y = np.arange(len(part))
        group = part["indistinguishable_from_first"].to_numpy()
        est = part["combined"].to_numpy(float)
        lo, hi = part["ci_low"].to_numpy(float), part["ci_high"].to_numpy(float)
        colour = np.where(group, UP, GREY)
        for i in range(len(part)):
            ax.plot([lo[i], hi[i]], [y[i], y[i]], color=colour[i], lw=1.2)
            ax.plot(est[i], y[i], "o", ms=4, color=colour[i], mfc=colour[i] if group[i] else "white",
                    mew=1.1, zorder=3)  # fmt: skip
            ax.annotate(format_probability(part["p_top_k"].iloc[i], language),
                        (1.0, y[i]), xycoords=("axes fraction", "data"), xytext=(4, 0),
                        textcoords="offset points", va="center", fontsize=font, color=colour[i])  # fmt: skip
        ax.set_yticks(y, list(part["unit_label"]), fontsize=font)
        ax.set_ylim(len(part) - 0.5, -0.5)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        shown = size_class(name, language)
        ax.set_title(t["class"].format(name=shown, range=_class_range(part.iloc[0], t, language)),
                     loc="left", fontsize=8)  # fmt: skip
        ax.annotate(t["p_top"].format(k=k), (1.0, 1.0), xycoords="axes fraction", xytext=(4, 2),
                    textcoords="offset points", fontsize=6.5, va="bottom", color=GREY)  # fmt: skip
        ax.grid(axis="x")
        ax.set_axisbelow(True)
        names = list(part.loc[part["indistinguishable_from_first"], "unit_label"])
        parts.append(t["alt_awards_class"].format(
            name=shown, first=part["unit_label"].iloc[0],
            value=format_number(est[0], 1, language), group=", ".join(names)))  # fmt: skip
    axes[-1].set_xlim(np.floor(lo_all - 1), np.ceil(hi_all + 1))
    axes[-1].xaxis.set_major_formatter(_formatter(0, language))
    axes[-1].set_xlabel(t["combined_axis"])
    handles = [Line2D([], [], ls="-", marker="o", color=UP, label=t["group"]),
               Line2D([], [], ls="-", marker="o", mfc="white", color=GREY, label=t["others"])]  # fmt: skip
    fig.legend(handles=handles, loc="outside upper center", ncols=2, fontsize=7)
    _save(fig, path)
    return t["alt_awards"].format(n=len(rows), year=year, classes=len(classes),
                                  parts=" ".join(parts))  # fmt: skip


def write_figures(
    evaluation: pd.DataFrame,
    gap: pd.DataFrame,
    awards: pd.DataFrame,
    rubric: Rubric,
    year: int,
    config: dict,
    outdir,
    *,
    suffix: str = ".svg",
) -> dict[str, dict[str, str]]:
    """Write the chapter's figures for ``year`` into ``outdir``; returns the manifest
    ``{name: {"file", "alt", "caption"}}`` as :func:`budaya_kerja.figures.write_figures`."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    language = config.get("report", {}).get("language", "id")
    confidence = float(config["estimation"]["confidence"])
    t = _t(language, confidence)
    manifest = {}

    def add(name, alt, caption):
        manifest[name] = {"file": str(outdir / f"{name}{suffix}"), "alt": alt, "caption": caption}

    ev = evaluation[evaluation["year"].astype(int) == int(year)]
    if (ev["unit_status"] == "scored").any():
        add("evaluation_heatmap", plot_evaluation_heatmap(
            ev, rubric, year, outdir / f"evaluation_heatmap{suffix}", language=language),
            t["cap_heatmap"].format(year=year))  # fmt: skip
    if len(gap) and (gap["level"] == "component").any():
        add("self_vs_verified", plot_self_vs_verified(
            gap, rubric, year, outdir / f"self_vs_verified{suffix}", language=language),
            t["cap_self"].format(year=year))  # fmt: skip
    if len(awards):
        k = int(config["evaluation"]["top_k"])
        add("award_candidates", plot_award_candidates(
            awards, config["evaluation"]["size_classes"], year,
            outdir / f"award_candidates{suffix}", language=language, confidence=confidence),
            t["cap_awards"].format(year=year, k=k))  # fmt: skip
    return manifest
