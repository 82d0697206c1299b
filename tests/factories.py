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
from budaya_kerja.stats import (
    aggregate,
    compare,
    drivers,
    findings,
    funnel,
    items,
    nonresponse,
    profiles,
    reliability,
    scoring,
    suppression,
)
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
            group_suppression={dim: suppression.group_reasons(
                scores, ~scores["excluded"].to_numpy(), frame, dim, min_size)
                for dim in config["estimation"]["group_by"] if dim != "unit"},
        )  # fmt: skip
        keep = ~scores["excluded"].to_numpy()
        per_year[year] = {
            "responses": responses,
            "scores": scores,
            "frame": frame,
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
            "target": pd.concat(
                [
                    target_stats.track_target(
                        est, year, band, instrument.value_ids, target_year=target_year
                    )
                    for target_year, band in target_stats.bands_to_track(config["targets"], year)
                ],
                ignore_index=True,
            ),  # fmt: skip
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
    for year in YEARS:
        _add_findings(per_year[year], estimates, comparison if year == YEARS[1] else None,
                      instrument, config, year)  # fmt: skip
    return Tables(estimates=estimates, comparison=comparison, years=per_year)


def _add_findings(tables: dict, estimates, comparison, instrument, config, year) -> None:
    """The tables of issue 12 as the workflow's scripts make them: item findings and key
    drivers, non-response and sensitivity, agency profiles and the attention list."""
    f, est = config["findings"], config["estimation"]
    tables["item_findings"] = findings.item_findings(
        estimates, tables["items"], comparison, instrument, year,
        strength_min=f["strength_min_positive"], challenge_min=f["challenge_min_negative"],
        top=f["top"],
    )  # fmt: skip
    sample = aggregate.estimation_sample(tables["scores"], tables["responses"], instrument)
    key = drivers.item_drivers(sample, instrument, confidence=est["confidence"])
    key.insert(0, "year", year)
    tables["drivers"] = key
    frame = tables["frame"]
    tables["nonresponse"] = nonresponse.response_by_group(
        tables["responses"], frame, year, est["min_group_size"], ~tables["scores"]["excluded"]
    )
    tables["sensitivity"] = nonresponse.sensitivity(
        tables["responses"], tables["scores"], frame if len(frame) else None, instrument, year,
        quality=config["quality"], confidence=est["confidence"],
    )  # fmt: skip
    kept = tables["scores"][~tables["scores"]["excluded"].astype(bool)]
    share = kept.groupby(kept["unit"].astype(str))["weight"].sum() / kept["weight"].sum()
    tables["profiles"] = profiles.agency_profiles(
        estimates, share, instrument, year, top=f["top"], confidence=est["confidence"]
    )
    tables["attention"] = profiles.needs_attention(
        estimates, tables["funnel"], comparison, config["bands"], year
    )
