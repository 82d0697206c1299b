"""Change between two years: forest plots of the values and of the agencies."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from budaya_kerja.figures.style import (
    DOWN,
    GREY,
    MAX_HEIGHT,
    UP,
    readable_rows,
)
from budaya_kerja.figures.style import axis_formatter as _formatter
from budaya_kerja.figures.style import new_figure as _new_figure
from budaya_kerja.figures.style import save as _save
from budaya_kerja.figures.style import styled as _styled
from budaya_kerja.figures.style import words as _t
from budaya_kerja.figures.style import wrap as _wrap
from budaya_kerja.io.tables import as_bool
from budaya_kerja.settings import CONFIDENCE, Instrument
from budaya_kerja.text import format_interval, format_number


def _forest_rows(comparison, instrument, units, labels):
    c = comparison.copy()
    c["tested"] = as_bool(c["tested"])
    c["significant"] = as_bool(c["significant"])
    c["material"] = as_bool(c["material"])
    if units:
        rows = c[(c["group_by"] == "unit") & (c["measure"] == "index")]
        untested = int((~rows["tested"]).sum())
        rows = rows[rows["tested"] & rows["diff"].notna()]
        rows = rows.assign(name=rows["group"].map(lambda g: (labels or {}).get(g, g)))
        rows = rows.sort_values(["diff", "name"], ascending=[False, True])
        return rows, untested
    measures = ["index", *instrument.value_ids]
    rows = c[(c["group_by"] == "all") & c["measure"].isin(measures)]
    untested = int((~rows["tested"]).sum())
    rows = rows[rows["tested"] & rows["diff"].notna()].copy()
    rows["_m"] = rows["measure"].map({m: i for i, m in enumerate(measures)})
    rows = rows.sort_values("_m")
    return rows, untested


def forest_row_height(n_rows: int) -> float:
    """Inches per agency on the agencies' forest plot: 0.18, less when they would not fit."""
    return min(0.18, (MAX_HEIGHT - 1.2) / max(n_rows, 1))


