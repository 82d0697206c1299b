"""A batch of agencies' profiles, each as its own PDF:
budaya_kerja.report.profiles.profile_contexts and render_report (each good one also kept
by budaya_kerja.report.publish, so a failed build leaves the last good profiles)."""

import sys

sys.stderr = open(snakemake.log[0], "w")

from budaya_kerja.errors import excepthook

sys.excepthook = excepthook

import tempfile
from functools import partial
from pathlib import Path

from budaya_kerja.report import publish, render_report
from budaya_kerja.report.inputs import read_tables
from budaya_kerja.report.profiles import profile_contexts

inputs = {name: snakemake.input[name] for name in snakemake.input.keys()
          if name not in ("template", "templates", "config")}  # fmt: skip
tables = read_tables(inputs)
year = int(snakemake.wildcards.year)
# The outputs are listed in the order of params.units (workflow/rules/report.smk).
contexts = profile_contexts(year, tables, snakemake.params.settings, snakemake.params.units)


def render(context, pdf):
    with tempfile.TemporaryDirectory() as workdir:
        render_report(context, snakemake.input.template, pdf, workdir)


for (code, context), pdf in zip(contexts, snakemake.output.pdfs, strict=True):
    assert Path(pdf).stem == code, f"profile of {code} would be written to {pdf}"
    publish.build_and_keep(partial(render, context, pdf), year, pdf, unit=code)
