"""Strengths, challenges and the most improved and declined behaviours of one year
(budaya_kerja.stats.findings.item_findings), and the key drivers
(budaya_kerja.stats.drivers.item_drivers)."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

from budaya_kerja.io import tables
from budaya_kerja.settings import Instrument
from budaya_kerja.stats import drivers, findings
from budaya_kerja.stats.scoring import INDEX

settings = snakemake.params.settings
year = int(snakemake.wildcards.year)
instrument = Instrument.from_config(settings)
comparison = snakemake.input.comparison
table = findings.item_findings(
    tables.read_csv(snakemake.input.estimates),
    tables.read_csv(snakemake.input.item_shares),
    tables.read_csv(comparison[0]) if comparison else None,
    instrument,
    year,
    strength_min=settings["findings"]["strength_min_positive"],
    challenge_min=settings["findings"]["challenge_min_negative"],
    top=settings["findings"]["top"],
)
tables.check_columns(table, "item_findings")
tables.write_csv(table, snakemake.output.findings)
# Only the columns the drivers use are read and kept (not the whole estimation sample).
score_columns = {"excluded", "weight", INDEX, *instrument.value_ids}
items = set(instrument.items)
sample = drivers.driver_sample(
    tables.read_parquet_columns(snakemake.input.scores, lambda c: c in score_columns),
    tables.read_parquet_columns(snakemake.input.responses, lambda c: c in items),
    instrument,
)
key = drivers.item_drivers(sample, instrument, confidence=settings["estimation"]["confidence"])
key.insert(0, "year", year)
tables.check_columns(key, "drivers")
tables.write_csv(key, snakemake.output.drivers)
