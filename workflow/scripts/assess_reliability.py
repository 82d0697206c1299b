"""Reliability of each value's items in one year: budaya_kerja.stats.reliability.reliability_table."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

import pandas as pd

from budaya_kerja.io import clean, tables
from budaya_kerja.settings import Instrument
from budaya_kerja.stats import reliability

settings = snakemake.params.settings
responses = pd.read_parquet(snakemake.input.responses)
# The estimates' sample: respondents the config leaves out are left out here too.
responses = responses[~clean.excluded(responses, settings["quality"])]
table = reliability.reliability_table(
    responses, Instrument.from_config(settings), settings["estimation"]["confidence"]
)
table.insert(0, "year", int(snakemake.wildcards.year))
tables.write_csv(table, snakemake.output.reliability)
