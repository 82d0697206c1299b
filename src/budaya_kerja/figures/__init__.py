"""The report's figures: one house style (:mod:`.style`), one module per figure family, each
taking processed tables and the wording and computing nothing statistical. :func:`write_figures`
writes every figure of a report year and returns the manifest the report reads (file, alt
text, caption); every plot function writes one SVG and returns its alt text, a sentence or two
carrying the key numbers for readers who cannot see the figure (PDF/UA)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from budaya_kerja.figures.change import _forest_rows, forest_row_height, plot_change_forest
from budaya_kerja.figures.items import plot_item_diverging
from budaya_kerja.figures.rows import _rows
from budaya_kerja.figures.style import readable_rows
from budaya_kerja.figures.style import words as _t
from budaya_kerja.figures.trend import plot_index_trend
from budaya_kerja.figures.units import (
    funnel_key_size,
    heatmap_row_height,
    plot_unit_funnel,
    plot_unit_heatmap,
)
from budaya_kerja.figures.values import plot_values
from budaya_kerja.settings import Instrument
from budaya_kerja.text import format_number

__all__ = ["write_figures"]


def write_figures(
    estimates: pd.DataFrame,
    comparison: pd.DataFrame | None,
    item_distribution: pd.DataFrame | None,
    funnel: pd.DataFrame | None,
    year: int,
    config: dict,
    instrument: Instrument,
    outdir: str | Path,
) -> dict[str, dict[str, str]]:
    """Write every figure of the report for ``year`` into ``outdir`` and return the manifest
    ``{name: {"file", "alt", "caption"}}`` (``file`` is the path written).

    ``estimates`` of this and earlier years; ``comparison`` the table the report shows
    (:func:`budaya_kerja.stats.compare.report_comparison`), None in the first year;
    ``item_distribution`` the year's ``items.csv``; ``funnel`` its ``funnel.csv``. Figures
    whose table is missing or empty are left out.
    """
    year = int(year)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    language = config.get("report", {}).get("language", "id")
    confidence = float(config["estimation"]["confidence"])
    t = _t(language, confidence)
    style = {"language": language, "confidence": confidence}  # every figure's words
    bands = config["bands"]
    sehat = max(b["min"] for b in bands)
    manifest: dict[str, dict[str, str]] = {}

    def add(name, alt, caption):
        manifest[name] = {"file": str(outdir / f"{name}.svg"), "alt": alt, "caption": caption}

    est = estimates[estimates["year"].astype(int) <= year]
    published = config.get("report", {}).get("published_index") or {}
    years = set(est["year"].astype(int))
    shown = {int(y): v for y, v in published.items() if int(y) in years}
    trend_caption = t["cap_index_trend"] + (
        t["cap_index_trend_published"].format(
            published="; ".join(
                f"{y}: {format_number(v, 1, language)}" for y, v in sorted(shown.items())
            )
        )
        if shown
        else ""
    )
    add(
        "index_trend",
        plot_index_trend(
            est,
            outdir / "index_trend.svg",
            bands=bands,
            targets=config.get("targets"),
            published=published,
            until=year,
            **style,
        ),
        trend_caption,
    )
    add(
        "values",
        plot_values(
            est,
            instrument,
            year,
            outdir / "values.svg",
            bands=bands,
            **style,
        ),
        t["cap_values"].format(year=year),
    )
    if item_distribution is not None and len(item_distribution):
        add(
            "item_diverging",
            plot_item_diverging(
                item_distribution,
                instrument,
                year,
                outdir / "item_diverging.svg",
                **style,
            ),
            t["cap_item_diverging"].format(year=year),
        )
    units = _rows(est, year=year, group_by="unit", measure="index")
    if len(units):
        add(
            "unit_heatmap",
            plot_unit_heatmap(
                est,
                instrument,
                year,
                outdir / "unit_heatmap.svg",
                min_group_size=config["estimation"]["min_group_size"],
                center=sehat,
                **style,
            ),
            t["cap_unit_heatmap"].format(year=year)
            if readable_rows(heatmap_row_height(len(units)))
            else t["cap_unit_heatmap_dense"].format(year=year, n=len(units)),
        )
    if funnel is not None and len(funnel):
        keyed, outside, on_plot = funnel_key_size(funnel, year, language)
        add(
            "unit_funnel",
            plot_unit_funnel(
                funnel,
                year,
                outdir / "unit_funnel.svg",
                **style,
            ),
            t["cap_unit_funnel"].format(year=year)
            if keyed == on_plot
            else t["cap_unit_funnel_dense"].format(
                year=year,
                n=on_plot,
                keyed=t["funnel_keyed_all"].format(k=keyed)
                if keyed == outside
                else t["funnel_keyed_farthest"].format(k=keyed, out=outside),
            ),
        )
    if comparison is not None and len(comparison):
        y0, y1, table = int(comparison["year0"].iloc[0]), year, comparison
        settings = config["comparison"]
        common = {
            "year0": y0,
            "year1": y1,
            "language": language,
            "min_meaningful_change": settings["min_meaningful_change"],
            "alpha": settings["alpha"],
        }
        add(
            "change_forest",
            plot_change_forest(table, instrument, outdir / "change_forest.svg", **common),
            t["cap_change_forest"].format(y0=y0, y1=y1),
        )
        labels = dict(zip(units["group"], units["group_label"].fillna(units["group"]), strict=True))
        unit_rows = table[(table["group_by"] == "unit") & (table["measure"] == "index")]
        if len(unit_rows):
            drawn = len(_forest_rows(table, instrument, True, labels)[0])
            add(
                "change_forest_units",
                plot_change_forest(
                    table,
                    instrument,
                    outdir / "change_forest_units.svg",
                    units=True,
                    labels=labels,
                    **common,
                ),
                t["cap_change_forest_units"].format(y0=y0, y1=y1)
                if readable_rows(forest_row_height(drawn))
                else t["cap_change_forest_units_dense"].format(y0=y0, y1=y1, n=drawn),
            )
    return manifest
