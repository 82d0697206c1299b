# budaya-kerja: raw survey exports -> cleaned responses -> scores -> estimates -> comparison
# between years -> figures -> PDF evaluation report, per year found in data/raw/<year>/ (or
# in the shipped synthetic demo, data/contoh/, while data/raw/ holds no year).
import os
from pathlib import Path

from snakemake.utils import min_version

min_version("9.0")

# Byte-identical tables: iterative fits (semopy's CFA) start from parameters ordered by string
# hashing, and multithreaded BLAS sums vary, which moves their last digits between runs. The
# jobs' Python processes get a fixed hash seed and one BLAS thread (Snakemake runs jobs in
# parallel anyway).
# (These are set for the jobs, not read from the user, so they need no envvars directive.)
os.environ.update(
    PYTHONHASHSEED="0",
    OPENBLAS_NUM_THREADS="1",
    OMP_NUM_THREADS="1",
    MKL_NUM_THREADS="1",
)


# The repo's config is the default. A config/config.yaml in the working directory overrides
# it key by key at the top level: each top-level key it holds replaces the repo's whole (its
# instrument, bands or estimation section, not a merge: budaya_kerja.settings.layer, in
# workflow/rules/common.smk). --config and --configfile on the command line are merged over
# the result, as Snakemake does.
configfile: Path(workflow.basedir) / "config" / "config.yaml"


# common.smk validates the config strictly (the package's schemas/config.schema.yaml: an unknown
# key stops with the nearest valid one named) and picks the data source: real or the demo.


# The workflow's page in `snakemake --report` (every registered output carries a caption).
report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"


# Years are four digits in every rule (data/raw/<year>/, comparison/<y0>-<y1>.csv).
wildcard_constraints:
    year=r"\d{4}",
    y0=r"\d{4}",
    y1=r"\d{4}",
    part=r"\d+",


include: "workflow/rules/clean.smk"
include: "workflow/rules/score.smk"
include: "workflow/rules/aggregate.smk"
include: "workflow/rules/reliability.smk"
include: "workflow/rules/validity.smk"
include: "workflow/rules/compare.smk"
include: "workflow/rules/targets.smk"
include: "workflow/rules/programmes.smk"
include: "workflow/rules/findings.smk"
include: "workflow/rules/nonresponse.smk"
include: "workflow/rules/profiles.smk"
include: "workflow/rules/figures.smk"
include: "workflow/rules/evaluation.smk"
include: "workflow/rules/report.smk"


# Every year's report and tables, and every comparison between years.
rule all:
    default_target: True
    input:
        all_outputs(),


# At the end of every run: one summary per year on the console and in logs/.
onsuccess:
    print_summary()


onerror:
    print_summary(failed=True)
