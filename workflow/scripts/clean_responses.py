"""Clean one year's exports: budaya_kerja.clean.clean_files."""

import sys
from pathlib import Path

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

from budaya_kerja import clean, tables
from budaya_kerja.settings import Instrument, load_units

settings = snakemake.params.settings
responses, rejected, quality, frame = clean.clean_files(
    list(snakemake.input.exports),
    list(snakemake.input.frame),
    load_units(snakemake.input.units),
    year=int(snakemake.wildcards.year),
    instrument=Instrument.from_config(settings),
    settings=settings,
)
tables.write_parquet(responses, snakemake.output.responses)
tables.write_csv(rejected, snakemake.output.rejected)
Path(snakemake.output.rejected_per_unit).mkdir(parents=True, exist_ok=True)
for unit, rows in clean.split_rejected(rejected).items():
    tables.write_csv(rows, f"{snakemake.output.rejected_per_unit}/{unit}.csv")
tables.write_json(quality, snakemake.output.quality)
tables.write_csv(frame, snakemake.output.frame)
