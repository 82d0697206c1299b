"""Read survey exports (CSV or XLSX) into one table of text cells with canonical column names.

Reading is deliberately dumb: every cell stays text (Excel dates and numbers become text
in a fixed format) so that ``clean`` can validate every value and report it as the analyst
sees it. Each row keeps its file name and its row number as a spreadsheet shows it (the
header is row 1 in a CSV; in a workbook, the sheet's own row numbers).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import InputFileError
from .settings import Instrument

REQUIRED = ("nip", "unit")


@dataclass
class Export:
    """One export file read: canonical columns of text cells plus ``file`` and ``row``."""

    file: str
    table: pd.DataFrame
    unmapped: list[str]  # export columns that matched no field (ignored, e.g. "No")


def normalise_header(text) -> str:
    """Lower case, punctuation to spaces, single spaces: 'Unit Kerja (OPD)' -> 'unit kerja opd'."""
    text = "" if text is None or (isinstance(text, float) and np.isnan(text)) else str(text)
    return re.sub(r"[^0-9a-z]+", " ", text.lower()).strip()


def column_map(headers: list, columns: dict[str, list[str]], instrument: Instrument) -> dict:
    """Map export headers to canonical fields: aliases, item codes, or behaviour statements."""
    aliases = {normalise_header(a): field for field, names in columns.items() for a in names}
    for field in columns:
        aliases.setdefault(normalise_header(field), field)
    code_pattern = re.compile(r"^([a-z]{2})\s?(\d)\b")
    items = {i.lower(): i for i in instrument.items}
    statements = {normalise_header(s): i for i, s in instrument.statements.items()}
    mapping = {}
    for header in headers:
        norm = normalise_header(header)
        match = code_pattern.match(norm)
        if match and f"{match[1]}{match[2]}" in items:
            mapping[header] = items[f"{match[1]}{match[2]}"]
        elif norm in aliases:
            mapping[header] = aliases[norm]
        else:
            hit = [i for s, i in statements.items() if s and s in norm]
            if len(hit) == 1:
                mapping[header] = hit[0]
    return mapping


def _decode(path: Path) -> str:
    data = path.read_bytes()
    if not data.strip():
        raise InputFileError(path.name, "the file is empty", "export the survey again")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")  # Excel's "CSV" on Windows


def _pick_header(rows: list[list[str]], columns, instrument) -> tuple[int, list[str]] | None:
    """The header among the first rows: the one mapping the most fields, NIP and unit among
    them (a title row may sit above it; a cell merged down from the row above is empty)."""
    best = None
    for h, own in enumerate(rows[:20]):
        above = rows[h - 1] if h else []
        header = [c or (above[j] if j < len(above) else "") for j, c in enumerate(own)]
        found = set(column_map(header, columns, instrument).values())
        if set(REQUIRED) <= found and (best is None or len(found) > best[0]):
            best = (len(found), h, header)
    return best[1:] if best else None


def _no_header(name: str) -> InputFileError:
    # The message names no cell: without a header, the first rows are respondents' data.
    return InputFileError(
        name, "no row among the first 20 has both a NIP and a unit column header",
        "give the export a header row (column names), or add its names to `columns` in "
        "config.yaml; for a workbook, set excel_sheet to the sheet with the survey",
    )  # fmt: skip


def _read_csv(path: Path, columns, instrument) -> tuple[pd.DataFrame, int]:
    import csv
    import io
    import itertools

    text = _decode(path)
    first = text.split("\n", 1)[0]
    sep = ";" if first.count(";") > first.count(",") else ","
    head = list(itertools.islice(csv.reader(io.StringIO(text), delimiter=sep), 20))
    picked = _pick_header(head, columns, instrument)
    if picked is None:
        raise _no_header(path.name)
    h, header = picked
    frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                        skip_blank_lines=True, skiprows=h, header=0)  # fmt: skip
    frame.columns = header + [f"_extra{i}" for i in range(len(frame.columns) - len(header))]
    return frame, h + 1


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, float):
        if np.isnan(value):
            return ""
        return repr(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)


def _read_xlsx(path: Path, sheet, columns, instrument) -> tuple[pd.DataFrame, int]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a file that is not a workbook
        raise InputFileError(path.name, f"cannot be opened as an Excel workbook ({exc})",
                             "save it again as .xlsx from Excel or LibreOffice") from None  # fmt: skip
    names = [sheet] if sheet else book.sheetnames
    for name in names:
        if name not in book.sheetnames:
            raise InputFileError(path.name, f"has no sheet '{name}' (it has {book.sheetnames})",
                                 "set excel_sheet in config.yaml to one of those")  # fmt: skip
        rows = [[_cell_text(v) for v in row] for row in book[name].iter_rows(values_only=True)]
        picked = _pick_header(rows, columns, instrument)
        if picked:
            h, header = picked
            width = len(header)
            body = [r + [""] * (width - len(r)) for r in rows[h + 1 :]]
            frame = pd.DataFrame(body, columns=header, dtype=str)
            frame = frame[frame.ne("").any(axis=1)]
            book.close()
            return frame, h + 1
    book.close()
    raise _no_header(path.name)


def read_export(path: str | Path, columns: dict, instrument: Instrument, sheet=None) -> Export:
    """Read one export; stop with a clear error if it cannot be used at all."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        frame, header_row = _read_csv(path, columns, instrument)
        rows = np.arange(len(frame)) + header_row + 1
    elif suffix == ".xlsx":
        frame, header_row = _read_xlsx(path, sheet, columns, instrument)
        rows = frame.index.to_numpy() + header_row + 1
    else:
        raise InputFileError(path.name, f"'{suffix}' is not a supported export format",
                             "save it as .csv (UTF-8) or .xlsx, or move it out of data/raw")  # fmt: skip
    mapping = column_map(list(frame.columns), columns, instrument)
    fields = list(mapping.values())
    doubled = sorted({f for f in fields if fields.count(f) > 1})
    if doubled:
        cols = [h for h, f in mapping.items() if f in doubled]
        raise InputFileError(path.name, f"columns {cols} all map to {doubled}",
                             "delete or rename the extra column(s)")  # fmt: skip
    needed = [*REQUIRED, *instrument.items]
    missing = [f for f in needed if f not in fields]
    if missing:
        raise InputFileError(
            path.name,
            f"required column(s) {missing} not found (header row {header_row} has columns "
            f"{[str(c) for c in frame.columns]})",
            "rename the column in the export, or add its name to `columns` in config.yaml",
        )
    table = frame[list(mapping)].set_axis(fields, axis=1).reset_index(drop=True)
    table = table.apply(lambda c: c.str.strip())
    table.insert(0, "row", rows.astype("int64"))
    table.insert(0, "file", path.name)
    unmapped = [str(h) for h in frame.columns if h not in mapping]
    return Export(file=path.name, table=table, unmapped=unmapped)


def read_frame(path: str | Path) -> pd.DataFrame:
    """Population frame: ``unit``, optional strata and ``jumlah`` (headcount)."""
    path = Path(path)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.columns = [normalise_header(c).replace(" ", "_") for c in frame.columns]
    for needed in ("unit", "jumlah"):
        if needed not in frame.columns:
            raise InputFileError(path.name, f"population frame has no '{needed}' column",
                                 "give it columns unit, [strata...], jumlah")  # fmt: skip
    counts = pd.to_numeric(frame["jumlah"], errors="coerce")
    bad = counts.isna() | (counts < 0)
    if bad.any():
        row = int(np.flatnonzero(bad)[0]) + 2
        raise InputFileError(path.name, f"row {row}, column jumlah: '{frame['jumlah'][row - 2]}' "
                             "is not a headcount", "write a whole number ≥ 0")  # fmt: skip
    frame["jumlah"] = counts.astype("int64")
    return frame
