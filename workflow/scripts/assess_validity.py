"""CFA and invariance across years: budaya_kerja.stats.validity.validity_table."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

from budaya_kerja.io import clean, tables
from budaya_kerja.settings import Instrument
from budaya_kerja.stats import validity

quality = snakemake.params.settings["quality"]
instrument = Instrument.from_config(snakemake.params.settings)
# Only the items and the quality flags are read (the rest would be most of the memory).
needed = set(instrument.items)
# Each year's estimates sample: respondents the config leaves out are left out here too.
responses = {
    int(str(path).split("/")[-2]): frame[~clean.excluded(frame, quality)]
    for path in snakemake.input.responses
    for frame in [tables.read_parquet_columns(path, lambda c: c in needed or c.startswith("flag_"))]
}
# The previous year's own table holds its CFA: not fitted again here.
fitted = tables.read_csv(snakemake.input.fitted[0]) if snakemake.input.fitted else None
table = validity.validity_table(responses, instrument, fitted=fitted)
tables.write_csv(table, snakemake.output.validity)
