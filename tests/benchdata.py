"""A tiny benchmark project and its cleaned years, shared by the benchmark tests."""

from __future__ import annotations

from pathlib import Path

from benchmarks import generate
from benchmarks.run import BENCH_KEY
from budaya_kerja.io import clean
from budaya_kerja.io.units import load_units
from budaya_kerja.settings import Instrument

SIZE, ORGS = 2_000, 20


def make_project(work: Path) -> Path:
    """2,000 respondents a year in 20 organisations, two years."""
    generate.generate(work, SIZE, n_orgs=ORGS)
    return work


def clean_project(work: Path, config: dict, instrument: Instrument) -> dict:
    """Year -> clean_files' (responses, rejected, quality, frame), as the workflow runs it."""
    units = load_units(work / "config" / "units.yaml")
    out = {}
    for year in generate.YEARS:
        folder = work / "data" / "raw" / str(year)
        out[year] = clean.clean_files(
            [str(p) for p in sorted(folder.glob("survei*"))],
            [str(folder / "populasi-sintetis.csv")],
            units, year=year, instrument=instrument, settings=config, secret=BENCH_KEY,
        )  # fmt: skip
    return out
