# Helpers shared by the rules: paths, year discovery and input functions.
import hashlib
import re
import sys
from pathlib import Path

REPO = Path(workflow.basedir)
sys.path.insert(0, str(REPO / "src"))  # the package, also when it is not pip-installed

from budaya_kerja.compare import years_to_compare
from budaya_kerja.provenance import code_version

RAW = config["raw_dir"]
PROCESSED = config["processed_dir"]
REPORTS = config["reports_dir"]


def repo_or_local(path):
    """A config path relative to the working directory, else the repo's own file."""
    return path if Path(path).exists() else str(REPO / path)


UNITS = repo_or_local(config["units_file"])
# Printed in every report; a new code version rebuilds the reports that print it.
CODE_VERSION = code_version(REPO)
CONFIG_FILES = [str(REPO / "config" / "config.yaml")] + (
    ["config/config.yaml"] if Path("config/config.yaml").exists() else []
)


def years():
    """Four-digit year folders under raw_dir, in order."""
    root = Path(RAW)
    found = [
        p.name for p in root.glob("*") if p.is_dir() and re.fullmatch(r"\d{4}", p.name)
    ]
    return sorted(int(y) for y in found)


def _matches(path, pattern):
    return Path(path.name.lower()).match(pattern.lower())


def survey_files(wildcards):
    """The survey exports of a year: files matching survey_patterns but not the frame."""
    folder = Path(RAW) / wildcards.year
    files = [
        p
        for p in sorted(folder.iterdir())
        if p.is_file()
        and not p.name.startswith((".", "~$"))
        and not _matches(p, config["frame_pattern"])
        and not (p.name.lower().endswith("readme.md"))
    ]
    return [str(p) for p in files]


def frame_files(wildcards):
    """The population frame of a year, if present (zero or one file)."""
    folder = Path(RAW) / wildcards.year
    return [
        str(p) for p in sorted(folder.iterdir()) if _matches(p, config["frame_pattern"])
    ]


def program_files(wildcards=None):
    return [
        str(p)
        for p in sorted(Path(RAW).glob("*"))
        if _matches(p, config["program_pattern"])
    ]


def previous_year(year):
    earlier = [y for y in years() if y < int(year)]
    return earlier[-1] if earlier else None


def comparisons():
    return years_to_compare(years())


def comparison_files_for(wildcards):
    """Comparisons that end in this report's year."""
    return [
        f"{PROCESSED}/comparison/{y0}-{y1}.csv"
        for y0, y1 in comparisons()
        if y1 == int(wildcards.year)
    ]


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
            f"{REPORTS}/{y}/laporan-evaluasi-{y}.pdf",
            f"{REPORTS}/{y}/tabel-{y}.xlsx",
            f"{PROCESSED}/{y}/reliability.csv",
            f"{PROCESSED}/{y}/validity.csv",
            f"{PROCESSED}/{y}/target.csv",
        ]
        if program_files():
            out.append(f"{PROCESSED}/{y}/programmes.csv")
        if has_evaluation(y):  # workflow/rules/evaluation.smk
            out += evaluation_outputs(y)
    out += [f"{PROCESSED}/comparison/{y0}-{y1}.csv" for y0, y1 in comparisons()]
    return out


def code_of(*modules):
    """SHA-256 of the package modules behind a step, so editing one reruns the steps that
    use it (Snakemake tracks each step's script, not the code that script imports)."""
    digest = hashlib.sha256()
    for name in ("settings", "errors", "tables", *modules):
        digest.update((REPO / "src" / "budaya_kerja" / f"{name}.py").read_bytes())
    return digest.hexdigest()[:16]


def settings_for(*keys):
    """The config sections a rule uses, as a params value (so changing them reruns it)."""
    return {key: config[key] for key in keys}
