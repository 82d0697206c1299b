"""Score respondents and attach survey weights: budaya_kerja.scoring + weighting."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

import pandas as pd

from budaya_kerja.io import clean, tables
from budaya_kerja.settings import Instrument
from budaya_kerja.stats import scoring, weighting

settings = snakemake.params.settings
responses = pd.read_parquet(snakemake.input.responses)
frame = pd.read_csv(snakemake.input.frame, dtype={"unit": "string"})
frame = frame if settings["estimation"]["weighting"] and len(frame) else None
# Flagged respondents the config leaves out get no weight; the rest are weighted to the frame.
left_out = clean.excluded(responses, settings["quality"])
design, weighting_info = weighting.make_weights(responses[~left_out], frame)
scores = scoring.score_respondents(
    responses, Instrument.from_config(settings), settings["scoring"]["min_items_per_value"]
).join(design)
scores["excluded"] = left_out
tables.write_parquet(scores, snakemake.output.scores)
tables.write_json(weighting_info, snakemake.output.weighting)
