"""Score respondents and attach survey weights: budaya_kerja.stats.scoring + weighting."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

import pandas as pd

from budaya_kerja.io import clean, tables
from budaya_kerja.settings import Instrument
from budaya_kerja.stats import scoring

settings = snakemake.params.settings
responses = pd.read_parquet(snakemake.input.responses)
frame = pd.read_csv(snakemake.input.frame, dtype={"unit": "string"})
frame = frame if settings["estimation"]["weighting"] and len(frame) else None
# Flagged respondents the config leaves out get no weight; the rest are weighted to the frame.
scores, weighting_info = scoring.score_sample(
    responses,
    frame,
    Instrument.from_config(settings),
    exclude=clean.excluded(responses, settings["quality"]),
    min_items_per_value=settings["scoring"]["min_items_per_value"],
)
tables.write_parquet(scores, snakemake.output.scores)
tables.write_json(weighting_info, snakemake.output.weighting)
