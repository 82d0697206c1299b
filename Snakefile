# budaya-kerja: raw survey exports -> cleaned responses -> scores -> estimates -> comparison
# between years -> figures -> PDF evaluation report, per year found in data/raw/<year>/.
from pathlib import Path

from snakemake.utils import min_version, validate

min_version("9.0")


# The repo's config is the default; a config/config.yaml in the working directory overrides it.
configfile: Path(workflow.basedir) / "config" / "config.yaml"


if (
    Path("config/config.yaml").resolve()
    != (Path(workflow.basedir) / "config" / "config.yaml").resolve()
    and Path("config/config.yaml").exists()
):

    configfile: "config/config.yaml"


validate(config, Path(workflow.basedir) / "workflow" / "schemas" / "config.schema.yaml")


include: "workflow/rules/common.smk"
include: "workflow/rules/clean.smk"
include: "workflow/rules/score.smk"
include: "workflow/rules/aggregate.smk"
include: "workflow/rules/compare.smk"
include: "workflow/rules/figures.smk"
include: "workflow/rules/report.smk"


# Every year's report and tables, and every comparison between years.
rule all:
    default_target: True
    input:
        all_outputs(),
