# Paths and input functions of the evaluation rules (workflow/rules/evaluation.smk), kept
# apart from the rules as snakemake --lint asks.
RUBRIC = repo_or_local(config["evaluation"]["rubric_file"])
EVALUATION_FIGURES = "figures-evaluasi"  # the folder of the chapter's figures


def evaluation_folder(year):
    return Path(RAW) / str(year) / config["evaluation"]["folder"]


def has_evaluation(year):
    """A year is evaluated when data/raw/<year>/<folder>/ exists."""
    return evaluation_folder(year).is_dir()


def worksheet_files(wildcards):
    """The year's worksheets: every file in the folder (a non-.xlsx file stops the run)."""
    return worksheets_of(wildcards.year)


def worksheet_units_digest(wildcards):
    """What config/units.yaml makes of the agency names in the year's worksheets (as
    units_digest for the exports; io/agency_names.py)."""
    readers = {
        p: partial(agency_names.worksheet_names, p) for p in worksheet_files(wildcards)
    }
    return agency_names.year_digest(readers, UNITS_SPEC, "lke", whole=sha256(UNITS))


def evaluation_for(wildcards):
    """The year's evaluation scores, or nothing in a year without an evaluation."""
    if has_evaluation(wildcards.year):
        return [f"{PROCESSED}/{wildcards.year}/evaluation.csv"]
    return []


def evaluation_outputs(year):
    """Everything the evaluation makes for a year that has worksheets."""
    return [
        f"{PROCESSED}/{year}/{name}"
        for name in [
            "evaluation.csv",
            "combined.csv",
            "penghargaan.csv",
            "evaluation_relation.csv",
            "evaluation_gap.csv",
        ]
    ] + [
        f"{REPORTS}/{year}/{figures_of(lang, EVALUATION_FIGURES)[1]}"
        for lang in LANGUAGES
    ]


def evaluation_tables(name):
    """An input function: the year's evaluation table ``name``, or nothing in a year without
    an evaluation (the report then says there is none)."""

    def inputs(wildcards):
        year = int(wildcards.year)
        if not has_evaluation(year):
            return []
        if name.startswith(EVALUATION_FIGURES):
            return [f"{REPORTS}/{year}/{name}"]
        if name == "rubric":
            return [RUBRIC]
        return [f"{PROCESSED}/{year}/{name}"]

    return inputs


def report_manifests(wildcards):
    """The figure manifests the report places: the survey's and the evaluation's, in the
    report's language."""
    language = language_of(wildcards.stem)
    return [
        f"{REPORTS}/{wildcards.year}/{figures_of(language)[1]}",
        *evaluation_tables(figures_of(language, EVALUATION_FIGURES)[1])(wildcards),
    ]
