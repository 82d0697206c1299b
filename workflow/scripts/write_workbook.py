"""The year's analyst workbook (Excel): budaya_kerja.report.workbook.write_workbook."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

from budaya_kerja.io import tables
from budaya_kerja.report import workbook

inputs = snakemake.input
quality = tables.read_json(inputs.quality)
workbook.write_workbook(
    {
        "estimates": tables.read_csv(inputs.estimates),
        "response_rates": tables.read_csv(inputs.response_rates),
        "reliability": tables.read_csv(inputs.reliability),
        "validity": tables.read_csv(inputs.validity),
        "target": tables.read_csv(inputs.target),
        "comparison": tables.read_csv(inputs.comparison[0]) if inputs.comparison else None,
        "programmes": tables.read_csv(inputs.programmes[0]) if inputs.programmes else None,
    },
    snakemake.output.tables,
    year=int(snakemake.wildcards.year),
    synthetic=bool(quality.get("synthetic")),
)
