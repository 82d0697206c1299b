"""Where a project's data live: the analyst's real exports or the shipped demo, and the
folders the pipeline writes for each.

While ``raw_dir`` holds no year folder (and ``demo`` is ``auto``), or with ``demo: always``,
the pipeline builds the shipped synthetic demo (``demo_dir``) into folders of its own
(``<processed_dir>/contoh``, ``<reports_dir>/contoh``, ``logs/contoh``), so a demo year never
sits beside a real one. The workflow (``workflow/rules/common.smk``) and the public API
(:func:`budaya_kerja.load`) decide this with the same function, :func:`data_layout`.

Each language of ``report.languages`` has a report file of its own (:func:`report_file`), so
``[id, en]`` writes ``laporan-evaluasi-<year>.pdf`` and ``evaluation-report-<year>.pdf`` side
by side; Indonesian figures are in ``figures/`` (manifest ``figures.json``), another
language's in ``figures/<language>/`` (``figures-<language>.json``) (:func:`figures_of`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "DEMO_FOLDER", "REPORT_FILES", "Layout", "data_layout", "figures_of", "input_files",
    "is_input", "language_of", "repo_or_local", "report_file", "year_folders",
]  # fmt: skip

DEMO_FOLDER = "contoh"
REPORT_FILES = {"id": "laporan-evaluasi", "en": "evaluation-report"}


def report_file(language: str, year: int) -> str:
    """The report's file name in ``language``: ``laporan-evaluasi-2025.pdf`` (id),
    ``evaluation-report-2025.pdf`` (en)."""
    return f"{REPORT_FILES[language]}-{int(year)}.pdf"


def language_of(stem: str) -> str:
    """The language of a report file's stem (``evaluation-report`` -> ``en``)."""
    return {v: k for k, v in REPORT_FILES.items()}[stem]


def figures_of(language: str, kind: str = "figures") -> tuple[str, str]:
    """(folder inside the year's ``<kind>/``, manifest file name) of a language's figures;
    ``kind`` ``figures`` (the survey's) or ``figures-evaluasi`` (the evaluation chapter's).

    >>> figures_of("en", "figures-evaluasi")
    ('en', 'figures-evaluasi-en.json')
    """
    return ("", f"{kind}.json") if language == "id" else (language, f"{kind}-{language}.json")


@dataclass(frozen=True)
class Layout:
    """The data source and output folders of a run (paths as the config gives them,
    relative to the project directory unless absolute)."""

    demo: bool  # the shipped synthetic demo, not real exports
    raw: str  # year folders of exports
    processed: str  # data/processed (or data/processed/contoh for the demo)
    reports: str
    logs: str


def is_input(path: Path) -> bool:
    """A file the pipeline reads: not hidden, not an Office lock file, not a README."""
    name = path.name.lower()
    return path.is_file() and not name.startswith((".", "~$")) and name != "readme.md"


def input_files(folder: str | Path) -> list[str]:
    """The input files of ``folder`` in name order (none when it does not exist)."""
    folder = Path(folder)
    return [str(p) for p in sorted(folder.iterdir()) if is_input(p)] if folder.is_dir() else []


def year_folders(root: str | Path) -> list[int]:
    """Four-digit year folders under ``root`` that hold at least one input file, in order."""
    found = []
    for folder in Path(root).glob("[0-9][0-9][0-9][0-9]"):
        if folder.is_dir() and re.fullmatch(r"\d{4}", folder.name):
            if any(is_input(p) for p in folder.iterdir()):
                found.append(int(folder.name))
    return sorted(found)


def repo_or_local(path: str, repo: str | Path, root: str | Path = ".") -> str:
    """A config path: relative to the project directory ``root`` when it exists there, else
    the repo's own file (the shipped demo, units.yaml)."""
    local = Path(root) / path
    return path if local.exists() else str(Path(repo) / path)


def data_layout(config: dict, repo: str | Path, root: str | Path = ".") -> Layout:
    """The data source of ``config`` in the project directory ``root`` (module docstring).

    >>> config = {"demo": "always", "demo_dir": "data/contoh", "raw_dir": "data/raw",
    ...           "processed_dir": "data/processed", "reports_dir": "reports"}
    >>> data_layout(config, "/repo", "/nowhere").processed
    'data/processed/contoh'
    """
    raw_years = year_folders(Path(root) / config["raw_dir"])
    demo = config["demo"] == "always" or (config["demo"] == "auto" and not raw_years)
    if demo:
        return Layout(
            demo=True,
            raw=repo_or_local(config["demo_dir"], repo, root),
            processed=f"{config['processed_dir']}/{DEMO_FOLDER}",
            reports=f"{config['reports_dir']}/{DEMO_FOLDER}",
            logs=f"logs/{DEMO_FOLDER}",
        )
    return Layout(demo=False, raw=config["raw_dir"], processed=config["processed_dir"],
                  reports=config["reports_dir"], logs="logs")  # fmt: skip
