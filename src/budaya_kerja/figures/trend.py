"""Figure 1: the index per year with its interval, the target band and the category lines."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
from matplotlib.patches import Rectangle
from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

from budaya_kerja.figures.rows import _published, _rows, _targets
from budaya_kerja.figures.style import (
    GREY,
    TARGET_FILL,
    UP,
)
from budaya_kerja.figures.style import axis_formatter as _formatter
from budaya_kerja.figures.style import new_figure as _new_figure
from budaya_kerja.figures.style import save as _save
from budaya_kerja.figures.style import styled as _styled
from budaya_kerja.figures.style import words as _t
from budaya_kerja.settings import CONFIDENCE
from budaya_kerja.text import format_interval, format_number


@_styled
def plot_index_trend(
    estimates: pd.DataFrame,
    path: str | Path,
    *,
    bands: list[dict],
    targets: dict | None = None,
    published: dict | None = None,
    until: int | None = None,
    language: str = "id",
    confidence: float = CONFIDENCE,
) -> str:
    """The province's index by year with 95% CI error bars, the target band shaded per year
    (``targets``: {year: [low, high]}), dashed category bounds and, as context only, the
    ministry's published figures (``published``: {year: value}, a different method)."""
    t = _t(language, confidence)
    rows = _published(_rows(estimates, group_by="all", measure="index"))
    if until is not None:
        rows = rows[rows["year"].astype(int) <= int(until)]
    rows = rows.sort_values("year")
    if rows.empty:
        raise ValueError("no published provincial index to plot")
    years = rows["year"].astype(int).to_numpy()
    est, lo, hi = (rows[c].to_numpy(float) for c in ("estimate", "ci_low", "ci_high"))
    target = {y: v for y, v in _targets(targets).items() if years.min() <= y <= years.max() + 1}
    shown_pub = {int(y): float(v) for y, v in (published or {}).items() if int(y) in set(years)}

    fig = _new_figure(3.1)
    ax = fig.add_subplot()
    low_edge = min(lo.min(), *(v[0] for v in target.values())) if target else lo.min()
    high_edge = max(hi.max(), *(v[1] for v in target.values())) if target else hi.max()
    ylo = max(0.0, math.floor((low_edge - 4) / 5) * 5)
    yhi = min(100.0, math.ceil((high_edge + 3) / 5) * 5)
    # Consecutive years with the same target make one shaded block (no seams between years).
    spans: list[list] = []
    for y, band in sorted(target.items()):
        if spans and spans[-1][1] == y - 1 and spans[-1][2] == band:
            spans[-1][1] = y
        else:
            spans.append([y, y, band])
    for i, (start, end, (tlo, thi)) in enumerate(spans):
        label = t["target"].format(
            low=format_number(tlo, 0, language), high=format_number(thi, 0, language)
        )
        ax.add_patch(
            Rectangle(
                (start - 0.5, tlo),
                end - start + 1.0,
                thi - tlo,
                facecolor=TARGET_FILL,
                edgecolor="none",
                zorder=0,
                label=label if i == 0 else None,
            )
        )
    band_text = []
    for band in sorted(bands, key=lambda b: -b["min"]):
        if ylo < band["min"] < yhi:
            ax.axhline(band["min"], color=GREY, lw=0.8, ls="--", zorder=1)
            label = t["band_line"].format(
                label=band["label"], min=format_number(band["min"], 0, language)
            )
            ax.annotate(
                label,
                (1, band["min"]),
                xycoords=("axes fraction", "data"),
                xytext=(-2, 2),
                textcoords="offset points",
                ha="right",
                va="bottom",
                fontsize=7,
                color=GREY,
            )
            band_text.append(label)
    ax.errorbar(
        years,
        est,
        yerr=[est - lo, hi - est],
        fmt="o-",
        color=UP,
        ms=5,
        lw=1.4,
        capsize=4,
        elinewidth=1.2,
        zorder=3,
        label=t["estimate_ci"],
    )
    for y, e, a, h in zip(years, est, lo, hi, strict=True):
        ax.annotate(
            f"{format_number(e, 1, language)} ({format_interval(a, h, 1, language)})",
            (y, h),
            xytext=(0, 4),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8.5,
            fontweight="bold",
            color=UP,
        )
    if shown_pub:
        # The ministry's figure is another survey's (vote-based) number: drawn apart from the
        # report's estimates, hollow and grey, and labelled with its source at its side.
        ax.plot(
            [y + 0.22 for y in shown_pub],
            list(shown_pub.values()),
            "D",
            mfc="white",
            mec=GREY,
            ms=5,
            zorder=3,
            ls="none",
            label=t["published"],
        )
        for y, v in shown_pub.items():
            ax.annotate(
                t["published_point"].format(value=format_number(v, 1, language)),
                (y + 0.22, v),
                xytext=(6, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize=7,
                color=GREY,
            )
    ax.set_xlim(years.min() - 0.6, max(years.max(), *target, years.min()) + 0.6)
    ax.set_ylim(ylo, yhi)
    ticks = list(range(int(years.min()), int(ax.get_xlim()[1]) + 1))
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: str(int(round(v)))))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_major_formatter(_formatter(0, language))
    ax.set_ylabel(t["score"])
    ax.grid(axis="y")
    ax.set_axisbelow(True)
    fig.legend(loc="outside upper center", ncols=2 if shown_pub else 3, fontsize=7)
    _save(fig, path)

    points = "; ".join(
        t["alt_trend_point"].format(
            year=int(r.year),
            value=format_number(r.estimate, 1, language),
            low=format_number(r.ci_low, 1, language),
            high=format_number(r.ci_high, 1, language),
            category=r.category,
        )
        for r in rows.itertuples()
    )
    target_text = ""
    if target:
        tlo, thi = target[max(target)]
        target_text = t["alt_trend_target"].format(
            low=format_number(tlo, 0, language), high=format_number(thi, 0, language)
        )
    return (
        t["alt_trend"]
        .format(points=points, target=target_text, bands="; ".join(band_text))
        .replace(" ()", "")
    )
