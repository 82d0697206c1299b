"""The report's figures for one year: budaya_kerja.figures.write_figures."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

from pathlib import Path

import pandas as pd

from budaya_kerja.figures import core as figures
from budaya_kerja.io import tables
from budaya_kerja.settings import Instrument

settings = snakemake.params.settings
instrument = Instrument.from_config(settings)
comparisons = {
    tuple(int(y) for y in Path(p).stem.split("-")): tables.read_csv(p)
    for p in snakemake.input.comparisons
}
responses = pd.read_parquet(snakemake.input.responses)
manifest = figures.write_figures(
    tables.read_estimates(snakemake.input.estimates),
    comparisons,
    figures.item_distribution(
        responses, instrument.items, (instrument.scale_min, instrument.scale_max)
    ),
    int(snakemake.wildcards.year),
    settings,
    instrument,
    snakemake.output.figures,
)
tables.write_json(manifest, snakemake.output.manifest)
