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
band = settings["targets"].get(year) or settings["targets"].get(str(year))
if band:
    table = targets.track_target(
        tables.read_csv(snakemake.input.estimates),
        year,
        band,
        list(settings["instrument"]["values"]),
    )
else:  # no target set for this year: an empty table with the same columns
    table = pd.DataFrame(columns=targets.TARGET_COLUMNS)
tables.write_csv(table, snakemake.output.target)
