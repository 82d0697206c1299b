"""Strengths, challenges and the most improved and declined behaviours of one year:
budaya_kerja.stats.findings.item_findings."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

from budaya_kerja.io import tables
from budaya_kerja.settings import Instrument
from budaya_kerja.stats import findings

settings = snakemake.params.settings
comparison = snakemake.input.comparison
table = findings.item_findings(
    tables.read_csv(snakemake.input.estimates),
    tables.read_csv(snakemake.input.item_shares),
    tables.read_csv(comparison[0]) if comparison else None,
    Instrument.from_config(settings),
    int(snakemake.wildcards.year),
    strength_min=settings["findings"]["strength_min_positive"],
    challenge_min=settings["findings"]["challenge_min_negative"],
    top=settings["findings"]["top"],
)
tables.check_columns(table, "item_findings")
tables.write_csv(table, snakemake.output.findings)