@_styled
def plot_change_forest(
    comparison: pd.DataFrame,
    instrument: Instrument,
    path: str | Path,
    *,
    year0: int,
    year1: int,
    min_meaningful_change: float = 3.0,
    alpha: float = 0.05,
    units: bool = False,
    labels: dict[str, str] | None = None,
    language: str = "id",
    confidence: float = CONFIDENCE,
) -> str:
    """Forest plot of the change ``diff`` with its CI: the province's index and values, or
    (``units=True``) each agency's index, sorted by change. Filled markers are significant
    after adjustment (``significant``), coloured ones material (``material``); ``labels`` maps
    agency codes to names. Agencies too many for rows that hold type get thin rows without
    names or printed numbers, drawn as one collection of bars and one of marks."""
    t = _t(language, confidence)
    rows, untested = _forest_rows(comparison, instrument, units, labels)
    names = (
        rows["name"].map(lambda s: _wrap(s, 66)).tolist()
        if units
        else [
            t["index"] if m == "index" else f"{instrument.value_names[m]} ({m})"
            for m in rows["measure"]
        ]
    )
    n = len(rows)
    row_h = 0.3 if not units else forest_row_height(n)
    readable = readable_rows(row_h)
    fig = _new_figure(1.2 + row_h * max(n, 1))
    ax = fig.add_subplot()
    y = np.arange(n)
    diff, lo, hi = (rows[c].to_numpy(float) for c in ("diff", "ci_low", "ci_high"))
    colour = np.where(~rows["material"].to_numpy(), GREY, np.where(diff > 0, UP, DOWN))
    sig = rows["significant"].to_numpy()
    font = 8 if not units else max(5.5, min(7.5, row_h * 72 * 0.55))
    if not readable:  # hundreds of rows: one artist for the bars, one for the marks
        ax.add_collection(
            LineCollection(np.stack([np.column_stack([lo, y]), np.column_stack([hi, y])], 1),
                           colors=colour, linewidths=3, alpha=0.5, capstyle="butt")
        )  # fmt: skip
        ax.scatter(diff, y, s=3.2**2, c=np.where(sig, colour, "white"), edgecolors=colour,
                   linewidths=1.2, zorder=3)  # fmt: skip
    for i in range(n if readable else 0):
        # A thick, light bar: an interval narrower than the marker still shows beside it.
        ax.plot([lo[i], hi[i]], [y[i], y[i]], color=colour[i], lw=4.5 if not units else 3,
                alpha=0.5, solid_capstyle="butt")  # fmt: skip
        ax.plot(
            diff[i],
            y[i],
            "o",
            ms=4 if not units else 3.2,
            color=colour[i],
            mfc=colour[i] if sig[i] else "white",
            mew=1.2,
            zorder=3,
        )
    mmc = float(min_meaningful_change)
    ax.axvline(0, color="#333333", lw=0.8)
    for x in (-mmc, mmc):
        ax.axvline(x, color=GREY, lw=0.7, ls=":")
    span = np.nanmax(np.abs(np.r_[lo, hi, mmc])) if n else mmc
    # room on the right for the printed numbers, when there is room to print them
    ax.set_xlim(-span * 1.15 - 0.5, span * 1.15 + 0.5 + (span * 0.55 if readable else 0))
    for i in range(n if readable else 0):  # rows too thin for type: the table has the numbers
        ax.annotate(
            f"{format_number(diff[i], 1, language, sign=True)} "
            f"({format_interval(lo[i], hi[i], 1, language)})",
            (hi[i], y[i]),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=font - 0.5,
            color=colour[i],
        )
    if readable:
        ax.set_yticks(y, names, fontsize=font)
    else:
        ax.set_yticks([])
        ax.set_ylabel(t["dense_rows"].format(n=n), fontsize=7.5)
    ax.set_ylim(n - 0.5, -0.5) if n else ax.set_ylim(0.5, -0.5)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    ax.xaxis.set_major_formatter(_formatter(1 if span < 3 else 0, language))
    ax.set_xlabel(t["diff_axis"].format(y0=year0, y1=year1))
    ax.grid(axis="x")
    ax.set_axisbelow(True)
    mmc_text = format_number(mmc, 1 if mmc % 1 else 0, language)
    handles = [
        Line2D(
            [],
            [],
            ls="none",
            marker="o",
            color=GREY,
            mfc=GREY,
            label=t["significant"].format(alpha=format_number(alpha, 2, language)),
        ),
        Line2D([], [], ls="none", marker="o", color=GREY, mfc="white", label=t["not_significant"]),
        Patch(color=UP, label=t["material_up"].format(mmc=mmc_text)),
        Patch(color=DOWN, label=t["material_down"].format(mmc=mmc_text)),
        Patch(color=GREY, label=t["not_material"].format(mmc=mmc_text)),
    ]
    fig.legend(handles=handles, loc="outside upper center", ncols=3, fontsize=7, handlelength=1.2)
    _save(fig, path)

    def verdict(r):
        return (t["sig"] if r.significant else t["nonsig"]), (
            t["mat"] if r.material else t["nonmat"]
        )

    if units:
        up = int(((rows["diff"] > 0) & rows["significant"]).sum())
        down = int(((rows["diff"] < 0) & rows["significant"]).sum())
        extremes = ""
        if n:
            first, last = rows.iloc[0], rows.iloc[-1]
            extremes = t["alt_forest_extremes"].format(
                up_name=first["name"],
                up_diff=format_number(first["diff"], 1, language, sign=True),
                down_name=last["name"],
                down_diff=format_number(last["diff"], 1, language, sign=True),
            )
        return t["alt_forest_units"].format(
            n=n,
            y0=year0,
            y1=year1,
            up=up,
            down=down,
            flat=n - up - down,
            extremes=extremes,
            untested=t["alt_forest_untested"].format(n=untested) if untested else "",
        )
    parts = []
    for name, r in zip(names, rows.itertuples(), strict=True):
        s, m = verdict(r)
        parts.append(
            t["alt_forest_row"].format(
                name=name,
                diff=format_number(r.diff, 1, language, sign=True),
                low=format_number(r.ci_low, 1, language),
                high=format_number(r.ci_high, 1, language),
                sig=s,
                mat=m,
            )
        )
    return t["alt_forest"].format(y0=year0, y1=year1, rows="; ".join(parts))
