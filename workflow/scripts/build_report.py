"""The year's PDF report in one language: budaya_kerja.report.build_context/render_report
(values' and bands' names translated by budaya_kerja.text.names)."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

import dataclasses
import tempfile

import pandas as pd

from budaya_kerja import report
from budaya_kerja.io import provenance
from budaya_kerja.report import publish
from budaya_kerja.report.inputs import read_tables
from budaya_kerja.text import names

language = snakemake.params.language
settings = names.in_language(snakemake.params.settings, language)
year = int(snakemake.wildcards.year)
inputs = {name: snakemake.input[name] for name in snakemake.input.keys()
          if name not in ("template", "templates", "config", "figures")}  # fmt: skip
inputs["rubric_file"] = inputs.pop("rubric", None)
year_tables = read_tables(inputs)
# Category labels and stand-ins ("(tidak diisi)") in the report's language, in every table.
for field in dataclasses.fields(year_tables):
    table = getattr(year_tables, field.name)
    if isinstance(table, pd.DataFrame):
        setattr(year_tables, field.name, names.translate_table(table, language))
year_tables.provenance = provenance.build_provenance(
    year_tables.quality, snakemake.input.config, snakemake.params.code_version
)


def render():
    context = report.build_context(
        year, year_tables, settings, units=snakemake.params.units, language=language
    )
    with tempfile.TemporaryDirectory() as workdir:
        report.render_report(context, snakemake.input.template, snakemake.output.pdf, workdir)


publish.build_and_keep(render, year, snakemake.output.pdf)
