# Helpers shared by the rules: settings, the data source (real exports or the demo), paths,
# years, input functions and the end-of-run summary.
import math
import os
import sys
import warnings
from functools import partial
from importlib import resources
from pathlib import Path

import yaml

REPO = Path(workflow.basedir)
sys.path.insert(0, str(REPO / "src"))  # the package, also when it is not pip-installed
PACKAGE = REPO / "src" / "budaya_kerja"
# The report's Typst template is package data (found without importing the report code).
TEMPLATES = resources.files("budaya_kerja").joinpath("report", "templates")
REPORT_TEMPLATE = str(TEMPLATES.joinpath("laporan.typ"))
# An agency's profile as its own PDF; both documents share bagian.typ.
PROFILE_TEMPLATE = str(TEMPLATES.joinpath("perangkat-daerah.typ"))
TEMPLATE_FILES = sorted(str(p) for p in TEMPLATES.iterdir() if p.name.endswith(".typ"))

from snakemake.utils import update_config

from budaya_kerja import messages
from budaya_kerja.io import agency_names, layout, origin, summary
from budaya_kerja.io.layout import REPORT_FILES, figures_of, language_of, report_file
from budaya_kerja.stats.compare import report_comparison, unlinked, years_to_compare
from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.io.keys import DEMO_KEY, MIN_KEY_BYTES, fingerprint
from budaya_kerja.io.provenance import code_digest, code_version
from budaya_kerja.settings import LOCAL_CONFIG, Instrument, check_config, layer
from budaya_kerja.io.tables import read_csv, read_json, sha256
from budaya_kerja.io.units import load_units


def stop(error):
    """End the run with the package's one-line message (before any job, so no traceback)."""
    print(messages.message("error.prefix", error=error), file=sys.stderr)
    sys.exit(1)


CONFIG_FILES = [str(REPO / "config" / "config.yaml")]
# A local config/config.yaml replaces the repo's top-level keys it names (settings.layer);
# the command line's --config/--configfile are merged over it again, so they still win.
if LOCAL_CONFIG.is_file() and LOCAL_CONFIG.resolve() != Path(CONFIG_FILES[0]).resolve():
    CONFIG_FILES.append(str(LOCAL_CONFIG))
    with open(LOCAL_CONFIG, encoding="utf-8") as fh:
        layered = layer(dict(config), yaml.safe_load(fh) or {})
    config.clear()
    config.update(layered)
    update_config(config, workflow.config_settings.overwrite_config)
# Every job (and this process) writes the messages an analyst reads in the report's language.
report_settings = config.get("report", {})
os.environ[messages.ENV] = str(
    (report_settings.get("languages") or [report_settings.get("language", "id")])[0]
)
try:
    check_config(config, " + ".join(CONFIG_FILES))
except BudayaKerjaError as error:
    stop(error)
os.environ[messages.ENV] = config["report"]["language"]
INSTRUMENT = Instrument.from_config(config)
# Every report language gets its own PDF (io.layout.report_file) and figures.
LANGUAGES = config["report"]["languages"]


def repo_or_local(path):
    """A config path relative to the working directory, else the repo's own file."""
    return layout.repo_or_local(path, REPO)


# The data source: the analyst's real exports, or the shipped synthetic demo (data/contoh)
# when raw_dir holds no year yet. The demo's outputs go to their own folders, so a demo year
# never sits beside a real one (io/layout.py, which budaya_kerja.load uses too).
SOURCE = layout.data_layout(config, REPO)
DEMO, RAW, PROCESSED = SOURCE.demo, SOURCE.raw, SOURCE.processed
REPORTS, LOGS = SOURCE.reports, SOURCE.logs
if DEMO and not Path(RAW).is_dir():
    stop(messages.message("workflow.no_demo", demo_dir=RAW))
if not DEMO and config["demo"] == "never" and not layout.year_folders(RAW):
    stop(messages.message("workflow.no_years", raw=RAW))

UNITS = repo_or_local(config["units_file"])
try:  # unit codes name files: a bad units.yaml stops before any job
    UNITS_SPEC = load_units(UNITS)
except BudayaKerjaError as error:
    stop(error)
