"""Group estimates of one year: budaya_kerja.aggregate.estimate_groups."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

import pandas as pd

from budaya_kerja import aggregate, tables
from budaya_kerja.settings import Instrument
from budaya_kerja.units import load_units

settings = snakemake.params.settings
scores = pd.read_parquet(snakemake.input.scores)
responses = pd.read_parquet(snakemake.input.responses)
estimates = aggregate.estimate_groups(
    scores,
    responses,
    Instrument.from_config(settings),
    year=int(snakemake.wildcards.year),
    group_by=settings["estimation"]["group_by"],
    bands=settings["bands"],
    min_group_size=settings["estimation"]["min_group_size"],
    confidence=settings["estimation"]["confidence"],
    unit_labels={u["code"]: u["name"] for u in load_units(snakemake.input.units)["units"]},
    exclude=scores["excluded"],
)
tables.write_csv(estimates, snakemake.output.estimates)
