"""One agency's profile as its own PDF: budaya_kerja.report.profiles.profile_context."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

import tempfile

from budaya_kerja.report import render_report
from budaya_kerja.report.inputs import read_tables
from budaya_kerja.report.profiles import profile_context

inputs = {name: snakemake.input[name] for name in snakemake.input.keys()
          if name not in ("template", "templates", "config", "figures")}  # fmt: skip
context = profile_context(
    int(snakemake.wildcards.year),
    read_tables(inputs),
    snakemake.params.settings,
    snakemake.wildcards.unit,
    snakemake.params.name,
)
with tempfile.TemporaryDirectory() as workdir:
    render_report(context, snakemake.input.template, snakemake.output.pdf, workdir)
