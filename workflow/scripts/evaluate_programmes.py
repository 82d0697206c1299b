"""Programme effects up to one year: budaya_kerja.stats.programmes.evaluate_programmes."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

import pandas as pd

from budaya_kerja.io import tables
from budaya_kerja.stats import programmes

estimates = tables.read_estimates(snakemake.input.estimates)
frames = [programmes.read_programmes(pd.read_csv(p)) for p in snakemake.input.programmes]
table = (
    programmes.evaluate_programmes(
        estimates, pd.concat(frames), snakemake.params.settings["estimation"]["confidence"]
    )
    if frames
    else pd.DataFrame(columns=programmes.PROGRAMME_COLUMNS)
)
tables.write_csv(table, snakemake.output.programmes)
