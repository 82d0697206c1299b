"""The year's PDF report in one language: budaya_kerja.report.build_context/render_report
(values' and bands' names translated by budaya_kerja.text.names)."""

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
from budaya_kerja.text import names

language = snakemake.params.language
settings = names.in_language(snakemake.params.settings, language)
year = int(snakemake.wildcards.year)
instrument = Instrument.from_config(settings)


def read(path):
    """A table with its category labels in the report's language."""
    return names.translate_categories(tables.read_csv(path), language)


estimates = names.translate_categories(tables.read_estimates(snakemake.input.estimates), language)
# The comparison this report shows (stats.compare.report_comparison), none in the first year.
comparison = read(snakemake.input.comparison[0]) if snakemake.input.comparison else None
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
        programmes=read(snakemake.input.programmes[0]) if snakemake.input.programmes else None,
        targets=read(snakemake.input.target),
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
