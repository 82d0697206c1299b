"""The evaluation chapter's figures, in each report language:
budaya_kerja.figures.evaluation.write_figures (words of budaya_kerja.text.names)."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

from pathlib import Path

from budaya_kerja.figures import evaluation
from budaya_kerja.io import tables
from budaya_kerja.io.layout import figures_of
from budaya_kerja.io.rubric import load_rubric
from budaya_kerja.text import names

settings = snakemake.params.settings
evaluation_scores = tables.read_csv(snakemake.input.evaluation)
gap = tables.read_csv(snakemake.input.gap)
awards = tables.read_csv(snakemake.input.awards)
rubric = load_rubric(snakemake.input.rubric)
for language, manifest in zip(
    settings["report"]["languages"], snakemake.output.manifests, strict=True
):
    written = evaluation.write_figures(
        evaluation_scores,
        gap,
        awards,
        rubric,
        int(snakemake.wildcards.year),
        names.in_language(settings, language),
        Path(snakemake.output.figures) / figures_of(language)[0],
    )
    tables.write_json(written, manifest)
