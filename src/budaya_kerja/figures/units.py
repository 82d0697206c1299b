"""The agencies: a heatmap of their values and their index on a funnel plot (``funnel.csv``)."""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.patches import Rectangle
from matplotlib.ticker import FixedLocator, NullLocator

from budaya_kerja.figures.rows import _rows
from budaya_kerja.figures.style import (
    DOWN,
    GREY,
    MAX_HEIGHT,
    MIN_TYPE,
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
from budaya_kerja.stats.funnel import Z95, Z998
from budaya_kerja.stats.suppression import COMPLEMENTARY, PRIMARY
from budaya_kerja.text import format_number

KEY_WIDTH = (52, 34)  # characters per line of the funnel's key in two or three columns
KEY_LINE = 0.12  # inches per line of the key (6 pt type, line spacing 1.2)


def _key_columns(heights: list[int], columns: int) -> tuple[list[int], list[int]]:
    """Fill ``columns`` key columns top to bottom, in order, breaking between entries so the
    columns are about equally long: the column of each entry and the lines of each column."""
    per_column = -(-sum(heights) // columns)
    column_of, lines, col = [], [0] * columns, 0
    for h in heights:
        if lines[col] + h > per_column and lines[col] and col < columns - 1:
            col += 1
        column_of.append(col)
        lines[col] += h
    return column_of, lines


def _unit_matrix(estimates: pd.DataFrame, instrument: Instrument, year: int):
    """Units x [index, values] estimates; published units sorted by their empirical-Bayes index
    (high first), then the suppressed ones by name."""
    measures = ["index", *instrument.value_ids]
    rows = _rows(estimates, year=year, group_by="unit", measure=measures)
    wide = rows.pivot_table(
        index="group", columns="measure", values="estimate", aggfunc="first", dropna=False
    ).reindex(columns=measures)
    info = rows[rows["measure"] == "index"].set_index("group")
    info = info.assign(hidden=as_bool(info["suppressed"]) | info["estimate"].isna())
    info = info.assign(_label=info["group_label"].fillna(pd.Series(info.index, index=info.index)))
    # Sorted by the empirical-Bayes estimate (the report's rule for any order of agencies: a
    # small agency's chance high or low score is pulled toward the province before it counts).
    info = info.assign(_order=info["estimate_shrunk"].fillna(info["estimate"]))
    shown = info[~info["hidden"]].sort_values(["_order", "_label"], ascending=[False, True])
    hidden = info[info["hidden"]].sort_values("_label")
    order = [*shown.index, *hidden.index]
    return wide.reindex(order), info.reindex(order), measures


def heatmap_row_height(n_rows: int) -> float:
    """Inches per agency on the heatmap: 0.2, less when the agencies would not fit a page."""
    return min(0.2, (MAX_HEIGHT - 1.3) / max(n_rows, 1))


def _annotate_heatmap(ax, data, info, measures, cmap, norm, font, language, t, min_size) -> None:
    """Each cell's estimate printed on it (dark type on light colours); a suppressed agency's
    row hatched grey and labelled with why (``n < min_size`` when the table gives no reason)."""
    for i in range(len(data)):
        if info["hidden"].iloc[i]:
            ax.add_patch(
                Rectangle(
                    (0, i),
                    len(measures),
                    1,
                    facecolor="#f0f0f0",
                    hatch="////",
                    edgecolor="white",
                    linewidth=0.6,
                )
            )
            reason = info["suppression_reason"].iloc[i]
            reason = (
                reason if isinstance(reason, str) and reason else PRIMARY.format(min_size=min_size)
            )
            reason = t["complementary"] if reason == COMPLEMENTARY else reason
            ax.text(
                len(measures) / 2,
                i + 0.5,
                t["hidden"].format(reason=reason),
                ha="center",
                va="center",
                fontsize=font,
                color="#444444",
                bbox={"facecolor": "#f0f0f0", "edgecolor": "none", "pad": 0.6},
            )
            continue
        for j in range(len(measures)):
            v = data[i, j]
            if np.isfinite(v):
                r, g, b, _ = cmap(norm(v))
                dark = 0.299 * r + 0.587 * g + 0.114 * b < 0.5
                ax.text(
                    j + 0.5,
                    i + 0.5,
                    format_number(v, 1, language),
                    ha="center",
                    va="center",
                    fontsize=font,
                    color="white" if dark else "#1a1a1a",
                    fontweight="bold" if j == 0 else "normal",
                )


@_styled
def plot_unit_heatmap(
    estimates: pd.DataFrame,
    instrument: Instrument,
    year: int,
    path: str | Path,
    *,
    min_group_size: int,
    center: float = 75.0,
    language: str = "id",
    confidence: float = CONFIDENCE,
) -> str:
    """Agencies (rows, sorted by the empirical-Bayes index ``estimate_shrunk``) x index and
    values (columns) for one year, with the numbers printed; suppressed agencies as grey
    hatched rows (the words name ``min_group_size``, the configured minimum). Colours diverge at ``center`` (the Sehat bound by default). With more
    agencies than rows that hold type (:func:`~budaya_kerja.figures.style.readable_rows`,
    about 56) each keeps a thin row of colour, without names or numbers (the caption says
    where they are), the colours as one raster layer."""
    t = _t(language, confidence)
    wide, info, measures = _unit_matrix(estimates, instrument, year)
    if info.empty:
        raise ValueError(f"no agency estimates for {year}")
    data = wide.to_numpy(float)
    n_rows = len(wide)
    row_h = heatmap_row_height(n_rows)
    readable = readable_rows(row_h)
    fig = _new_figure(1.3 + row_h * n_rows)
    ax = fig.add_subplot()
    finite = data[np.isfinite(data)]
    # Symmetric around the centre, so equal distances above and below get equal colour steps.
    reach = max(10.0, *(np.abs(finite - center))) if finite.size else 10.0
    reach = math.ceil(reach / 5) * 5
    norm = mpl.colors.Normalize(vmin=center - reach, vmax=center + reach)
    cmap = mpl.colormaps["RdYlBu"]
    # Too many rows for type: colour only, without cell borders (a white line per row would
    # wash the colours out), drawn as one image (rasterized at savefig.dpi).
    mesh = ax.pcolormesh(
        np.ma.masked_invalid(data),
        cmap=cmap,
        norm=norm,
        edgecolors="white" if readable else "none",
        linewidth=0.6 if readable else 0,
        rasterized=not readable,
    )
    font = max(MIN_TYPE, min(7.5, row_h * 72 * 0.55))
    hidden_rows = np.flatnonzero(info["hidden"].to_numpy())
    if readable:
        _annotate_heatmap(ax, data, info, measures, cmap, norm, font, language, t, min_group_size)
    elif len(hidden_rows):  # hidden agencies come last: one hatched block, one line
        first = int(hidden_rows[0])
        ax.add_patch(
            Rectangle((0, first), len(measures), n_rows - first, facecolor="#f0f0f0",
                      hatch="////", edgecolor="white", linewidth=0)
        )  # fmt: skip
        if readable_rows(row_h * (n_rows - first)):
            ax.text(len(measures) / 2, (first + n_rows) / 2,
                    t["hidden_block"].format(n=n_rows - first, min=min_group_size),
                    ha="center", va="center", fontsize=MIN_TYPE, color="#444444",
                    bbox={"facecolor": "#f0f0f0", "edgecolor": "none", "pad": 0.6})  # fmt: skip
    ax.axvline(1, color="white", lw=3 if readable else 1.5)  # the index column apart
    ax.set_xlim(0, len(measures))
    ax.set_ylim(n_rows, 0)
    ax.xaxis.tick_top()
    ax.set_xticks(np.arange(len(measures)) + 0.5, [t["index"], *measures[1:]])
    ax.tick_params(length=0)
    for side in ("left", "bottom", "top", "right"):
        ax.spines[side].set_visible(False)
    if readable:
        labels = [_wrap(v, 66) for v in info["_label"]]
        ax.set_yticks(np.arange(n_rows) + 0.5, labels, fontsize=font)
        # n per agency on the right, as the band for suppressed ones.
        right = ax.secondary_yaxis("right")
        right.set_yticks(
            np.arange(n_rows) + 0.5,
            [
                f"{t['n']} {str(info['n_band'].iloc[i]).replace('<', '< ')}"
                if info["hidden"].iloc[i]
                else f"{t['n']} = {format_number(info['n'].iloc[i], 0, language)}"
                for i in range(n_rows)
            ],
            fontsize=font,
        )
        right.tick_params(length=0)
        right.spines["right"].set_visible(False)
    else:
        ax.set_yticks([])
        ax.set_ylabel(t["dense_rows"].format(n=n_rows), fontsize=7.5)
    bar = fig.colorbar(
        mesh,
        ax=ax,
        orientation="horizontal",
        location="bottom",
        fraction=0.05,
        shrink=0.6,
        aspect=40,
        pad=0.01,
    )
    bar.set_label(t["score"], fontsize=7.5)
    bar.ax.tick_params(labelsize=7)
    bar.ax.xaxis.set_major_formatter(_formatter(0, language))
    bar.outline.set_visible(False)
    _save(fig, path)

    shown = info[~info["hidden"]]
    values = wide.loc[shown.index, measures[1:]]
    cell_unit, cell = values.stack().idxmin() if values.size else (None, None)
    hidden_n = int(info["hidden"].sum())
    hidden_text = (
        t["alt_heatmap_hidden"].format(n=hidden_n, min=min_group_size)
        if hidden_n
        else t["alt_heatmap_none"]
    )
    if shown.empty:
        return hidden_text
    return (
        t["alt_heatmap"]
        .format(
            n=len(shown),
            year=year,
            best=shown["_label"].iloc[0],
            best_value=format_number(shown["estimate"].iloc[0], 1, language),
            worst=shown["_label"].iloc[-1],
            worst_value=format_number(shown["estimate"].iloc[-1], 1, language),
            cell_value=format_number(values.at[cell_unit, cell], 1, language),
            cell_unit=shown.at[cell_unit, "_label"],
            cell=instrument.value_names.get(cell, cell),
            hidden=hidden_text,
        )
        .strip()
    )


# Where a point's label may go (points right/up of the point), nearest first: right, left,
# above, below, then ever farther out diagonally.
LABEL_RINGS = [(5, 0), (-5, 0), (0, 6), (0, -6)] + [
    ring
    for step in range(1, 8)
    for ring in [(5 + 3 * step, d * step * 6) for d in (1, -1)]
    + [(-5 - 3 * step, d * step * 6) for d in (1, -1)]
]


def _place_labels(
    points: np.ndarray, widths: np.ndarray, obstacles: np.ndarray, pt: float, height: float
) -> list[tuple[int, int]]:
    """The offset (points, from :data:`LABEL_RINGS`) of each label, placed in the order given:
    the first whose box (``widths[i]`` x ``height`` display units) overlaps no obstacle's
    dot (a 5 pt square) and no label placed before it (the point's own dot excepted); the
    farthest ring when none is free. Every candidate of a label is tested against every box
    at once (numpy), the same comparisons the one-by-one search made."""
    rings = np.array(LABEL_RINGS, dtype=float)
    dx, dy = rings[:, 0], rings[:, 1]
    half = 2.5 * pt
    boxes = np.empty((len(obstacles) + len(points), 4))
    boxes[: len(obstacles)] = np.column_stack(
        [obstacles[:, 0] - half, obstacles[:, 1] - half, obstacles[:, 0] + half,
         obstacles[:, 1] + half]
    )  # fmt: skip
    n_boxes = len(obstacles)
    offsets = []
    for (px, py), width in zip(points, widths, strict=True):
        own = np.array([px - half, py - half, px + half, py + half])
        cx, cy = px + dx * pt, py + dy * pt
        x0 = np.where(dx < 0, cx - width, np.where(dx == 0, cx - width / 2, cx))
        candidates = np.column_stack([x0, cy - height / 2, x0 + width, cy + height / 2])
        placed = boxes[:n_boxes]
        others = placed[~(placed == own).all(axis=1)]
        clash = (
            (candidates[:, None, 0] < others[None, :, 2])
            & (others[None, :, 0] < candidates[:, None, 2])
            & (candidates[:, None, 1] < others[None, :, 3])
            & (others[None, :, 1] < candidates[:, None, 3])
        ).any(axis=1)
        free = np.flatnonzero(~clash)
        k = int(free[0]) if len(free) else len(rings) - 1
        boxes[n_boxes] = candidates[k]
        n_boxes += 1
        offsets.append(LABEL_RINGS[k])
    return offsets


def _label_points(
    ax, items: list[tuple[float, float, str, str]], obstacles=None, fontsize: float = 6.5
) -> None:
    """Label points (x, y, text, colour) with short texts that overlap neither each other nor
    the plotted points (``obstacles``: (x, y) data pairs): the first free spot among right,
    left, above, below, then ever farther out, with a thin leader line when it is far."""
    if not items:
        return
    fig = ax.figure
    fig.draw_without_rendering()  # fixes the layout, so display coordinates are final
    pt = fig.dpi / 72
    items = sorted(items, key=lambda it: -it[1])
    offsets = _place_labels(
        np.array([ax.transData.transform((x, y)) for x, y, _, _ in items]),
        np.array([(len(text) * fontsize * 0.64 + 1.5) * pt for _, _, text, _ in items]),
        np.array([ax.transData.transform(xy) for xy in (obstacles or [])]).reshape(-1, 2),
        pt,
        fontsize * 1.15 * pt,
    )
    for (x, y, text, colour), (dx, dy) in zip(items, offsets, strict=True):
        label = ax.annotate(
            text,
            (x, y),
            xytext=(dx, dy),
            textcoords="offset points",
            ha="right" if dx < 0 else "center" if dx == 0 else "left",
            va="center",
            fontsize=fontsize,
            color=colour,
            arrowprops={"arrowstyle": "-", "color": colour, "lw": 0.4, "shrinkA": 0, "shrinkB": 2}
            if abs(dx) + abs(dy) > 8
            else None,
        )
        label.set_in_layout(False)  # the layout placed the points; labels must not move them


KEY_LINES = int((MAX_HEIGHT - 3.6 - 0.15) / KEY_LINE)  # the most lines a key column holds


def _funnel_table(funnel: pd.DataFrame, year: int) -> pd.DataFrame:
    """The year's agencies on the funnel, named and numbered (row i is number i + 1) in
    alphabetical order."""
    table = funnel[funnel["year"].astype(int) == int(year)]
    if table.empty:
        raise ValueError(f"no agency on the funnel for {year}")
    table = table.assign(name=table["group_label"].fillna(table["group"]).astype(str))
    return table.sort_values(["name", "group"]).reset_index(drop=True)


def _funnel_key(table: pd.DataFrame, rows: list[int], language: str):
    """The key's entries (number, wrapped "name (index)") of ``rows``, its number of columns,
    the column of each entry and the lines of each column."""
    entries = [
        (i + 1, _wrap(f"{name} ({format_number(value, 1, language)})", KEY_WIDTH[0]))
        for i, name, value in zip(
            rows, table["name"].iloc[rows], table["estimate"].iloc[rows], strict=True
        )
    ]
    columns = 2 if len(entries) <= 60 else 3
    if columns == 3:
        entries = [(i, _wrap(text.replace("\n", " "), KEY_WIDTH[1])) for i, text in entries]
    column_of, lines = _key_columns([text.count("\n") + 1 for _, text in entries], columns)
    return entries, columns, column_of, lines


def _keyed_rows(table: pd.DataFrame, language: str) -> list[int]:
    """The rows the funnel numbers and its key lists: every agency when the key fits the
    page; else those outside the 99.8% limits, the farthest out (largest |z|) first, as many
    as fit (hundreds of numbers on one plot could not be told apart)."""
    everyone = list(range(len(table)))
    if max(_funnel_key(table, everyone, language)[3]) <= KEY_LINES:
        return everyone
    outside = table[table["position"].isin(["above998", "below998"])]
    keyed: list[int] = []
    for i in outside["z"].abs().sort_values(ascending=False, kind="stable").index:
        if max(_funnel_key(table, sorted([*keyed, i]), language)[3]) > KEY_LINES:
            break
        keyed.append(int(i))
    return sorted(keyed)


def funnel_key_size(funnel: pd.DataFrame, year: int, language: str = "id") -> tuple[int, int, int]:
    """(agencies numbered, agencies outside the 99.8% limits, agencies) on the year's funnel
    plot, for its caption."""
    table = _funnel_table(funnel, year)
    outside = int(table["position"].isin(["above998", "below998"]).sum())
    return len(_keyed_rows(table, language)), outside, len(table)


@_styled
def plot_unit_funnel(
    funnel: pd.DataFrame,
    year: int,
    path: str | Path,
    *,
    language: str = "id",
    confidence: float = CONFIDENCE,
) -> str:
    """Agencies' index against their number of respondents, with 95% and 99.8% control limits
    around the provincial estimate (``funnel.csv``, :mod:`budaya_kerja.stats.funnel`). Every
    agency is findable: each point carries a number, and the key below the plot lists the
    agencies by name (alphabetically) with their number and index; those outside 99.8% are
    coloured there and named in the alt text. When the key cannot hold every agency on a
    page, only those outside 99.8% carry their number (:func:`_keyed_rows`)."""
    t = _t(language, confidence)
    table = _funnel_table(funnel, year)
    sd = float(table["sd"].iloc[0])
    center = float(table["center"].iloc[0])
    n_lo, n_hi = max(2.0, table["n"].min() * 0.7), table["n"].max() * 1.4
    grid = np.geomspace(n_lo, n_hi, 200)
    out = table[table["position"].isin(["above998", "below998"])]
    out = out.sort_values(["estimate", "group"], ascending=[False, True])
    colour = table["position"].map({"above998": UP, "below998": DOWN}).fillna("#555555")
    keyed = _keyed_rows(table, language)
    entries, columns, column_of, lines = _funnel_key(table, keyed, language)
    key_h = KEY_LINE * max(lines, default=0) + 0.15
    fig = _new_figure(3.6 + key_h)
    plot_ax, key = fig.subplots(2, 1, height_ratios=[3.6 - 0.6, key_h])
    ax = plot_ax
    for z, style, name in ((Z95, "--", t["limit95"]), (Z998, "-", t["limit998"])):
        band = z * np.sqrt(sd**2 / grid + table["tau2"].iloc[0])
        ax.plot(grid, center + band, style, color=GREY, lw=0.9, label=name)
        ax.plot(grid, center - band, style, color=GREY, lw=0.9)
    ax.axhline(
        center,
        color="#333333",
        lw=0.9,
        label=t["province"].format(value=format_number(center, 1, language)),
    )
    ax.scatter(
        table["n"],
        table["estimate"],
        s=14,
        c=colour.tolist(),
        zorder=3,
        edgecolors="white",
        linewidths=0.4,
    )
    ax.set_xscale("log")
    ticks = [
        v
        for v in (5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000)
        if n_lo <= v <= n_hi
    ]
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.xaxis.set_major_formatter(_formatter(0, language))
    ax.set_xlim(n_lo, n_hi)
    spread = Z998 * sd / math.sqrt(n_lo)
    data_lo, data_hi = table["estimate"].min(), table["estimate"].max()
    ax.set_ylim(
        max(0, min(data_lo, center - spread) - 2), min(100, max(data_hi, center + spread) + 2)
    )
    ax.yaxis.set_major_formatter(_formatter(0, language))
    ax.set_xlabel(t["respondents"])
    ax.set_ylabel(t["score"])
    ax.grid(axis="y")
    ax.set_axisbelow(True)
    fig.legend(loc="outside upper center", ncols=3, fontsize=7)
    # The key: number, name and index of every agency, in columns below the plot.
    key.axis("off")
    key.set_xlim(0, columns)
    key.set_ylim(max(lines, default=0), 0)
    row = [0] * columns
    for (i, text), col in zip(entries, column_of, strict=True):
        c = colour.iloc[i - 1]
        key.text(col + 0.04, row[col], str(i), ha="right", va="top", fontsize=6, color=c,
                 fontweight="bold")  # fmt: skip
        key.text(col + 0.06, row[col], text, ha="left", va="top", fontsize=6, color=c,
                 linespacing=1.2)  # fmt: skip
        row[col] += text.count("\n") + 1
    _label_points(
        ax,
        [(table["n"].iloc[i], table["estimate"].iloc[i], str(i + 1), colour.iloc[i])
         for i in keyed],
        obstacles=list(zip(table["n"], table["estimate"], strict=True)),
        fontsize=5.5,
    )  # fmt: skip
    _save(fig, path)

    def units(rows):
        return ", ".join(
            t["alt_funnel_unit"].format(
                name=r.group_label,
                value=format_number(r.estimate, 1, language),
                n=format_number(r.n, 0, language),
            )
            for r in rows.itertuples()
        )

    above = out[out["position"] == "above998"]
    below = out[out["position"] == "below998"].sort_values("z")
    parts = ([t["alt_funnel_above"].format(units=units(above))] if len(above) else []) + (
        [t["alt_funnel_below"].format(units=units(below))] if len(below) else []
    )
    outliers = t["alt_funnel_out"].format(parts="; ".join(parts)) if parts else t["alt_funnel_none"]
    return t["alt_funnel"].format(
        n=len(table),
        year=year,
        center=format_number(center, 1, language),
        sd=format_number(sd, 1, language),
        outliers=outliers,
    )
