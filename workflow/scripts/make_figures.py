"""The report's figures for one year, in each report language: budaya_kerja.figures.write_figures
(names and categories translated by budaya_kerja.text.names)."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

from pathlib import Path

from budaya_kerja import figures
from budaya_kerja.io import tables
from budaya_kerja.io.layout import figures_of
from budaya_kerja.settings import Instrument
from budaya_kerja.text import names

settings = snakemake.params.settings
comparison = snakemake.input.comparison
estimates = tables.read_estimates(snakemake.input.estimates)
comparison = tables.read_csv(comparison[0]) if comparison else None
for language, manifest in zip(
    settings["report"]["languages"], snakemake.output.manifests, strict=True
):
    config = names.in_language(settings, language)
    written = figures.write_figures(
        names.translate_table(estimates, language),
        names.translate_table(comparison, language),
        tables.read_csv(snakemake.input.item_shares),
        tables.read_csv(snakemake.input.funnel),
        int(snakemake.wildcards.year),
        config,
        Instrument.from_config(config),
        Path(snakemake.output.figures) / figures_of(language)[0],
    )
    tables.write_json(written, manifest)
