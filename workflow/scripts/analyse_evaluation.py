"""Evaluation against the survey, and self-assessment against verification:
budaya_kerja.stats.evaluation.relate and self_assessment_gap."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook


from budaya_kerja.io import tables
from budaya_kerja.io.rubric import load_rubric
from budaya_kerja.stats import evaluation

settings = snakemake.params.settings
year = int(snakemake.wildcards.year)
# The comparison the report shows (stats.compare.report_comparison), none in the first year.
comparison = tables.read_csv(snakemake.input.comparison[0]) if snakemake.input.comparison else None
scores = tables.read_csv(snakemake.input.evaluation)
relation = evaluation.relate(
    scores,
    tables.read_csv(snakemake.input.estimates),
    comparison,
    year=year,
    year0=int(comparison["year0"].iloc[0]) if comparison is not None else None,
    confidence=settings["estimation"]["confidence"],
)
gap = evaluation.self_assessment_gap(
    tables.read_csv(snakemake.input.criteria), load_rubric(snakemake.input.rubric), year
)
tables.write_csv(relation, snakemake.output.relation)
tables.write_csv(gap, snakemake.output.gap)
