"""The evaluation chapter's figures: budaya_kerja.figures.evaluation.write_figures."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

from budaya_kerja.figures import evaluation
from budaya_kerja.io import tables
from budaya_kerja.io.rubric import load_rubric

manifest = evaluation.write_figures(
    tables.read_csv(snakemake.input.evaluation),
    tables.read_csv(snakemake.input.gap),
    tables.read_csv(snakemake.input.awards),
    load_rubric(snakemake.input.rubric),
    int(snakemake.wildcards.year),
    snakemake.params.settings,
    snakemake.output.figures,
)
tables.write_json(manifest, snakemake.output.manifest)
