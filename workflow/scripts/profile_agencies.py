"""Each agency against the province, its behaviours' ranks, and the agencies that need
attention: budaya_kerja.stats.profiles."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

import pandas as pd

from budaya_kerja.io import tables
from budaya_kerja.settings import Instrument
from budaya_kerja.stats import profiles

settings = snakemake.params.settings
year = int(snakemake.wildcards.year)
estimates = tables.read_csv(snakemake.input.estimates)
scores = pd.read_parquet(snakemake.input.scores, columns=["unit", "weight", "excluded"])
# P_u: the agency's share of the estimation sample's weights (all 1 without a frame).
kept = scores[~scores["excluded"].astype(bool)]
weight_share = kept.groupby(kept["unit"].astype(str))["weight"].sum() / kept["weight"].sum()
table = profiles.agency_profiles(
    estimates,
    weight_share,
    Instrument.from_config(settings),
    year,
    top=settings["findings"]["top"],
    confidence=settings["estimation"]["confidence"],
)
tables.check_columns(table, "profiles")
tables.write_csv(table, snakemake.output.profiles)
comparison = snakemake.input.comparison
attention = profiles.needs_attention(
    estimates,
    tables.read_csv(snakemake.input.funnel),
    tables.read_csv(comparison[0]) if comparison else None,
    settings["bands"],
    year,
)
tables.check_columns(attention, "attention")
tables.write_csv(attention, snakemake.output.attention)
