"""Reliability of each value's items in one year: budaya_kerja.stats.reliability.reliability_table."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

from budaya_kerja.io import clean, tables
from budaya_kerja.settings import Instrument
from budaya_kerja.stats import reliability

settings = snakemake.params.settings
instrument = Instrument.from_config(settings)
# Only the items and the quality flags are read (the rest would be most of the memory).
needed = set(instrument.items)
responses = tables.read_parquet_columns(
    snakemake.input.responses, lambda c: c in needed or c.startswith("flag_")
)
# The estimates' sample: respondents the config leaves out are left out here too.
responses = responses[~clean.excluded(responses, settings["quality"])]
table = reliability.reliability_table(responses, instrument, settings["estimation"]["confidence"])
table.insert(0, "year", int(snakemake.wildcards.year))
tables.write_csv(table, snakemake.output.reliability)
