"""CFA and invariance across years: budaya_kerja.validity.validity_table."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

import pandas as pd

from budaya_kerja import tables, validity
from budaya_kerja.settings import Instrument

responses = {
    int(str(path).split("/")[-2]): pd.read_parquet(path) for path in snakemake.input.responses
}
table = validity.validity_table(responses, Instrument.from_config(snakemake.params.settings))
tables.write_csv(table, snakemake.output.validity)
