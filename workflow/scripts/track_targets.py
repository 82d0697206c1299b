"""Target status of one year against its own and the next target: budaya_kerja.stats.targets."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

import pandas as pd

from budaya_kerja.io import tables
from budaya_kerja.stats import targets

settings = snakemake.params.settings
year = int(snakemake.wildcards.year)
bands = targets.bands_to_track(settings["targets"], year)
if bands:
    estimates = tables.read_csv(snakemake.input.estimates)
    values = list(settings["instrument"]["values"])
    table = pd.concat(
        [targets.track_target(estimates, year, band, values, target_year=target_year)
         for target_year, band in bands],
        ignore_index=True,
    )  # fmt: skip
else:  # no target for this year or later: an empty table with the same columns
    table = pd.DataFrame(columns=targets.TARGET_COLUMNS)
tables.write_csv(table, snakemake.output.target)
