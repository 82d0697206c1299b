"""Component and total scores per agency: budaya_kerja.evaluation.score_units."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

from budaya_kerja.io import tables
from budaya_kerja.io.rubric import load_rubric
from budaya_kerja.io.units import load_units
from budaya_kerja.stats import evaluation

units = load_units(snakemake.input.units)
table = evaluation.score_units(
    tables.read_csv(snakemake.input.criteria),
    load_rubric(snakemake.input.rubric),
    {u["code"]: u["name"] for u in units["units"]},
    int(snakemake.wildcards.year),
)
tables.write_csv(table, snakemake.output.evaluation)
