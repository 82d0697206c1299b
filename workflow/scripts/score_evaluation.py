"""Component and total scores per agency: budaya_kerja.stats.evaluation.score_units."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

from budaya_kerja.io import tables
from budaya_kerja.io.rubric import load_rubric
from budaya_kerja.stats import evaluation

table = evaluation.score_units(
    tables.read_csv(snakemake.input.criteria),
    load_rubric(snakemake.input.rubric),
    snakemake.params.unit_labels,
    int(snakemake.wildcards.year),
)
tables.write_csv(table, snakemake.output.evaluation)
