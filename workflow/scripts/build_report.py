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
from budaya_kerja.settings import Instrument

settings = snakemake.params.settings
year = int(snakemake.wildcards.year)
instrument = Instrument.from_config(settings)
estimates = tables.read_estimates(snakemake.input.estimates)
# The comparison this report shows (stats.compare.report_comparison), none in the first year.
comparison = tables.read_csv(snakemake.input.comparison[0]) if snakemake.input.comparison else None
reliability = tables.read_csv(snakemake.input.reliability)
quality = tables.read_json(snakemake.input.quality)
try:
    context = report.build_context(
        year,
        estimates,
        comparison,
        reliability,
        quality,
        provenance.build_provenance(quality, snakemake.input.config, snakemake.params.code_version),
        tables.read_json(snakemake.input.manifest),
        settings,
        instrument,
        validity=tables.read_csv(snakemake.input.validity),
        programmes=tables.read_csv(snakemake.input.programmes[0])
        if snakemake.input.programmes
        else None,
        targets=tables.read_csv(snakemake.input.target),
        weighting=tables.read_json(snakemake.input.weighting),
        response_rates=tables.read_csv(snakemake.input.response_rates),
        funnel=tables.read_csv(snakemake.input.funnel),
    )
    with tempfile.TemporaryDirectory() as workdir:
        report.render_report(context, snakemake.input.template, snakemake.output.pdf, workdir)
except Exception as error:  # the last good report stays; the log keeps the details
    traceback.print_exc()
    raise publish.failed(year, snakemake.output.pdf, error) from None
publish.keep(snakemake.output.pdf)
this_year = estimates[estimates["year"] == year]
sheets = {
    "estimasi": this_year,
    "reliabilitas": reliability,
    "validitas": tables.read_csv(snakemake.input.validity),
    "target": tables.read_csv(snakemake.input.target),
}
if comparison is not None:
    sheets["perbandingan"] = comparison
if snakemake.input.programmes:
    sheets["program"] = tables.read_csv(snakemake.input.programmes[0])
tables.write_xlsx(sheets, snakemake.output.tables)
