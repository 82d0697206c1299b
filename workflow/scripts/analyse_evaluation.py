"""Evaluation against the survey, and self-assessment against verification:
budaya_kerja.evaluation.relate and self_assessment_gap."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

from pathlib import Path

from budaya_kerja.io import tables
from budaya_kerja.stats import evaluation
from budaya_kerja.stats.rubric import load_rubric

settings = snakemake.params.settings
year = int(snakemake.wildcards.year)
# Comparisons ending in this year are named <y0>-<year>.csv: the latest y0 is the previous year.
latest = sorted(snakemake.input.comparisons)[-1:]
scores = tables.read_csv(snakemake.input.evaluation)
relation = evaluation.relate(
    scores,
    tables.read_csv(snakemake.input.estimates),
    tables.read_csv(latest[0]) if latest else None,
    year=year,
    year0=int(Path(latest[0]).stem.split("-")[0]) if latest else None,
    confidence=settings["estimation"]["confidence"],
)
gap = evaluation.self_assessment_gap(
    tables.read_csv(snakemake.input.criteria), load_rubric(snakemake.input.rubric), year
)
tables.write_csv(relation, snakemake.output.relation)
tables.write_csv(gap, snakemake.output.gap)
