"""How each behaviour was answered: diverging stacked bars (``items.csv``)."""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd

from budaya_kerja.figures.style import ANSWER_COLOURS, MAX_HEIGHT
from budaya_kerja.figures.style import axis_formatter as _formatter
from budaya_kerja.figures.style import new_figure as _new_figure
from budaya_kerja.figures.style import save as _save
from budaya_kerja.figures.style import styled as _styled
from budaya_kerja.figures.style import words as _t
from budaya_kerja.figures.style import wrap as _wrap
from budaya_kerja.settings import CONFIDENCE, Instrument
from budaya_kerja.stats.findings import negative_max
from budaya_kerja.text import format_percent


def _answer_groups(instrument: Instrument) -> tuple[list[int], list[int], list[int]]:
    """Negative, neutral and positive answer codes, as the tables count them: positive from
    ``positive_min`` up (``pct_positive``), negative up to its mirror on the scale
    (:func:`~budaya_kerja.stats.findings.negative_max`, ``pct_negative``), neutral between.

    >>> _answer_groups(Instrument({"V": ["V1"]}, {"V": "V"}, {}, 1, 5, positive_min=5))
    ([1], [2, 3, 4], [5])
    """
    codes = list(range(instrument.scale_min, instrument.scale_max + 1))
    top_negative = min(negative_max(instrument), instrument.positive_min - 1)
    return (
        [c for c in codes if c <= top_negative],
        [c for c in codes if top_negative < c < instrument.positive_min],
        [c for c in codes if c >= instrument.positive_min],
    )


@_styled
def plot_item_diverging(
    distribution: pd.DataFrame,
    instrument: Instrument,
    year: int,
    path: str | Path,
    *,
    language: str = "id",
    confidence: float = CONFIDENCE,
) -> str:
    """Diverging stacked bars of the items for one year: the negative answers left of zero,
    the neutral ones centred on zero, the positive ones right, and the percent positive (the
    share answering ``positive_min`` or more, as ``pct_positive``) printed at the right."""
    t = _t(language, confidence)
    neg, neu, pos = _answer_groups(instrument)
    codes = [*neg, *neu, *pos]
    dist = distribution[distribution["year"].astype("Int64") == int(year)]
    if dist.empty:
        raise ValueError(f"no item distribution for {year}")
    shares = dist.pivot_table(index="item", columns="answer", values="share", aggfunc="first")
    shares = shares.reindex(index=instrument.items, columns=codes).fillna(0.0) * 100
    k = len(codes)
    colours = ANSWER_COLOURS.get(k) or [mpl.colormaps["RdBu"](x) for x in np.linspace(0.1, 0.9, k)]
    names = t["answers5"] if k == 5 else [str(c) for c in codes]
    # Full statements, wrapped (never cut): each row is as tall as its longest label needs.
    labels = [_wrap(f"{i}  {instrument.statements.get(i, '')}", 58) for i in shares.index]
    lines = max(label.count("\n") + 1 for label in labels)
    row_h = min(0.13 + 0.11 * lines, (MAX_HEIGHT - 1.0) / len(shares))
    fig = _new_figure(1.0 + row_h * len(shares))
    ax = fig.add_subplot()
    y = np.arange(len(shares))
    half = shares[neu].sum(axis=1).to_numpy() / 2 if neu else np.zeros(len(shares))
    left = -half - shares[neg].sum(axis=1).to_numpy()
    for code, colour, name in zip(codes, colours, names, strict=True):
        width = shares[code].to_numpy()
        ax.barh(
            y,
            width,
            left=left,
            height=0.72,
            color=colour,
            edgecolor="white",
            linewidth=0.4,
            label=name,
        )
        left = left + width
    agree = shares[pos].sum(axis=1)
    disagree = shares[neg].sum(axis=1)
    for yi, end, a in zip(y, left, agree.to_numpy(), strict=True):
        ax.annotate(
            format_percent(a, 0, language),
            (end, yi),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
        )
    # Thin rules between values make the seven groups of three readable.
    start = 0
    for items in instrument.values.values():
        start += len(items)
        if start < len(shares):
            ax.axhline(start - 0.5, color="#bdbdbd", lw=0.5)
    ax.axvline(0, color="#333333", lw=0.7)
    ax.set_yticks(y, labels, fontsize=6.5 if lines > 1 else 7)
    ax.set_ylim(len(shares) - 0.5, -0.5)
    left_edge = (half + disagree.to_numpy()).max()
    right_edge = (half + agree.to_numpy()).max()
    ax.set_xlim(-math.ceil((left_edge + 5) / 10) * 10, math.ceil((right_edge + 12) / 10) * 10)
    ax.xaxis.set_major_formatter(_formatter(0, language, "%", absolute=True))
    ax.set_xlabel(t["share"])
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    ax.grid(axis="x")
    ax.set_axisbelow(True)
    fig.legend(loc="outside upper center", ncols=k, fontsize=7, handlelength=1.2, columnspacing=1.0)
    _save(fig, path)

    low_item, high_item, neg_item = agree.idxmin(), agree.idxmax(), disagree.idxmax()
    return t["alt_items"].format(
        k=len(shares),
        year=year,
        low=format_percent(agree[low_item], 0, language),
        low_item=low_item,
        low_text=instrument.statements.get(low_item, ""),
        high=format_percent(agree[high_item], 0, language),
        high_item=high_item,
        high_text=instrument.statements.get(high_item, ""),
        neg_item=neg_item,
        neg=format_percent(disagree[neg_item], 0, language),
    )
