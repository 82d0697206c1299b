"""The year's PDF report and Excel tables: budaya_kerja.report.build_context/render_report."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

import tempfile
import traceback

from budaya_kerja import report
from budaya_kerja.io import provenance, tables
from budaya_kerja.report import publish
from budaya_kerja.report.inputs import read_tables

settings = snakemake.params.settings
year = int(snakemake.wildcards.year)
inputs = {name: snakemake.input[name] for name in snakemake.input.keys()
          if name not in ("template", "templates", "config", "figures")}  # fmt: skip
inputs["rubric_file"] = inputs.pop("rubric", None)
year_tables = read_tables(inputs)
year_tables.provenance = provenance.build_provenance(
    year_tables.quality, snakemake.input.config, snakemake.params.code_version
)
try:
    context = report.build_context(year, year_tables, settings, units=snakemake.params.units)
    with tempfile.TemporaryDirectory() as workdir:
        report.render_report(context, snakemake.input.template, snakemake.output.pdf, workdir)
except Exception as error:  # the last good report stays; the log keeps the details
    traceback.print_exc()
    raise publish.failed(year, snakemake.output.pdf, error) from None
publish.keep(snakemake.output.pdf)
this_year = year_tables.estimates[year_tables.estimates["year"] == year]
sheets = {
    "estimasi": this_year,
    "reliabilitas": year_tables.reliability,
    "validitas": year_tables.validity,
    "target": year_tables.targets,
}
if year_tables.comparison is not None:
    sheets["perbandingan"] = year_tables.comparison
if year_tables.programmes is not None:
    sheets["program"] = year_tables.programmes
tables.write_xlsx(sheets, snakemake.output.tables)