UNIT_LABELS = {u["code"]: u["name"] for u in UNITS_SPEC["units"]}
# The agency profiles are built in PROFILE_JOBS jobs a year, each a fixed share of the
# agencies by name (workflow/rules/report.smk), so the rules are the same at any scale.
PROFILE_JOBS = 4
_BY_NAME = sorted(UNIT_LABELS, key=lambda code: (UNIT_LABELS[code].lower(), code))
PROFILE_BATCHES = [_BY_NAME[i::PROFILE_JOBS] for i in range(PROFILE_JOBS)]
# Printed in every report; a new code version rebuilds the reports that print it.
CODE_VERSION = code_version(REPO)


def _matches(path, pattern):
    return Path(path.name.lower()).match(pattern.lower())


def years():
    """The year folders of the data source, in order."""
    return YEARS


def exports_of(year):
    """The survey exports of a year: every file in its folder except the frame."""
    folder = Path(RAW) / str(year)
    files = [
        p
        for p in sorted(folder.iterdir())
        if layout.is_input(p) and not _matches(p, config["frame_pattern"])
    ]
    return [str(p) for p in files]


def frame_of(year):
    """The population frame of a year, if present (zero or one file)."""
    folder = Path(RAW) / str(year)
    return [
        str(p) for p in sorted(folder.iterdir()) if _matches(p, config["frame_pattern"])
    ]


def worksheets_of(year):
    """The evaluation worksheets of a year (data/raw/<year>/<evaluation folder>/)."""
    return layout.input_files(Path(RAW) / str(year) / config["evaluation"]["folder"])


def survey_files(wildcards):
    return exports_of(wildcards.year)


def frame_files(wildcards):
    return frame_of(wildcards.year)


def program_files(wildcards=None):
    return [
        str(p)
        for p in sorted(Path(RAW).glob("*"))
        if _matches(p, config["program_pattern"])
    ]


# The parts a year's estimation is split into (estimation.parts; by agency, for a cluster).
PARTS = range(1, config["estimation"]["parts"] + 1)

# Each job's memory from the size of its inputs (workflow/memory.yaml, measured by `make
# bench`), as its resource mem_mb: `snakemake --resources mem_mb=4000` runs side by side only
# jobs that fit together in 4 GiB, and a cluster gets each job's size (profiles/slurm).
MEMORY = yaml.safe_load((REPO / "workflow" / "memory.yaml").read_text(encoding="utf-8"))
# `snakemake --report` sizes inputs inside its own event loop, leaves such a job's memory
# undecided (as it should) and drops the sizing coroutine unawaited, which Python then warns
# about once per job: Snakemake's own noise, not a problem of the run.
warnings.filterwarnings(
    "ignore", "coroutine 'InputFiles._predicated_size_files", RuntimeWarning
)


def memory_of(rule, share=1.0):
    """The rule's mem_mb: base + per_input_mb x its inputs' MB x ``share`` (the part of the
    inputs a job reads: 1 / parts for sum_cells), never more than --resources mem_mb allows
    (a job larger than the budget then runs alone instead of never)."""
    model = MEMORY["rules"][rule]
    budget = workflow.global_resources.get("mem_mb")

    def mem_mb(wildcards, input):
        need = math.ceil(model["base"] + model["per_input_mb"] * input.size_mb * share)
        return min(need, budget) if isinstance(budget, int) else need

    return mem_mb


# Which years (and programme files) are the shipped demo, by SHA-256: real and demo inputs
# never meet in one year, comparison, trend, target track or programme evaluation.
YEARS = layout.year_folders(RAW)
try:
    ORIGIN = {
        year: origin.origin_of(
            [*exports_of(year), *frame_of(year), *worksheets_of(year)], f"{RAW}/{year}"
        )
        for year in YEARS
    }
    ORIGIN.update({Path(p).name: origin.origin_of([p], RAW) for p in program_files()})
    origin.check_apart(ORIGIN, RAW, config["demo_dir"])
except BudayaKerjaError as error:
    stop(error)


def key_fingerprint(wildcards):
    """Fingerprint of the key the year will be pseudonymised with: a params value, so a new
    key re-cleans the year ('' when no usable key is set; the job then says why; an
    anonymous survey has no key)."""
    if config["anonymous"]:
        return "anonim"
    if ORIGIN.get(int(wildcards.year)) == origin.SYNTHETIC:
        return fingerprint(DEMO_KEY.encode("utf-8"))
    secret = os.environ.get(config["pseudonym"]["key_env"], "").encode("utf-8")
    return fingerprint(secret) if len(secret) >= MIN_KEY_BYTES else ""


