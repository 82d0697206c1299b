"""The report's figures for one year: budaya_kerja.figures.write_figures."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

from budaya_kerja import figures
from budaya_kerja.io import tables
from budaya_kerja.settings import Instrument

settings = snakemake.params.settings
comparison = snakemake.input.comparison
manifest = figures.write_figures(
    tables.read_estimates(snakemake.input.estimates),
    tables.read_csv(comparison[0]) if comparison else None,
    tables.read_csv(snakemake.input.item_shares),
    tables.read_csv(snakemake.input.funnel),
    int(snakemake.wildcards.year),
    settings,
    Instrument.from_config(settings),
    snakemake.output.figures,
)
tables.write_json(manifest, snakemake.output.manifest)
