"""Reading and writing the pipeline's tables, byte-identically for the same content.

I/O sits at the edges: the workflow's scripts and the notebooks call these; the statistics
modules take and return DataFrames.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import re
import zipfile
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import yaml

from budaya_kerja.errors import BudayaKerjaError
from budaya_kerja.messages import message

__all__ = [
    "deterministic_zip", "neutralise_formulas", "read_columns", "read_csv", "read_estimates",
    "read_json", "read_parquet_columns", "sha256", "write_csv", "write_json", "write_parquet",
    "write_xlsx",
]  # fmt: skip


def sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_columns(
    path: str | Path, columns: list[str], rows=None, categorical: tuple = ()
) -> pd.DataFrame:
    """``columns`` of a Parquet file, read one at a time and only the ``rows`` (a bool per
    row; all by default), with the ``categorical`` ones as categoricals (each label stored
    once): the memory the result takes, and one column more while reading (a whole read
    holds every column twice, once as read and once as converted or filtered)."""
    keep = None if rows is None else np.asarray(rows, dtype=bool)
    data = {}
    for name in columns:
        dictionary = [name] if name in categorical else None
        column = pd.read_parquet(path, columns=[name], read_dictionary=dictionary)[name]
        data[name] = column.array if keep is None else column.array[keep]
    pa.default_memory_pool().release_unused()  # what the reads decoded into, back to the system
    return pd.DataFrame(data, copy=False)


def read_parquet_columns(path: str | Path, wanted) -> pd.DataFrame:
    """The columns of a Parquet file whose name ``wanted(name)`` accepts, in the file's order,
    read as :func:`read_columns` reads them (a stage that needs the items and flags of 4.3
    million respondents leaves the rest on disk)."""
    import pyarrow.parquet as pq

    return read_columns(path, [name for name in pq.read_schema(path).names if wanted(name)])


def write_parquet(frame: pd.DataFrame, path: str | Path) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(path, index=False, compression="zstd")


def neutralise_formulas(column: pd.Series) -> pd.Series:
    """Prefix text starting with = + - @ (or tab/CR) with ' so a spreadsheet shows it as text
    instead of running it (OWASP "CSV injection"); numbers are left alone."""
    if column.dtype.kind in "iufbM":
        return column
    text = column.astype("string")
    risky = text.str.match(r"^[=+\-@\t\r]").fillna(False)
    return text.mask(risky, "'" + text)


def _safe(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.apply(neutralise_formulas) if len(frame.columns) else frame


def write_csv(frame: pd.DataFrame, path: str | Path) -> None:
    """UTF-8 CSV with '\\n' line ends and round-trip floats (so reruns are byte-identical);
    text that a spreadsheet would run as a formula is neutralised."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    _safe(frame).to_csv(path, index=False, lineterminator="\n")


def write_json(data: dict, path: str | Path) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=2, sort_keys=False)
        fh.write("\n")


def read_json(path: str | Path) -> dict:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def as_bool(series: pd.Series) -> pd.Series:
    """The one rule for a boolean column read back from CSV: ``True``/``true``/``1`` are true,
    anything else (``False``, blank, missing) false."""
    if series.dtype == bool:
        return series
    text = series.astype("string").str.strip().str.lower()
    return text.isin(["true", "1", "1.0"]).fillna(False).astype(bool)


@functools.cache
def table_schema(table: str) -> dict:
    """The JSON schema (draft 2020-12) of one of the pipeline's tables: its columns and their
    types (``schemas/tables/<table>.schema.yaml``, package data)."""
    source = resources.files("budaya_kerja").joinpath("schemas", "tables", f"{table}.schema.yaml")
    if not source.is_file():
        raise BudayaKerjaError(message("tables.no_schema", table=table))
    return yaml.safe_load(source.read_text(encoding="utf-8"))


def table_of(path: str | Path) -> str | None:
    """Which table a file holds, from its name (``2024-2025.csv`` is a comparison)."""
    stem = Path(path).stem
    if re.fullmatch(r"\d{4}-\d{4}", stem):
        return "comparison"
    found = resources.files("budaya_kerja").joinpath("schemas", "tables", f"{stem}.schema.yaml")
    return stem if found.is_file() else None


_READ_TYPES = {"string": "string", "integer": "Int64", "number": "float64"}


def read_csv(path: str | Path, table: str | None = None) -> pd.DataFrame:
    """Read a pipeline CSV with its columns typed from the table's schema (the table named by
    the file, or ``table``): text keys stay text (a group may look like a number), counts are
    nullable integers, flags are booleans by :func:`as_bool`. Unknown tables: keys as text."""
    table = table or table_of(path)
    if table is None:
        return pd.read_csv(path, dtype={"group": "string", "group_label": "string"})
    columns = table_schema(table)["properties"]
    dtypes = {c: _READ_TYPES[spec["type"]] for c, spec in columns.items()
              if spec["type"] in ("string", "number")}  # fmt: skip
    # pandas 3's parser reads a float back as exactly the value write_csv wrote (shortest repr)
    frame = pd.read_csv(path, dtype=dtypes, keep_default_na=True)
    for column, spec in columns.items():
        if column not in frame.columns:
            continue
        if spec["type"] == "boolean":
            frame[column] = as_bool(frame[column])
        elif spec["type"] == "integer":
            frame[column] = pd.to_numeric(frame[column]).round().astype("Int64")
    return frame


def check_columns(frame: pd.DataFrame, table: str) -> None:
    """Stop when a table about to be written lacks its schema's columns or adds others."""
    expected = list(table_schema(table)["required"])
    if list(frame.columns) != expected:
        raise BudayaKerjaError(
            message("tables.columns", table=table, columns=list(frame.columns), expected=expected)
        )


def read_estimates(paths) -> pd.DataFrame:
    """Concatenate estimates.csv files of several years."""
    frames = [read_csv(p, "estimates") for p in paths]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def deterministic_zip(data: bytes, stamp: str = "2020-01-01T00:00:00Z") -> bytes:
    """Rewrite an Office zip (xlsx) with fixed entry times and fixed created/modified dates,
    so the same content gives the same bytes (openpyxl stamps the time of saving)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                                 rb"\g<1>" + stamp.encode(), content)  # fmt: skip
            fixed = zipfile.ZipInfo(info.filename, date_time=(2020, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, content)
    return out.getvalue()


def write_xlsx(sheets: dict[str, pd.DataFrame], path: str | Path) -> None:
    """An Excel workbook with one sheet per table, byte-identical for the same tables."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            _safe(frame).to_excel(writer, sheet_name=name[:31], index=False)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(deterministic_zip(buffer.getvalue()))
