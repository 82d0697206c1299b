"""Response by frame group and the sensitivity of the province's results to the weights and to
the flagged respondents: budaya_kerja.stats.nonresponse."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

import pandas as pd
import pyarrow.parquet as pq

from budaya_kerja.io import tables
from budaya_kerja.settings import Instrument
from budaya_kerja.stats import nonresponse

settings = snakemake.params.settings
instrument = Instrument.from_config(settings)
year = int(snakemake.wildcards.year)
frame = pd.read_csv(snakemake.input.frame, dtype={"unit": "string"})
# Only the columns the checks read: strata, flags, scores and design; no answer.
columns = nonresponse.needed_columns(
    pq.read_schema(snakemake.input.responses).names, frame, instrument.value_ids
)
responses = pd.read_parquet(snakemake.input.responses, columns=columns["responses"])
scores = pd.read_parquet(snakemake.input.scores, columns=columns["scores"])
# The groups hidden as in estimates.csv: its sample is the rows not excluded.
by_group = nonresponse.response_by_group(
    responses, frame, year, settings["estimation"]["min_group_size"], ~scores["excluded"]
)
tables.check_columns(by_group, "nonresponse")
tables.write_csv(by_group, snakemake.output.nonresponse)
# The weights as the score stage made them: to the frame when weighting is on and one exists.
weighted = settings["estimation"]["weighting"] and len(frame)
table = nonresponse.sensitivity(
    responses,
    scores,
    frame if weighted else None,
    instrument,
    year,
    quality=settings["quality"],
    confidence=settings["estimation"]["confidence"],
)
tables.check_columns(table, "sensitivity")
tables.write_csv(table, snakemake.output.sensitivity)