def units_digest(wildcards):
    """What config/units.yaml makes of the agency names in the year's exports and frame
    (io/agency_names.py): a params value, so an alias edit re-cleans only the years that
    hold a name it changes. Each file's names are read once and cached."""
    year = int(wildcards.year)
    reading = settings_for("columns", "instrument", "excel_sheet", "anonymous")
    readers = {p: partial(agency_names.export_names, p, reading, INSTRUMENT)
               for p in exports_of(year)}  # fmt: skip
    readers.update({p: partial(agency_names.frame_names, p) for p in frame_of(year)})
    salt = repr(sorted(reading.items()))
    return agency_names.year_digest(readers, UNITS_SPEC, salt, whole=sha256(UNITS))


def previous_year(year):
    earlier = [y for y in years() if y < int(year)]
    return earlier[-1] if earlier else None


def comparisons():
    return years_to_compare(years())


def comparison_files_for(wildcards):
    """The comparison this year's report shows (stats.compare.report_comparison), if any."""
    pair = report_comparison(years(), wildcards.year)
    return [f"{PROCESSED}/comparison/{pair[0]}-{pair[1]}.csv"] if pair else []


def programmes_for(wildcards):
    """The year's programme evaluation, when a programme file exists."""
    return [f"{PROCESSED}/{wildcards.year}/programmes.csv"] if program_files() else []


def estimates_up_to(wildcards):
    return [
        f"{PROCESSED}/{y}/estimates.csv" for y in years() if y <= int(wildcards.year)
    ]


def all_outputs():
    out = []
    for y in years():
        out += [
            *[f"{REPORTS}/{y}/{report_file(lang, y)}" for lang in LANGUAGES],
            f"{REPORTS}/{y}/tabel-{y}.xlsx",
            f"{PROCESSED}/{y}/reliability.csv",
            f"{PROCESSED}/{y}/validity.csv",
            f"{PROCESSED}/{y}/target.csv",
        ]
        out += [f"{REPORTS}/{y}/perangkat-daerah/{code}.pdf" for code in UNIT_LABELS]
        if program_files():
            out.append(f"{PROCESSED}/{y}/programmes.csv")
        if has_evaluation(y):  # workflow/rules/evaluation.smk
            out += evaluation_outputs(y)
    out += [f"{PROCESSED}/comparison/{y0}-{y1}.csv" for y0, y1 in comparisons()]
    return out


def code_of(script):
    """The code version of a step: its script, every package module the script imports and
    the package data beside them (wording, workbook layout, templates), found by following the
    imports (io.provenance.code_digest), so editing any of them reruns exactly the steps that
    use it."""
    return code_digest(REPO / "workflow" / "scripts" / f"{script}.py", PACKAGE)


def settings_for(*keys):
    """The config sections a rule uses, as a params value (so changing them reruns it)."""
    return {key: config[key] for key in keys}


def print_summary(failed=False):
    """One summary per year on the console (warnings in bold unless NO_COLOR is set) and in
    {LOGS}/ringkasan.log: rows, quarantine reasons, unknown agency names (redacted), key
    fingerprint, synthetic or real; comparisons in which nobody was linked."""
    qualities = {}
    for year in years():
        path = Path(f"{PROCESSED}/{year}/quality.json")
        qualities[year] = read_json(path) if path.exists() else None
    no_panel = [
        (y0, y1)
        for y0, y1 in comparisons()
        if Path(f"{PROCESSED}/comparison/{y0}-{y1}.csv").exists()
        and unlinked(read_csv(f"{PROCESSED}/comparison/{y0}-{y1}.csv"))
    ]
    mode = messages.message(
        "summary.mode_demo" if DEMO else "summary.mode_real", raw=RAW
    )
    lines = summary.run_summary(
        qualities,
        no_panel,
        title=messages.message("summary.title", mode=mode),
        max_rejected_share=config["quality"]["max_rejected_share"],
        rejected_paths={y: f"{PROCESSED}/{y}/rejected.csv" for y in years()},
        reports=[
            f"{REPORTS}/{y}/{report_file(lang, y)}"
            for y in years()
            for lang in LANGUAGES
            if Path(f"{REPORTS}/{y}/{report_file(lang, y)}").exists()
        ],
        failed=failed,
    )
    Path(LOGS).mkdir(parents=True, exist_ok=True)
    Path(f"{LOGS}/ringkasan.log").write_text(
        summary.render(lines, bold=False), encoding="utf-8"
    )
    print(summary.render(lines, bold=not os.environ.get("NO_COLOR")), file=sys.stderr)
