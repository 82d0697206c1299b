"""Clean one year's exports: budaya_kerja.io.clean.clean_files."""

import sys
from pathlib import Path

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

from budaya_kerja.io import clean, tables
from budaya_kerja.io.units import load_units
from budaya_kerja.settings import Instrument

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
per_unit = Path(snakemake.output.rejected_per_unit)
per_unit.mkdir(parents=True, exist_ok=True)
for unit, rows in clean.split_rejected(rejected).items():
    target = per_unit / f"{unit}.csv"  # unit codes are validated file names (units.py)
    assert target.resolve().parent == per_unit.resolve(), unit
    tables.write_csv(rows, target)
tables.write_json(quality, snakemake.output.quality)
tables.write_csv(frame, snakemake.output.frame)
