"""Which agencies a year's files name, and what ``units.yaml`` makes of those names: so that
editing an agency's aliases re-cleans only the years whose files hold a name it changes.

The clean rule (and the evaluation's check rule) carries :func:`year_digest` as a parameter
instead of ``units.yaml`` as an input: a digest of the agency codes and, for every distinct
agency name typed in the year's files, the code it maps to or, when it maps to none, the
nearest spellings the quarantine reasons name. An edit that changes none of these leaves
the year alone (``snakemake -n`` plans nothing for it).

Reading a large export takes seconds, so each file's distinct names are cached in the
working directory (``.snakemake/budaya-kerja/nama-unit/``, readable by the owner only,
keyed by the file's path, size and modification time and by the reading settings). The
cache holds agency names as typed, like the exports themselves: it stays beside
``data/raw/`` and is never published (``make clean`` removes it).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.io.units import UnitMatcher

__all__ = [
    "CACHE_DIR", "cached_names", "export_names", "frame_names", "names_digest",
    "worksheet_names", "year_digest",
]  # fmt: skip

CACHE_DIR = Path(".snakemake") / "budaya-kerja" / "nama-unit"


def names_digest(names: Iterable[str], units: dict) -> str:
    """SHA-256 (16 hex digits) of what ``units`` makes of ``names``: the sorted agency codes,
    and per distinct name its code, or for an unknown name its three closest spellings
    (with their codes and official names: the hints of the quarantine reasons).

    >>> units = {"units": [{"code": "DINKES", "name": "Dinas Kesehatan", "aliases": []}]}
    >>> more = {"units": [{"code": "DINKES", "name": "Dinas Kesehatan", "aliases": ["Dinkes Prov"]}]}
    >>> names_digest(["Dinas Kesehatan"], units) == names_digest(["Dinas Kesehatan"], more)
    True
    >>> names_digest(["Dinkes Prov"], units) == names_digest(["Dinkes Prov"], more)
    False
    """
    matcher = UnitMatcher(units)
    spellings = list(matcher.lookup)
    resolved = {}
    for name in sorted(set(names)):
        key = matcher.key(name)
        code = matcher.lookup.get(key)
        near = [] if code else difflib.get_close_matches(key, spellings, n=3, cutoff=0.5)
        resolved[name] = [code, [[k, matcher.lookup[k], matcher.labels[matcher.lookup[k]]]
                                 for k in near]]  # fmt: skip
    payload = json.dumps({"codes": sorted(matcher.labels), "names": resolved},
                         ensure_ascii=False, sort_keys=True)  # fmt: skip
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def cached_names(path: str | Path, read: Callable[[], list[str]], salt: str,
                 cache_dir: str | Path = CACHE_DIR) -> list[str]:  # fmt: skip
    """The distinct agency names of one file: ``read()`` once, then from the cache while the
    file (path, size, modification time) and ``salt`` (the reading settings) are unchanged."""
    stat = Path(path).stat()
    ident = f"{salt}|{Path(path).resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    entry = Path(cache_dir) / (hashlib.sha256(ident.encode("utf-8")).hexdigest()[:32] + ".json")
    if entry.is_file():
        return json.loads(entry.read_text(encoding="utf-8"))
    names = sorted({str(n) for n in read()})
    entry.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(entry, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as fh:
        json.dump(names, fh, ensure_ascii=False)
    return names


def export_names(path: str | Path, settings: dict, instrument) -> list[str]:
    """The agency names typed in one survey export (read as the clean step reads it)."""
    from budaya_kerja.io.ingest import read_export

    export = read_export(path, settings["columns"], instrument, settings["excel_sheet"],
                         anonymous=bool(settings.get("anonymous")))  # fmt: skip
    return list(export.table["unit"].unique())


def frame_names(path: str | Path) -> list[str]:
    """The agency names of a population frame."""
    from budaya_kerja.io.ingest import read_frame

    return list(read_frame(path)["unit"].unique())


def worksheet_names(path: str | Path) -> list[str]:
    """The agency names of one evaluation workbook (its sheets' 'Perangkat Daerah' cells)."""
    from budaya_kerja.io.worksheets import read_workbook

    return list(read_workbook(path)["unit_text"].astype("string").fillna("").unique())


def year_digest(readers: dict[str, Callable[[], list[str]]], units: dict, salt: str,
                whole: str, cache_dir: str | Path = CACHE_DIR) -> str:  # fmt: skip
    """:func:`names_digest` of the names of every file of a year (``readers``: path -> its
    reader). A file that cannot be read gives ``whole`` (the digest of the whole units file):
    the job then runs and says what is wrong with the file."""
    names: list[str] = []
    try:
        for path, read in readers.items():
            names += cached_names(path, read, salt, cache_dir)
    except (BudayaKerjaError, OSError, ValueError):
        return whole
    return names_digest(names, units)
