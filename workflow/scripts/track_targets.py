"""Target status of one year: budaya_kerja.targets.track_target."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

import pandas as pd

from budaya_kerja.io import tables
from budaya_kerja.stats import targets

settings = snakemake.params.settings
year = int(snakemake.wildcards.year)
shown = targets.band_for(settings["targets"], year)
if shown:
    table = targets.track_target(
        tables.read_csv(snakemake.input.estimates),
        year,
        shown[1],
        list(settings["instrument"]["values"]),
        target_year=shown[0],
    )
else:  # no target for this year or later: an empty table with the same columns
    table = pd.DataFrame(columns=targets.TARGET_COLUMNS)
tables.write_csv(table, snakemake.output.target)
