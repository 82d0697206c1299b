"""Read and check a year's evaluation worksheets: budaya_kerja.io.worksheets.check_files."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

from budaya_kerja.io import tables, worksheets
from budaya_kerja.io.rubric import load_rubric
from budaya_kerja.io.units import load_units

criteria, rejected, quality = worksheets.check_files(
    list(snakemake.input.worksheets),
    load_rubric(snakemake.input.rubric),
    load_units(snakemake.input.units),
    int(snakemake.wildcards.year),
)
tables.write_csv(criteria, snakemake.output.criteria)
tables.write_csv(rejected, snakemake.output.rejected)
tables.write_json(quality, snakemake.output.quality)
