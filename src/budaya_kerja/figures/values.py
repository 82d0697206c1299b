"""The seven values per year with their intervals."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from budaya_kerja.figures.rows import _published, _rows
from budaya_kerja.figures.style import (
    GREY,
    YEAR_COLOURS,
)
from budaya_kerja.figures.style import axis_formatter as _formatter
from budaya_kerja.figures.style import new_figure as _new_figure
from budaya_kerja.figures.style import save as _save
from budaya_kerja.figures.style import styled as _styled
from budaya_kerja.figures.style import words as _t
from budaya_kerja.figures.style import wrap as _wrap
from budaya_kerja.settings import CONFIDENCE, Instrument
from budaya_kerja.text import format_interval, format_number


@_styled
def plot_values(
    estimates: pd.DataFrame,
    instrument: Instrument,
    year: int,
    path: str | Path,
    *,
    bands: list[dict] | None = None,
    max_years: int = 3,
    language: str = "id",
    confidence: float = CONFIDENCE,
) -> str:
    """The seven values' scores with their intervals (bars; the estimate a tick across the bar,
    printed with its interval for ``year``), one row per year (up to ``max_years`` years
    ending in ``year``), grouped by value."""
    t = _t(language, confidence)
    values = instrument.value_ids
    rows = _published(_rows(estimates, group_by="all", measure=values))
    years = sorted(y for y in rows["year"].astype(int).unique() if y <= int(year))[-max_years:]
    if int(year) not in years:
        raise ValueError(f"no published value scores for {year}")
    fig = _new_figure(0.8 + 0.42 * len(values))
    ax = fig.add_subplot()
    colours = YEAR_COLOURS[-len(years) :]
    step = 0.22
    for j, (y, colour) in enumerate(zip(years, colours, strict=True)):
        part = rows[rows["year"].astype(int) == y].set_index("measure").reindex(values)
        pos = np.arange(len(values)) + (j - (len(years) - 1) / 2) * step
        est, lo, hi = (part[c].to_numpy(float) for c in ("estimate", "ci_low", "ci_high"))
        # The intervals are often narrower than a dot: each is drawn as a thick bar with the
        # estimate as a thin tick across it (so the bar stays visible) and printed for this year.
        for e, a, b, p in zip(est, lo, hi, pos, strict=True):
            if np.isfinite(e):
                ax.plot([a, b], [p, p], color=colour, lw=4.5, alpha=0.55,
                        solid_capstyle="butt", zorder=2)  # fmt: skip
        ax.plot(est, pos, "|", color=colour, ms=9, mew=1.6, zorder=3, label=str(y))
        if y == int(year):
            for e, a, b, p in zip(est, lo, hi, pos, strict=True):
                if np.isfinite(e):
                    ax.annotate(
                        f"{format_number(e, 1, language)} ({format_interval(a, b, 1, language)})",
                        (b, p),
                        xytext=(5, 0),
                        textcoords="offset points",
                        va="center",
                        fontsize=7.5,
                        color=colour,
                    )
    lo_all = np.nanmin(rows[rows["year"].astype(int).isin(years)]["ci_low"].to_numpy(float))
    hi_all = np.nanmax(rows[rows["year"].astype(int).isin(years)]["ci_high"].to_numpy(float))
    xlo = max(0.0, math.floor((lo_all - 3) / 5) * 5)
    xhi = min(108.0, math.ceil((hi_all + 7) / 5) * 5)  # room for the printed intervals
    for band in bands or []:
        if xlo < band["min"] < xhi:
            ax.axvline(band["min"], color=GREY, lw=0.8, ls="--", zorder=1)
            ax.annotate(
                t["band_line"].format(
                    label=band["label"], min=format_number(band["min"], 0, language)
                ),
                (band["min"], 1),
                xycoords=("data", "axes fraction"),
                xytext=(2, -2),
                textcoords="offset points",
                fontsize=7,
                color=GREY,
                va="top",
            )
    ax.set_xlim(xlo, xhi)
    ax.set_yticks(
        np.arange(len(values)), [_wrap(f"{instrument.value_names[v]} ({v})", 34) for v in values]
    )
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(_formatter(0, language))
    ax.set_xlabel(t["score"])
    ax.grid(axis="x")
    ax.set_axisbelow(True)
    fig.legend(loc="outside upper center", ncols=len(years), fontsize=7.5)
    _save(fig, path)

    now = rows[rows["year"].astype(int) == int(year)].set_index("measure").reindex(values)
    best, worst = now["estimate"].idxmax(), now["estimate"].idxmin()
    others = [str(y) for y in years if y != int(year)]
    return t["alt_values"].format(
        year=year,
        others=t["alt_values_others"].format(years=", ".join(others)) if others else "",
        values="; ".join(
            f"{instrument.value_names[v]} {format_number(now.at[v, 'estimate'], 1, language)}"
            for v in values
        ),
        best=instrument.value_names[best],
        best_value=format_number(now.at[best, "estimate"], 1, language),
        worst=instrument.value_names[worst],
        worst_value=format_number(now.at[worst, "estimate"], 1, language),
    )
