"""Processed tables for the figure and report tests, made by running the pipeline's own
statistics on a small generated survey (never hand-built table contracts).

:func:`pipeline_tables` calls the same package functions, in the same order, as the workflow's
scripts: clean -> score -> estimate (+ response rates, items, funnel) -> compare ->
reliability -> targets. The tables carry the realistic features of the demo: agencies under
the minimum size (suppressed), one agency far below the rest (on the funnel), two years with a
panel of people answering both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from budaya_kerja.io import clean
from budaya_kerja.settings import Instrument, group_order
from budaya_kerja.stats import aggregate, compare, funnel, items, reliability, scoring, suppression
from budaya_kerja.stats import targets as target_stats
from budaya_kerja.stats.scoring import INDEX

YEARS = (2024, 2025)
KEY = "kunci-uji-pabrik-tabel-bukan-rahasia-0001"  # a generated survey is real data to clean


@dataclass
class Tables:
    """Every processed table of the two years, as the pipeline writes them."""

    estimates: pd.DataFrame  # both years
    comparison: pd.DataFrame  # 2024-2025
    years: dict = field(default_factory=dict)  # year -> {items, funnel, response_rates, ...}

    def of(self, year: int, name: str):
        return self.years[year][name]


def pipeline_tables(raw: Path, config: dict, units: dict) -> Tables:
    """The processed tables of the survey written under ``raw`` (data/raw/<year>/)."""
    instrument = Instrument.from_config(config)
    min_size = config["estimation"]["min_group_size"]
    labels = {u["code"]: u["name"] for u in units["units"]}
    estimates, analysis, per_year = [], {}, {}
    for year in YEARS:
        folder = raw / str(year)
        files = sorted(str(p) for p in folder.iterdir() if "populasi" not in p.name)
        frames = sorted(str(p) for p in folder.iterdir() if "populasi" in p.name)
        responses, rejected, quality, frame = clean.clean_files(
            files, frames, units, year=year, instrument=instrument, settings=config, secret=KEY
        )
        scores, weighting = scoring.score_sample(
            responses, frame if len(frame) else None, instrument,
            exclude=clean.excluded(responses, config["quality"]),
            min_items_per_value=config["scoring"]["min_items_per_value"],
        )  # fmt: skip
        accepted = responses["unit"].astype("string").value_counts()
        estimated = scores.loc[~scores["excluded"], "unit"].astype("string").value_counts()
        reasons = suppression.unit_reasons(
            estimated, accepted, min_size, suppression.file_margins(quality["files"])
        )
        est = aggregate.estimate_groups(
            scores, responses, instrument, year=year,
            group_by=config["estimation"]["group_by"], bands=config["bands"],
            min_group_size=min_size, confidence=config["estimation"]["confidence"],
            unit_labels=labels, exclude=scores["excluded"], unit_suppression=reasons,
            group_order=group_order(config),
        )  # fmt: skip
        keep = ~scores["excluded"].to_numpy()
        shown = target_stats.band_for(config["targets"], year)
        per_year[year] = {
            "responses": responses,
            "rejected": rejected,
            "quality": quality,
            "weighting": weighting,
            "items": items.item_distribution(
                responses[keep], scores.loc[keep, "weight"], instrument, year
            ),
            "funnel": funnel.funnel_table(est, year),
            "response_rates": aggregate.response_rates(
                accepted, frame.groupby("unit")["jumlah"].sum(), reasons, min_size, labels
            ),
            "reliability": reliability.reliability_table(
                responses[keep], instrument, config["estimation"]["confidence"]
            ).assign(year=year),
            "target": target_stats.track_target(
                est, year, shown[1], instrument.value_ids, target_year=shown[0]
            ),
        }
        estimates.append(est)
        analysis[year] = aggregate.analysis_table(scores[keep], responses[keep], instrument)
    estimates = pd.concat(estimates, ignore_index=True)
    comparison = compare.compare_years(
        estimates[estimates["year"] == YEARS[0]], estimates[estimates["year"] == YEARS[1]],
        analysis[YEARS[0]], analysis[YEARS[1]], year0=YEARS[0], year1=YEARS[1],
        measures=[INDEX, *instrument.value_ids, *instrument.items],
        headline=[INDEX, *instrument.value_ids],
        group_columns={g: g for g in config["estimation"]["group_by"]},
        min_group_size=min_size,
        min_meaningful_change=config["comparison"]["min_meaningful_change"],
        alpha=config["comparison"]["alpha"], confidence=config["estimation"]["confidence"],
    )  # fmt: skip
    return Tables(estimates=estimates, comparison=comparison, years=per_year)
